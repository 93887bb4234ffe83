import type { Logger } from '../../logging';
import { NO_LOG_FACTS, type DetectedChange } from '../detectChanges';
import type { SnapshotRuns, SnapshotStore } from '../ports';
import { serversRunRecordSchema } from '../runRecordSchema';
import { canonicalInstant, periodOf } from '../time';
import { knownServersOf, writeKnownServers } from './knownServers';
import { writeMonthItems } from './writeMonthItems';

export interface ConfirmedDeletions {
  /** The SolusIO installation whose run it was. */
  readonly installation: string;
  readonly run: string;
  readonly confirmed: number[];
  readonly alreadyResolved: number[];
}

type Deps = { readonly store: SnapshotStore; readonly runs: Pick<SnapshotRuns, 'getRun' | 'amendRun'>; readonly logger: Logger; readonly settings: { readonly concurrency: number; readonly installation: string } };

/** Ends, at its last sighting, each server that a suspect run held open (POST /v1/runs/{time}/confirm-deletions). */
export async function confirmDeletions(deps: Deps, runTime: string, now: string): Promise<ConfirmedDeletions> {
  const time = canonicalInstant(runTime);
  const stored = await deps.runs.getRun('servers', time, serversRunRecordSchema);
  if (!stored) throw new RunNotFoundError(time);
  if (!stored.record.suspect) throw new RunNotSuspectError(time);
  const observed = await deps.store.readObserved();
  const known = knownServersOf(observed);
  const confirmed: number[] = [];
  const alreadyResolved: number[] = [];
  const changes: DetectedChange[] = [];
  for (const id of stored.record.suspectServerIds) {
    const server = known.get(id);
    if (server?.missingLastSeen === undefined) {
      alreadyResolved.push(id);
      continue;
    }
    confirmed.push(id);
    changes.push({ kind: 'end', id, lastSeen: server.missingLastSeen });
    known.delete(id);
  }
  const stamp = canonicalInstant(now);
  const { held } = await writeMonthItems(deps, changes, { time: stamp, currentPeriod: periodOf(stamp), floor: stamp, previousRun: undefined, monthsUpTo: observed.month, logs: NO_LOG_FACTS });
  // A server whose item is full stays held open, as before the confirmation.
  const before = knownServersOf(observed);
  for (const id of held) {
    const server = before.get(id);
    if (server !== undefined) known.set(id, server);
  }
  await writeKnownServers(deps.store, observed, known, stamp);
  await deps.runs.amendRun('servers', time, { confirmedAt: stamp });
  deps.logger.warn('Deletions of a suspect run confirmed by an admin', { installation: deps.settings.installation, run: time, confirmed });
  return { installation: deps.settings.installation, run: time, confirmed, alreadyResolved };
}

export class RunNotFoundError extends Error {
  constructor(readonly time: string) {
    super(`No snapshot run at ${time}`);
    this.name = 'RunNotFoundError';
  }
}

export class RunNotSuspectError extends Error {
  constructor(readonly time: string) {
    super(`The snapshot run at ${time} held no server open`);
    this.name = 'RunNotSuspectError';
  }
}
