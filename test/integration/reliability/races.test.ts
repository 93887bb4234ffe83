import type { LocalStack } from '../../../local/stack';
import { MemoryLogger } from '../../../shared/logging';
import { bearer, requestJson, startTestStack, TEST_ADMIN_KEY, type JsonReply } from '../../support/localStack';
import { SnapshotHarness } from '../../support/snapshotHarness';
import { fleet, SNAPSHOT_FIXTURES } from '../snapshots/fixtures';
import { omitKeys } from './replay';

/**
 * Issue #17, races on one stack: overlapping snapshot runs of different times, aggregation during a
 * snapshot, a close during aggregation, two closes at once. (20 concurrent creates of one service:
 * test/integration/provisioning/services.test.ts.) Each answer is a 200 or a JSON error (never a
 * silent loss), and what is stored afterwards is what the sequential order stores.
 */
const CREATED = '2026-11-30T20:00:00.000Z';

const isJsonError = (reply: JsonReply): boolean =>
  typeof reply.json === 'object' && reply.json !== null && 'error' in reply.json;

describe('reliability: races (issue #17)', () => {
  let stack: LocalStack;
  let h: SnapshotHarness;

  beforeAll(async () => {
    stack = await startTestStack({ logger: new MemoryLogger(), gapToleranceMinutes: '60', billingStart: '2026-11-01T00:00:00Z' });
    h = new SnapshotHarness(stack);
  }, 60_000);

  afterAll(async () => {
    await stack?.stop();
  });

  beforeEach(async () => {
    expect((await requestJson(`${stack.apiUrl}/_local/reset`, { method: 'POST' })).status).toBe(200);
    await h.control('DELETE', 'faults');
    await h.sim.setClock(CREATED);
    await h.sim.reset({ ...SNAPSHOT_FIXTURES, servers: fleet(6, CREATED) });
  });

  const usage = async (): Promise<unknown> => (await requestJson(`${stack.apiUrl}/v1/usage?period=2026-11`, { headers: bearer(TEST_ADMIN_KEY) })).json;
  const events = async (): Promise<unknown[]> => (await requestJson(`${stack.apiUrl}/_local/events`)).json as unknown[];

  it('overlapping snapshot runs of different times: each answers or fails loudly; the next run stores the sequential segments', async () => {
    await h.sim.setClock('2026-11-30T21:05:00.000Z');
    await h.snapshot('2026-11-30T21:05:00.000Z');
    await h.sim.setClock('2026-11-30T21:12:00.000Z');
    await h.api('DELETE', 'servers/2');
    await h.api('POST', 'servers', { name: 'vps7.example.test', plan: 1, location: 1, os: 1, user: 1 });
    await h.sim.setClock('2026-11-30T21:20:00.000Z');
    // Slow pages keep both runs walking at once.
    await h.control('POST', 'faults', { rules: [{ method: 'GET', path: '/api/v1/servers', delayMs: 40 }] });
    const [first, second] = await Promise.all([
      h.invoke('snapshot-servers', { time: '2026-11-30T21:15:00.000Z' }),
      h.invoke('snapshot-servers', { time: '2026-11-30T21:20:00.000Z' }),
    ]);
    await h.control('DELETE', 'faults');
    for (const reply of [first, second]) expect(reply.status === 200 || (reply.status >= 400 && isJsonError(reply))).toBe(true);
    expect([first.status, second.status]).toContain(200);
    await h.sim.setClock('2026-11-30T21:25:00.000Z');
    expect(await h.snapshot('2026-11-30T21:25:00.000Z')).toMatchObject({ complete: true, serversSeen: 6 });
    expect(await h.segments(2, '2026-11')).toEqual([expect.objectContaining({ start: CREATED, end: '2026-11-30T21:12:00.000Z', endBy: 'activity_log' })]);
    expect(await h.segments(7, '2026-11')).toEqual([expect.objectContaining({ start: '2026-11-30T21:12:00.000Z', startBy: 'created_at' })]);
    for (const id of [1, 3, 4, 5, 6]) expect(await h.segments(id, '2026-11')).toEqual([expect.objectContaining({ start: CREATED })]);
  }, 60_000);

  it('aggregation during a snapshot: both answer 200 and a later aggregation gives the sequential usage', async () => {
    await h.sim.setClock('2026-11-30T21:05:00.000Z');
    await h.snapshot('2026-11-30T21:05:00.000Z');
    await h.sim.setClock('2026-11-30T21:30:00.000Z');
    await h.api('POST', 'servers/4/suspend');
    await h.sim.setClock('2026-11-30T22:05:00.000Z');
    await h.control('POST', 'faults', { rules: [{ method: 'GET', path: '/api/v1/servers', delayMs: 30 }] });
    const [run, aggregation] = await Promise.all([
      h.invoke('snapshot-servers', { time: '2026-11-30T22:05:00.000Z' }),
      h.invoke('aggregate-usage', { time: '2026-11-30T22:05:00.000Z' }),
    ]);
    await h.control('DELETE', 'faults');
    expect([run.status, aggregation.status]).toEqual([200, 200]);
    expect((await h.invoke('aggregate-usage', { time: '2026-11-30T22:06:00.000Z' })).status).toBe(200);
    const raced = await usage();
    // The same state aggregated again from scratch (the usage rows rewritten) reads the same.
    expect((await h.invoke('aggregate-usage', { time: '2026-11-30T22:07:00.000Z' })).status).toBe(200);
    expect(await usage()).toEqual(raced);
    expect(JSON.stringify(raced)).toContain('"serverId":4');
    expect(await h.segments(4, '2026-11')).toHaveLength(2);
  }, 60_000);

  async function readyToClose(): Promise<void> {
    for (const time of ['2026-11-30T22:05:00.000Z', '2026-11-30T23:05:00.000Z', '2026-12-01T00:05:00.000Z']) {
      await h.sim.setClock(time);
      await h.snapshot(time);
    }
  }

  it('two closes at once: the same totals, one event; a third close answers them again', async () => {
    await readyToClose();
    const body = { time: '2026-12-01T02:05:00.000Z', period: '2026-11' };
    const replies = await Promise.all([h.invoke('close-period', body), h.invoke('close-period', body), h.invoke('close-period', { time: '2026-12-01T02:06:00.000Z' })]);
    expect(replies.map((reply) => reply.status)).toEqual([200, 200, 200]);
    const [a, b] = replies;
    const totals = (json: unknown) => omitKeys(json as Record<string, unknown>, ['closedAt']);
    expect(totals(b?.json)).toEqual(totals(a?.json));
    expect((await events()).filter((event) => (event as { detailType: string }).detailType === 'BillingPeriodClosed')).toHaveLength(1);
    const again = await h.invoke('close-period', body);
    expect(again.json).toEqual(a?.json);
    expect(a?.json).toMatchObject({ status: 'closed', totalTokens: expect.any(Number) });
  }, 60_000);

  it('a close during aggregation: both answer 200, one event, and the closed usage equals a close after it', async () => {
    await readyToClose();
    const [aggregation, close] = await Promise.all([
      h.invoke('aggregate-usage', { time: '2026-12-01T02:05:00.000Z' }),
      h.invoke('close-period', { time: '2026-12-01T02:05:00.000Z', period: '2026-11' }),
    ]);
    expect([aggregation.status, close.status]).toEqual([200, 200]);
    const closedUsage = await usage();
    expect(closedUsage).toMatchObject({ status: 'closed' });
    // Aggregating again does not touch a closed period; closing again answers the same totals.
    expect((await h.invoke('aggregate-usage', { time: '2026-12-01T02:10:00.000Z' })).status).toBe(200);
    expect(await usage()).toEqual(closedUsage);
    expect((await h.invoke('close-period', { time: '2026-12-01T02:10:00.000Z', period: '2026-11' })).json).toEqual(close.json);
    expect(await events()).toHaveLength(1);
  }, 60_000);
});
