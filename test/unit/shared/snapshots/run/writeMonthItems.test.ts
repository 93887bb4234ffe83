import { MemoryLogger } from '../../../../../shared/logging';
import { NO_LOG_FACTS, type DetectedChange } from '../../../../../shared/snapshots/detectChanges';
import type { DatingWindow } from '../../../../../shared/snapshots/run/dateChanges';
import { writeMonthItems } from '../../../../../shared/snapshots/run/writeMonthItems';
import { StaleItemError } from '../../../../../shared/snapshots/ports';
import { FakeSnapshotStore } from '../../../../support/fakeSnapshots';
import { A, B, month, seg } from '../fixtures';

const CREATED = '2026-11-03T09:00:00.000Z';
const PREVIOUS = '2026-11-03T10:00:00.000Z';
const RUN = '2026-11-03T10:05:00.000Z';
const SUSPENDED_BY_API = '2026-11-03T10:03:00.000Z';

const WINDOW: DatingWindow = { time: RUN, currentPeriod: '2026-11', floor: PREVIOUS, previousRun: PREVIOUS, monthsUpTo: '2026-11', logs: NO_LOG_FACTS };
const suspend = (id: number): DetectedChange => ({ kind: 'change', id, from: A, to: B });

function setup(...ids: number[]) {
  const store = new FakeSnapshotStore();
  for (const id of ids) store.months.set(`${id}#2026-11`, month(id, '2026-11', [seg(A, { start: CREATED, startBy: 'created_at', startRun: PREVIOUS })], { version: 1 }));
  const logger = new MemoryLogger();
  return { store, logger, deps: { store, logger, settings: { concurrency: 2 } } };
}

describe('writeMonthItems', () => {
  it('dates a change the run saw at the run, on the version it read', async () => {
    // Prepare
    const { store, deps } = setup(7);

    // Act
    const writes = await writeMonthItems(deps, [suspend(7)], WINDOW);

    // Assess
    expect(writes).toEqual({ touched: new Set([7]), held: new Set(), written: new Set([7]) });
    expect(store.month(7, '2026-11')).toEqual(
      month(7, '2026-11', [seg(A, { start: CREATED, startBy: 'created_at', startRun: PREVIOUS, end: RUN, endBy: 'run', endRun: RUN }), seg(B, { start: RUN, startBy: 'run', startRun: RUN })], { version: 2 }),
    );
  });

  it('after losing a race to an API change recorded meanwhile, reads again and dates the change by it', async () => {
    // Prepare
    const { store, deps } = setup(7);
    store.beforePutServerMonth = (written) => {
      const stored = store.month(7, '2026-11');
      if (stored === undefined) throw new Error('no item');
      store.months.set('7#2026-11', { ...stored, apiChanges: [{ at: SUSPENDED_BY_API, field: 'suspended', value: true }], version: written.version + 1 });
    };

    // Act
    const writes = await writeMonthItems(deps, [suspend(7)], WINDOW);

    // Assess
    expect(writes.written).toEqual(new Set([7]));
    expect(store.month(7, '2026-11')).toEqual(
      month(
        7,
        '2026-11',
        [seg(A, { start: CREATED, startBy: 'created_at', startRun: PREVIOUS, end: SUSPENDED_BY_API, endBy: 'api', endRun: RUN }), seg(B, { start: SUSPENDED_BY_API, startBy: 'api', startRun: RUN })],
        { apiChanges: [{ at: SUSPENDED_BY_API, field: 'suspended', value: true }], version: 3 },
      ),
    );
  });

  it('gives up on a server whose item keeps changing under it, after three retries', async () => {
    // Prepare
    const { store, deps } = setup(7);
    const bump = (): void => {
      const stored = store.month(7, '2026-11');
      if (stored !== undefined) store.months.set('7#2026-11', { ...stored, version: stored.version + 1 });
      store.beforePutServerMonth = bump;
    };
    store.beforePutServerMonth = bump;

    // Act
    const act = writeMonthItems(deps, [suspend(7)], WINDOW);

    // Assess
    await expect(act).rejects.toThrow(StaleItemError);
  });

  it('holds a server whose item is full, logs it, and writes the others', async () => {
    // Prepare
    const { store, logger, deps } = setup(7, 8);
    store.fullServers.add(7);

    // Act
    const writes = await writeMonthItems(deps, [suspend(7), suspend(8)], WINDOW);

    // Assess
    expect(writes).toEqual({ touched: new Set([8]), held: new Set([7]), written: new Set([8]) });
    expect(store.month(7, '2026-11')?.version).toBe(1);
    expect(store.month(8, '2026-11')?.version).toBe(2);
    expect(logger.entries).toEqual([
      expect.objectContaining({ level: 'error', message: 'A server month item is full: the server is held at its last recorded state', details: expect.objectContaining({ server: 7, period: '2026-11', run: RUN }) }),
    ]);
  });

  it('writes nothing for a change already recorded (a duplicate delivery), and touches the server all the same', async () => {
    // Prepare
    const { store, deps } = setup(7);
    await writeMonthItems(deps, [suspend(7)], WINDOW);
    const after = store.month(7, '2026-11');

    // Act
    const writes = await writeMonthItems(deps, [suspend(7)], WINDOW);

    // Assess
    expect(writes).toEqual({ touched: new Set([7]), held: new Set(), written: new Set() });
    expect(store.month(7, '2026-11')).toBe(after);
  });
});
