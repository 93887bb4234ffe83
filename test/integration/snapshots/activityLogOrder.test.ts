import { METRIC } from '../../../functions/lib/observability';
import type { LocalStack } from '../../../local/stack';
import { MemoryLogger } from '../../../shared/logging';
import { startTestStack } from '../../support/localStack';
import { SnapshotHarness } from '../../support/snapshotHarness';
import { fleet, SNAPSHOT_FIXTURES } from './fixtures';

const T0 = '2026-11-03T10:00:00.000Z';
const RUN1 = '2026-11-03T10:05:00.000Z';
const RUN2 = '2026-11-03T10:10:00.000Z';
const RUN3 = '2026-11-03T10:15:00.000Z';

/**
 * The bridge reads SolusIO's activity log newest first down to the previous complete run. No public
 * document says SolusIO lists it so, and it has no sort to ask for: the client checks every page,
 * and a snapshot run on a log in another order fails loudly instead of dating nothing.
 */
describe('snapshot-servers on an activity log that is not newest first (pages of 2)', () => {
  let stack: LocalStack;
  let h: SnapshotHarness;
  let logger: MemoryLogger;

  beforeAll(async () => {
    logger = new MemoryLogger();
    stack = await startTestStack({ logger });
    h = new SnapshotHarness(stack);
  }, 60_000);

  afterAll(async () => {
    await stack?.stop();
  });

  /** Servers 1-6 from T0; then, after `RUN1`'s run, servers 1 and 2 deleted a minute apart. */
  async function deleteTwoAfterFirstRun(activityLogOrder: 'newest_first' | 'oldest_first', deleteAt: [string, string]): Promise<void> {
    await h.sim.reset({ ...SNAPSHOT_FIXTURES, servers: fleet(6, T0), activityLogOrder });
    await h.sim.setClock(deleteAt[0]);
    await h.api('DELETE', 'servers/1');
    await h.sim.setClock(deleteAt[1]);
    await h.api('DELETE', 'servers/2');
  }

  const orderMetrics = (from: number): unknown[] =>
    stack.metrics.published
      .slice(from)
      .map((document) => (document as Record<string, unknown>)[METRIC.activityLogOutOfOrder])
      .filter((value) => value !== undefined);

  it('fails the run (partial, the order error named, an error log line, ActivityLogOutOfOrder) and ends nothing; newest first again, the deletions are dated', async () => {
    await fetch(`${stack.apiUrl}/_local/reset`, { method: 'POST' });
    await h.sim.reset({ ...SNAPSHOT_FIXTURES, servers: fleet(6, T0) });
    await h.sim.setClock(RUN1);
    expect(await h.snapshot(RUN1)).toMatchObject({ complete: true, serversSeen: 6 });

    // Oldest first: the first page holds the 10:06 delete before the newer 10:07 one.
    await deleteTwoAfterFirstRun('oldest_first', ['2026-11-03T10:06:00.000Z', '2026-11-03T10:07:00.000Z']);
    await h.sim.setClock(RUN2);
    const metricsFrom = stack.metrics.published.length;
    const partial = await h.snapshot(RUN2);

    expect(partial).toMatchObject({ complete: false, changes: 0 });
    expect(partial.error).toMatch(/^activity log: SolusActivityLogOrderError: GET \/api\/v1\/activity_logs \(page 1\): the activity log is not listed newest first: entry 2 \(2026-11-03T10:07:00.000Z\) comes after entry 1/);
    expect(orderMetrics(metricsFrom)).toEqual([1]);
    expect(logger.entries.filter((entry) => entry.level === 'error' && entry.message.startsWith('SolusIO listed its activity log out of order'))).toEqual([
      expect.objectContaining({ details: expect.objectContaining({ run: RUN2 }) }),
    ]);
    for (const id of [1, 2]) expect((await h.segments(id, '2026-11'))[0]?.end).toBeUndefined();

    // The same deletions in a log listed newest first: the next run dates both from it.
    await deleteTwoAfterFirstRun('newest_first', ['2026-11-03T10:11:00.000Z', '2026-11-03T10:12:00.000Z']);
    await h.sim.setClock(RUN3);
    const complete = await h.snapshot(RUN3);

    expect(complete).toMatchObject({ complete: true });
    expect(complete.error).toBeUndefined();
    expect(await h.segments(1, '2026-11')).toEqual([expect.objectContaining({ start: T0, end: '2026-11-03T10:11:00.000Z', endBy: 'activity_log' })]);
    expect(await h.segments(2, '2026-11')).toEqual([expect.objectContaining({ start: T0, end: '2026-11-03T10:12:00.000Z', endBy: 'activity_log' })]);
    expect(orderMetrics(metricsFrom + 1)).toEqual([]);
  }, 60_000);
});
