import { createServer } from 'node:net';
import { LocalStartError } from './localStartError';

/** Whether `host:port` can be bound now. A host this machine lacks (no IPv6) counts as free. */
function canBind(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'EAFNOSUPPORT' || error.code === 'EADDRNOTAVAIL'));
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve(true)));
  });
}

/**
 * Fails with one line naming the variable to change when `port` is taken. Checks both wildcard
 * addresses: DynamoDB Local binds every interface, and a wildcard bind collides with any listener
 * on that port, loopback or IPv6 alone included.
 */
export async function assertPortFree(port: number, variable: string, hint = ''): Promise<void> {
  const free = (await canBind(port, '0.0.0.0')) && (await canBind(port, '::'));
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
