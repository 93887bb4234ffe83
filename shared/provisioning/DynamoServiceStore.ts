import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { BILLING_MODES } from '../billing/billingMode';
import { keys } from '../storage/keys';
import { queryPartition } from '../storage/queryAll';
import type { IdempotencyRecord, IdempotencyRepository } from './idempotency';
import type { ProvisionedServer, ProvisionedServers } from '../snapshots/shortLived';
import type { MeteredServerRegistry, OwnershipClaim, PrepaidServerRegistry, ServerOwnershipRepository, ServiceRepository } from './ports';
import { SERVICE_STATES } from './schemas';
import { scanServiceItems, type ServiceListQuery, type TableKey } from './serviceListing';
import { DEFAULT_INSTALLATION, type ServiceRecord } from './types';

const recordSchema = z.object({
  serviceRef: z.string(),
  // Records from before installations and attempt markers read as the default installation, no marker.
  installation: z.string().default(DEFAULT_INSTALLATION),
  state: z.enum(SERVICE_STATES),
  billingMode: z.enum(BILLING_MODES),
  requestHash: z.string(),
  customer: z.object({ email: z.string(), billingClientId: z.number() }),
  planId: z.number(),
  order: z.object({ planId: z.number(), backups: z.boolean(), additionalIps: z.number() }).optional(),
  hostname: z.string(),
  claimedAt: z.string(),
  claimWallMs: z.number(),
  attemptId: z.string().default(''),
  attemptOutcome: z.literal('unknown').optional(),
  userId: z.number().optional(),
  createdUserId: z.number().optional(),
  serverId: z.number().optional(),
  ipAddresses: z.array(z.string()).optional(),
  taskId: z.number().optional(),
  failureReason: z.string().optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number(),
});

const idempotencySchema = z.object({
  requestHash: z.string(),
  claimedAtSeconds: z.number().optional(),
  token: z.string().optional(),
  status: z.enum(['in_progress', 'done']),
  response: z.object({ statusCode: z.number(), body: z.string() }).optional(),
});

/** Idempotency records live a day (then a key may be used again). */
const IDEMPOTENCY_TTL_SECONDS = 24 * 3600;

function conditionFailed(error: unknown): boolean {
  return error instanceof ConditionalCheckFailedException;
}

/** Services, server ownership, the prepaid servers and idempotency records (docs/architecture.md). */
export class DynamoServiceStore implements ServiceRepository, ServerOwnershipRepository, PrepaidServerRegistry, MeteredServerRegistry, IdempotencyRepository, ProvisionedServers {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Sends a conditional write: true when it was written, false when its condition did not hold. */
  private async sendConditional(send: () => Promise<unknown>): Promise<boolean> {
    try {
      await send();
      return true;
    } catch (error) {
      if (conditionFailed(error)) return false;
      throw error;
    }
  }

  async get(serviceRef: string): Promise<ServiceRecord | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.service(serviceRef), ConsistentRead: true }));
    return Item ? recordSchema.parse(Item) : undefined;
  }

  /** A page of services, optionally of one state, and where the next starts (`scanServiceItems`: a paged Scan). */
  async list(query: ServiceListQuery): Promise<{ services: ServiceRecord[]; next?: TableKey }> {
    const { items, next } = await scanServiceItems(this.db, this.tableName, query);
    return { services: items.map((item) => recordSchema.parse(item)), ...(next === undefined ? {} : { next }) };
  }

  async claim(record: ServiceRecord): Promise<boolean> {
    return this.sendConditional(() => this.db.send(new PutCommand({ TableName: this.tableName, Item: { ...keys.service(record.serviceRef), kind: 'service', ...record }, ConditionExpression: 'attribute_not_exists(pk)' })));
  }

  /** Conditional on the version read, and never over a terminated service (final). */
  async replace(expected: ServiceRecord, next: ServiceRecord): Promise<boolean> {
    return this.sendConditional(() => this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.service(next.serviceRef), kind: 'service', ...next, version: expected.version + 1 },
        ConditionExpression: 'version = :version AND #state <> :terminated',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':version': expected.version, ':terminated': 'terminated' },
      }),
    ));
  }

  async remove(expected: ServiceRecord): Promise<boolean> {
    return this.sendConditional(() => this.db.send(
      new DeleteCommand({
        TableName: this.tableName,
        Key: keys.service(expected.serviceRef),
        ConditionExpression: 'version = :version AND #state <> :terminated',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':version': expected.version, ':terminated': 'terminated' },
      }),
    ));
  }

  // --- server ownership --------------------------------------------------------------------

  async claimServer(installation: string, serverId: number, serviceRef: string): Promise<OwnershipClaim> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.serverOwner(installation, serverId), kind: 'serverOwner', installation, serverId, serviceRef },
          ConditionExpression: 'attribute_not_exists(pk) OR serviceRef = :ref',
          ExpressionAttributeValues: { ':ref': serviceRef },
        }),
      );
      return { owned: true };
    } catch (error) {
      if (!conditionFailed(error)) throw error;
      return { owned: false, owner: (await this.ownerOf(installation, serverId)) ?? '(unknown)' };
    }
  }

  async ownerOf(installation: string, serverId: number): Promise<string | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.serverOwner(installation, serverId), ConsistentRead: true }));
    const owner = Item?.['serviceRef'];
    return typeof owner === 'string' ? owner : undefined;
  }

  /** What the service that owns a server holds about it (the snapshot run bills short-lived servers from it). */
  async provisionedServer(installation: string, serverId: number): Promise<ProvisionedServer | undefined> {
    const serviceRef = await this.ownerOf(installation, serverId);
    if (serviceRef === undefined) return undefined;
    const record = await this.get(serviceRef);
    if (record === undefined || record.installation !== installation) return { serviceRef, billingClientId: 0 };
    return {
      serviceRef,
      billingClientId: record.customer.billingClientId,
      ...(record.serverId === undefined ? {} : { serverId: record.serverId }),
      ...(record.userId === undefined ? {} : { userId: record.userId }),
      ...(record.order === undefined ? {} : { order: record.order }),
    };
  }

  // --- prepaid and metered servers -----------------------------------------------------------------

  /** Marks a server prepaid: usage reports it with 0 tokens (billing-rules.md "Customers and modes"). */
  async addPrepaidServer(serverId: number, installation: string = DEFAULT_INSTALLATION): Promise<void> {
    await this.addToSet(keys.prepaidShard(serverId, installation), serverId, 'prepaidServers');
  }

  /** An installation's prepaid servers: every shard's set (and the single item older versions wrote), one Query. */
  async prepaidServers(installation: string = DEFAULT_INSTALLATION): Promise<Set<number>> {
    return this.readSets(keys.prepaidPartition(installation));
  }

  /** Marks a server metered: usage reports its tokens, the invoice push leaves them to the billing system. */
  async addMeteredServer(serverId: number, installation: string = DEFAULT_INSTALLATION): Promise<void> {
    await this.addToSet(keys.meteredShard(serverId, installation), serverId, 'meteredServers');
  }

  async meteredServers(installation: string = DEFAULT_INSTALLATION): Promise<Set<number>> {
    return this.readSets(keys.meteredPartition(installation));
  }

  private async addToSet(key: { pk: string; sk: string }, serverId: number, kind: string): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: key,
        UpdateExpression: 'ADD serverIds :ids SET kind = :kind',
        ExpressionAttributeValues: { ':ids': new Set([serverId]), ':kind': kind },
      }),
    );
  }

  private async readSets(partition: string): Promise<Set<number>> {
    const servers = new Set<number>();
    for (const item of await queryPartition(this.db, this.tableName, partition)) {
      const ids = item['serverIds'];
      if (ids instanceof Set) for (const id of ids) servers.add(Number(id));
    }
    return servers;
  }

  // --- idempotency keys -------------------------------------------------------------------

  async getIdempotency(scope: string, key: string): Promise<IdempotencyRecord | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.idempotency(scope, key), ConsistentRead: true }));
    return Item ? idempotencySchema.parse(Item) : undefined;
  }

  async claimIdempotency(scope: string, key: string, requestHash: string, nowSeconds: number, token: string): Promise<boolean> {
    return this.sendConditional(() => this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.idempotency(scope, key), kind: 'idempotency', requestHash, status: 'in_progress', claimedAtSeconds: nowSeconds, token, expiresAt: nowSeconds + IDEMPOTENCY_TTL_SECONDS },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    ));
  }

  async takeOverIdempotency(scope: string, key: string, stale: IdempotencyRecord, nowSeconds: number, token: string): Promise<boolean> {
    return this.sendConditional(() => this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.idempotency(scope, key),
        UpdateExpression: 'SET claimedAtSeconds = :now, #token = :token, expiresAt = :expires',
        ConditionExpression: '#status = :inProgress AND claimedAtSeconds = :stale',
        ExpressionAttributeNames: { '#status': 'status', '#token': 'token' },
        ExpressionAttributeValues: { ':now': nowSeconds, ':token': token, ':expires': nowSeconds + IDEMPOTENCY_TTL_SECONDS, ':inProgress': 'in_progress', ':stale': stale.claimedAtSeconds ?? -1 },
      }),
    ));
  }

  async completeIdempotency(scope: string, key: string, token: string, response: { statusCode: number; body: string }): Promise<boolean> {
    return this.sendConditional(() => this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.idempotency(scope, key),
        UpdateExpression: 'SET #status = :done, #response = :response',
        ConditionExpression: '#token = :token AND #status = :inProgress',
        ExpressionAttributeNames: { '#status': 'status', '#response': 'response', '#token': 'token' },
        ExpressionAttributeValues: { ':done': 'done', ':response': response, ':token': token, ':inProgress': 'in_progress' },
      }),
    ));
  }

  async releaseIdempotency(scope: string, key: string, token: string): Promise<boolean> {
    return this.sendConditional(() => this.db.send(
      new DeleteCommand({
        TableName: this.tableName,
        Key: keys.idempotency(scope, key),
        ConditionExpression: '#token = :token AND #status = :inProgress',
        ExpressionAttributeNames: { '#status': 'status', '#token': 'token' },
        ExpressionAttributeValues: { ':token': token, ':inProgress': 'in_progress' },
      }),
    ));
  }
}
