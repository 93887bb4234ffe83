import { serversRunRecordSchema } from '../snapshots/runRecordSchema';
import type { ServersRunRecord } from '../snapshots/types';
import type { DynamoRunRepository, StoredRun } from './runRepository';
import type { RunSummary } from './runSummary';

export type { RunSummary } from './runSummary';

/** Where a page ends: the last run it listed (runs sort by time, newest first, then installation id). */
export interface RunPosition {
  readonly time: string;
  readonly installation: string;
}

/** The run store of one installation. */
export type InstallationRuns = Pick<DynamoRunRepository, 'installation' | 'runsNewestFirst'>;

export function summarizeRun(installation: string, record: ServersRunRecord): RunSummary {
  const gapMinutes = record.gapFrom === undefined ? undefined : Math.floor((Date.parse(record.time) - Date.parse(record.gapFrom)) / 60_000);
  return {
    installation,
    time: record.time,
    complete: record.complete,
    partial: !record.complete,
    suspect: record.suspect,
    serversSeen: record.serversSeen,
    changes: record.changes,
    ...(record.gapFrom === undefined ? {} : { gapFrom: record.gapFrom }),
    ...(gapMinutes === undefined || Number.isNaN(gapMinutes) ? {} : { gapMinutes }),
    ...(record.superseded === undefined ? {} : { superseded: record.superseded }),
    ...(record.error === undefined ? {} : { error: record.error }),
    ...(record.confirmedAt === undefined ? {} : { confirmedAt: record.confirmedAt }),
    ...(record.suspect ? { suspectServerIds: record.suspectServerIds } : {}),
    ...(record.heldServerIds !== undefined && record.heldServerIds.length > 0 ? { heldServerIds: record.heldServerIds } : {}),
  };
}

/** Newest first; at the same time, by installation id. */
function compareNewestFirst(a: RunPosition, b: RunPosition): number {
  if (a.time !== b.time) return a.time < b.time ? 1 : -1;
  return a.installation < b.installation ? -1 : a.installation > b.installation ? 1 : 0;
}

/** Whether `run` sorts after the position a previous page ended at. */
const isAfter = (run: RunPosition, after: RunPosition | undefined): boolean => after === undefined || compareNewestFirst(run, after) > 0;

/**
 * A page of servers runs of the given installations merged newest first, after `after`: each
 * installation's partition is queried once for at most `limit + 2` runs (one may be the run the
 * previous page ended at), so a page costs one Query per installation, never a scan. `next` is set
 * when more runs follow.
 */
export async function listRuns(sources: readonly InstallationRuns[], limit: number, after?: RunPosition): Promise<{ runs: RunSummary[]; next?: RunPosition }> {
  const perSource = await Promise.all(
    sources.map(async (source) => {
      const stored: StoredRun<ServersRunRecord>[] = await source.runsNewestFirst('servers', serversRunRecordSchema, limit + 2, after?.time);
      return stored.map((run) => summarizeRun(source.installation, { ...run.record, time: run.time })).filter((run) => isAfter(run, after));
    }),
  );
  const merged = perSource.flat().sort(compareNewestFirst);
  const runs = merged.slice(0, limit);
  const last = runs[runs.length - 1];
  return { runs, ...(merged.length > limit && last !== undefined ? { next: { time: last.time, installation: last.installation } } : {}) };
}
