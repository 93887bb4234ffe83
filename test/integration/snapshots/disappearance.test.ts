import type { LocalStack } from '../../../local/stack';
import { MemoryLogger } from '../../../shared/logging';
import { bearer, requestJson, startTestStack, TEST_ADMIN_KEY } from '../../support/localStack';
import { SnapshotHarness } from '../../support/snapshotHarness';
import { fleet, SNAPSHOT_FIXTURES } from './fixtures';

const T0 = '2026-11-03T10:00:00.000Z';
const RUN1 = '2026-11-03T10:05:00.000Z';
const RUN2 = '2026-11-03T10:10:00.000Z';
const RUN3 = '2026-11-03T10:15:00.000Z';
const CONFIRMED = '2026-11-03T11:00:00.000Z';

describe('snapshot-servers: servers that vanish', () => {
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

  beforeEach(async () => {
    await fetch(`${stack.apiUrl}/_local/reset`, { method: 'POST' });
    logger.entries.length = 0;
  });

  it('holds half a fleet that vanishes without log entries open, marks the run suspect, and ends them at their last sighting on confirmation', async () => {
    await h.sim.reset({ ...SNAPSHOT_FIXTURES, servers: fleet(10, T0) });
    await h.sim.setClock(RUN1);
    expect(await h.snapshot(RUN1)).toMatchObject({ complete: true, suspect: false, serversSeen: 10 });

    // A reset to a subset: what a narrowed API token looks like (no delete entries in the log).
    await h.sim.reset({ ...SNAPSHOT_FIXTURES, servers: fleet(5, T0) });
    await h.sim.setClock(RUN2);
    const suspect = await h.snapshot(RUN2);
    expect(suspect).toMatchObject({ complete: true, suspect: true, suspectServerIds: [6, 7, 8, 9, 10], changes: 0 });
    for (const id of [6, 7, 8, 9, 10]) expect((await h.segments(id, '2026-11'))[0]?.end).toBeUndefined();
    expect(logger.entries).toContainEqual(expect.objectContaining({ level: 'error', message: expect.stringContaining('Mass disappearance') }));
    const health = await requestJson(`${stack.apiUrl}/v1/health`);
    expect(health.json).toMatchObject({ status: 'suspect', latestRun: { time: RUN2, suspect: true, suspectServerIds: [6, 7, 8, 9, 10] } });

    // Still missing at the next run: still held, still reported.
    await h.sim.setClock(RUN3);
    expect(await h.snapshot(RUN3)).toMatchObject({ complete: true, suspect: true, suspectServerIds: [6, 7, 8, 9, 10] });

    await h.sim.setClock(CONFIRMED);
    const unauthorised = await requestJson(`${stack.apiUrl}/v1/runs/${RUN2}/confirm-deletions`, { method: 'POST' });
    expect(unauthorised.status).toBe(401);
    const confirmed = await requestJson(`${stack.apiUrl}/v1/runs/${RUN2}/confirm-deletions`, { method: 'POST', headers: bearer(TEST_ADMIN_KEY) });
    expect(confirmed).toMatchObject({ status: 200, json: { run: RUN2, confirmed: [6, 7, 8, 9, 10], alreadyResolved: [] } });
    for (const id of [6, 7, 8, 9, 10]) {
      expect(await h.segments(id, '2026-11')).toEqual([expect.objectContaining({ start: T0, end: RUN1, endBy: 'run', endRun: CONFIRMED })]);
    }
    expect(await h.storedRun(RUN2)).toMatchObject({ confirmedAt: CONFIRMED });
    // Confirming again finds nothing left to end.
    const again = await requestJson(`${stack.apiUrl}/v1/runs/${RUN2}/confirm-deletions`, { method: 'POST', headers: bearer(TEST_ADMIN_KEY) });
    expect(again.json).toMatchObject({ confirmed: [], alreadyResolved: [6, 7, 8, 9, 10] });
    // The next run is no longer suspect, and the five that stayed were never touched.
    expect(await h.snapshot('2026-11-03T11:05:00.000Z')).toMatchObject({ complete: true, suspect: false, changes: 0 });
    for (const id of [1, 2, 3, 4, 5]) expect(await h.segments(id, '2026-11')).toEqual([expect.objectContaining({ start: T0, startBy: 'created_at' })]);
  }, 60_000);

  it('lets servers held open by the guard continue when a later run lists them again', async () => {
    await h.sim.reset({ ...SNAPSHOT_FIXTURES, servers: fleet(10, T0) });
    await h.sim.setClock(RUN1);
    await h.snapshot(RUN1);
    await h.sim.reset({ ...SNAPSHOT_FIXTURES, servers: fleet(5, T0) });
    await h.sim.setClock(RUN2);
    expect(await h.snapshot(RUN2)).toMatchObject({ suspect: true });
    await h.sim.reset({ ...SNAPSHOT_FIXTURES, servers: fleet(10, T0) });
    await h.sim.setClock(RUN3);
    expect(await h.snapshot(RUN3)).toMatchObject({ complete: true, suspect: false, suspectServerIds: [], changes: 0 });
    for (const id of [6, 7, 8, 9, 10]) expect(await h.segments(id, '2026-11')).toEqual([expect.objectContaining({ start: T0 })]);
    const notSuspect = await requestJson(`${stack.apiUrl}/v1/runs/${RUN3}/confirm-deletions`, { method: 'POST', headers: bearer(TEST_ADMIN_KEY) });
    expect(notSuspect).toMatchObject({ status: 409, json: { error: { code: 'not_suspect' } } });
    const unknown = await requestJson(`${stack.apiUrl}/v1/runs/2026-11-03T09:00:00Z/confirm-deletions`, { method: 'POST', headers: bearer(TEST_ADMIN_KEY) });
    expect(unknown.status).toBe(404);
    const bad = await requestJson(`${stack.apiUrl}/v1/runs/yesterday/confirm-deletions`, { method: 'POST', headers: bearer(TEST_ADMIN_KEY) });
    expect(bad).toMatchObject({ status: 400, json: { error: { code: 'invalid_parameter' } } });
  }, 60_000);

  it('ends three servers deleted through the SolusIO API in a fleet of four at their delete requests', async () => {
    await h.sim.reset({ ...SNAPSHOT_FIXTURES, servers: fleet(4, T0) });
    await h.sim.setClock(RUN1);
    await h.snapshot(RUN1);
    await h.sim.setClock('2026-11-03T10:07:00.000Z');
    for (const id of [1, 2, 3]) await h.api('DELETE', `servers/${id}`);
    await h.sim.setClock(RUN2);
    expect(await h.snapshot(RUN2)).toMatchObject({ complete: true, suspect: false, changes: 3 });
    for (const id of [1, 2, 3]) {
      expect(await h.segments(id, '2026-11')).toEqual([expect.objectContaining({ start: T0, end: '2026-11-03T10:07:00.000Z', endBy: 'activity_log' })]);
    }
    expect((await h.segments(4, '2026-11'))[0]?.end).toBeUndefined();
  }, 60_000);

  it('ends a vanished server whose check failed at the last run that listed it, not at the run that could not confirm it', async () => {
    await h.sim.reset({ ...SNAPSHOT_FIXTURES, servers: fleet(6, T0) });
    await h.sim.setClock(RUN1);
    await h.snapshot(RUN1);
    await h.sim.reset({ ...SNAPSHOT_FIXTURES, servers: fleet(6, T0).filter((server) => server['id'] !== 3) });
    await h.control('POST', 'faults', { rules: [{ method: 'GET', path: '/api/v1/servers/3', status: 500 }] });
    await h.sim.setClock(RUN2);
    expect(await h.snapshot(RUN2)).toMatchObject({ complete: true, changes: 0 });
    expect((await h.segments(3, '2026-11'))[0]?.end).toBeUndefined();
    await h.control('DELETE', 'faults');
    await h.sim.setClock(RUN3);
    expect(await h.snapshot(RUN3)).toMatchObject({ complete: true, changes: 1 });
    expect(await h.segments(3, '2026-11')).toEqual([expect.objectContaining({ start: T0, end: RUN1, endBy: 'run' })]);
  }, 60_000);

  it('ends a few servers that vanish without a log entry at the last run that saw them, partial runs included', async () => {
    await h.sim.reset({ ...SNAPSHOT_FIXTURES, servers: fleet(10, T0) });
    await h.sim.setClock(RUN1);
    await h.snapshot(RUN1);
    // A partial run (page 3 fails) still sees servers 1-4: it proves they existed at RUN2.
    await h.control('POST', 'faults', { rules: [{ method: 'GET', path: '/api/v1/servers', page: 3, status: 500 }] });
    await h.sim.setClock(RUN2);
    expect(await h.snapshot(RUN2)).toMatchObject({ complete: false, serversSeen: 4 });
    await h.control('DELETE', 'faults');
    await h.sim.reset({ ...SNAPSHOT_FIXTURES, servers: fleet(10, T0).filter((server) => server['id'] !== 2 && server['id'] !== 9) });
    await h.sim.setClock(RUN3);
    expect(await h.snapshot(RUN3)).toMatchObject({ complete: true, suspect: false, changes: 2 });
    expect(await h.segments(2, '2026-11')).toEqual([expect.objectContaining({ end: RUN2, endBy: 'run' })]);
    expect(await h.segments(9, '2026-11')).toEqual([expect.objectContaining({ end: RUN1, endBy: 'run' })]);
  }, 60_000);
});
