import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { keys } from '../storage/keys';
import { batchGetAll } from '../storage/batchGet';
import { queryPartition } from '../storage/queryAll';
import { ApiKeyExistsError } from './errors';
import { parseStoredScopes, type Scope } from './scopes';

/** A stored key: everything but the key itself. */
export interface ApiKeyRecord {
  readonly id: string;
  readonly keyHash: string;
  readonly name: string;
  /** The known scopes it holds. */
  readonly scopes: readonly Scope[];
  readonly prefix: string;
  readonly createdAt: string;
  readonly lastUsedAt?: string;
  readonly revokedAt?: string;
  /** Stored scopes this code does not know: they grant nothing; readers log them. */
  readonly unknownScopes?: readonly string[];
}

export type NewApiKeyRecord = Pick<ApiKeyRecord, 'id' | 'keyHash' | 'name' | 'scopes' | 'prefix' | 'createdAt'>;

export interface ApiKeyRepository {
  /** Stores a new key (hash item and listing item together); ApiKeyExistsError if either exists. */
  create(record: NewApiKeyRecord): Promise<void>;
  get(keyHash: string): Promise<ApiKeyRecord | undefined>;
  /** Every key, revoked ones included, oldest first. */
  list(): Promise<ApiKeyRecord[]>;
  /** Marks the key revoked at `now` (kept if already revoked); undefined when no key has the id. */
  revoke(id: string, now: string): Promise<ApiKeyRecord | undefined>;
  /** Records use at `now` unless a use was recorded at or after `notBefore`; true when written. */
  touch(keyHash: string, now: string, notBefore: string): Promise<boolean>;
}

const storedKey = z.object({
  id: z.string(),
  keyHash: z.string(),
  name: z.string(),
  scopes: z.array(z.string()),
  prefix: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().optional(),
  revokedAt: z.string().optional(),
});

const lastUse = z.object({ keyHash: z.string(), lastUsedAt: z.string().optional() });

/**
 * Two items per key: `APIKEY#<sha256>` (the per-request lookup and its last-used time) and
 * `APIKEYS / <id>` (the listing, and id -> hash for revocation), written in one transaction.
 */
export class DynamoApiKeyRepository implements ApiKeyRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async create(record: NewApiKeyRecord): Promise<void> {
    const attributes = { ...record, scopes: [...record.scopes] };
    const isNew = 'attribute_not_exists(pk)';
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: this.tableName, Item: { ...keys.apiKey(record.keyHash), kind: 'apiKey', ...attributes }, ConditionExpression: isNew } },
            { Put: { TableName: this.tableName, Item: { ...keys.apiKeyIndex(record.id), kind: 'apiKeyIndex', ...attributes }, ConditionExpression: isNew } },
          ],
        }),
      );
    } catch (error) {
      if (error instanceof TransactionCanceledException) {
        const [hash, id] = (error.CancellationReasons ?? []).map((reason) => reason.Code === 'ConditionalCheckFailed');
        if (hash) throw new ApiKeyExistsError('hash', { cause: error });
        if (id) throw new ApiKeyExistsError('id', { cause: error });
      }
      throw error;
    }
  }

  async get(keyHash: string): Promise<ApiKeyRecord | undefined> {
    // Strongly consistent: a key created a moment ago in another process must not be cached as unknown.
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.apiKey(keyHash), ConsistentRead: true }));
    return Item ? toRecord(Item) : undefined;
  }

  async list(): Promise<ApiKeyRecord[]> {
    const listed = (await queryPartition(this.db, this.tableName, keys.apiKeysPartition)).map(toRecord);
    const lastUsed = await this.lastUsedTimes(listed.map((record) => record.keyHash));
    return listed
      .map((record) => {
        const at = lastUsed.get(record.keyHash);
        return at === undefined ? record : { ...record, lastUsedAt: at };
      })
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  }

  async revoke(id: string, now: string): Promise<ApiKeyRecord | undefined> {
    const indexed = await this.getIndexed(id);
    if (!indexed || indexed.revokedAt !== undefined) return indexed;
    const revoke = {
      TableName: this.tableName,
      UpdateExpression: 'SET revokedAt = :now',
      ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(revokedAt)',
      ExpressionAttributeValues: { ':now': now },
    };
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [{ Update: { ...revoke, Key: keys.apiKey(indexed.keyHash) } }, { Update: { ...revoke, Key: keys.apiKeyIndex(id) } }],
        }),
      );
      return { ...indexed, revokedAt: now };
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      // A concurrent revoke won: answer what it stored. Anything else is a real failure.
      const after = await this.getIndexed(id);
      if (after?.revokedAt !== undefined) return after;
      throw error;
    }
  }

  async touch(keyHash: string, now: string, notBefore: string): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.apiKey(keyHash),
          UpdateExpression: 'SET lastUsedAt = :now',
          ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(lastUsedAt) OR lastUsedAt < :notBefore)',
          ExpressionAttributeValues: { ':now': now, ':notBefore': notBefore },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  private async getIndexed(id: string): Promise<ApiKeyRecord | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.apiKeyIndex(id), ConsistentRead: true }));
    return Item ? toRecord(Item) : undefined;
  }

  /** Last-used times live on the hash items only (one write a minute per key, not two). */
  private async lastUsedTimes(keyHashes: readonly string[]): Promise<Map<string, string>> {
    const times = new Map<string, string>();
    const items = await batchGetAll(this.db, this.tableName, keyHashes.map((hash) => keys.apiKey(hash)), { projection: 'keyHash, lastUsedAt' });
    for (const item of items) {
      const parsed = lastUse.parse(item);
      if (parsed.lastUsedAt !== undefined) times.set(parsed.keyHash, parsed.lastUsedAt);
    }
    return times;
  }
}

function toRecord(item: Record<string, unknown>): ApiKeyRecord {
  const { scopes: stored, ...rest } = storedKey.parse(item);
  const { scopes, unknown } = parseStoredScopes(stored);
  return { ...rest, scopes, ...(unknown.length > 0 ? { unknownScopes: unknown } : {}) };
}
