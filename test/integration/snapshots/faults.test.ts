import type { LocalStack } from '../../../local/stack';
import { MemoryLogger } from '../../../shared/logging';
import { startTestStack } from '../../support/localStack';
import { SnapshotHarness } from '../../support/snapshotHarness';
import { fleet, SNAPSHOT_FIXTURES } from './fixtures';

const T0 = '2026-11-03T10:00:00.000Z';
const RUN1 = '2026-11-03T10:05:00.000Z';
const RUN2 = '2026-11-03T10:10:00.000Z';
const RUN3 = '2026-11-03T10:15:00.000Z';

describe('snapshot-servers under SolusIO faults (pages of 2)', () => {
  let stack: LocalStack;
  let h: SnapshotHarness;

  beforeAll(async () => {
    stack = await startTestStack({ logger: new MemoryLogger() });
    h = new SnapshotHarness(stack);
  }, 60_000);

  afterAll(async () => {
    await stack?.stop();
  });

  beforeEach(async () => {
    await requestReset(stack);
    await h.control('DELETE', 'faults');
    await h.sim.reset({ ...SNAPSHOT_FIXTURES, servers: fleet(6, T0) });
    await h.sim.setClock(RUN1);
  });

  it('records a run whose page 2 fails through every retry as partial, and ends nobody', async () => {
    expect(await h.snapshot(RUN1)).toMatchObject({ complete: true, serversSeen: 6, pages: 3 });
    await h.control('POST', 'faults', { rules: [{ method: 'GET', path: '/api/v1/servers', page: 2, status: 500 }] });
    await h.sim.setClock(RUN2);
    const partial = await h.snapshot(RUN2);
    expect(partial).toMatchObject({ complete: false, serversSeen: 2, pages: 1, changes: 0 });
    expect(partial.error).toContain('500');
    // Servers 3-6 (pages 2 and 3) keep their open segment: not a second of billable time lost.
    for (const id of [1, 2, 3, 4, 5, 6]) {
      expect(await h.segments(id, '2026-11')).toEqual([expect.objectContaining({ start: T0, startBy: 'created_at' })]);
      expect((await h.segments(id, '2026-11'))[0]?.end).toBeUndefined();
    }
    await h.control('DELETE', 'faults');
    await h.sim.setClock(RUN3);
    expect(await h.snapshot(RUN3)).toMatchObject({ complete: true, serversSeen: 6, changes: 0 });
  }, 60_000);

  it('waits out a 429 with Retry-After and completes the run', async () => {
    await h.control('POST', 'faults', { rules: [{ method: 'GET', path: '/api/v1/servers', page: 2, status: 429, retryAfter: 1, times: 1 }] });
    const started = Date.now();
    expect(await h.snapshot(RUN1)).toMatchObject({ complete: true, serversSeen: 6, pages: 3 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
  }, 60_000);

  it('does not end the server that a delete on page 1 shifts onto page 1 while the run walks the pages', async () => {
    expect(await h.snapshot(RUN1)).toMatchObject({ complete: true, serversSeen: 6 });
    // Page 2 answers late; meanwhile server 1 is deleted, so server 3 moves from page 2 to page 1.
    await h.control('POST', 'faults', { rules: [{ method: 'GET', path: '/api/v1/servers', page: 2, delayMs: 600, times: 1 }] });
    await h.sim.setClock(RUN2);
    await h.control('DELETE', 'stats');
    const running = h.snapshot(RUN2);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await h.api('DELETE', 'servers/1');
    const record = await running;
    expect(record).toMatchObject({ complete: true });
    // The walk missed server 3, so the run asked SolusIO about it before deciding anything.
    const stats = (await h.control('GET', 'stats')) as { requests: Record<string, number> };
    expect(stats.requests['GET /api/v1/servers/{id}']).toBe(1);
    const shifted = await h.segments(3, '2026-11');
    expect(shifted).toHaveLength(1);
    expect(shifted[0]?.end).toBeUndefined();
    // The deleted one ends at its delete request (activity log), not at a run.
    expect(await h.segments(1, '2026-11')).toEqual([expect.objectContaining({ start: T0, end: RUN2, endBy: 'activity_log' })]);
  }, 60_000);
});

async function requestReset(stack: LocalStack): Promise<void> {
  const reply = await fetch(`${stack.apiUrl}/_local/reset`, { method: 'POST' });
  if (reply.status !== 200) throw new Error(`reset: ${reply.status}`);
}
