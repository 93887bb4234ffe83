import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { LocalStack } from '../../../local/stack';
import { computePeriodUsage } from '../../../shared/billing';
import { canonicalJson } from '../../../shared/json';
import { MemoryLogger } from '../../../shared/logging';
import { countRequests } from '../../../shared/storage';
import { bearer, requestJson, startTestStack, TEST_ADMIN_KEY } from '../../support/localStack';
import { SnapshotHarness } from '../../support/snapshotHarness';
import { SNAPSHOT_FIXTURES } from '../snapshots/fixtures';

/** Every item of the table but the API keys, in a stable order. */
async function allItems(stack: LocalStack, filter: (pk: string) => boolean = () => true): Promise<string[]> {
  const items: string[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await stack.db.send(new ScanCommand({ TableName: stack.tableName, ExclusiveStartKey: startKey, ConsistentRead: true }));
    for (const item of page.Items ?? []) if (!String(item['pk']).startsWith('APIKEY#') && filter(String(item['pk']))) items.push(canonicalJson(item));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items.sort();
}

describe('aggregation, close and the usage API', () => {
  let stack: LocalStack;
  let h: SnapshotHarness;
  const get = (path: string) => requestJson(`${stack.apiUrl}${path}`, { headers: bearer(TEST_ADMIN_KEY) });

  beforeAll(async () => {
    stack = await startTestStack({ logger: new MemoryLogger(), billingStart: '2028-01-01T00:00:00Z', gapToleranceMinutes: String(60 * 24 * 40) });
    h = new SnapshotHarness(stack);
  }, 60_000);

  afterAll(async () => {
    await stack?.stop();
  });

  beforeEach(async () => {
    await fetch(`${stack.apiUrl}/_local/reset`, { method: 'POST' });
  });

  const run = async (time: string): Promise<void> => {
    await h.sim.setClock(time);
    expect(await h.snapshot(time)).toMatchObject({ complete: true });
  };

  it('closes January and a leap February with the right totals, and the mid-month preview is what the engine computes', async () => {
    await h.sim.reset({ ...SNAPSHOT_FIXTURES, servers: [{ id: 1, plan: 1, user: 1, created_at: '2028-01-20T00:00:00Z' }] });
    await run('2028-01-20T00:05:00.000Z');
    await run('2028-02-01T00:00:00.000Z');
    // Mid-February preview, as of the latest complete run.
    await run('2028-02-15T12:00:00.000Z');
    await h.invoke('aggregate-usage', { time: '2028-02-15T13:00:00Z' });
    const preview = await get('/v1/usage?period=2028-02');
    const segments = (await h.segments(1, '2028-02')).map((segment) => ({ ...segment, end: segment.end ?? '2028-02-15T12:00:00.000Z' }));
    const engine = computePeriodUsage({
      period: '2028-02',
      servers: [{ serverId: 1, prepaid: false, segments }],
      settings: { billSuspendedTime: false, billingStart: '2028-01-01T00:00:00Z', tokenRates: { USD: '0.001' } },
    });
    // The usage lines are the engine's, each with its installation, its server's hostname (the simulator's default name) and billing mode (no service made them: postpaid).
    const named = { ...engine, customers: engine.customers.map((customer) => ({ ...customer, servers: customer.servers.map((line) => ({ ...line, installation: 'default', hostname: `server${line.serverId}.example.test`, billingMode: 'postpaid' })) })) };
    expect(preview.json).toEqual({ ...named, status: 'open', unbilled: [], unbilledCount: 0 });
    expect(engine.customers[0]?.servers[0]).toMatchObject({ runtimeHours: 14 * 24 + 12, runtimeTokens: (14 * 24 + 12) * 7 });

    await h.sim.setClock('2028-03-01T12:00:00.000Z');
    await h.api('DELETE', 'servers/1');
    await run('2028-03-01T12:05:00.000Z');
    // Nothing due yet (grace), then January and February close, oldest first, in one scheduled run.
    expect((await h.invoke('close-period', { time: '2028-03-01T01:59:00Z' })).json).toEqual({ closed: [expect.objectContaining({ period: '2028-01' })] });
    const closed = (await h.invoke('close-period', { time: '2028-03-01T13:00:00Z' })).json as { closed: { period: string; totalTokens: number; money: unknown }[] };
    expect(closed.closed.map(({ period, totalTokens, money }) => ({ period, totalTokens, money }))).toEqual([
      // 29 days of a leap February: 696 h x 7 = 4872 (under the 5000 cap).
      { period: '2028-02', totalTokens: 4872, money: { USD: 487 } },
    ]);
    const january = await get('/v1/periods/2028-01');
    // 12 days of January from the 20th: 288 h x 7 = 2016.
    expect(january.json).toMatchObject({ period: '2028-01', status: 'closed', totals: { totalTokens: 2016, money: { USD: 202 }, customers: 1 } });
    await h.invoke('aggregate-usage', { time: '2028-03-01T14:00:00Z' });
    const periods = await get('/v1/periods');
    expect((periods.json as { periods: { period: string; status: string }[] }).periods.map(({ period, status }) => [period, status])).toEqual([
      ['2028-01', 'closed'],
      ['2028-02', 'closed'],
      ['2028-03', 'open'],
    ]);
    // A scheduled close with nothing due is a quiet no-op.
    expect((await h.invoke('close-period', { time: '2028-03-02T00:00:00Z' })).json).toEqual({ closed: [] });
  }, 60_000);

  it('changes nothing when aggregation and close run again, keeps a closed period byte for byte, and turns confirmed deletions into a credit in the next period', async () => {
    const fleet = Array.from({ length: 10 }, (_, index) => ({ id: index + 1, plan: 1, user: 1 + (index % 2), created_at: '2028-01-01T00:00:00Z' }));
    await h.sim.reset({ ...SNAPSHOT_FIXTURES, servers: fleet });
    await run('2028-01-01T00:05:00.000Z');
    await run('2028-01-10T00:00:00.000Z');
    // Half the fleet vanishes without log entries (a narrowed token): held open, the run is suspect.
    await h.sim.reset({ ...SNAPSHOT_FIXTURES, servers: fleet.slice(0, 5) });
    await h.sim.setClock('2028-01-10T00:05:00.000Z');
    expect(await h.snapshot('2028-01-10T00:05:00.000Z')).toMatchObject({ suspect: true, suspectServerIds: [6, 7, 8, 9, 10] });
    await run('2028-02-01T00:00:00.000Z');
    await h.invoke('aggregate-usage', { time: '2028-02-01T01:00:00Z' });
    const first = (await h.invoke('close-period', { time: '2028-02-01T02:00:00Z', period: '2028-01' })).json;
    const closedItems = await allItems(stack, (pk) => pk.startsWith('CLOSED#2028-01') || pk === 'PERIODS');
    const januaryUsage = await get('/v1/usage?period=2028-01');

    // Aggregation again and a second close change nothing; the second close publishes nothing.
    const before = await allItems(stack);
    await h.invoke('aggregate-usage', { time: '2028-02-01T01:00:00Z' });
    expect((await h.invoke('close-period', { time: '2028-02-01T03:00:00Z', period: '2028-01' })).json).toEqual(first);
    expect(await allItems(stack)).toEqual(before);
    expect(((await requestJson(`${stack.apiUrl}/_local/events`)).json as unknown[]).length).toBe(1);

    // The admin confirms the deletions after the close: the five ended at their last sighting (Jan 10).
    await h.sim.setClock('2028-02-03T00:00:00.000Z');
    const confirmed = await requestJson(`${stack.apiUrl}/v1/runs/2028-01-10T00:05:00.000Z/confirm-deletions`, { method: 'POST', headers: bearer(TEST_ADMIN_KEY) });
    expect(confirmed.json).toMatchObject({ confirmed: [6, 7, 8, 9, 10] });
    await run('2028-02-03T00:05:00.000Z');
    await h.invoke('aggregate-usage', { time: '2028-02-03T01:00:00Z' });

    // January is unchanged...
    expect(await allItems(stack, (pk) => pk.startsWith('CLOSED#2028-01') || pk === 'PERIODS').then((items) => items.filter((item) => !item.includes('"2028-02"')))).toEqual(
      closedItems.filter((item) => !item.includes('"2028-02"')),
    );
    expect((await get('/v1/usage?period=2028-01')).json).toEqual(januaryUsage.json);
    // ...and February carries a credit per server: January billed them to the end of the month
    // (744 h capped at 5000), the confirmed deletion ends them on Jan 10 00:00 (216 h = 1512 tokens).
    const february = await get('/v1/usage?period=2028-02&customer=1002');
    const credits = (february.json as { customers: { servers: { serverId: number; flags: string[] }[] }[] }).customers[0]?.servers.filter((line) => line.flags.includes('adjustment'));
    expect(credits).toEqual(
      [6, 8, 10].map((serverId) => ({
        serverId,
        installation: 'default',
        hostname: `server${serverId}.example.test`,
        runtimeHours: 0,
        runtimeTokens: 1512 - 5000,
        ipTokens: 0,
        backupTokens: 0,
        totalTokens: 1512 - 5000,
        prepaid: false,
        billingMode: 'postpaid',
        flags: ['adjustment'],
        money: { USD: -349 },
        adjustmentOf: '2028-01',
      })),
    );
    // Running aggregation again does not add a second credit.
    await h.invoke('aggregate-usage', { time: '2028-02-03T02:00:00Z' });
    expect((await get('/v1/usage?period=2028-02&customer=1002')).json).toEqual(february.json);
  }, 60_000);

  it('publishes exactly one event after a close that died between its commit and its event', async () => {
    await h.sim.reset({ ...SNAPSHOT_FIXTURES, servers: [{ id: 1, plan: 1, user: 1, created_at: '2028-01-01T00:00:00Z' }] });
    await run('2028-01-01T00:05:00.000Z');
    await run('2028-02-01T00:00:00.000Z');
    stack.events.failNext(1);
    const crashed = await h.invoke('close-period', { time: '2028-02-01T02:00:00Z' });
    expect(crashed.status).toBe(500);
    expect((await requestJson(`${stack.apiUrl}/_local/events`)).json).toEqual([]);
    // Committed: the period reads as closed.
    expect((await get('/v1/periods/2028-01')).json).toMatchObject({ status: 'closed' });
    expect((await h.invoke('close-period', { time: '2028-02-01T03:00:00Z' })).json).toEqual({ closed: [] });
    expect((await h.invoke('close-period', { time: '2028-02-01T04:00:00Z' })).json).toEqual({ closed: [] });
    const events = (await requestJson(`${stack.apiUrl}/_local/events`)).json as { detail: { period: string } }[];
    expect(events.map((event) => event.detail.period)).toEqual(['2028-01']);
  }, 60_000);

  it('validates parameters, pages by customer, and reads one customer in two DynamoDB requests', async () => {
    const fleet = Array.from({ length: 6 }, (_, index) => ({ id: index + 1, plan: 1, user: 1 + (index % 3), created_at: '2028-01-01T00:00:00Z' }));
    await h.sim.reset({ ...SNAPSHOT_FIXTURES, servers: fleet });
    await run('2028-01-01T00:05:00.000Z');
    await run('2028-01-02T00:05:00.000Z');
    await h.invoke('aggregate-usage', { time: '2028-01-02T01:00:00Z' });

    for (const [query, parameter, code] of [
      ['period=2026-13', 'period', 'invalid_period'],
      ['period=26-11', 'period', 'invalid_period'],
      ['', 'period', 'invalid_period'],
      ['period=2028-01&limit=0', 'limit', 'invalid_parameter'],
      ['period=2028-01&limit=1001', 'limit', 'invalid_parameter'],
      ['period=2028-01&cursor=nonsense!', 'cursor', 'invalid_cursor'],
      ['period=2028-01&cursor=eyJ4IjoxfQ', 'cursor', 'invalid_cursor'],
    ] as const) {
      const reply = await get(`/v1/usage?${query}`);
      expect([query, reply.status, reply.json]).toEqual([query, 400, { error: { code, message: expect.stringContaining(parameter) } }]);
    }
    const nothing = { status: 'open', customers: [], unbilled: [], unbilledCount: 0 };
    expect((await get('/v1/usage?period=2028-01&customer=nobody')).json).toEqual({ period: '2028-01', ...nothing });
    expect((await get('/v1/usage?period=2030-05')).json).toEqual({ period: '2030-05', ...nothing });

    const customers: string[] = [];
    let cursor: string | undefined;
    do {
      const page = (await get(`/v1/usage?period=2028-01&limit=2${cursor ? `&cursor=${cursor}` : ''}`)).json as { customers: { customer: string }[]; nextCursor?: string };
      expect(page.customers.length).toBeLessThanOrEqual(2);
      customers.push(...page.customers.map((customer) => customer.customer));
      cursor = page.nextCursor;
    } while (cursor);
    expect(customers).toEqual(['1001', '1002', 'solusio-user:3']);

    await get('/v1/usage?period=2028-01&customer=1001'); // warms the key cache
    const counts = countRequests(stack.db);
    const one = await get('/v1/usage?period=2028-01&customer=1001');
    expect(counts.requests()).toBeLessThanOrEqual(2);
    counts.detach();
    expect(one.json).toMatchObject({ customers: [{ customer: '1001', servers: [{ serverId: 1 }, { serverId: 4 }] }] });

    const invoices = await get('/v1/periods/2028-01/invoices?customer=1001');
    expect(invoices.json).toEqual({
      period: '2028-01',
      status: 'open',
      customers: [
        {
          customer: '1001',
          // 24 h 05 min: 25 started hours.
          totalTokens: 2 * 25 * 7,
          money: { USD: 2 * 18 },
          lines: [1, 4].map((serverId) => ({
            customer: '1001',
            serverId,
            hostname: `server${serverId}.example.test`,
            kind: 'runtime',
            hours: 25,
            tokens: 25 * 7,
            money: { USD: 18 },
            prepaid: false,
            flags: [],
            description: `server${serverId}.example.test (server ${serverId}): 25 h runtime, January 2028`,
          })),
        },
      ],
    });
    expect((await requestJson(`${stack.apiUrl}/v1/periods/2028-01/close`, { method: 'POST', headers: bearer(TEST_ADMIN_KEY) })).json).toMatchObject({
      error: { code: 'not_due' },
    });
    expect((await requestJson(`${stack.apiUrl}/v1/usage?period=2028-01`)).status).toBe(401);
  }, 60_000);
});
