import { DynamoBackupStore } from '../../../shared/backups/DynamoBackupStore';
import { DynamoSnapshotStore } from '../../../shared/snapshots/DynamoSnapshotStore';
import type { CoreDeps } from './core';

/** The snapshot and backup items, read by several families (no SolusIO client). */
export interface StoreDeps {
  readonly snapshotStore: DynamoSnapshotStore;
  readonly backupStore: DynamoBackupStore;
}

export function buildStoreDeps({ db, config }: CoreDeps): StoreDeps {
  return { snapshotStore: new DynamoSnapshotStore(db, config.tableName), backupStore: new DynamoBackupStore(db, config.tableName) };
}
