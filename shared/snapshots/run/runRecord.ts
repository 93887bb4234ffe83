import { createHash } from 'node:crypto';
import { parseInstant } from '../../billing';
import type { ObservedServer } from '../detectChanges';
import { stateKey } from '../packedState';
import type { SnapshotRuns } from '../ports';
import { serversRunRecordSchema } from '../runRecordSchema';
import type { ServersRunRecord } from '../types';

/** Runs kept when they changed nothing expire after this (design.md). */
const UNCHANGED_RUN_RETENTION_DAYS = 35;

/** SHA-256 of the observed set: each listed id and its state key, in id order. */
export function digestOf(listed: ReadonlyMap<number, ObservedServer>): string {
  const hash = createHash('sha256');
  for (const id of [...listed.keys()].sort((a, b) => a - b)) hash.update(`${id}:${stateKey((listed.get(id) as ObservedServer).state)}\n`);
  return hash.digest('hex');
}

/** The record of a run that saw and changed nothing (a superseded delivery). */
export function emptyRecord(time: string, extra: Partial<ServersRunRecord>): ServersRunRecord {
  return {
    kind: 'servers',
    time,
    complete: false,
    suspect: false,
    suspectServerIds: [],
    serversSeen: 0,
    changes: 0,
    pages: 0,
    digest: digestOf(new Map()),
    ...extra,
  };
}

/**
 * Stores the run once (a duplicate delivery gets the first one's record back); a partial run keeps
 * the ids it listed, and a run that keeps nothing worth auditing expires.
 */
export async function storeRunRecord(runs: Pick<SnapshotRuns, 'putRun'>, record: ServersRunRecord, seenIds: number[]): Promise<ServersRunRecord> {
  const keepsNothing =
    record.complete && record.changes === 0 && !record.suspect && record.gapFrom === undefined && record.heldServerIds === undefined && record.unbilledServerIds === undefined;
  const expiresAt = keepsNothing || record.superseded ? Math.floor(parseInstant(record.time) / 1000) + UNCHANGED_RUN_RETENTION_DAYS * 86_400 : undefined;
  const { stored } = await runs.putRun(
    'servers',
    { time: record.time, record, complete: record.complete, ...(record.complete ? {} : { seenIds }), ...(expiresAt === undefined ? {} : { expiresAt }) },
    serversRunRecordSchema,
  );
  return stored.record;
}
