import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { DEFAULT_INSTALLATION } from '../../installations';
import type { Period } from '../../billing';
import { keys, OBSERVED_SHARDS } from '../../storage/keys';
import { queryPartition } from '../../storage/queryAll';
import { packShardEntries, unpackShardEntries } from '../packedState';
import { StaleItemError, type ObservedShard, type ObservedState, type ObservedStateStore } from '../ports';

const metaSchema = z.object({ month: z.string().optional(), firstCompleteRun: z.string().optional() });
/** A shard's servers are one string attribute (`packShardEntries`). */
const shardSchema = z.object({ sk: z.string(), version: z.number(), entries: z.string() });

/** The observed-state partition: 1,024 shards of packed servers and the meta item (docs/architecture.md). */
export class DynamoObservedStateStore implements ObservedStateStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly installation: string = DEFAULT_INSTALLATION,
  ) {}

  /** Every shard and the meta item in one Query (a few requests, whatever the fleet size). */
  async readObserved(): Promise<ObservedState> {
    const shards = new Map<number, ObservedShard>();
    let meta: z.infer<typeof metaSchema> = {};
    for (const item of await queryPartition(this.db, this.tableName, keys.observedPartition(this.installation), { consistent: true })) {
      if (item['sk'] === 'META') meta = metaSchema.parse(item);
      else {
        const shard = shardSchema.parse(item);
        shards.set(Number(shard.sk.slice('SHARD#'.length)), { version: shard.version, servers: unpackShardEntries(shard.entries) });
      }
    }
    return { ...meta, shards };
  }

  /** Replaces a shard if it is still at `expectedVersion` (0: not yet written). */
  async writeShard(shard: number, servers: Record<string, string>, expectedVersion: number, asOf: string): Promise<void> {
    if (shard < 0 || shard >= OBSERVED_SHARDS) throw new RangeError(`shard ${shard}`);
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.observedShard(shard, this.installation), kind: 'observedShard', version: expectedVersion + 1, asOf, entries: packShardEntries(servers) },
          ConditionExpression: expectedVersion === 0 ? 'attribute_not_exists(pk)' : 'version = :expected',
          ...(expectedVersion === 0 ? {} : { ExpressionAttributeValues: { ':expected': expectedVersion } }),
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) throw new StaleItemError(`observed shard ${shard}`, { cause: error });
      throw error;
    }
  }

  /** Records the first complete run once (the default billingStart) and the month the items run to. */
  async writeMeta(fields: { month?: Period; firstCompleteRun?: string }): Promise<void> {
    const sets: string[] = ['kind = :kind'];
    const values: Record<string, unknown> = { ':kind': 'observedMeta' };
    if (fields.month !== undefined) {
      sets.push('#month = :month');
      values[':month'] = fields.month;
    }
    if (fields.firstCompleteRun !== undefined) {
      // Stored once: a later run never replaces it.
      sets.push('firstCompleteRun = if_not_exists(firstCompleteRun, :first)');
      values[':first'] = fields.firstCompleteRun;
    }
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.observedMeta(this.installation),
        UpdateExpression: `SET ${sets.join(', ')}`,
        ...(fields.month === undefined ? {} : { ConditionExpression: 'attribute_not_exists(#month) OR #month <= :month' }),
        ExpressionAttributeNames: fields.month === undefined ? undefined : { '#month': 'month' },
        ExpressionAttributeValues: values,
      }),
    ).catch((error: unknown) => {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    });
  }
}
