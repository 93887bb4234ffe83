import { DynamoServiceStore } from '../../../shared/provisioning/DynamoServiceStore';
import { ProvisioningService } from '../../../shared/provisioning/ProvisioningService';
import type { ApiChangeRecorder } from '../../../shared/provisioning/ports';
import { DynamoSnapshotStore } from '../../../shared/snapshots/DynamoSnapshotStore';
import { DEFAULT_INSTALLATION } from '../../../shared/provisioning/types';
import type { SolusioClient } from '../../../shared/solusio/SolusioClient';
import { configuredInstallationIds, perInstallation } from './installationStores';
import type { CoreDeps } from './core';
import { solusioClientsByInstallation, type SolusioClientsByInstallation } from './solusio';
import type { StoreDeps } from './stores';

export interface ProvisioningDeps {
  readonly serviceStore: DynamoServiceStore;
  readonly provisioning: ProvisioningService;
}

/** Which SolusIO provisioning calls: one client for every installation (tests), or each installation's own. */
export type ProvisioningSolusioSource = (() => Promise<SolusioClient>) | { readonly byInstallation: SolusioClientsByInstallation };

/** Where an installation's API changes are recorded: its own month items, as its snapshot runs read them. */
export type ApiChangeRecorders = (installation: string) => ApiChangeRecorder;

export function buildProvisioningDeps(
  { config, db, logger, tuning }: CoreDeps,
  { snapshotStore, changesOf }: Pick<StoreDeps, 'snapshotStore'> & { readonly changesOf?: ApiChangeRecorders },
  solusio: ProvisioningSolusioSource = { byInstallation: solusioClientsByInstallation(config, tuning) },
): ProvisioningDeps {
  const serviceStore = new DynamoServiceStore(db, config.tableName);
  return {
    serviceStore,
    provisioning: new ProvisioningService({
      ...(typeof solusio === 'function' ? { solusio } : { solusioOf: solusio.byInstallation }),
      services: serviceStore,
      ownership: serviceStore,
      prepaid: serviceStore,
      metered: serviceStore,
      changes: snapshotStore,
      changesOf: changesOf ?? perInstallation(configuredInstallationIds(config), (installation) => (installation === DEFAULT_INSTALLATION ? snapshotStore : new DynamoSnapshotStore(db, config.tableName, installation))),
      logger,
      // Below API Gateway's 30 s integration timeout.
      settings: {
        requestDeadlineMs: tuning.provisioningDeadlineMs ?? 25_000,
        staleClaimMs: tuning.provisioningStaleClaimMs ?? 30_000,
        pollMs: 100,
        createQuarantineMs: config.solusioCreateQuarantineMinutes * 60_000,
        backupSchedule: config.solusioBackupSchedule,
        installations: configuredInstallationIds(config),
      },
    }),
  };
}
