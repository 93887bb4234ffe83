export { DynamoBackupStore } from './DynamoBackupStore';
export type { StoredBackup } from './DynamoBackupStore';
export { BackupSnapshotter, backupsRunRecordSchema } from './BackupSnapshotter';
export type { BackupsRunRecord, BackupSnapshotterDeps } from './BackupSnapshotter';
