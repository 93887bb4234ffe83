import { ServiceCatalog } from '../../../shared/provisioning/catalog';
import type { SolusioClient } from '../../../shared/solusio/SolusioClient';
import type { CoreDeps } from './core';
import { solusioClientProvider } from './solusio';

export interface CatalogDeps {
  readonly catalog: ServiceCatalog;
}

export function buildCatalogDeps({ config, tuning }: Pick<CoreDeps, 'config' | 'tuning'>, solusio: () => Promise<SolusioClient> = solusioClientProvider(config, tuning)): CatalogDeps {
  // The provisioning budget: below API Gateway's 30 s integration timeout.
  return { catalog: new ServiceCatalog(solusio, tuning.provisioningDeadlineMs ?? 25_000) };
}
