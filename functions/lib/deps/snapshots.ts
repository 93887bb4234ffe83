import { BackupSnapshotter } from '../../../shared/backups/BackupSnapshotter';
import { DynamoServiceStore } from '../../../shared/provisioning/DynamoServiceStore';
import { DEFAULT_INSTALLATION } from '../../../shared/provisioning/types';
import { ServerSnapshotter } from '../../../shared/snapshots/ServerSnapshotter';
import type { SolusioClient } from '../../../shared/solusio/SolusioClient';
import type { CoreDeps } from './core';
import { solusioClientProvider } from './solusio';
import type { StoreDeps } from './stores';

export interface SnapshotDeps {
  solusio(): Promise<SolusioClient>;
  readonly serverSnapshotter: ServerSnapshotter;
  readonly backupSnapshotter: BackupSnapshotter;
}

export function buildSnapshotDeps({ config, db, runs, logger }: CoreDeps, { snapshotStore, backupStore }: StoreDeps, solusio = solusioClientProvider(config)): SnapshotDeps {
  const runDeadlineMs = config.snapshotDeadlineSeconds * 1000;
  return {
    solusio,
    serverSnapshotter: new ServerSnapshotter({
      solusio,
      store: snapshotStore,
      runs,
      logger,
      // Short-lived servers the provisioning API made are billed from its records.
      provisioned: new DynamoServiceStore(db, config.tableName),
      settings: {
        gapToleranceMinutes: config.gapToleranceMinutes,
        suspectPolicy: { minServers: config.suspectMinServers, fraction: config.suspectPercent / 100 },
        ...(config.billingStart === undefined ? {} : { billingStart: config.billingStart }),
        runDeadlineMs,
        concurrency: 8,
        installation: DEFAULT_INSTALLATION,
      },
    }),
    backupSnapshotter: new BackupSnapshotter({
      solusio,
      snapshots: snapshotStore,
      backups: backupStore,
      runs,
      logger,
      settings: { runDeadlineMs, concurrency: 8 },
    }),
  };
}
