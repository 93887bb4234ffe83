/** The provisioning API's domain: services keyed by the billing system's ref, idempotent hooks. */
export { ProvisioningService } from './ProvisioningService';
export { catalogView, mergedCatalogView, ServiceCatalog } from './catalog';
export type { CatalogLists, CatalogSolusio } from './catalog';
export { createRequestHash } from './createService';
export type { ProvisioningDeps, ProvisioningSettings } from './context';
export type { ProvisioningSolusio, ServiceRepository, ServerOwnershipRepository, ApiChangeRecorder, MeteredServerRegistry, PrepaidServerRegistry, OwnershipClaim } from './ports';
export { DynamoServiceStore } from './DynamoServiceStore';
export type { ServiceRecord } from './types';
export { DEFAULT_INSTALLATION } from './types';
export * from './errors';
export * from './schemas';
export { carriesMarker, serverMarker } from './serverMarker';
export { runIdempotently, requestHashOf, IdempotencyKeyReusedError } from './idempotency';
export type { IdempotencyRecord, IdempotencyRepository, StoredResponse } from './idempotency';
