import { DynamoBackupStore } from '../../../shared/backups/DynamoBackupStore';
import type { BridgeConfig } from '../../../shared/config';
import { DEFAULT_INSTALLATION, perInstallation } from '../../../shared/installations';
import { DynamoRunRepository } from '../../../shared/runs/runRepository';
import { DynamoSnapshotStore } from '../../../shared/snapshots/DynamoSnapshotStore';
import type { CoreDeps } from './core';
import type { StoreDeps } from './stores';

/** One installation's snapshot items: observed state, months, gaps, unbilled, backups, runs. */
export interface InstallationStores {
  readonly installation: string;
  readonly snapshotStore: DynamoSnapshotStore;
  readonly backupStore: DynamoBackupStore;
  readonly runs: DynamoRunRepository;
}

/** Every configured installation's snapshot items, by id. */
export interface InstallationStoreDeps {
  readonly installationStores: {
    /** The configured installations, in configuration order. */
    readonly ids: readonly string[];
    /** An installation's stores; one not configured is refused (`InstallationChoiceError`, `unknown_installation`). */
    readonly of: (installation: string) => InstallationStores;
  };
}

/**
 * The ids a stack snapshots: the configured ones, or `default` when none is configured (a function
 * that never calls SolusIO still reads the single installation's items, as before installations).
 */
export function configuredInstallationIds(config: BridgeConfig): readonly string[] {
  return config.installations.length === 0 ? [DEFAULT_INSTALLATION] : config.installations.map((installation) => installation.id);
}

/** The default installation keeps the stores every family shares (`StoreDeps`, `CoreDeps.runs`); any other gets its own. */
export function buildInstallationStoreDeps({ config, db, runs }: CoreDeps, { snapshotStore, backupStore }: StoreDeps): InstallationStoreDeps {
  const ids = configuredInstallationIds(config);
  const of = perInstallation(ids, (installation): InstallationStores =>
    installation === DEFAULT_INSTALLATION
      ? { installation, snapshotStore, backupStore, runs }
      : {
          installation,
          snapshotStore: new DynamoSnapshotStore(db, config.tableName, installation),
          backupStore: new DynamoBackupStore(db, config.tableName, installation),
          runs: new DynamoRunRepository(db, config.tableName, installation),
        },
  );
  return { installationStores: { ids, of } };
}
