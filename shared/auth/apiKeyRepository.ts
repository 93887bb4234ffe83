import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { keys } from '../storage/keys';
import { SCOPES, type Scope } from './scopes';

export interface ApiKeyRecord {
  readonly keyHash: string;
  readonly name: string;
  readonly scopes: readonly Scope[];
  readonly createdAt: string;
  readonly lastUsedAt?: string;
}

export interface ApiKeyRepository {
  put(record: ApiKeyRecord): Promise<void>;
  get(keyHash: string): Promise<ApiKeyRecord | undefined>;
  /** Records use at `now` unless a use was recorded at or after `notBefore`; true when written. */
  touch(keyHash: string, now: string, notBefore: string): Promise<boolean>;
}

const apiKeyItem = z.object({
  keyHash: z.string(),
  name: z.string(),
  scopes: z.array(z.enum(SCOPES)),
  createdAt: z.string(),
  lastUsedAt: z.string().optional(),
});

export class DynamoApiKeyRepository implements ApiKeyRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async put(record: ApiKeyRecord): Promise<void> {
    await this.db.send(new PutCommand({ TableName: this.tableName, Item: { ...keys.apiKey(record.keyHash), kind: 'apiKey', ...record } }));
  }

  async get(keyHash: string): Promise<ApiKeyRecord | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.apiKey(keyHash) }));
    return Item ? apiKeyItem.parse(Item) : undefined;
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
}
