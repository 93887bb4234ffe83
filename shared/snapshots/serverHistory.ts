import { customerReference, periodBounds, type Period } from '../billing';
import type { DynamoRunRepository } from '../runs';
import type { DynamoBackupStore, StoredBackup } from '../backups';
import type { DynamoSnapshotStore, Gap } from './DynamoSnapshotStore';
import { serversRunRecordSchema } from './runRecordSchema';
import type { BoundarySource, ServersRunRecord, StoredSegment } from './types';

/** One segment as the audit read shows it. */
export interface HistorySegment {
  readonly start: string;
  /** null: open (through the month's end, or as of the latest complete run in the current month). */
  readonly end: string | null;
  readonly startBy: BoundarySource;
  readonly endBy: BoundarySource | null;
  readonly startRun: string | null;
  readonly endRun: string | null;
  readonly owner: { readonly userId: number; readonly billingUserId: number | null };
  readonly customer: string;
  readonly plan: StoredSegment['plan'];
  readonly backupsEnabled: boolean;
  readonly suspended: boolean;
  readonly additionalIpCount: number;
}

export interface ServerHistory {
  /** The SolusIO installation the server belongs to. */
  readonly installation: string;
  readonly serverId: number;
  readonly period: Period;
  readonly segments: HistorySegment[];
  /** The runs that recorded a boundary of these segments. */
  readonly runs: Pick<ServersRunRecord, 'time' | 'complete' | 'suspect' | 'changes'>[];
  readonly gaps: Gap[];
  readonly backups: StoredBackup[];
}

export class UnknownServerError extends Error {
  constructor(
    readonly serverId: number,
    readonly period: Period,
  ) {
    super(`Server ${serverId} has no record in ${period}`);
    this.name = 'UnknownServerError';
  }
}

/** Why a server was charged what it was: its segments, the runs behind them, gaps and backups (audit read). */
export async function serverHistory(
  deps: { store: DynamoSnapshotStore; runs: DynamoRunRepository; backups: DynamoBackupStore },
  serverId: number,
  period: Period,
): Promise<ServerHistory> {
  const month = await deps.store.getServerMonth(serverId, period);
  if (!month || month.segments.length === 0) throw new UnknownServerError(serverId, period);
  const { start, end } = periodBounds(period);
  const runTimes = [...new Set(month.segments.flatMap((segment) => [segment.startRun, segment.endRun]).filter((time): time is string => time !== undefined))].sort();
  const [runs, gaps, backups] = await Promise.all([
    Promise.all(runTimes.map((time) => deps.runs.getRun('servers', time, serversRunRecordSchema))),
    deps.store.gapsOverlapping('servers', start, end),
    deps.backups.listForServer(serverId),
  ]);
  return {
    installation: deps.store.installation,
    serverId,
    period,
    segments: month.segments.map((segment) => ({
      start: segment.start,
      end: segment.end ?? null,
      startBy: segment.startBy,
      endBy: segment.endBy ?? null,
      startRun: segment.startRun ?? null,
      endRun: segment.endRun ?? null,
      owner: segment.owner,
      customer: customerReference(segment.owner),
      plan: segment.plan,
      backupsEnabled: segment.backupsEnabled,
      suspended: segment.suspended,
      additionalIpCount: segment.additionalIpCount,
    })),
    runs: runs
      .filter((run) => run !== undefined)
      .map(({ record }) => ({ time: record.time, complete: record.complete, suspect: record.suspect, changes: record.changes })),
    gaps,
    backups,
  };
}
