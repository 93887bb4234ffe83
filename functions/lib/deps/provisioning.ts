import { DynamoServiceStore } from '../../../shared/provisioning/DynamoServiceStore';
import { ProvisioningService } from '../../../shared/provisioning/ProvisioningService';
import { DEFAULT_INSTALLATION } from '../../../shared/provisioning/types';
import type { SolusioClient } from '../../../shared/solusio/SolusioClient';
import type { CoreDeps } from './core';
import { solusioClientProvider } from './solusio';
import type { StoreDeps } from './stores';

export interface ProvisioningDeps {
  readonly serviceStore: DynamoServiceStore;
  readonly provisioning: ProvisioningService;
}

export function buildProvisioningDeps(
  { config, db, logger, tuning }: CoreDeps,
  { snapshotStore }: Pick<StoreDeps, 'snapshotStore'>,
  solusio: () => Promise<SolusioClient> = solusioClientProvider(config, tuning),
): ProvisioningDeps {
  const serviceStore = new DynamoServiceStore(db, config.tableName);
  return {
    serviceStore,
    provisioning: new ProvisioningService({
      solusio,
      services: serviceStore,
      ownership: serviceStore,
      prepaid: serviceStore,
      metered: serviceStore,
      changes: snapshotStore,
      logger,
      // Below API Gateway's 30 s integration timeout.
      settings: {
        requestDeadlineMs: tuning.provisioningDeadlineMs ?? 25_000,
        staleClaimMs: tuning.provisioningStaleClaimMs ?? 30_000,
        pollMs: 100,
        createQuarantineMs: config.solusioCreateQuarantineMinutes * 60_000,
        backupSchedule: config.solusioBackupSchedule,
        installation: DEFAULT_INSTALLATION,
      },
    }),
  };
}
