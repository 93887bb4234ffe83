import type { ChildProcess } from 'node:child_process';
import { takeDynamoDbHost } from './globalSetup';
import { TEST_DYNAMODB_ENDPOINT } from './sharedDynamoDb';

const STOP_TIMEOUT_MS = 10_000;

/**
 * Stops the DynamoDB Local of the global setup and waits until it is gone, so its port is free
 * again before Jest reports (and before the next run in watch mode).
 */
export default async function globalTeardown(): Promise<void> {
  const host = takeDynamoDbHost();
  if (!host) return; // the setup started nothing (TEST_DYNAMODB_ENDPOINT was given)
  Reflect.deleteProperty(process.env, TEST_DYNAMODB_ENDPOINT); // so a watch-mode rerun starts a new one
  await stopHost(host);
}

function stopHost(host: ChildProcess): Promise<void> {
  if (host.exitCode !== null || host.signalCode !== null) return Promise.resolve();
  host.ref(); // the setup unref'd it; wait for its exit here
  return new Promise((resolve) => {
    // SIGTERM as a fallback: the host stops Java on signals too; SIGKILL would leave Java behind.
    const timer = setTimeout(() => host.kill('SIGTERM'), STOP_TIMEOUT_MS);
    host.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    host.stdin?.end(); // the host's signal to stop DynamoDB Local and exit
  });
}
