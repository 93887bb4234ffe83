import * as z from 'zod';
import { mapWithConcurrency } from '../async';
import { parseInstant } from '../billing';
import type { Logger } from '../logging';
import type { DynamoRunRepository } from '../runs';
import type { DynamoSnapshotStore } from '../snapshots/DynamoSnapshotStore';
import { unpackFleet } from '../snapshots/packedState';
import { canonicalInstant, compareInstants } from '../snapshots/time';
import { Deadline, SolusNotFoundError, type SolusBackup } from '../solusio';
import type { DynamoBackupStore, StoredBackup } from './DynamoBackupStore';

/** The backups run record (local-contract.md). */
export interface BackupsRunRecord {
  readonly kind: 'backups';
  readonly time: string;
  readonly complete: boolean;
  readonly serversVisited: number;
  readonly backupsSeen: number;
  readonly changes: number;
  readonly superseded?: boolean;
  readonly error?: string;
}

export const backupsRunRecordSchema: z.ZodType<BackupsRunRecord> = z.object({
  kind: z.literal('backups'),
  time: z.string(),
  complete: z.boolean(),
  serversVisited: z.number(),
  backupsSeen: z.number(),
  changes: z.number(),
  superseded: z.boolean().optional(),
  error: z.string().optional(),
});

export interface BackupSnapshotterDeps {
  readonly solusio: () => Promise<{ listServerBackups(serverId: number, deadline: Deadline): Promise<SolusBackup[]> }>;
  readonly snapshots: DynamoSnapshotStore;
  readonly backups: DynamoBackupStore;
  readonly runs: DynamoRunRepository;
  readonly logger: Logger;
  readonly settings: { readonly runDeadlineMs: number; readonly concurrency: number };
}

const RETENTION_SECONDS = 35 * 86_400;

/**
 * The snapshot-backups job (design.md): visits only the servers with backups enabled (SolusIO lists
 * backups per server), writes a backup when first seen and when its status or size changes, and
 * marks it deleted when a complete run no longer lists it.
 */
export class BackupSnapshotter {
  constructor(private readonly deps: BackupSnapshotterDeps) {}

  async run(scheduledTime: string): Promise<BackupsRunRecord> {
    const { runs } = this.deps;
    const time = canonicalInstant(scheduledTime);
    const newest = await runs.newestRun('backups', backupsRunRecordSchema);
    if (newest !== undefined && compareInstants(newest.time, time) >= 0) {
      const stored = newest.time === time ? newest : await runs.getRun('backups', time, backupsRunRecordSchema);
      if (stored) return stored.record;
      return this.store({ kind: 'backups', time, complete: false, serversVisited: 0, backupsSeen: 0, changes: 0, superseded: true });
    }

    const observed = await this.deps.snapshots.readObserved();
    const serverIds = [...unpackFleet(observed.shards.values()).values()]
      .filter((server) => server.state.backupsEnabled && server.deletedAt === undefined)
      .map((server) => server.id)
      .sort((a, b) => a - b);

    const deadline = Deadline.after(this.deps.settings.runDeadlineMs);
    const solusio = await this.deps.solusio();
    let failures = 0;
    let backupsSeen = 0;
    let changes = 0;
    const deletions: StoredBackup[] = [];
    await mapWithConcurrency(serverIds, this.deps.settings.concurrency, async (serverId) => {
      let listed: SolusBackup[];
      try {
        listed = await solusio.listServerBackups(serverId, deadline);
      } catch (error) {
        if (error instanceof SolusNotFoundError) return; // deleted since the servers run: its run will end it
        failures += 1;
        this.deps.logger.warn('Could not list a server\'s backups', { server: serverId, error: error instanceof Error ? error.message : String(error) });
        return;
      }
      backupsSeen += listed.length;
      const stored = new Map((await this.deps.backups.listForServer(serverId)).map((backup) => [backup.backupId, backup]));
      const seen = new Set<number>();
      for (const backup of listed) {
        seen.add(backup.id);
        const before = stored.get(backup.id);
        if (before && before.deletedRun === undefined && before.status === backup.status && before.size === backup.size) continue;
        changes += 1;
        await this.deps.backups.put({
          serverId,
          backupId: backup.id,
          type: backup.type,
          creationMethod: backup.creationMethod,
          status: backup.status,
          size: backup.size,
          createdAt: backup.createdAt,
          firstSeenRun: before?.firstSeenRun ?? time,
          changedRun: time,
        });
      }
      for (const before of stored.values()) if (!seen.has(before.backupId) && before.deletedRun === undefined) deletions.push(before);
    });
    const complete = failures === 0;
    if (complete) {
      // Only a run that listed every visited server may conclude that a backup is gone.
      for (const backup of deletions) await this.deps.backups.put({ ...backup, deletedRun: time });
      changes += deletions.length;
    }
    const record: BackupsRunRecord = {
      kind: 'backups',
      time,
      complete,
      serversVisited: serverIds.length,
      backupsSeen,
      changes,
      ...(complete ? {} : { error: `${failures} server(s) could not be listed` }),
    };
    const stored = await this.store(record);
    if (complete) await runs.advanceLatestComplete('backups', time);
    this.deps.logger.info('Backups run', { run: time, complete, serversVisited: record.serversVisited, changes });
    return stored;
  }

  private async store(record: BackupsRunRecord): Promise<BackupsRunRecord> {
    const expiresAt = record.changes === 0 ? Math.floor(parseInstant(record.time) / 1000) + RETENTION_SECONDS : undefined;
    const { stored } = await this.deps.runs.putRun(
      'backups',
      { time: record.time, record, complete: record.complete, ...(expiresAt === undefined ? {} : { expiresAt }) },
      backupsRunRecordSchema,
    );
    return stored.record;
  }
}
