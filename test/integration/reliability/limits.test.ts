import type { LocalStack } from '../../../local/stack';
import { dynamoAggregationPorts } from '../../../shared/aggregation/dynamo';
import { mapWithConcurrency } from '../../../shared/async';
import { MemoryLogger } from '../../../shared/logging';
import { bearer, requestJson, startTestStack, TEST_ADMIN_KEY } from '../../support/localStack';
import { SnapshotHarness } from '../../support/snapshotHarness';
import { createBody, fleet, SNAPSHOT_FIXTURES } from '../snapshots/fixtures';

/**
 * Issue #22, store limits on the whole stack: runs whose writes grow with the fleet (a month-end
 * clean-up, a billingStart far back, a late run after an outage across a month boundary) complete,
 * and what they stored is billed. Each of them used to mark every server of a past month late in
 * one UpdateExpression and fail with "Expression size has exceeded the maximum allowed size".
 */
interface UsageServer {
  readonly serverId: number;
  readonly runtimeHours: number;
}
interface Usage {
  readonly status: string;
  readonly customers: readonly { customer: string; servers: readonly UsageServer[] }[];
}

describe('reliability: runs that grow with the fleet complete (issue #22)', () => {
  const stacks: LocalStack[] = [];

  afterAll(async () => {
    for (const stack of stacks) await stack.stop();
  });

  async function start(billingStart: string): Promise<SnapshotHarness> {
    const stack = await startTestStack({ logger: new MemoryLogger(), simPageSize: 100, gapToleranceMinutes: '60', billingStart });
    stacks.push(stack);
    return new SnapshotHarness(stack);
  }

  async function invoke(h: SnapshotHarness, name: string, body: unknown): Promise<unknown> {
    const reply = await h.invoke(name, body);
    if (reply.status !== 200) throw new Error(`${name} ${JSON.stringify(body)}: ${reply.status} ${JSON.stringify(reply.json)}`);
    return reply.json;
  }

  async function usage(h: SnapshotHarness, period: string): Promise<Map<number, number>> {
    const hours = new Map<number, number>();
    let cursor: string | undefined;
    do {
      const reply = await requestJson(`${h.stack.apiUrl}/v1/usage?period=${period}&limit=1000${cursor ? `&cursor=${cursor}` : ''}`, { headers: bearer(TEST_ADMIN_KEY) });
      expect(reply.status).toBe(200);
      const page = reply.json as Usage & { nextCursor?: string };
      for (const customer of page.customers) for (const server of customer.servers) hours.set(server.serverId, (hours.get(server.serverId) ?? 0) + server.runtimeHours);
      cursor = page.nextCursor;
    } while (cursor);
    return hours;
  }

  const deleteServers = (h: SnapshotHarness, ids: readonly number[]): Promise<unknown[]> => mapWithConcurrency(ids, 16, (id) => h.api('DELETE', `servers/${id}`));
  const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, index) => from + index);

  it('month-end clean-up: 400 servers deleted at 23:40 on the last day are ended in their month, and the month closes', async () => {
    const h = await start('2026-11-01T00:00:00Z');
    await h.sim.setClock('2026-11-01T00:00:00.000Z');
    await h.sim.reset({ ...SNAPSHOT_FIXTURES, servers: fleet(410, '2026-11-01T00:00:00.000Z') });
    await h.sim.setClock('2026-11-30T23:35:00.000Z');
    expect(await h.snapshot('2026-11-30T23:35:00.000Z')).toMatchObject({ complete: true, serversSeen: 410 });

    await h.sim.setClock('2026-11-30T23:40:00.000Z');
    await deleteServers(h, range(1, 400));
    await h.sim.setClock('2026-12-01T00:05:00.000Z');
    // Before the fix: 500, the late marks of November's 400 items in one 6 KB expression.
    expect(await h.snapshot('2026-12-01T00:05:00.000Z')).toMatchObject({ complete: true, changes: 400 });

    expect(await h.segments(1, '2026-11')).toEqual([expect.objectContaining({ start: '2026-11-01T00:00:00.000Z', end: '2026-11-30T23:40:00.000Z', endBy: 'activity_log' })]);
    expect(await h.segments(1, '2026-12')).toEqual([]);
    expect(await h.segments(410, '2026-12')).toEqual([expect.objectContaining({ start: '2026-12-01T00:00:00.000Z' })]);
    const { marks: late, rows } = dynamoAggregationPorts(h.stack.db, h.stack.tableName);
    expect((await late.lateServers('2026-11')).size).toBe(400);

    await invoke(h, 'aggregate-usage', { time: '2026-12-01T01:00:00Z' });
    expect(await invoke(h, 'close-period', { time: '2026-12-01T02:00:00Z', period: '2026-11' })).toMatchObject({ status: 'closed', customers: 3 });
    const hours = await usage(h, '2026-11');
    expect([hours.size, hours.get(1), hours.get(400), hours.get(410)]).toEqual([410, 720, 720, 720]);
    // The marks taken in before the close change nothing after it: no adjustment, every mark cleared.
    await invoke(h, 'aggregate-usage', { time: '2026-12-01T03:00:00Z' });
    expect((await late.lateServers('2026-11')).size).toBe(0);
    expect((await rows.allRows('2026-12')).adjustments).toEqual([]);
  }, 90_000);

  it('billingStart backfill: a first run that writes five months for 300 servers completes, and each month bills them', async () => {
    const h = await start('2026-07-01T00:00:00Z');
    await h.sim.setClock('2026-01-01T00:00:00.000Z');
    await h.sim.reset({ ...SNAPSHOT_FIXTURES, servers: fleet(300, '2026-01-01T00:00:00.000Z') });
    await h.sim.setClock('2026-11-03T10:05:00.000Z');
    expect(await h.snapshot('2026-11-03T10:05:00.000Z')).toMatchObject({ complete: true, changes: 300 });

    expect(await h.segments(300, '2026-07')).toEqual([expect.objectContaining({ start: '2026-07-01T00:00:00.000Z' })]);
    const closed = (await invoke(h, 'close-period', { time: '2026-11-03T11:00:00Z' })) as { closed: { period: string }[] };
    expect(closed.closed.map((close) => close.period)).toEqual(['2026-07', '2026-08', '2026-09', '2026-10']);
    const july = await usage(h, '2026-07');
    expect([july.size, july.get(1), july.get(300)]).toEqual([300, 744, 744]);
    expect((await usage(h, '2026-09')).get(300)).toBe(720);
  }, 90_000);

  it('a late run after an outage across a month boundary dates every change in its month, and the month closes', async () => {
    const h = await start('2026-11-01T00:00:00Z');
    await h.sim.setClock('2026-11-01T00:00:00.000Z');
    await h.sim.reset({ ...SNAPSHOT_FIXTURES, servers: fleet(300, '2026-11-01T00:00:00.000Z') });
    await h.sim.setClock('2026-11-30T22:05:00.000Z');
    expect(await h.snapshot('2026-11-30T22:05:00.000Z')).toMatchObject({ complete: true, serversSeen: 300 });

    // SolusIO's server routes answer 503 for five hours: every run in between is partial.
    await h.control('POST', 'faults', { rules: [{ method: 'GET', path: '/api/v1/servers', status: 503 }] });
    await h.sim.setClock('2026-11-30T23:05:00.000Z');
    expect(await h.snapshot('2026-11-30T23:05:00.000Z')).toMatchObject({ complete: false });
    await h.sim.setClock('2026-11-30T23:20:00.000Z');
    await deleteServers(h, range(1, 250));
    await h.sim.setClock('2026-11-30T23:30:00.000Z');
    const created = await mapWithConcurrency(range(1, 50), 16, (index) => h.api<{ data: { id: number } }>('POST', 'servers', createBody(`late${index}.example.test`)));
    await h.sim.setClock('2026-12-01T00:05:00.000Z');
    expect(await h.snapshot('2026-12-01T00:05:00.000Z')).toMatchObject({ complete: false });
    await h.sim.setClock('2026-12-01T00:30:00.000Z');
    await deleteServers(h, range(251, 280));
    await h.sim.setClock('2026-12-01T01:05:00.000Z');
    expect(await h.snapshot('2026-12-01T01:05:00.000Z')).toMatchObject({ complete: false });
    await h.control('DELETE', 'faults');
    await h.sim.setClock('2026-12-01T03:05:00.000Z');
    expect(await h.snapshot('2026-12-01T03:05:00.000Z')).toMatchObject({ complete: true, changes: 330, gapFrom: '2026-11-30T22:05:00.000Z' });

    expect(await h.segments(1, '2026-11')).toEqual([expect.objectContaining({ end: '2026-11-30T23:20:00.000Z', endBy: 'activity_log' })]);
    const newId = (created[0] as { data: { id: number } }).data.id;
    expect(await h.segments(newId, '2026-11')).toEqual([expect.objectContaining({ start: '2026-11-30T23:30:00.000Z' })]);
    expect(await h.segments(251, '2026-12')).toEqual([expect.objectContaining({ start: '2026-12-01T00:00:00.000Z', end: '2026-12-01T00:30:00.000Z' })]);

    await invoke(h, 'aggregate-usage', { time: '2026-12-01T03:10:00Z' });
    expect(await invoke(h, 'close-period', { time: '2026-12-01T03:15:00Z', period: '2026-11' })).toMatchObject({ status: 'closed', customers: 3 });
    const hours = await usage(h, '2026-11');
    expect([hours.size, hours.get(1), hours.get(300), hours.get(newId)]).toEqual([350, 720, 720, 1]);
  }, 90_000);
});
