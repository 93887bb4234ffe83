import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { Period } from '../../billing';
import { ConflictError } from '../../errors';
import { DEFAULT_INSTALLATION } from '../../installations';
import { keys } from '../../storage/keys';
import { deleteParts, partsRefSchema, readParts, writeParts } from '../../storage/parts';
import { queryAll } from '../../storage/queryAll';
import type { AggregationManifest, ManifestShard } from '../ports';
import { sendConditional } from './conditionalWrites';

const manifestServersSchema = z.record(z.string(), z.string());
/** A manifest shard's head: its servers, or (a large shard) the parts that hold them. */
const manifestSchema = z.union([
  z.object({ sk: z.string(), version: z.number(), servers: manifestServersSchema }),
  z.object({ sk: z.string(), version: z.number(), parts: partsRefSchema }),
]);
/** A manifest shard larger than this (as JSON) goes into parts: DynamoDB's item limit is 400 KB. */
const MANIFEST_ITEM_MAX_BYTES = 300_000;
const MANIFEST_READ_ATTEMPTS = 5;

/** What each server of one installation had its rows last written from (`AGG#<period>`, `AGG@eu#<period>`; 16 shards), under optimistic versions. */
export class DynamoAggregationManifest implements AggregationManifest {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly installation: string = DEFAULT_INSTALLATION,
  ) {}

  async readManifest(period: Period): Promise<Map<number, ManifestShard>> {
    for (let attempt = 1; ; attempt += 1) {
      const heads = await queryAll(this.db, {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :shard)',
        ExpressionAttributeValues: { ':pk': keys.aggregationPartition(period, this.installation), ':shard': 'SHARD#' },
        ConsistentRead: true,
      });
      const shards = new Map<number, ManifestShard>();
      let torn = false;
      for (const item of heads) {
        const head = manifestSchema.parse(item);
        const shard = Number(head.sk.slice('SHARD#'.length));
        if ('servers' in head) {
          shards.set(shard, { version: head.version, servers: head.servers });
          continue;
        }
        const servers = await readParts(this.db, this.tableName, keys.aggregationPartition(period, this.installation), keys.aggregationPartPrefix(shard), head.parts);
        if (servers === undefined) torn = true;
        else shards.set(shard, { version: head.version, servers: manifestServersSchema.parse(servers) });
      }
      // A writer replaced a large shard (and deleted its old parts) between our reads: read again.
      if (!torn) return shards;
      if (attempt >= MANIFEST_READ_ATTEMPTS) throw new ConflictError(`The aggregation manifest of ${period} kept changing while read; try again`, 'aggregation_conflict');
    }
  }

  /**
   * A shard too large for one item (a fleet of some 100,000 servers) goes into parts first, then
   * its head names them; the parts of the version it replaced are deleted after.
   */
  async writeManifestShard(period: Period, shard: number, servers: Record<string, string>, expectedVersion: number): Promise<boolean> {
    const partition = keys.aggregationPartition(period, this.installation);
    const prefix = keys.aggregationPartPrefix(shard);
    const parts = Buffer.byteLength(JSON.stringify(servers)) > MANIFEST_ITEM_MAX_BYTES ? await writeParts(this.db, this.tableName, partition, prefix, servers) : undefined;
    const written = await sendConditional(async () => {
      const { Attributes } = await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.aggregationShard(period, shard, this.installation), kind: 'aggregationManifest', version: expectedVersion + 1, ...(parts === undefined ? { servers } : { parts }) },
          ConditionExpression: expectedVersion === 0 ? 'attribute_not_exists(pk)' : 'version = :expected',
          ...(expectedVersion === 0 ? {} : { ExpressionAttributeValues: { ':expected': expectedVersion } }),
          ReturnValues: 'ALL_OLD',
        }),
      );
      const replaced = Attributes === undefined ? undefined : manifestSchema.parse(Attributes);
      if (replaced !== undefined && 'parts' in replaced) await deleteParts(this.db, this.tableName, partition, prefix, replaced.parts);
    });
    // Lost the race: the parts written for it name nothing.
    if (!written && parts !== undefined) await deleteParts(this.db, this.tableName, partition, prefix, parts);
    return written;
  }
}
