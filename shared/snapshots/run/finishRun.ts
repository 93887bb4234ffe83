import type { Logger } from '../../logging';
import type { Detection } from '../detectChanges';
import type { GapStore, ObservedStateStore, SnapshotRuns } from '../ports';
import { minutesBetween } from '../time';
import type { ServersRunRecord } from '../types';
import { changedServerId } from './dateChanges';
import type { SnapshotSettings } from './deps';
import type { ShortLivedFindings } from './findShortLived';
import type { Observation } from './observeFleet';
import { digestOf, storeRunRecord } from './runRecord';
import type { MonthWrites } from './writeMonthItems';

export interface RunOutcome {
  readonly time: string;
  /** Why the run is partial; absent for a complete run. */
  readonly error: string | undefined;
  readonly previousComplete: string | undefined;
  /** The first complete run as stored before this one. */
  readonly firstCompleteRun: string | undefined;
  readonly observation: Observation;
  readonly detection: Detection;
  readonly writes: MonthWrites;
  readonly shortLived: ShortLivedFindings;
  /** Unpriceable servers this run stored first. */
  readonly unbilled: readonly number[];
}

type Deps = {
  readonly store: GapStore & Pick<ObservedStateStore, 'writeMeta'>;
  readonly runs: Pick<SnapshotRuns, 'putRun' | 'advanceLatestComplete'>;
  readonly settings: Pick<SnapshotSettings, 'gapToleranceMinutes'>;
  readonly logger: Logger;
};

/**
 * Step 9, finish the run: a complete run records a gap since the previous complete run (when
 * longer than the tolerance) and, the first time, itself as the first complete run; then the run
 * record is stored (a partial one with the ids it listed), the latest-complete pointer moves and
 * the run is logged. Answers the stored record (a duplicate delivery's, when it stored first).
 */
export async function finishRun(deps: Deps, outcome: RunOutcome): Promise<ServersRunRecord> {
  const { time, error, previousComplete, observation, detection, writes } = outcome;
  const complete = error === undefined;
  let gapFrom: string | undefined;
  if (complete) {
    if (previousComplete !== undefined && minutesBetween(previousComplete, time) > deps.settings.gapToleranceMinutes) {
      gapFrom = previousComplete;
      await deps.store.putGap('servers', { from: previousComplete, to: time, minutes: minutesBetween(previousComplete, time) });
      deps.logger.warn('Snapshot gap: no complete run for longer than the tolerance', { from: previousComplete, to: time });
    }
    if (outcome.firstCompleteRun === undefined) await deps.store.writeMeta({ firstCompleteRun: time });
  }

  const { listed } = observation;
  const { held } = writes;
  const billedShortLived = outcome.shortLived.bills.map((change) => change.server.id).filter((id) => writes.written.has(id));
  const record: ServersRunRecord = {
    kind: 'servers',
    time,
    complete,
    suspect: detection.suspectIds.length > 0,
    suspectServerIds: detection.suspectIds,
    serversSeen: listed.size,
    changes: detection.changes.filter((change) => !held.has(changedServerId(change))).length + billedShortLived.length,
    pages: observation.pages,
    digest: digestOf(listed),
    ...(held.size === 0 ? {} : { heldServerIds: [...held].sort((a, b) => a - b) }),
    ...(billedShortLived.length === 0 ? {} : { shortLivedServerIds: billedShortLived }),
    ...(outcome.unbilled.length === 0 ? {} : { unbilledServerIds: outcome.unbilled }),
    ...(gapFrom === undefined ? {} : { gapFrom }),
    ...(error === undefined ? {} : { error }),
  };
  const stored = await storeRunRecord(deps.runs, record, complete ? [] : [...listed.keys()].sort((a, b) => a - b));
  if (complete) await deps.runs.advanceLatestComplete('servers', time);
  deps.logger.info('Snapshot run', { run: time, complete, serversSeen: listed.size, changes: record.changes, pages: record.pages });
  return stored;
}
