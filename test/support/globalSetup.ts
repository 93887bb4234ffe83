import { spawn, type ChildProcess } from 'node:child_process';
import { Socket } from 'node:net';
import { join } from 'node:path';
import { sharedDynamoDbEndpoint, TEST_DYNAMODB_ENDPOINT } from './sharedDynamoDb';

const ROOT = join(__dirname, '..', '..');
const START_TIMEOUT_MS = 60_000;
const HOST_KEY = Symbol.for('solus-billing-bridge.test.dynamoDbHost');

type HostHolder = typeof globalThis & { [HOST_KEY]?: ChildProcess };

/** The host process this run started, for the teardown (which Jest loads as a separate module). */
export function takeDynamoDbHost(): ChildProcess | undefined {
  const holder = globalThis as HostHolder;
  const host = holder[HOST_KEY];
  holder[HOST_KEY] = undefined;
  return host;
}

/**
 * Jest global setup of the integration project (Jest runs it only when a test of that project is
 * selected): one DynamoDB Local for the whole run instead of one JVM per test file. Its endpoint
 * reaches the test workers through TEST_DYNAMODB_ENDPOINT, because Jest forks them after this
 * returns and they inherit this process's environment.
 */
export default async function globalSetup(): Promise<void> {
  if (sharedDynamoDbEndpoint()) return; // the developer's own DynamoDB: nothing to start
  const host = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'dynamoDbHost.ts')], {
    cwd: ROOT,
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const endpoint = await readEndpoint(host);
  process.env[TEST_DYNAMODB_ENDPOINT] = endpoint;
  (globalThis as HostHolder)[HOST_KEY] = host;
  // Nothing here may keep Jest alive: if the teardown never runs, Jest still exits, its end of the
  // host's stdin closes with it and the host stops DynamoDB Local.
  for (const stream of [host.stdin, host.stdout, host.stderr]) {
    if (stream instanceof Socket) stream.unref();
  }
  host.unref();
}

/** Waits for the host's `{"endpoint":...}` line; fails with what it printed when it exits first. */
function readEndpoint(host: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    let settled = false;
    const settle = (outcome: { endpoint: string } | { reason: string }): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if ('endpoint' in outcome) return resolve(outcome.endpoint);
      host.kill('SIGTERM'); // the host stops Java on SIGTERM
      const hint = `(To use a DynamoDB that is already running, set ${TEST_DYNAMODB_ENDPOINT} to its endpoint.)`;
      reject(new Error(`DynamoDB Local for the integration tests did not start: ${outcome.reason} ${stderr.trim()} ${hint}`));
    };
    const timer = setTimeout(() => settle({ reason: `no endpoint after ${START_TIMEOUT_MS / 1000} s.` }), START_TIMEOUT_MS);
    host.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    host.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (!stdout.includes('\n')) return;
      const line = stdout.slice(0, stdout.indexOf('\n'));
      let parsed: { endpoint?: unknown } = {};
      try {
        parsed = JSON.parse(line) as { endpoint?: unknown };
      } catch {
        // reported below as unexpected output
      }
      settle(typeof parsed.endpoint === 'string' ? { endpoint: parsed.endpoint } : { reason: `unexpected output ${JSON.stringify(line)}.` });
    });
    host.once('error', (error) => settle({ reason: error.message }));
    // 'close', not 'exit': by then stderr has been read to its end, so the reason is complete.
    host.once('close', (code, signal) => settle({ reason: `its host process exited (${signal ?? `code ${String(code)}`}).` }));
  });
}
