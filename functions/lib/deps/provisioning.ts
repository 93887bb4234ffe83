import { DynamoServiceStore } from '../../../shared/provisioning/DynamoServiceStore';
import { ProvisioningService } from '../../../shared/provisioning/ProvisioningService';
import type { SolusioClient } from '../../../shared/solusio/SolusioClient';
import { buildInstallationStoreDeps } from './installationStores';
import type { CoreDeps } from './core';
import { solusioClientsByInstallation, type SolusioClientsByInstallation } from './solusio';
import type { StoreDeps } from './stores';

export interface ProvisioningDeps {
  readonly serviceStore: DynamoServiceStore;
  readonly provisioning: ProvisioningService;
}

/** Which SolusIO provisioning calls: one client for every installation (tests), or each installation's own. */
export type ProvisioningSolusioSource = (() => Promise<SolusioClient>) | { readonly byInstallation: SolusioClientsByInstallation };

export function buildProvisioningDeps(
  core: CoreDeps,
  stores: StoreDeps,
  solusio: ProvisioningSolusioSource = { byInstallation: solusioClientsByInstallation(core.config, core.tuning) },
): ProvisioningDeps {
  const { config, db, logger, tuning } = core;
  // An installation's API changes go into its own month items, where its snapshot runs read them.
  const { installationStores } = buildInstallationStoreDeps(core, stores);
  const serviceStore = new DynamoServiceStore(db, config.tableName);
  return {
    serviceStore,
    provisioning: new ProvisioningService({
      ...(typeof solusio === 'function' ? { solusio } : { solusioOf: solusio.byInstallation }),
      services: serviceStore,
      ownership: serviceStore,
      prepaid: serviceStore,
      metered: serviceStore,
      changes: stores.snapshotStore,
      changesOf: (installation) => installationStores.of(installation).snapshotStore,
      logger,
      // Below API Gateway's 30 s integration timeout.
      settings: {
        requestDeadlineMs: tuning.provisioningDeadlineMs ?? 25_000,
        staleClaimMs: tuning.provisioningStaleClaimMs ?? 30_000,
        pollMs: 100,
        createQuarantineMs: config.solusioCreateQuarantineMinutes * 60_000,
        backupSchedule: config.solusioBackupSchedule,
        installations: installationStores.ids,
      },
    }),
  };
}
