import { createServer } from 'node:net';
import { LocalStartError } from './localStartError';

/**
 * Fails with one line naming the variable to change when `port` is taken. Checks the wildcard
 * address: DynamoDB Local binds every interface, and a wildcard bind also collides with a loopback one.
 */
export async function assertPortFree(port: number, variable: string, hint = ''): Promise<void> {
  const free = await new Promise<boolean>((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen({ port, host: '0.0.0.0', exclusive: true }, () => probe.close(() => resolve(true)));
  });
  if (!free) throw new LocalStartError(`Port ${port} is already in use: set ${variable} to a free port${hint}.`);
}

/** Asks the OS for a free port (tests run several stacks side by side). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen({ port: 0, host: '0.0.0.0' }, () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}
