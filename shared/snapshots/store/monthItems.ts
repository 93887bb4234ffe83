import { randomUUID } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { DEFAULT_INSTALLATION } from '../../installations';
import { periodOf, type Period } from '../../billing';
import { mapWithConcurrency } from '../../async';
import { batchGetAll } from '../../storage/batchGet';
import { batchWriteAll } from '../../storage/batchWrite';
import { keys, MONTH_SHARDS } from '../../storage/keys';
import { queryPartition } from '../../storage/queryAll';
import { MONTH_ITEM_MAX_BYTES, MonthItemFullError, StaleItemError, type ServerMonthStore } from '../ports';
import { serverStateSchema } from '../stateSchema';
import { BOUNDARY_SOURCES, type ApiChange, type ServerMonth } from '../types';

const source = z.enum(BOUNDARY_SOURCES);
const segmentSchema = serverStateSchema.extend({
  start: z.string(),
  end: z.string().optional(),
  startBy: source,
  endBy: source.optional(),
  startRun: z.string().optional(),
  endRun: z.string().optional(),
});
const apiChangeSchema = z.discriminatedUnion('field', [
  z.object({ at: z.string(), field: z.literal('suspended'), value: z.boolean() }),
  z.object({ at: z.string(), field: z.literal('planId'), value: z.number() }),
  z.object({ at: z.string(), field: z.literal('backupsEnabled'), value: z.boolean() }),
  z.object({ at: z.string(), field: z.literal('deleted'), value: z.literal(true) }),
]);
const monthItemSchema = z.object({
  serverId: z.number(),
  period: z.string(),
  segments: z.array(segmentSchema).default([]),
  apiChanges: z.array(apiChangeSchema).default([]),
  hostname: z.string().optional(),
  version: z.number().default(0),
});

/**
 * API changes kept on one server's month item (about 65 bytes each as JSON, so a full list fits in
 * what MONTH_ITEM_MAX_BYTES leaves of the 400 KB). Past this a change is not recorded: the run that
 * observes it dates it, as it dates any change without an API record.
 */
export const MAX_API_CHANGES_PER_MONTH = 100;

/** Conditional puts in flight at the start of a month (one per server). */
const MONTH_START_WRITES_IN_FLIGHT = 32;

/** Each server's month items (`MONTH#<YYYY-MM>#<shard>`) and the late marks on past months (access patterns: docs/architecture.md). */
export class DynamoServerMonthStore implements ServerMonthStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly installation: string = DEFAULT_INSTALLATION,
  ) {}

  /** The month items of the given servers and periods (absent ones are left out). */
  async getServerMonths(wanted: readonly { serverId: number; period: Period }[]): Promise<ServerMonth[]> {
    const items = await batchGetAll(
      this.db,
      this.tableName,
      wanted.map(({ serverId, period }) => keys.serverMonth(serverId, period, this.installation)),
      { consistent: true },
    );
    return items.map((item) => monthItemSchema.parse(item));
  }

  async getServerMonth(serverId: number, period: Period): Promise<ServerMonth | undefined> {
    return (await this.getServerMonths([{ serverId, period }]))[0];
  }

  /** Writes a month item if it is still at the version it was read at (0: new). */
  async putServerMonth(month: ServerMonth, lastRun: string): Promise<void> {
    const item = { ...keys.serverMonth(month.serverId, month.period, this.installation), kind: 'serverMonth', ...month, version: month.version + 1, lastRun };
    // JSON is longer than DynamoDB's own measure of an item, so this refuses before DynamoDB would.
    const bytes = Buffer.byteLength(JSON.stringify(item));
    if (bytes > MONTH_ITEM_MAX_BYTES) throw new MonthItemFullError(month.serverId, month.period, bytes);
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: item,
          ConditionExpression: month.version === 0 ? 'attribute_not_exists(pk)' : 'version = :expected',
          ...(month.version === 0 ? {} : { ExpressionAttributeValues: { ':expected': month.version } }),
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) throw new StaleItemError(`server ${month.serverId} month ${month.period}`, { cause: error });
      throw error;
    }
  }

  /** Ids of the servers that have an item for a period (keys only, every shard). */
  async serverIdsWithMonth(period: Period): Promise<Map<number, 'segments' | 'empty'>> {
    // `segments[0]` projects only the first segment: enough to tell an item that holds nothing but
    // API changes (recorded before the month's first run) from one that holds the server's time.
    const items = await this.monthItems(period, { projection: 'serverId, #segments[0].#start', names: { '#segments': 'segments', '#start': 'start' } });
    return new Map(items.map((item) => [Number(item['serverId']), Array.isArray(item['segments']) && item['segments'].length > 0 ? 'segments' : 'empty']));
  }

  /**
   * Gives an item that holds only API changes its carried-over segment (and hostname), keeping
   * those changes; an item that meanwhile got segments is left alone.
   */
  async carryIntoEmptyMonth(month: ServerMonth, lastRun: string): Promise<void> {
    const named = month.hostname !== undefined;
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.serverMonth(month.serverId, month.period, this.installation),
          UpdateExpression: `SET #segments = :segments, version = version + :one, lastRun = :run${named ? ', hostname = :hostname' : ''}`,
          ConditionExpression: 'size(#segments) = :zero',
          ExpressionAttributeNames: { '#segments': 'segments' },
          ExpressionAttributeValues: { ':segments': month.segments, ':one': 1, ':run': lastRun, ':zero': 0, ...(named ? { ':hostname': month.hostname } : {}) },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  /**
   * Records a server's new hostname on its existing item of `period` (one write, no read): it bumps
   * the version so a writer that read the item before puts it again with the name. An item that is
   * absent, or named so already (a retried run), is left alone: answers whether it was written.
   */
  async nameServerMonth(serverId: number, period: Period, hostname: string, lastRun: string): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.serverMonth(serverId, period, this.installation),
          UpdateExpression: 'SET hostname = :hostname, version = version + :one, lastRun = :run',
          ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(hostname) OR hostname <> :hostname)',
          ExpressionAttributeValues: { ':hostname': hostname, ':one': 1, ':run': lastRun },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  /** Every server's month item of a period (all shards). */
  async listServerMonths(period: Period, options: { consistent?: boolean } = {}): Promise<ServerMonth[]> {
    return (await this.monthItems(period, options)).map((item) => monthItemSchema.parse(item)).sort((a, b) => a.serverId - b.serverId);
  }

  /** The items of every month shard of a period, queried in parallel. */
  private async monthItems(period: Period, options: { projection?: string; names?: Record<string, string>; consistent?: boolean } = {}): Promise<Record<string, unknown>[]> {
    const shards = await Promise.all(Array.from({ length: MONTH_SHARDS }, (_, shard) => queryPartition(this.db, this.tableName, keys.monthPartition(period, shard, this.installation), options)));
    return shards.flat();
  }

  /**
   * New month items (the first run of a month, for servers no change touched), each created only if
   * absent: an API change recorded meanwhile (a hook at the turn of the month) created the item
   * already, and then only its empty segments are filled (its apiChanges stay). Conditional writes
   * cannot be batched, so they go out `MONTH_START_WRITES_IN_FLIGHT` at a time.
   */
  async putNewServerMonths(months: readonly ServerMonth[], lastRun: string): Promise<void> {
    await mapWithConcurrency(months, MONTH_START_WRITES_IN_FLIGHT, async (month) => {
      try {
        await this.db.send(
          new PutCommand({
            TableName: this.tableName,
            Item: { ...keys.serverMonth(month.serverId, month.period, this.installation), kind: 'serverMonth', ...month, version: 1, lastRun },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
        await this.carryIntoEmptyMonth(month, lastRun);
      }
    });
  }

  /**
   * Records a change the bridge made through the SolusIO API at an exact time on the server's item
   * of that month; the run that observes the change dates it by this (billing-rules.md). False: the
   * item holds MAX_API_CHANGES_PER_MONTH already, and this change is left to the run to date.
   */
  async recordApiChange(serverId: number, change: ApiChange): Promise<boolean> {
    const period = periodOf(change.at);
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.serverMonth(serverId, period, this.installation),
          UpdateExpression:
            'SET apiChanges = list_append(if_not_exists(apiChanges, :none), :change), #segments = if_not_exists(#segments, :none), ' +
            'serverId = :serverId, #period = :period, kind = :kind, version = if_not_exists(version, :zero) + :one',
          // The list is bounded, so appending never pushes the item past DynamoDB's 400 KB.
          ConditionExpression: 'attribute_not_exists(apiChanges) OR size(apiChanges) < :max',
          // Both are DynamoDB reserved words.
          ExpressionAttributeNames: { '#segments': 'segments', '#period': 'period' },
          ExpressionAttributeValues: {
            ':none': [],
            ':change': [apiChangeSchema.parse(change)],
            ':serverId': serverId,
            ':period': period,
            ':kind': 'serverMonth',
            ':zero': 0,
            ':one': 1,
            ':max': MAX_API_CHANGES_PER_MONTH,
          },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  /**
   * Marks servers whose item of a past `period` changed. Each mark is a fresh token, so the
   * aggregation that turns the change into an adjustment clears only the marks it read: a server
   * marked again meanwhile stays marked (its newer change is adjusted by the next aggregation).
   */
  async markLate(period: Period, serverIds: readonly number[]): Promise<void> {
    if (serverIds.length === 0) return;
    const token = randomUUID();
    // One small item per server (a BatchWrite of 25 at a time): nothing grows with the number marked.
    await batchWriteAll(
      this.db,
      this.tableName,
      [...new Set(serverIds)].map((serverId) => ({ PutRequest: { Item: { ...keys.lateMark(period, serverId, this.installation), kind: 'lateMark', serverId, token } } })),
    );
  }
}
