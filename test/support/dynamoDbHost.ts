/**
 * Runs as its own process (`node --import tsx test/support/dynamoDbHost.ts`), started by Jest's
 * global setup: starts DynamoDB Local on a free port, prints `{"endpoint":"..."}` as one line on
 * stdout, and stops it when its stdin closes. Jest holds the other end of stdin, and the kernel
 * closes it however Jest ends (teardown, Ctrl+C, SIGTERM, even SIGKILL or a crash), so the Java
 * process can never outlive the test run, which a child of Jest's own process could.
 */
import { killTrackedChildren } from '../../local/childProcesses';
import { startDynamoDbLocal, type RunningDynamoDb } from '../../local/dynamodb/startDynamoDbLocal';
import { LocalStartError } from '../../local/localStartError';
import { freePort } from '../../local/ports';

const START_ATTEMPTS = 3;

let running: RunningDynamoDb | undefined;
let stopping = false;

function shutdown(): void {
  if (stopping) return;
  stopping = true;
  const stopped = running ? running.stop() : Promise.resolve();
  void stopped.finally(() => {
    killTrackedChildren(); // a start still under way when the signal came
    process.exit(0);
  });
}

/**
 * `freePort()` only reports a port that was free a moment ago: another process may take it before
 * the check or before Java binds it (then DynamoDB Local "did not start"). Try another port then;
 * a missing Java fails at once.
 */
async function start(): Promise<RunningDynamoDb> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await startDynamoDbLocal(await freePort());
    } catch (error) {
      const message = error instanceof LocalStartError ? error.message : '';
      const portLost = message.includes('already in use') || message.startsWith('DynamoDB Local did not start');
      if (!portLost || attempt >= START_ATTEMPTS || stopping) throw error;
    }
  }
}

async function main(): Promise<void> {
  process.stdin.on('end', () => shutdown());
  process.stdin.on('close', () => shutdown());
  process.stdin.resume();
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => shutdown());

  running = await start();
  if (stopping) return running.stop(); // told to stop while starting
  process.stdout.write(`${JSON.stringify({ endpoint: running.endpoint })}\n`);
}

main().catch((error: unknown) => {
  killTrackedChildren();
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
