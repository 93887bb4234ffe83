import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { keys } from '../storage/keys';
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
const runItem = z.object({ time: z.string(), record: z.record(z.string(), z.unknown()), seenIds: z.array(z.number()).optional() });

/** Run records: one item per run, keyed by its scheduled time, and the latest-complete pointer. */
export class DynamoRunRepository implements RunRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async getLatestCompleteRun(kind: RunKind): Promise<LatestCompleteRun | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.latestCompleteRun(kind) }));
    return Item ? { kind, time: latestItem.parse(Item).time } : undefined;
  }

  async getRun<R>(kind: RunKind, time: string, schema: z.ZodType<R>): Promise<StoredRun<R> | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.runRecord(kind, time), ConsistentRead: true }));
    return Item ? parseRun(Item, schema) : undefined;
  }

  /** The newest stored run of a kind (the pointer item sorts outside the `T#` range this reads). */
  async newestRun<R>(kind: RunKind, schema: z.ZodType<R>): Promise<StoredRun<R> | undefined> {
    const { Items } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.runPartition(kind), ':prefix': 'T#' },
        ScanIndexForward: false,
        Limit: 1,
        ConsistentRead: true,
      }),
    );
    const item = Items?.[0];
    return item ? parseRun(item, schema) : undefined;
  }

  /** Runs with `from < time < to`, oldest first. */
  async runsBetween<R>(kind: RunKind, from: string, to: string, schema: z.ZodType<R>): Promise<StoredRun<R>[]> {
    const runs: StoredRun<R>[] = [];
    for await (const page of queryPages(this.db, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': keys.runPartition(kind), ':from': keys.runSortKey(from), ':to': keys.runSortKey(to) },
      ConsistentRead: true,
    })) {
      for (const item of page) {
        const run = parseRun(item, schema);
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
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...keys.runRecord(kind, run.time),
            kind: 'run',
            runKind: kind,
            time: run.time,
            complete: run.complete,
            record: run.record,
            ...(run.seenIds === undefined ? {} : { seenIds: run.seenIds }),
            ...(run.expiresAt === undefined ? {} : { expiresAt: run.expiresAt }),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return { created: true, stored: run };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const stored = await this.getRun(kind, run.time, schema);
      if (!stored) throw error;
      return { created: false, stored };
    }
  }

  /** Adds fields to a stored run's record (an admin's confirmation), keeping it from expiring. */
  async amendRun(kind: RunKind, time: string, fields: Record<string, unknown>): Promise<void> {
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
        Key: keys.runRecord(kind, time),
        UpdateExpression: `SET ${sets.join(', ')} REMOVE expiresAt`,
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      }),
    );
  }

  /** Moves the latest-complete pointer forward to `time`; an older run never moves it back. */
  async advanceLatestComplete(kind: RunKind, time: string): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.latestCompleteRun(kind),
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

function parseRun<R>(item: Record<string, unknown>, schema: z.ZodType<R>): StoredRun<R> {
  const parsed = runItem.parse(item);
  return { time: parsed.time, record: schema.parse(parsed.record), ...(parsed.seenIds ? { seenIds: parsed.seenIds } : {}) };
}
