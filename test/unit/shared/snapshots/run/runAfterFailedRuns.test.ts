import { MemoryLogger } from '../../../../../shared/logging';
import { ACTIVITY_EVENTS } from '../../../../../shared/solusio';
import { ServerSnapshotter } from '../../../../../shared/snapshots/ServerSnapshotter';
import { knownServersOf } from '../../../../../shared/snapshots/run/knownServers';
import { serversRunRecordSchema } from '../../../../../shared/snapshots/runRecordSchema';
import { fakeServer, FakeSnapshotRuns, FakeSnapshotStore, FakeSolusioServers } from '../../../../support/fakeSnapshots';
import { A, seg } from '../fixtures';

/** Whole runs of `ServerSnapshotter` on fakes: complete, two failed (partial) ones, then complete again. */

const CREATED = '2026-11-03T09:00:00.000Z';
const FIRST = '2026-11-03T10:00:00.000Z';
const LISTING_FAILED = '2026-11-03T10:05:00.000Z';
const PLANS_FAILED = '2026-11-03T10:10:00.000Z';
const RECOVERED = '2026-11-03T10:15:00.000Z';
const DELETE_REQUESTED = '2026-11-03T10:12:00.000Z';

function setup() {
  const solusio = new FakeSolusioServers();
  const store = new FakeSnapshotStore();
  const runs = new FakeSnapshotRuns();
  const logger = new MemoryLogger();
  const snapshotter = new ServerSnapshotter({
    solusio: async () => solusio,
    store,
    runs,
    logger,
    settings: { gapToleranceMinutes: 10, suspectPolicy: { minServers: 3, fraction: 0.2 }, runDeadlineMs: 60_000, concurrency: 4, installation: 'default' },
  });
  solusio.pageSize = 1;
  solusio.add(fakeServer(7, CREATED));
  solusio.add(fakeServer(8, CREATED));
  return { solusio, store, runs, logger, snapshotter };
}

/** The first complete run, then one that lost its listing after page 1 (it saw server 7 only) and one that could not read the plans. */
async function throughTwoFailedRuns() {
  const setupValues = setup();
  const { solusio, snapshotter } = setupValues;
  const first = await snapshotter.run(FIRST);
  solusio.failListingAfterPages = 1;
  const listingFailed = await snapshotter.run(LISTING_FAILED);
  solusio.failListingAfterPages = undefined;
  solusio.failPlans = true;
  const plansFailed = await snapshotter.run(PLANS_FAILED);
  solusio.failPlans = false;
  return { ...setupValues, first, listingFailed, plansFailed };
}

describe('a run after failed runs', () => {
  it('the failed runs are partial: they record what they listed, end nobody, write no state and leave the pointer', async () => {
    // Act
    const { store, runs, first, listingFailed, plansFailed } = await throughTwoFailedRuns();

    // Assess
    expect(first).toMatchObject({ complete: true, changes: 2, serversSeen: 2, pages: 2 });
    expect(listingFailed).toMatchObject({ complete: false, changes: 0, serversSeen: 1, pages: 1, error: 'Error: servers page 2: 503' });
    expect(plansFailed).toMatchObject({ complete: false, changes: 0, serversSeen: 0, pages: 0, error: 'Error: plans: 503' });
    expect((await runs.getRun('servers', LISTING_FAILED, serversRunRecordSchema))?.seenIds).toEqual([7]);
    expect((await runs.getRun('servers', PLANS_FAILED, serversRunRecordSchema))?.seenIds).toEqual([]);
    expect(runs.latestComplete).toBe(FIRST);
    expect(store.shardWrites).toEqual([7, 8]);
    expect(store.meta).toEqual({ month: '2026-11', firstCompleteRun: FIRST });
    for (const id of [7, 8]) expect(store.month(id, '2026-11')?.segments).toEqual([seg(A, { start: CREATED, startBy: 'created_at', startRun: FIRST })]);
  });

  it('the next complete run reads the log back to the last complete run, ends each server at its exact time or last sighting, and records the gap', async () => {
    // Prepare
    const { solusio, store, runs, logger, snapshotter } = await throughTwoFailedRuns();
    // Server 7 vanished (404, nothing in the log) after the failed listing saw it; server 8 was deleted.
    solusio.servers.delete(7);
    solusio.servers.delete(8);
    solusio.logEvent(ACTIVITY_EVENTS.deleteRequested, DELETE_REQUESTED, 8);

    // Act
    const record = await snapshotter.run(RECOVERED);

    // Assess
    expect(record).toMatchObject({ complete: true, changes: 2, serversSeen: 0, gapFrom: FIRST, suspect: false });
    expect(record.error).toBeUndefined();
    expect(solusio.getServerCalls).toEqual([7]);
    expect(store.month(7, '2026-11')?.segments).toEqual([seg(A, { start: CREATED, startBy: 'created_at', startRun: FIRST, end: LISTING_FAILED, endBy: 'run', endRun: RECOVERED })]);
    expect(store.month(8, '2026-11')?.segments).toEqual([seg(A, { start: CREATED, startBy: 'created_at', startRun: FIRST, end: DELETE_REQUESTED, endBy: 'activity_log', endRun: RECOVERED })]);
    expect(store.gaps).toEqual([{ from: FIRST, to: RECOVERED, minutes: 15 }]);
    expect(logger.entries.filter((entry) => entry.level === 'warn').map((entry) => entry.message)).toEqual(['Snapshot gap: no complete run for longer than the tolerance']);
    expect(runs.latestComplete).toBe(RECOVERED);
    expect(knownServersOf(await store.readObserved())).toEqual(new Map());
  });

  it('a delivery of a time already run answers its record again and writes nothing', async () => {
    // Prepare
    const { store, snapshotter, listingFailed } = await throughTwoFailedRuns();
    const writes = store.shardWrites.length;

    // Act
    const again = await snapshotter.run(LISTING_FAILED);

    // Assess
    expect(again).toEqual(listingFailed);
    expect(store.shardWrites).toHaveLength(writes);
  });

  it('a steady complete run changes nothing, writes no shard, and its record expires', async () => {
    // Prepare
    const { store, runs, snapshotter } = await throughTwoFailedRuns();
    const writes = store.shardWrites.length;

    // Act
    const record = await snapshotter.run(RECOVERED);

    // Assess
    expect(record).toMatchObject({ complete: true, changes: 0, serversSeen: 2, gapFrom: FIRST });
    expect(store.shardWrites).toHaveLength(writes);
    // A gap is worth keeping: only a later steady run within the tolerance expires.
    expect(runs.runs.get(RECOVERED)?.expiresAt).toBeUndefined();
    await snapshotter.run('2026-11-03T10:20:00.000Z');
    expect(runs.runs.get('2026-11-03T10:20:00.000Z')?.expiresAt).toBe(Date.parse('2026-11-03T10:20:00.000Z') / 1000 + 35 * 86_400);
  });
});
