import { BackupSnapshotter } from '../../../shared/backups/BackupSnapshotter';
import { DynamoServiceStore } from '../../../shared/provisioning/DynamoServiceStore';
import { ServerSnapshotter } from '../../../shared/snapshots/ServerSnapshotter';
import type { CoreDeps } from './core';
import { perInstallation } from '../../../shared/installations';
import { buildInstallationStoreDeps, type InstallationStoreDeps, type InstallationStores } from './installationStores';
import { solusioClientsByInstallation, type SolusioClientProvider, type SolusioClientsByInstallation } from './solusio';
import type { StoreDeps } from './stores';

/** One installation's snapshot pipeline: its snapshotters over its own SolusIO client and stores. */
export interface InstallationSnapshots extends InstallationStores {
  readonly serverSnapshotter: ServerSnapshotter;
  readonly backupSnapshotter: BackupSnapshotter;
}

export interface SnapshotDeps extends InstallationStoreDeps {
  readonly installationSnapshots: {
    /** The configured installations, in configuration order. */
    readonly ids: readonly string[];
    /** An installation's pipeline, built on first use; one not configured is refused (`InstallationChoiceError`, `unknown_installation`). */
    readonly of: (installation: string) => InstallationSnapshots;
  };
}

/**
 * Where the snapshotters' SolusIO clients come from: a bare provider serves every installation (a
 * single-installation stack or test); `byInstallation` gives each its own (tests with several);
 * default: each configured installation's URL and token.
 */
export type SnapshotClients = SolusioClientProvider | { readonly byInstallation: SolusioClientsByInstallation };

export function buildSnapshotDeps(core: CoreDeps, stores: StoreDeps, clients?: SnapshotClients): SnapshotDeps {
  const { config, db, logger } = core;
  const clientOf: SolusioClientsByInstallation =
    clients === undefined ? solusioClientsByInstallation(config, core.tuning) : typeof clients === 'function' ? () => clients : clients.byInstallation;
  const storeDeps = buildInstallationStoreDeps(core, stores);
  const runDeadlineMs = config.snapshotDeadlineSeconds * 1000;
  // Short-lived servers the provisioning API made are billed from its records (keyed by installation).
  const provisioned = new DynamoServiceStore(db, config.tableName);
  const { ids } = storeDeps.installationStores;
  const of = perInstallation(ids, (installation): InstallationSnapshots => {
    const scoped = storeDeps.installationStores.of(installation);
    // Resolved on first use: confirming deletions needs no SolusIO (nor its token).
    const solusio = () => clientOf(installation)();
    return {
      ...scoped,
      serverSnapshotter: new ServerSnapshotter({
        solusio,
        store: scoped.snapshotStore,
        runs: scoped.runs,
        logger,
        provisioned,
        settings: {
          gapToleranceMinutes: config.gapToleranceMinutes,
          suspectPolicy: { minServers: config.suspectMinServers, fraction: config.suspectPercent / 100 },
          ...(config.billingStart === undefined ? {} : { billingStart: config.billingStart }),
          runDeadlineMs,
          concurrency: 8,
          installation,
        },
      }),
      backupSnapshotter: new BackupSnapshotter({
        solusio,
        snapshots: scoped.snapshotStore,
        backups: scoped.backupStore,
        runs: scoped.runs,
        logger,
        settings: { runDeadlineMs, concurrency: 8 },
      }),
    };
  });
  return { ...storeDeps, installationSnapshots: { ids, of } };
}
