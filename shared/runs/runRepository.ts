import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { DEFAULT_INSTALLATION } from '../installations';
import { keys } from '../storage/keys';
import { deleteParts, partsRefSchema, readParts, writeParts, type PartsRef } from '../storage/parts';
import { queryPages } from '../storage/queryAll';

export type RunKind = 'servers' | 'backups';

export interface LatestCompleteRun {
  readonly kind: RunKind;
  /** The run's scheduled time (from its event), ISO-8601 UTC. */
  readonly time: string;
}

/** A stored run: its record (what the invoke answers) and what later runs need from it. */
export interface StoredRun<R> {
  readonly time: string;
  readonly record: R;
  /** Servers a partial run listed (a complete run lists every server, so it keeps none). */
  readonly seenIds?: readonly number[];
}

export interface NewRun<R> extends StoredRun<R> {
  readonly complete: boolean;
  /** Epoch seconds after which DynamoDB may drop the record (runs that changed nothing). */
  readonly expiresAt?: number;
}

export interface RunRepository {
  getLatestCompleteRun(kind: RunKind): Promise<LatestCompleteRun | undefined>;
}

const latestItem = z.object({ time: z.string() });
const payloadSchema = z.object({ record: z.record(z.string(), z.unknown()), seenIds: z.array(z.number()).optional() });
const runItem = z.union([
  payloadSchema.extend({ time: z.string() }),
  z.object({ time: z.string(), parts: partsRefSchema }),
]);
const partsPayloadSchema = z.object({ record: z.record(z.string(), z.unknown()), seenIdDeltas: z.array(z.number()).optional() });

/**
 * A run whose record and sightings (as JSON) would pass this many bytes keeps them in parts
 * instead (a partial run of a large fleet lists every server it saw; a suspect run names every
 * server it held): DynamoDB refuses items over 400 KB.
 */
export const RUN_ITEM_MAX_BYTES = 200_000;

type Payload = z.infer<typeof payloadSchema>;

/**
 * Run records of one SolusIO installation: one item per run, keyed by its scheduled time, and the
 * latest-complete pointer (the default installation's keys are those written before installations).
 */
export class DynamoRunRepository implements RunRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    readonly installation: string = DEFAULT_INSTALLATION,
  ) {}

  async getLatestCompleteRun(kind: RunKind): Promise<LatestCompleteRun | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.latestCompleteRun(kind, this.installation) }));
    return Item ? { kind, time: latestItem.parse(Item).time } : undefined;
  }

  async getRun<R>(kind: RunKind, time: string, schema: z.ZodType<R>): Promise<StoredRun<R> | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.runRecord(kind, time, this.installation), ConsistentRead: true }));
    return Item ? this.load(kind, Item, schema) : undefined;
  }

  /** The newest stored run of a kind (the pointer item sorts outside the `T#` range this reads). */
  async newestRun<R>(kind: RunKind, schema: z.ZodType<R>): Promise<StoredRun<R> | undefined> {
    const { Items } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.runPartition(kind, this.installation), ':prefix': 'T#' },
        ScanIndexForward: false,
        Limit: 1,
        ConsistentRead: true,
      }),
    );
    const item = Items?.[0];
    return item ? this.load(kind, item, schema) : undefined;
  }

  /**
   * Up to `limit` runs with `time <= atOrBefore` (every run when left out), newest first: one Query
   * of the run partition, read strongly consistent; a run kept in parts has them read too.
   */
  async runsNewestFirst<R>(kind: RunKind, schema: z.ZodType<R>, limit: number, atOrBefore?: string): Promise<StoredRun<R>[]> {
    const { Items } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: atOrBefore === undefined ? 'pk = :pk AND begins_with(sk, :prefix)' : 'pk = :pk AND sk BETWEEN :prefix AND :last',
        ExpressionAttributeValues: { ':pk': keys.runPartition(kind, this.installation), ':prefix': 'T#', ...(atOrBefore === undefined ? {} : { ':last': keys.runSortKey(atOrBefore) }) },
        ScanIndexForward: false,
        Limit: limit,
        ConsistentRead: true,
      }),
    );
    const runs: StoredRun<R>[] = [];
    for (const item of Items ?? []) runs.push(await this.load(kind, item, schema));
    return runs;
  }

  /** Runs with `from < time < to`, oldest first. */
  async runsBetween<R>(kind: RunKind, from: string, to: string, schema: z.ZodType<R>): Promise<StoredRun<R>[]> {
    const runs: StoredRun<R>[] = [];
    for await (const page of queryPages(this.db, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': keys.runPartition(kind, this.installation), ':from': keys.runSortKey(from), ':to': keys.runSortKey(to) },
      ConsistentRead: true,
    })) {
      for (const item of page) {
        const run = await this.load(kind, item, schema);
        if (run.time !== from && run.time !== to) runs.push(run);
      }
    }
    return runs;
  }

  /**
   * Stores a run once: a second delivery of the same scheduled time gets the first one's record
   * back (`created: false`) and writes nothing.
   */
  async putRun<R>(kind: RunKind, run: NewRun<R>, schema: z.ZodType<R>): Promise<{ created: boolean; stored: StoredRun<R> }> {
    const payload = { record: run.record as Record<string, unknown>, ...(run.seenIds === undefined ? {} : { seenIds: [...run.seenIds] }) };
    const parts = await this.putPartsIfLarge(kind, run.time, payload, run.expiresAt);
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...keys.runRecord(kind, run.time, this.installation),
            kind: 'run',
            runKind: kind,
            time: run.time,
            complete: run.complete,
            ...(parts === undefined ? payload : { parts }),
            ...(run.expiresAt === undefined ? {} : { expiresAt: run.expiresAt }),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return { created: true, stored: run };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      // Another delivery stored this run first: its record stands, these parts are nobody's.
      if (parts !== undefined) await this.deleteParts(kind, run.time, parts);
      const stored = await this.getRun(kind, run.time, schema);
      if (!stored) throw error;
      return { created: false, stored };
    }
  }

  /** Adds fields to a stored run's record (an admin's confirmation), keeping it from expiring. */
  async amendRun(kind: RunKind, time: string, fields: Record<string, unknown>): Promise<void> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.runRecord(kind, time, this.installation), ConsistentRead: true }));
    const stored = Item === undefined ? undefined : runItem.parse(Item);
    if (stored !== undefined && 'parts' in stored) return this.amendRunInParts(kind, time, stored.parts, fields);
    const names: Record<string, string> = { '#record': 'record' };
    const values: Record<string, unknown> = {};
    const sets = Object.entries(fields).map(([name, value], index) => {
      names[`#f${index}`] = name;
      values[`:v${index}`] = value;
      return `#record.#f${index} = :v${index}`;
    });
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.runRecord(kind, time, this.installation),
        UpdateExpression: `SET ${sets.join(', ')} REMOVE expiresAt`,
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      }),
    );
  }

  /** A run kept in parts: new parts with the fields added, then the run item pointed at them (only over the parts read). */
  private async amendRunInParts(kind: RunKind, time: string, old: PartsRef, fields: Record<string, unknown>): Promise<void> {
    const payload = await this.readParts(kind, time, old);
    const next: Payload = { ...payload, record: { ...payload.record, ...fields } };
    const parts = (await this.putPartsIfLarge(kind, time, next, undefined, true)) as PartsRef;
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.runRecord(kind, time, this.installation),
          UpdateExpression: 'SET parts = :parts REMOVE expiresAt',
          ConditionExpression: 'parts.id = :old',
          ExpressionAttributeValues: { ':parts': parts, ':old': old.id },
        }),
      );
    } catch (error) {
      await this.deleteParts(kind, time, parts);
      throw error;
    }
    await this.deleteParts(kind, time, old);
  }

  /**
   * Writes the payload as gzipped parts when it is too large for the run item (or when `always`),
   * answering the parts' id and count; undefined: it fits in the item.
   */
  private async putPartsIfLarge(kind: RunKind, time: string, payload: Payload, expiresAt: number | undefined, always = false): Promise<PartsRef | undefined> {
    if (!always && Buffer.byteLength(JSON.stringify(payload)) <= RUN_ITEM_MAX_BYTES) return undefined;
    // Sightings as differences: a run lists ids in order, so they shrink to a few bytes that gzip folds.
    const { seenIds, ...rest } = payload;
    const value = { ...rest, ...(seenIds === undefined ? {} : { seenIdDeltas: seenIds.map((id, index) => id - (seenIds[index - 1] ?? 0)) }) };
    return writeParts(this.db, this.tableName, keys.runPartition(kind, this.installation), keys.runPartPrefix(time), value, expiresAt === undefined ? {} : { expiresAt });
  }

  private async readParts(kind: RunKind, time: string, parts: PartsRef): Promise<Payload> {
    const value = await readParts(this.db, this.tableName, keys.runPartition(kind, this.installation), keys.runPartPrefix(time), parts);
    if (value === undefined) throw new Error(`Run ${kind} ${time}: some of its ${parts.count} parts are missing`);
    const { seenIdDeltas, ...rest } = partsPayloadSchema.parse(value);
    if (seenIdDeltas === undefined) return rest;
    let id = 0;
    return { ...rest, seenIds: seenIdDeltas.map((delta) => (id += delta)) };
  }

  private async deleteParts(kind: RunKind, time: string, parts: PartsRef): Promise<void> {
    await deleteParts(this.db, this.tableName, keys.runPartition(kind, this.installation), keys.runPartPrefix(time), parts);
  }

  /** A stored run from its item, its parts read when it has some. */
  private async load<R>(kind: RunKind, item: Record<string, unknown>, schema: z.ZodType<R>): Promise<StoredRun<R>> {
    const parsed = runItem.parse(item);
    const payload = 'parts' in parsed ? await this.readParts(kind, parsed.time, parsed.parts) : parsed;
    return { time: parsed.time, record: schema.parse(payload.record), ...(payload.seenIds ? { seenIds: payload.seenIds } : {}) };
  }

  /** Moves the latest-complete pointer forward to `time`; an older run never moves it back. */
  async advanceLatestComplete(kind: RunKind, time: string): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.latestCompleteRun(kind, this.installation),
          UpdateExpression: 'SET #time = :time, kind = :kind',
          ConditionExpression: 'attribute_not_exists(#time) OR #time < :time',
          ExpressionAttributeNames: { '#time': 'time' },
          ExpressionAttributeValues: { ':time': time, ':kind': 'latestCompleteRun' },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
}
