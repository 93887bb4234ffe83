import { serversRunRecordSchema } from '../runRecordSchema';
import type { SnapshotRuns } from '../ports';
import { canonicalInstant, compareInstants } from '../time';
import type { ServersRunRecord } from '../types';
import { emptyRecord, storeRunRecord } from './runRecord';

/** A delivery already taken in (answered as stored), or a new run and the newest run before it. */
export type RunStart = { readonly replay: ServersRunRecord } | { readonly time: string; readonly previousRun: string | undefined };

/**
 * Step 1, start the run: a delivery of a time already stored answers its record; one older than
 * the newest stored run is recorded `superseded` and applies nothing (state never moves backwards).
 */
export async function startRun(runs: SnapshotRuns, scheduledTime: string): Promise<RunStart> {
  const time = canonicalInstant(scheduledTime);
  const newest = await runs.newestRun('servers', serversRunRecordSchema);
  if (newest === undefined || compareInstants(newest.time, time) < 0) return { time, previousRun: newest?.time };
  const stored = newest.time === time ? newest : await runs.getRun('servers', time, serversRunRecordSchema);
  if (stored) {
    // A delivery that died between storing its record and moving the pointer: move it now (conditional, only forward).
    if (stored.record.complete && stored.record.superseded !== true) {
      const latest = await runs.getLatestCompleteRun('servers');
      if (latest === undefined || compareInstants(latest.time, time) < 0) await runs.advanceLatestComplete('servers', time);
    }
    return { replay: stored.record };
  }
  return { replay: await storeRunRecord(runs, emptyRecord(time, { superseded: true }), []) };
}
