import { closedItemRequest } from '../../../shared/aggregation/dynamo';
import { batchWriteAll } from '../../../shared/storage/batchWrite';
import type { InvoiceLine } from '../../../shared/aggregation/types';
import type { LocalStack } from '../../../local/stack';
import { MemoryLogger } from '../../../shared/logging';
import { bearer, requestJson, startTestStack, TEST_ADMIN_KEY } from '../../support/localStack';
import { SnapshotHarness } from '../../support/snapshotHarness';
import { SNAPSHOT_FIXTURES } from '../snapshots/fixtures';

describe('a close that crashed before its commit', () => {
  let stack: LocalStack;
  let h: SnapshotHarness;
  const get = (path: string) => requestJson(`${stack.apiUrl}${path}`, { headers: bearer(TEST_ADMIN_KEY) });

  beforeAll(async () => {
    stack = await startTestStack({ logger: new MemoryLogger(), billingStart: '2026-11-01T00:00:00Z', gapToleranceMinutes: String(60 * 24 * 40) });
    h = new SnapshotHarness(stack);
  }, 60_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('leaves no line of its own in the period once a later close commits different lines', async () => {
    // Prepare: November with two customers, and the items an earlier close attempt wrote before it
    // crashed, when the month still looked different (a customer 9999 that is not in it any more).
    await h.sim.reset({ ...SNAPSHOT_FIXTURES, servers: [1, 2].map((id) => ({ id, plan: 1, user: id, created_at: '2026-10-01T00:00:00Z' })) });
    await h.sim.setClock('2026-11-01T00:00:00.000Z');
    await h.snapshot('2026-11-01T00:00:00.000Z');
    await h.sim.setClock('2026-12-01T00:05:00.000Z');
    await h.snapshot('2026-12-01T00:05:00.000Z');
    const stale: InvoiceLine = { customer: '9999', serverId: 2, kind: 'runtime', hours: 720, tokens: 5000, money: { USD: 500 }, prepaid: false, flags: [], hostname: 'server2.example.test', description: 'server2.example.test (server 2): 720 h runtime, November 2026' };
    await batchWriteAll(stack.db, stack.tableName, [closedItemRequest('2026-11', { customer: '9999', serverId: 2, lines: [stale] }, 'checksum-of-the-crashed-attempt')]);

    // Act
    expect((await h.invoke('close-period', { time: '2026-12-01T02:00:00Z', period: '2026-11' })).status).toBe(200);

    // Assess: the committed lines only, whichever way they are read.
    const invoices = (await get('/v1/periods/2026-11/invoices')).json as { customers: { customer: string }[] };
    expect(invoices.customers.map((customer) => customer.customer)).toEqual(['1001', '1002']);
    expect((await get('/v1/periods/2026-11/invoices?customer=9999')).json).toMatchObject({ status: 'closed', customers: [] });
    expect((await get('/v1/usage?period=2026-11&customer=9999')).json).toMatchObject({ status: 'closed', customers: [] });
    const usage = (await get('/v1/usage?period=2026-11')).json as { customers: { customer: string }[] };
    expect(usage.customers.map((customer) => customer.customer)).toEqual(['1001', '1002']);
  }, 60_000);
});
