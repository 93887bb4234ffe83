import type { LocalStack } from '../../../local/stack';
import { MemoryLogger } from '../../../shared/logging';
import { bearer, requestJson, startTestStack, TEST_ADMIN_KEY } from '../../support/localStack';
import { SnapshotHarness } from '../../support/snapshotHarness';
import { SNAPSHOT_FIXTURES } from '../snapshots/fixtures';

const SOLUSIO_TOKEN = 'solusio-token-3f9c2a7e5b1d4c8f';
const UNKNOWN_KEY = 'sbb_unknownkey0123456789abcdefghijklmnopqrstu';

/**
 * No log line holds an API key or the SolusIO token: requests with keys (good, unknown, revoked,
 * wrong scope, bad bodies), provisioning calls and snapshot runs (some failing at SolusIO), then
 * every stack logger entry and everything written to stdout, stderr or the console is scanned.
 */
describe('secrets in log lines', () => {
  let stack: LocalStack;
  let logger: MemoryLogger;
  let h: SnapshotHarness;
  const written: string[] = [];
  const spies: jest.SpyInstance[] = [];

  beforeAll(async () => {
    const capture = (chunk: unknown, ...rest: unknown[]): boolean => {
      written.push(String(chunk));
      const callback = rest.find((arg): arg is () => void => typeof arg === 'function');
      callback?.();
      return true;
    };
    spies.push(jest.spyOn(process.stdout, 'write').mockImplementation(capture));
    spies.push(jest.spyOn(process.stderr, 'write').mockImplementation(capture));
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      spies.push(jest.spyOn(console, method).mockImplementation((...args: unknown[]) => void written.push(args.map((arg) => (typeof arg === 'string' ? arg : JSON.stringify(arg))).join(' '))));
    }
    logger = new MemoryLogger();
    stack = await startTestStack({ logger, solusioToken: SOLUSIO_TOKEN });
    h = new SnapshotHarness(stack);
    await h.sim.reset({ ...SNAPSHOT_FIXTURES, servers: [{ id: 1, plan: 1, user: 1, created_at: '2026-11-01T00:00:00Z' }] });
  }, 60_000);

  afterAll(async () => {
    await stack?.stop();
    for (const spy of spies) spy.mockRestore();
  });

  it('writes neither the admin key, a created key, an unknown key nor the SolusIO token', async () => {
    const api = (method: string, path: string, key: string, body?: unknown) =>
      requestJson(`${stack.apiUrl}${path}`, { method, headers: bearer(key), ...(body === undefined ? {} : { body }) });
    const created = await api('POST', '/v1/keys', TEST_ADMIN_KEY, { name: 'whmcs', scopes: ['provisioning', 'usage:read'] });
    expect(created.status).toBe(201);
    const { key: createdKey, id } = created.json as { key: string; id: string };
    const invoke = (name: string, time: string) => requestJson(`${stack.apiUrl}/_local/invoke/${name}`, { method: 'POST', body: { time } });

    // Snapshot runs with the token: complete, failing at SolusIO (partial), and with SolusIO refusing the token.
    await h.sim.setClock('2026-11-03T10:05:00Z');
    expect((await invoke('snapshot-servers', '2026-11-03T10:05:00Z')).status).toBe(200);
    expect((await invoke('snapshot-backups', '2026-11-03T10:05:00Z')).status).toBe(200);
    await h.control('POST', 'faults', { rules: [{ method: 'GET', path: '/api/v1/servers', status: 500 }] });
    expect((await invoke('snapshot-servers', '2026-11-03T11:05:00Z')).json).toMatchObject({ complete: false });
    await h.control('POST', 'faults', { rules: [{ method: 'GET', path: '/api/v1/servers', status: 401 }] });
    await invoke('snapshot-servers', '2026-11-03T12:05:00Z');
    await h.control('DELETE', 'faults');

    // Requests with every kind of key, good and bad answers, a provisioning call that reaches SolusIO.
    expect((await api('GET', '/v1/usage?period=2026-11', createdKey)).status).toBe(200);
    expect((await api('GET', '/v1/keys', createdKey)).status).toBe(403);
    expect((await api('GET', '/v1/usage?period=2026-11', UNKNOWN_KEY)).status).toBe(401);
    expect((await api('POST', '/v1/keys', TEST_ADMIN_KEY, '{"name":')).status).toBe(400);
    await h.control('POST', 'faults', { rules: [{ method: 'POST', path: '/api/v1/servers', status: 500 }] });
    const provisioning = await api('POST', '/v1/services', createdKey, {
      serviceRef: 'WHMCS-9',
      customer: { email: 'secret.test@example.test', billingClientId: 9 },
      planId: 1,
      locationId: 1,
      osImageId: 1,
      hostname: 'nine.example.test',
      password: 'correct-horse-battery',
      backups: false,
      additionalIps: 0,
      billingMode: 'postpaid',
    });
    expect(provisioning.status).toBeGreaterThanOrEqual(400);
    await h.control('DELETE', 'faults');
    expect((await api('DELETE', `/v1/keys/${id}`, TEST_ADMIN_KEY)).status).toBe(204);
    expect((await api('GET', '/v1/usage?period=2026-11', createdKey)).status).toBe(401);

    const lines = [...logger.entries.map((entry) => JSON.stringify(entry)), ...written];
    // The scan has something to scan: the runs and the failures were logged.
    expect(lines.some((line) => line.includes('Snapshot run'))).toBe(true);
    expect(lines.filter((line) => line.includes('"complete":false'))).toHaveLength(2);
    for (const secret of [TEST_ADMIN_KEY, createdKey, UNKNOWN_KEY, SOLUSIO_TOKEN]) {
      expect(lines.filter((line) => line.includes(secret))).toEqual([]);
    }
  }, 30_000);
});
