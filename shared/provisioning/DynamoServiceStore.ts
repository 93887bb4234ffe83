import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { keys } from '../storage/keys';
import { SERVICE_STATES, type ServiceState } from './schemas';

/** A service as stored: the billing system's ref mapped to the SolusIO user and server. */
export interface ServiceRecord {
  readonly serviceRef: string;
  readonly state: ServiceState;
  readonly billingMode: 'prepaid' | 'postpaid';
  /** SHA-256 of the create request without its secrets: a replay must carry the same. */
  readonly requestHash: string;
  readonly customer: { readonly email: string; readonly billingClientId: number };
  readonly planId: number;
  readonly hostname: string;
  /** When the create claimed the ref (request time): a server created from then on may be adopted. */
  readonly claimedAt: string;
  /** The claim's wall-clock time (ms): tells a live claim from one a crash left. */
  readonly claimWallMs: number;
  readonly userId?: number;
  readonly serverId?: number;
  readonly taskId?: number;
  readonly failureReason?: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly version: number;
}

const recordSchema = z.object({
  serviceRef: z.string(),
  state: z.enum(SERVICE_STATES),
  billingMode: z.enum(['prepaid', 'postpaid']),
  requestHash: z.string(),
  customer: z.object({ email: z.string(), billingClientId: z.number() }),
  planId: z.number(),
  hostname: z.string(),
  claimedAt: z.string(),
  claimWallMs: z.number(),
  userId: z.number().optional(),
  serverId: z.number().optional(),
  taskId: z.number().optional(),
  failureReason: z.string().optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number(),
});

const idempotencySchema = z.object({
  requestHash: z.string(),
  claimedAtSeconds: z.number().optional(),
  status: z.enum(['in_progress', 'done']),
  response: z.object({ statusCode: z.number(), body: z.string() }).optional(),
});

export interface IdempotencyRecord {
  readonly requestHash: string;
  /** When the request that holds it claimed it (request time, epoch seconds). */
  readonly claimedAtSeconds?: number;
  readonly status: 'in_progress' | 'done';
  readonly response?: { readonly statusCode: number; readonly body: string };
}

/** Idempotency records live a day (then a key may be used again). */
const IDEMPOTENCY_TTL_SECONDS = 24 * 3600;

/** Services, the prepaid servers and idempotency records (docs/architecture.md). */
export class DynamoServiceStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(serviceRef: string): Promise<ServiceRecord | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.service(serviceRef), ConsistentRead: true }));
    return Item ? recordSchema.parse(Item) : undefined;
  }

  /** Claims a ref: true when this call wrote the claim (nobody had it). */
  async claim(record: ServiceRecord): Promise<boolean> {
    try {
      await this.db.send(new PutCommand({ TableName: this.tableName, Item: { ...keys.service(record.serviceRef), kind: 'service', ...record }, ConditionExpression: 'attribute_not_exists(pk)' }));
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  /** Replaces a record still at `expected.version`; false when someone else changed it first. */
  async replace(expected: ServiceRecord, next: ServiceRecord): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.service(next.serviceRef), kind: 'service', ...next, version: expected.version + 1 },
          ConditionExpression: 'version = :version',
          ExpressionAttributeValues: { ':version': expected.version },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  /** Marks a server prepaid: usage reports it with 0 tokens (billing-rules.md "Customers and modes"). */
  async addPrepaidServer(serverId: number): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.prepaidServers(),
        UpdateExpression: 'ADD serverIds :ids SET kind = :kind',
        ExpressionAttributeValues: { ':ids': new Set([serverId]), ':kind': 'prepaidServers' },
      }),
    );
  }

  async prepaidServers(): Promise<Set<number>> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.prepaidServers() }));
    const ids = Item?.['serverIds'];
    return ids instanceof Set ? new Set([...ids].map(Number)) : new Set();
  }

  // --- idempotency keys -------------------------------------------------------------------

  async getIdempotency(scope: string, key: string): Promise<IdempotencyRecord | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.idempotency(scope, key), ConsistentRead: true }));
    return Item ? idempotencySchema.parse(Item) : undefined;
  }

  /** Claims an idempotency key for a request; false when it is taken. */
  async claimIdempotency(scope: string, key: string, requestHash: string, nowSeconds: number): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.idempotency(scope, key), kind: 'idempotency', requestHash, status: 'in_progress', claimedAtSeconds: nowSeconds, expiresAt: nowSeconds + IDEMPOTENCY_TTL_SECONDS },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async completeIdempotency(scope: string, key: string, response: { statusCode: number; body: string }): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.idempotency(scope, key),
        UpdateExpression: 'SET #status = :done, #response = :response',
        ExpressionAttributeNames: { '#status': 'status', '#response': 'response' },
        ExpressionAttributeValues: { ':done': 'done', ':response': response },
      }),
    );
  }

  /** Lets a key be used again after a failure that a retry may fix (5xx). */
  async releaseIdempotency(scope: string, key: string): Promise<void> {
    await this.db.send(new DeleteCommand({ TableName: this.tableName, Key: keys.idempotency(scope, key) }));
  }
}
