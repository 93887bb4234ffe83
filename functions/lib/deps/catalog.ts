import { DEFAULT_INSTALLATION } from '../../../shared/installations';
import { ServiceCatalog, type CatalogSolusio } from '../../../shared/provisioning/catalog';
import type { CoreDeps } from './core';
import { solusioClientsByInstallation, type SolusioClientsByInstallation } from './solusio';

export interface CatalogDeps {
  readonly catalog: ServiceCatalog;
}

/** The configured installations' ids (a stack without any still names `default`; its client then says what is missing). */
export function configuredInstallationIds(config: CoreDeps['config']): readonly string[] {
  const ids = config.installations.map((installation) => installation.id);
  return ids.length > 0 ? ids : [DEFAULT_INSTALLATION];
}

const clientOf = (clients: SolusioClientsByInstallation) => (installation: string) => clients(installation)();

/**
 * The catalog over every configured installation, each read from its own SolusIO. `solusioOf`
 * replaces the clients (a test's one SolusIO: a provider that ignores the installation).
 */
export function buildCatalogDeps(
  { config, tuning }: Pick<CoreDeps, 'config' | 'tuning'>,
  solusioOf: (installation: string) => Promise<CatalogSolusio> = clientOf(solusioClientsByInstallation(config, tuning)),
): CatalogDeps {
  // The provisioning budget: below API Gateway's 30 s integration timeout.
  return { catalog: new ServiceCatalog(solusioOf, tuning.provisioningDeadlineMs ?? 25_000, configuredInstallationIds(config)) };
}
