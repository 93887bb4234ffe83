/** The provisioning API's domain: services keyed by the billing system's ref, idempotent hooks. */
export { ProvisioningService, mapSolusioError, createRequestHash, BadGatewayError, GatewayTimeoutError } from './ProvisioningService';
export type { ProvisioningDeps, ProvisioningSettings, ProvisioningSolusio } from './ProvisioningService';
export { DynamoServiceStore } from './DynamoServiceStore';
export type { ServiceRecord, IdempotencyRecord } from './DynamoServiceStore';
export * from './schemas';
export { runIdempotently, requestHashOf, IdempotencyKeyReusedError } from './idempotency';
export type { StoredResponse } from './idempotency';
