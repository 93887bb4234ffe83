import { DynamoServiceStore } from '../../../shared/provisioning/DynamoServiceStore';
import { ProvisioningService } from '../../../shared/provisioning/ProvisioningService';
import type { ApiChangeRecorder } from '../../../shared/provisioning/ports';
import { DEFAULT_INSTALLATION } from '../../../shared/provisioning/types';
import type { SolusioClient } from '../../../shared/solusio/SolusioClient';
import { configuredInstallationIds } from './catalog';
import type { CoreDeps } from './core';
import { solusioClientsByInstallation, type SolusioClientsByInstallation } from './solusio';
import type { StoreDeps } from './stores';

export interface ProvisioningDeps {
  readonly serviceStore: DynamoServiceStore;
  readonly provisioning: ProvisioningService;
}

/** Which SolusIO provisioning calls: one client for every installation (tests), or each installation's own. */
export type ProvisioningSolusioSource = (() => Promise<SolusioClient>) | { readonly byInstallation: SolusioClientsByInstallation };

/** Where an installation's API changes are recorded; until a store is scoped to it, the snapshot run dates them. */
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
      changesOf: changesOf ?? ((installation) => (installation === DEFAULT_INSTALLATION ? snapshotStore : UNRECORDED)),
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

/** Records nothing: the snapshot run that observes the change dates it (as when a month is full). */
const UNRECORDED: ApiChangeRecorder = { recordApiChange: async () => false };
