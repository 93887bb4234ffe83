import type { LocalStack } from '../../../local/stack';
import { MemoryLogger } from '../../../shared/logging';
import { countRequests } from '../../../shared/storage';
import { bearer, requestJson, startTestStack, TEST_ADMIN_KEY } from '../../support/localStack';
import { SnapshotHarness } from '../../support/snapshotHarness';
import { SNAPSHOT_FIXTURES } from '../snapshots/fixtures';

interface Line {
  readonly serverId: number;
  readonly hostname?: string;
  readonly description: string;
}

/** Issue #23 §3: invoice lines name the server as people know it, by the latest hostname of the month (simulator -> snapshots -> aggregate -> close). */
describe('invoice lines named by hostname, end to end', () => {
  let stack: LocalStack;
  let h: SnapshotHarness;
  const get = async (path: string): Promise<unknown> => (await requestJson(`${stack.apiUrl}${path}`, { headers: bearer(TEST_ADMIN_KEY) })).json;
  const invoiceLines = async (period: string): Promise<Line[]> => ((await get(`/v1/periods/${period}/invoices`)) as { customers: { lines: Line[] }[] }).customers.flatMap((customer) => customer.lines);
  const usageHostnames = async (period: string): Promise<[number, string | undefined][]> =>
    ((await get(`/v1/usage?period=${period}`)) as { customers: { servers: { serverId: number; hostname?: string }[] }[] }).customers.flatMap((customer) => customer.servers.map((line): [number, string | undefined] => [line.serverId, line.hostname]));

  beforeAll(async () => {
    stack = await startTestStack({ logger: new MemoryLogger(), billingStart: '2026-11-01T00:00:00Z', gapToleranceMinutes: String(60 * 24 * 40) });
    h = new SnapshotHarness(stack);
  }, 60_000);

  afterAll(async () => {
    await stack?.stop();
  });

  const run = async (time: string): Promise<void> => {
    await h.sim.setClock(time);
    expect(await h.snapshot(time)).toMatchObject({ complete: true });
  };

  it('names a server\'s lines by its hostname, after a rename within the month by the latest one, and closes them so', async () => {
    // Prepare: two servers the whole of November, one with backups.
    await fetch(`${stack.apiUrl}/_local/reset`, { method: 'POST' });
    await h.sim.reset({
      ...SNAPSHOT_FIXTURES,
      servers: [
        { id: 17, name: 'vps1.example.com', plan: 1, user: 1, created_at: '2026-10-20T00:00:00Z', backup_settings: { enabled: true } },
        { id: 18, name: 'db.example.com', plan: 1, user: 1, created_at: '2026-10-20T00:00:00Z' },
      ],
    });
    await run('2026-11-01T00:05:00.000Z');
    await h.invoke('aggregate-usage', { time: '2026-11-01T01:00:00Z' });
    const beforeRename = await invoiceLines('2026-11');

    // Act: server 17 renamed mid-month (SolusIO's PATCH servers/{id} with a name); the run that sees it.
    await h.sim.setClock('2026-11-15T12:00:00.000Z');
    await h.api('PATCH', 'servers/17', { name: 'web1.example.com' });
    await h.sim.setClock('2026-11-15T12:05:00.000Z');
    const counts = countRequests(stack.db);
    const renameRun = await h.snapshot('2026-11-15T12:05:00.000Z');
    const renameWrites = counts.itemWrites();
    counts.reset();
    await h.snapshot('2026-11-15T12:10:00.000Z');
    const steadyWrites = counts.itemWrites();
    counts.detach();
    await h.invoke('aggregate-usage', { time: '2026-11-15T13:00:00Z' });
    const afterRename = await usageHostnames('2026-11');
    await run('2026-12-01T00:00:00.000Z');
    await h.invoke('aggregate-usage', { time: '2026-12-01T01:00:00Z' });
    const closed = await h.invoke('close-period', { time: '2026-12-01T02:00:00Z', period: '2026-11' });

    // Assess: the preview before the rename (as of the first run: 1 started hour) names the first hostname.
    expect(beforeRename.map((line) => line.description)).toEqual(['vps1.example.com (server 17): 1 h runtime, November 2026', 'vps1.example.com (server 17): backups, November 2026', 'db.example.com (server 18): 1 h runtime, November 2026']);
    // The rename changes no billing: no change counted; it costs its month item and its shard, and the next run writes what a steady run writes.
    expect(renameRun).toMatchObject({ complete: true, changes: 0 });
    expect(renameWrites).toBe(steadyWrites + 2);
    expect(steadyWrites).toBeLessThanOrEqual(2);
    expect(afterRename).toEqual([
      [17, 'web1.example.com'],
      [18, 'db.example.com'],
    ]);
    // The closed lines and the closed usage name the latest hostname of the month; the money is the month's in full.
    expect(closed).toMatchObject({ status: 200, json: { status: 'closed', totalTokens: 5000 + 500 + 5000 } });
    const lines = await invoiceLines('2026-11');
    expect(lines.map((line) => [line.serverId, line.hostname, line.description])).toEqual([
      [17, 'web1.example.com', 'web1.example.com (server 17): 720 h runtime, November 2026'],
      [17, 'web1.example.com', 'web1.example.com (server 17): backups, November 2026'],
      [18, 'db.example.com', 'db.example.com (server 18): 720 h runtime, November 2026'],
    ]);
    expect(await usageHostnames('2026-11')).toEqual(afterRename);
  }, 60_000);
});
