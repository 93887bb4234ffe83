import { ApiKeyExistsError, SCOPES, hashApiKey, type ApiKeyAdmin, type ApiKeyRepository } from '../shared/auth';
import { LocalStartError } from './localStartError';

export interface LocalAdminKey {
  readonly id: string;
  readonly keyHash: string;
}

/**
 * Stores the local stack's admin key (every scope), or keeps the one already stored: a restart on a
 * DynamoDB that outlives the stack (DYNAMODB_ENDPOINT) finds its key there, and the put never
 * overwrites. A key revoked there stays revoked: starting with it is refused.
 */
export async function ensureLocalAdminKey(admin: ApiKeyAdmin, repository: ApiKeyRepository, key: string, now: string): Promise<LocalAdminKey> {
  try {
    const created = await admin.create({ name: 'local-admin', scopes: [...SCOPES] }, now, key);
    return { id: created.id, keyHash: hashApiKey(key) };
  } catch (error) {
    if (!(error instanceof ApiKeyExistsError && error.conflict === 'hash')) throw error;
  }
  const stored = await repository.get(hashApiKey(key));
  if (!stored) throw new LocalStartError('The admin API key is stored and yet could not be read back; start again.');
  if (stored.revokedAt !== undefined) {
    throw new LocalStartError(`The admin API key (${stored.prefix}...) was revoked at ${stored.revokedAt}: set BRIDGE_ADMIN_KEY to another key.`);
  }
  return { id: stored.id, keyHash: stored.keyHash };
}
