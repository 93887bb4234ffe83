import { MemoryLogger } from '../../../../../shared/logging';
import { ACTIVITY_EVENTS, Deadline } from '../../../../../shared/solusio';
import { NO_LOG_FACTS, type DetectedChange, type LogFacts, type ObservedServer } from '../../../../../shared/snapshots/detectChanges';
import { listedHostnames, nameKnownServers } from '../../../../../shared/snapshots/hostnames';
import { planDating, type DatingWindow } from '../../../../../shared/snapshots/run/dateChanges';
import { detectFleetChanges } from '../../../../../shared/snapshots/run/detectFleetChanges';
import { keepHeldAsBefore, knownServersOf, writeKnownServers } from '../../../../../shared/snapshots/run/knownServers';
import { observeFleet, pricesOf, type Observation } from '../../../../../shared/snapshots/run/observeFleet';
import { readActivityLog } from '../../../../../shared/snapshots/run/readActivityLog';
import { writeMonthItems } from '../../../../../shared/snapshots/run/writeMonthItems';
import type { KnownServer } from '../../../../../shared/snapshots/types';
import { fakeServer, FakeSnapshotRuns, FakeSnapshotStore, FakeSolusioServers } from '../../../../support/fakeSnapshots';
import { A, month, seg } from '../fixtures';

/** Observe -> detect -> date -> write, step by step on fakes: what each step hands the next. */

const PREVIOUS = '2026-11-03T10:00:00.000Z';
const RUN = '2026-11-03T10:05:00.000Z';
const CREATED = '2026-11-03T10:02:00.000Z';
const DELETE_REQUESTED = '2026-11-03T10:03:30.000Z';

function setup() {
  const solusio = new FakeSolusioServers();
  const store = new FakeSnapshotStore();
  const runs = new FakeSnapshotRuns();
  const logger = new MemoryLogger();
  const deps = { store, runs, logger, settings: { concurrency: 4, suspectPolicy: { minServers: 3, fraction: 0.2 } } };
  return { solusio, store, runs, logger, deps };
}

type Setup = ReturnType<typeof setup>;

const windowOf = (observation: Observation, logs: LogFacts, monthsUpTo = '2026-11'): DatingWindow => ({
  time: RUN,
  currentPeriod: '2026-11',
  floor: PREVIOUS,
  previousRun: PREVIOUS,
  monthsUpTo,
  logs,
  plans: pricesOf(observation),
  hostnames: listedHostnames(observation.listed),
});

/** The state a previous run left: server 7 known (state A, named `vps7`) with its open November item. */
async function knownServerSeven({ store }: Setup, createdAt = '2026-11-03T09:00:00.000Z'): Promise<Map<number, KnownServer>> {
  const known = new Map([[7, { id: 7, state: A, hostname: 'vps7' }]]);
  await writeKnownServers(store, await store.readObserved(), known, PREVIOUS);
  store.months.set('7#2026-11', month(7, '2026-11', [seg(A, { start: createdAt, startBy: 'created_at', startRun: PREVIOUS })], { version: 1, hostname: 'vps7' }));
  store.shardWrites.length = 0;
  return known;
}

/** One complete run through the steps, as `ServerSnapshotter.run` chains them. */
async function completeRun({ solusio, store, deps }: Setup, known: ReadonlyMap<number, KnownServer>, monthsUpTo?: string) {
  const deadline = Deadline.none();
  const observed = await store.readObserved();
  const observation = await observeFleet(solusio, deadline);
  const { logs, error } = await readActivityLog(solusio, deadline, PREVIOUS);
  const detection = await detectFleetChanges(deps, solusio, { complete: error === undefined, known, observation, logs, previousComplete: PREVIOUS, time: RUN, deadline });
  const naming = nameKnownServers(detection.known, known, observation.listed);
  const window = windowOf(observation, logs, monthsUpTo);
  const writes = await writeMonthItems(deps, detection.changes, window);
  await writeKnownServers(store, observed, keepHeldAsBefore(naming.known, writes.held, known), RUN);
  return { observation, logs, error, detection, window, writes, after: knownServersOf(await store.readObserved()) };
}

describe('observe -> date -> write', () => {
  describe('a new server', () => {
    it('is listed, detected as opened, dated at its created_at, written to its month item and packed into its shard', async () => {
      // Prepare
      const setupValues = setup();
      setupValues.solusio.add(fakeServer(7, CREATED));

      // Act
      const { observation, error, detection, writes, after } = await completeRun(setupValues, new Map());

      // Assess
      expect(error).toBeUndefined();
      expect([...observation.listed.values()]).toEqual([{ id: 7, createdAt: CREATED, hostname: 'vps7', state: A }]);
      expect(detection.changes).toEqual([{ kind: 'open', server: { id: 7, createdAt: CREATED, hostname: 'vps7', state: A } }]);
      expect(writes).toEqual({ touched: new Set([7]), held: new Set(), written: new Set([7]) });
      expect(setupValues.store.month(7, '2026-11')).toEqual(month(7, '2026-11', [seg(A, { start: CREATED, startBy: 'created_at', startRun: RUN })], { version: 1, hostname: 'vps7' }));
      expect(setupValues.store.shardWrites).toEqual([7]);
      expect(after).toEqual(new Map([[7, { id: 7, state: A, hostname: 'vps7' }]]));
      expect(setupValues.store.late.size).toBe(0);
    });

    it('created in the month before the items run to: dated from that month, whose item is marked late', async () => {
      // Prepare
      const setupValues = setup();
      const lastOctober = '2026-10-31T23:58:00.000Z';
      setupValues.solusio.add(fakeServer(7, lastOctober));
      const observation = await observeFleet(setupValues.solusio, Deadline.none());

      const opened: DetectedChange = { kind: 'open', server: observation.listed.get(7) as ObservedServer };
      const window = { ...windowOf(observation, NO_LOG_FACTS), floor: '2026-10-01T00:00:00.000Z' };

      // Act
      const [dating] = planDating([opened], window);
      const writes = await writeMonthItems(setupValues.deps, [opened], window);

      // Assess
      expect(dating).toMatchObject({ serverId: 7, firstPeriod: '2026-10', periods: ['2026-10', '2026-11'] });
      expect(writes.written).toEqual(new Set([7]));
      expect(setupValues.store.month(7, '2026-10')?.segments).toEqual([seg(A, { start: lastOctober, startBy: 'created_at', startRun: RUN })]);
      expect(setupValues.store.month(7, '2026-11')?.segments[0]).toMatchObject({ start: '2026-11-01T00:00:00.000Z', startBy: 'period_start' });
      expect(setupValues.store.late).toEqual(new Map([['2026-10', new Set([7])]]));
    });
  });

  describe('a deleted server', () => {
    it('with a delete entry in the activity log: ends at the entry without asking SolusIO, and leaves its shard', async () => {
      // Prepare
      const setupValues = setup();
      const known = await knownServerSeven(setupValues);
      setupValues.solusio.logEvent(ACTIVITY_EVENTS.deleteRequested, DELETE_REQUESTED, 7);

      // Act
      const { logs, detection, writes, after } = await completeRun(setupValues, known);

      // Assess
      expect(logs.deletions).toEqual(new Map([[7, DELETE_REQUESTED]]));
      expect(setupValues.solusio.getServerCalls).toEqual([]);
      expect(detection.changes).toEqual([{ kind: 'end', id: 7, deleteRequestedAt: DELETE_REQUESTED }]);
      expect(writes.written).toEqual(new Set([7]));
      expect(setupValues.store.month(7, '2026-11')).toEqual(
        month(7, '2026-11', [seg(A, { start: '2026-11-03T09:00:00.000Z', startBy: 'created_at', startRun: PREVIOUS, end: DELETE_REQUESTED, endBy: 'activity_log', endRun: RUN })], { version: 2, hostname: 'vps7' }),
      );
      expect(setupValues.store.shardWrites).toEqual([7]);
      expect(after).toEqual(new Map());
    });

    it('gone without a delete entry (404): ends at the last run that listed it', async () => {
      // Prepare
      const setupValues = setup();
      const known = await knownServerSeven(setupValues);

      // Act
      const { detection, after } = await completeRun(setupValues, known);

      // Assess
      expect(setupValues.solusio.getServerCalls).toEqual([7]);
      expect(detection.changes).toEqual([{ kind: 'end', id: 7, lastSeen: PREVIOUS }]);
      expect(setupValues.store.month(7, '2026-11')?.segments).toEqual([
        seg(A, { start: '2026-11-03T09:00:00.000Z', startBy: 'created_at', startRun: PREVIOUS, end: PREVIOUS, endBy: 'run', endRun: RUN }),
      ]);
      expect(after).toEqual(new Map());
    });

    it('not on any page but found by GET servers/{id}: taken as listed, nothing ends and nothing is written', async () => {
      // Prepare
      const setupValues = setup();
      const known = await knownServerSeven(setupValues);
      setupValues.solusio.add(fakeServer(7, '2026-11-03T09:00:00.000Z'));
      setupValues.solusio.hiddenFromPages.add(7);

      // Act
      const { observation, detection, writes, after } = await completeRun(setupValues, known);

      // Assess
      expect(observation.listed.has(7)).toBe(true);
      expect(detection.changes).toEqual([]);
      expect(writes.written).toEqual(new Set());
      expect(setupValues.store.shardWrites).toEqual([]);
      expect(after).toEqual(known);
    });
  });
});
