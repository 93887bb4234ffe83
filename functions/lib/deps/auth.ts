import { ApiKeyAdmin } from '../../../shared/auth/apiKeyAdmin';
import { DynamoApiKeyRepository } from '../../../shared/auth/apiKeyRepository';
import { ApiKeyVerifier } from '../../../shared/auth/apiKeyVerifier';
import type { CoreDeps } from './core';

export interface AuthDeps {
  readonly apiKeys: ApiKeyVerifier;
  /** Creates, lists and revokes keys; keeps `apiKeys` of this process in step with what it does. */
  readonly apiKeyAdmin: ApiKeyAdmin;
}

export function buildAuthDeps({ db, config, logger }: CoreDeps): AuthDeps {
  const repository = new DynamoApiKeyRepository(db, config.tableName);
  const apiKeys = new ApiKeyVerifier(repository, { logger });
  return { apiKeys, apiKeyAdmin: new ApiKeyAdmin(repository, { verifier: apiKeys, logger }) };
}
