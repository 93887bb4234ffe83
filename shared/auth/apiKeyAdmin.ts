import * as z from 'zod';
import type { Logger } from '../logging';
import { apiKeyPrefix, generateApiKey, generateApiKeyId, hashApiKey } from './apiKeyHash';
import type { ApiKeyRecord, ApiKeyRepository } from './apiKeyRepository';
import type { ApiKeyVerifier } from './apiKeyVerifier';
import { ApiKeyNotFoundError } from './errors';
import { SCOPES, type Scope } from './scopes';

/** What a new key is created with: the HTTP API and the ops command validate with this one schema. */
export const newApiKeyInput = z.strictObject({
  name: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .regex(/^[^\p{Cc}]*$/u, 'must not contain control characters'),
  scopes: z
    .array(z.enum(SCOPES))
    .min(1)
    .transform((scopes) => [...new Set(scopes)]),
});

export type NewApiKeyInput = z.infer<typeof newApiKeyInput>;

/** A created key: the only answer that ever holds the key itself. */
export interface CreatedApiKey {
  readonly id: string;
  readonly name: string;
  readonly scopes: readonly Scope[];
  readonly prefix: string;
  readonly key: string;
  readonly createdAt: string;
}

/** A key as listed: no key material, not even its hash. */
export interface ApiKeySummary {
  readonly id: string;
  readonly name: string;
  readonly scopes: readonly Scope[];
  readonly prefix: string;
  readonly createdAt: string;
  readonly lastUsedAt: string | null;
  readonly revokedAt: string | null;
}

export interface ApiKeyAdminOptions {
  /** This process's verifier: told about keys created and revoked here, so it never lags behind them. */
  readonly verifier?: ApiKeyVerifier;
  readonly logger?: Logger;
}

/** Creates, lists and revokes keys (the `/v1/keys` API, the ops command, the local stack's admin key). */
export class ApiKeyAdmin {
  constructor(
    private readonly repository: ApiKeyRepository,
    private readonly options: ApiKeyAdminOptions = {},
  ) {}

  /** Stores a new key (or the given one) and returns it, the one time it is shown. */
  async create(input: NewApiKeyInput, now: string, key: string = generateApiKey()): Promise<CreatedApiKey> {
    const record: ApiKeyRecord = {
      id: generateApiKeyId(),
      keyHash: hashApiKey(key),
      name: input.name,
      scopes: input.scopes,
      prefix: apiKeyPrefix(key),
      createdAt: now,
    };
    await this.repository.create(record);
    this.options.verifier?.remember(record);
    return { id: record.id, name: record.name, scopes: record.scopes, prefix: record.prefix, key, createdAt: record.createdAt };
  }

  async list(): Promise<ApiKeySummary[]> {
    const records = await this.repository.list();
    for (const record of records) {
      if (record.unknownScopes) {
        this.options.logger?.warn('API key holds unknown scopes; they are ignored', { keyId: record.id, unknownScopes: record.unknownScopes });
      }
    }
    return records.map(summary);
  }

  /** A key's summary read afresh (its last use as the authorizer recorded it, which a cached record may lack); undefined when no key has the hash. */
  async describe(keyHash: string): Promise<ApiKeySummary | undefined> {
    const record = await this.repository.get(keyHash);
    return record === undefined ? undefined : summary(record);
  }

  /** Revokes the key with this id (again: a no-op keeping the first time); ApiKeyNotFoundError if none. */
  async revoke(id: string, now: string): Promise<ApiKeySummary> {
    const revoked = await this.repository.revoke(id, now);
    if (!revoked) throw new ApiKeyNotFoundError(id);
    this.options.verifier?.forget(revoked.keyHash);
    return summary(revoked);
  }
}

function summary(record: ApiKeyRecord): ApiKeySummary {
  return {
    id: record.id,
    name: record.name,
    scopes: record.scopes,
    prefix: record.prefix,
    createdAt: record.createdAt,
    lastUsedAt: record.lastUsedAt ?? null,
    revokedAt: record.revokedAt ?? null,
  };
}
