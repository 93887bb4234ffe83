export { SCOPES, grants } from './scopes';
export type { Scope } from './scopes';
export { hashApiKey, generateApiKey } from './apiKeyHash';
export { DynamoApiKeyRepository } from './apiKeyRepository';
export type { ApiKeyRecord, ApiKeyRepository } from './apiKeyRepository';
export { ApiKeyVerifier } from './apiKeyVerifier';
export type { ApiKeyVerifierOptions } from './apiKeyVerifier';
