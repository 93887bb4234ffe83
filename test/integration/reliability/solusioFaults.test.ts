import type { LocalStack } from '../../../local/stack';
import { MemoryLogger } from '../../../shared/logging';
import { bearer, requestJson, startTestStack, TEST_ADMIN_KEY } from '../../support/localStack';
import { SnapshotHarness } from '../../support/snapshotHarness';
import { createBody } from '../snapshots/fixtures';
import { closeNovember, omitKeys, replay, resetTimeline, runTime, type ClosedUsage, type ReplayResult, type Step } from './replay';

/**
 * Issue #17, SolusIO faults: the same two-day timeline (hourly runs, gap tolerance 60 min) replayed
 * without faults and with the simulator injecting 429s, 5xx bursts, dropped connections, a page
 * failing every retry, a Retry-After past the run deadline, a failing activity log and a pending
 * delete task. No change falls in a spoiled run, so the closed month must be identical: not a
 * second of billable time lost or invented (clarifications.md, "Reliability").
 */
const STEPS: readonly Step[] = [
  { at: '2026-11-29T03:30:00.000Z', kind: 'api', method: 'POST', path: 'servers', body: createBody('vps6.example.test', { user: 2 }) },
  { at: '2026-11-29T08:20:00.000Z', kind: 'api', method: 'POST', path: 'servers/2/suspend' },
  { at: '2026-11-29T14:40:00.000Z', kind: 'api', method: 'POST', path: 'servers/2/resume' },
  { at: '2026-11-29T20:10:00.000Z', kind: 'api', method: 'POST', path: 'servers/3/resize', body: { plan_id: 2 } },
  { at: '2026-11-30T05:50:00.000Z', kind: 'api', method: 'DELETE', path: 'servers/4' },
  { at: '2026-11-30T12:15:00.000Z', kind: 'api', method: 'PATCH', path: 'servers/1', body: { backup_settings: { enabled: true } } },
  { at: '2026-11-30T18:00:00.000Z', kind: 'api', method: 'POST', path: 'servers/5/ips' },
];
/** In the faulty replay the delete's task stays pending (server 4 listed, processing) for 2 h 40 min. */
const FINISH_DELETE: Step = { at: '2026-11-30T08:30:00.000Z', kind: 'finishTask', taskOf: 'servers/4' };

const SERVERS = '/api/v1/servers';
/** Run index (hours after 2026-11-29T00:05) -> the rules in force during that run. */
const FAULTS = new Map<number, readonly Record<string, unknown>[]>([
  [2, [{ method: 'GET', path: SERVERS, page: 2, status: 429, retryAfter: 1, times: 1 }]],
  [5, [{ method: 'GET', path: SERVERS, status: 500, times: 3 }]],
  [11, [{ method: 'GET', path: SERVERS, page: 1, dropConnection: true, times: 2 }]],
  // Spoiled: page 2 fails through every retry (partial run).
  [17, [{ method: 'GET', path: SERVERS, page: 2, status: 500 }]],
  // Spoiled: SolusIO asks to come back after the run's 240 s deadline (partial run, no waiting).
  [24, [{ method: 'GET', path: SERVERS, page: 3, status: 429, retryAfter: 600 }]],
  // Spoiled: page 1 answers slowly and then drops the connection, every time.
  [27, [{ method: 'GET', path: SERVERS, page: 1, delayMs: 50, dropConnection: true }]],
  // Spoiled: the activity log fails (a run that cannot date deletions is partial).
  [40, [{ method: 'GET', path: '/api/v1/activity_logs', status: 500 }]],
  [44, [{ method: 'GET', path: SERVERS, status: 503, times: 2 }, { method: 'GET', path: '/api/v1/plans', status: 502, times: 1 }]],
]);
const SPOILED = [17, 24, 27, 40];
const SERVER_IDS = [1, 2, 3, 4, 5, 6];

describe('reliability: SolusIO faults during a replayed month end (issue #17)', () => {
  let stack: LocalStack;
  let h: SnapshotHarness;
  let clean: ClosedUsage;
  let faulty: ClosedUsage;
  let cleanRuns: ReplayResult;
  let faultyRuns: ReplayResult;

  beforeAll(async () => {
    stack = await startTestStack({ logger: new MemoryLogger(), gapToleranceMinutes: '60', billingStart: '2026-11-01T00:00:00Z' });
    h = new SnapshotHarness(stack);
    await resetTimeline(stack, h);
    cleanRuns = await replay(h, STEPS);
    clean = await closeNovember(stack, h, SERVER_IDS);
    await resetTimeline(stack, h);
    faultyRuns = await replay(h, [...STEPS, FINISH_DELETE], FAULTS, ['servers/4']);
    faulty = await closeNovember(stack, h, SERVER_IDS);
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('runs every hour of the fault-free replay completely', () => {
    expect(cleanRuns.runs.filter((run) => run.status === 200 && run.complete === true)).toHaveLength(cleanRuns.runs.length);
    expect(cleanRuns.faultsInjected).toBe(0);
  });

  it('recovers from transient faults and spoils exactly the runs whose faults outlast the retries', () => {
    const spoiled = faultyRuns.runs.filter((run) => !(run.status === 200 && run.complete === true)).map((run) => run.index);
    expect(spoiled).toEqual(SPOILED);
    // Every spoiled run still answered (partial run record, or a JSON error), and the next one completed.
    for (const index of SPOILED) expect(faultyRuns.runs[index + 1]?.complete).toBe(true);
    // 1 + 3 + 2 + 5 (five attempts) + 1 (no wait past the deadline) + 5 + 5 + 3: each rule as often as the client met it.
    expect(faultyRuns.faultsInjected).toBe(25);
  });

  it('stores the same segments for every server: no change dated differently', () => {
    expect(faulty.segments).toEqual(clean.segments);
    // The scripted changes are all there (the comparison is not vacuous).
    expect(clean.segments[2]?.map((s) => s.suspended)).toEqual([false, true, false]);
    expect(clean.segments[4]?.at(-1)).toMatchObject({ end: '2026-11-30T05:50:00.000Z', endBy: 'activity_log' });
    expect(clean.segments[6]?.[0]).toMatchObject({ start: '2026-11-29T03:30:00.000Z', startBy: 'created_at' });
  });

  it('closes November with the same totals, invoice lines and usage figures', () => {
    expect(faulty.close).toEqual(clean.close);
    expect(faulty.usage).toEqual(clean.usage);
    expect(faulty.invoices).toEqual(clean.invoices);
    // Only the gap marks differ (flags, longestGapMinutes): the spoiled runs left gaps longer than the 60 min tolerance.
    expect([clean.gapFlagged, faulty.gapFlagged]).toEqual([false, true]);
    expect(clean.close).toMatchObject({ status: 'closed', totalTokens: expect.any(Number) });
  });

  it('keeps runs outside the spoiled ones complete even while a delete task is pending', () => {
    expect(faultyRuns.runs.find((run) => run.index === 30)).toMatchObject({ status: 200, complete: true });
    expect(runTime(30)).toBe('2026-11-30T06:05:00.000Z');
  });

  it('delays a change that falls in a spoiled run by exactly that run, and bills no other second differently', async () => {
    // Server 3 (page 2) is suspended at 16:40; the 17:05 run, which should see it, loses page 2.
    const steps: readonly Step[] = [{ at: '2026-11-29T16:40:00.000Z', kind: 'api', method: 'POST', path: 'servers/3/suspend' }];
    const spoil = new Map([[17, [{ method: 'GET', path: SERVERS, page: 2, status: 500 }]]]);
    const runs = 20; // through 2026-11-29T19:05
    const read = async (): Promise<{ segments: Record<number, unknown>; usage: unknown }> => {
      expect((await h.invoke('aggregate-usage', { time: runTime(runs - 1) })).status).toBe(200);
      const segments: Record<number, unknown> = {};
      for (const id of [1, 2, 3, 4, 5]) segments[id] = (await h.segments(id, '2026-11')).map((segment) => omitKeys(segment, ['startRun', 'endRun']));
      return { segments, usage: (await requestJson(`${stack.apiUrl}/v1/usage?period=2026-11`, { headers: bearer(TEST_ADMIN_KEY) })).json };
    };
    await resetTimeline(stack, h);
    await replay(h, steps, new Map(), [], runs);
    const cleanRead = await read();
    await resetTimeline(stack, h);
    const spoiled = await replay(h, steps, spoil, [], runs);
    const faultyRead = await read();
    expect(spoiled.runs.filter((run) => run.complete !== true).map((run) => run.index)).toEqual([17]);

    const suspendedAt = (segments: unknown): unknown => (segments as { start: string; suspended: boolean }[]).find((segment) => segment.suspended)?.start;
    expect(suspendedAt(cleanRead.segments[3])).toBe(runTime(17));
    expect(suspendedAt(faultyRead.segments[3])).toBe(runTime(18));
    for (const id of [1, 2, 4, 5]) expect(faultyRead.segments[id]).toEqual(cleanRead.segments[id]);
    // Server 3 is billed one started hour more (the spoiled run), every other server exactly the same.
    const hours = (usage: unknown): Record<number, number> =>
      Object.fromEntries((usage as { customers: { servers: { serverId: number; runtimeHours: number }[] }[] }).customers.flatMap((customer) => customer.servers.map((server) => [server.serverId, server.runtimeHours])));
    const before = hours(cleanRead.usage);
    const after = hours(faultyRead.usage);
    expect(after[3]).toBe((before[3] ?? 0) + 1);
    expect({ ...after, 3: 0 }).toEqual({ ...before, 3: 0 });
  }, 60_000);
});
