import { startRun } from '../../../../../shared/snapshots/run/startRun';
import { emptyRecord, storeRunRecord } from '../../../../../shared/snapshots/run/runRecord';
import type { ServersRunRecord } from '../../../../../shared/snapshots/types';
import { FakeSnapshotRuns } from '../../../../support/fakeSnapshots';

const EARLIER = '2026-11-03T10:00:00.000Z';
const NEWEST = '2026-11-03T10:05:00.000Z';
const LATER = '2026-11-03T10:10:00.000Z';

const complete = (time: string): ServersRunRecord => ({ ...emptyRecord(time, {}), complete: true, serversSeen: 3, changes: 1 });

describe('startRun', () => {
  it('starts the first run, at the canonical form of its time', async () => {
    // Act
    const start = await startRun(new FakeSnapshotRuns(), '2026-11-03T10:05:00Z');

    // Assess
    expect(start).toEqual({ time: NEWEST, previousRun: undefined });
  });

  it('starts a run later than the newest stored one, after it', async () => {
    // Prepare
    const runs = new FakeSnapshotRuns();
    await storeRunRecord(runs, complete(NEWEST), []);

    // Act
    const start = await startRun(runs, LATER);

    // Assess
    expect(start).toEqual({ time: LATER, previousRun: NEWEST });
  });

  it('answers a stored time with its record, and moves a pointer its first delivery left behind', async () => {
    // Prepare
    const runs = new FakeSnapshotRuns();
    runs.latestComplete = EARLIER;
    await storeRunRecord(runs, complete(NEWEST), []);

    // Act
    const start = await startRun(runs, NEWEST);

    // Assess
    expect(start).toEqual({ replay: complete(NEWEST) });
    expect(runs.latestComplete).toBe(NEWEST);
  });

  it('answers a stored partial run without moving the pointer', async () => {
    // Prepare
    const runs = new FakeSnapshotRuns();
    runs.latestComplete = EARLIER;
    await storeRunRecord(runs, emptyRecord(NEWEST, { error: 'Error: plans: 503' }), [4]);

    // Act
    const start = await startRun(runs, NEWEST);

    // Assess
    expect(start).toEqual({ replay: emptyRecord(NEWEST, { error: 'Error: plans: 503' }) });
    expect(runs.latestComplete).toBe(EARLIER);
  });

  it('records a delivery older than the newest run as superseded, applying nothing, kept 35 days', async () => {
    // Prepare
    const runs = new FakeSnapshotRuns();
    await storeRunRecord(runs, complete(NEWEST), []);

    // Act
    const start = await startRun(runs, EARLIER);

    // Assess
    expect(start).toEqual({ replay: emptyRecord(EARLIER, { superseded: true }) });
    expect(runs.runs.get(EARLIER)).toMatchObject({ complete: false, seenIds: [], expiresAt: Date.parse(EARLIER) / 1000 + 35 * 86_400 });
    expect(runs.latestComplete).toBeUndefined();
  });
});
