import { DynamoServiceStore } from '../../../shared/provisioning/DynamoServiceStore';
import { ProvisioningService } from '../../../shared/provisioning/ProvisioningService';
import type { SolusioClient } from '../../../shared/solusio/SolusioClient';
import type { CoreDeps } from './core';
import { solusioClientProvider } from './solusio';
import type { StoreDeps } from './stores';

export interface ProvisioningDeps {
  readonly serviceStore: DynamoServiceStore;
  readonly provisioning: ProvisioningService;
}

export function buildProvisioningDeps(
  { config, db, logger }: CoreDeps,
  { snapshotStore }: Pick<StoreDeps, 'snapshotStore'>,
  solusio: () => Promise<SolusioClient> = solusioClientProvider(config),
): ProvisioningDeps {
  const serviceStore = new DynamoServiceStore(db, config.tableName);
  return {
    serviceStore,
    provisioning: new ProvisioningService({
      solusio,
      services: serviceStore,
      snapshots: snapshotStore,
      logger,
      // Below API Gateway's 30 s integration timeout.
      settings: { requestDeadlineMs: 25_000, staleClaimMs: 30_000, pollMs: 100 },
    }),
  };
}
