import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { Period } from '../../billing';
import { mapWithConcurrency } from '../../async';
import type { WriteRequest } from '../../storage/batchWrite';
import { keys, LEGACY_LATE_MARK_ATTRIBUTE, legacyLateMarkAttribute } from '../../storage/keys';
import { queryAll } from '../../storage/queryAll';
import { DEFAULT_INSTALLATION } from '../../installations';
import { installationOf } from '../installationScope';
import type { AdjustmentChange, Adjustments, LateMarks, SettledAdjustment, SettledAdjustmentOf } from '../ports';
import type { AdjustmentRow } from '../types';
import { sendConditional, TRANSACTION_LIMIT, writeIntoOpenPeriod } from './conditionalWrites';

export const adjustmentRowSchema = z.object({
  period: z.string(),
  customer: z.string(),
  serverId: z.number(),
  installation: z.string().optional(),
  hostname: z.string().optional(),
  adjustmentOf: z.string(),
  runtimeTokens: z.number(),
  ipTokens: z.number(),
  backupTokens: z.number(),
  metered: z.literal(true).optional(),
});
const lateMarkSchema = z.object({ serverId: z.number(), token: z.string() });
/** Marks of the single item older versions wrote are told apart by this prefix on their token. */
const LEGACY_TOKEN_PREFIX = 'legacy:';
const settledSchema = z.object({
  inPeriod: z.string(),
  customer: z.string(),
  serverId: z.number(),
  installation: z.string().optional(),
  runtimeTokens: z.number(),
  ipTokens: z.number(),
  backupTokens: z.number(),
  checksum: z.string(),
});

/** An adjustment row lives in its period's usage partition (and index), beside the usage rows. */
function adjustmentRequest(change: AdjustmentChange): WriteRequest {
  if ('remove' in change) {
    const { period, customer, adjustmentOf, serverId } = change.remove;
    return { DeleteRequest: { Key: keys.adjustmentRow(period, customer, adjustmentOf, serverId, installationOf(change.remove)) } };
  }
  const row: AdjustmentRow = change.put;
  const installation = installationOf(row);
  return {
    PutRequest: {
      Item: {
        ...keys.adjustmentRow(row.period, row.customer, row.adjustmentOf, row.serverId, installation),
        ...keys.usageIndex(row.period, row.customer, keys.adjustmentSortTail(row.adjustmentOf, row.serverId, installation)),
        kind: 'adjustmentRow',
        ...row,
      },
    },
  };
}

/** The put of a settled entry; its `checksum` is the one of the close of `inPeriod` that froze it (only that close's entries count). */
export function settledRequest(settled: SettledAdjustmentOf): WriteRequest {
  return { PutRequest: { Item: { ...keys.settledAdjustment(settled.of, settled.inPeriod, settled.customer, settled.serverId, installationOf(settled)), kind: 'settledAdjustment', ...settled } } };
}

/**
 * Late-change marks of one installation (`LATE#<period>`, `LATE@eu#<period>`), and the adjustment
 * rows and settled entries of every installation (docs/architecture.md).
 */
export class DynamoAdjustments implements LateMarks, Adjustments {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly installation: string = DEFAULT_INSTALLATION,
  ) {}

  async lateServers(period: Period): Promise<Map<number, string>> {
    const marks = new Map<number, string>();
    const legacy = new Map<number, string>();
    for (const item of await queryAll(this.db, { TableName: this.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.latePartition(period, this.installation) }, ConsistentRead: true })) {
      if (item['sk'] === keys.legacyLateChanges(period).sk) {
        for (const [attribute, value] of Object.entries(item)) {
          const match = LEGACY_LATE_MARK_ATTRIBUTE.exec(attribute);
          if (match !== null && typeof value === 'string') legacy.set(Number(match[1]), `${LEGACY_TOKEN_PREFIX}${value}`);
        }
      } else {
        const mark = lateMarkSchema.parse(item);
        marks.set(mark.serverId, mark.token);
      }
    }
    // A server marked both ways: its item's mark now, the old one on a later read (one more recomputation).
    for (const [serverId, token] of legacy) if (!marks.has(serverId)) marks.set(serverId, token);
    return new Map([...marks].sort(([a], [b]) => a - b));
  }

  /**
   * Conditional deletes go out 100 to a transaction; a transaction refused because one mark was
   * renewed meanwhile is redone one delete at a time.
   */
  async clearLate(period: Period, marks: ReadonlyMap<number, string>): Promise<void> {
    const current = [...marks].filter(([, token]) => !token.startsWith(LEGACY_TOKEN_PREFIX));
    const legacy = [...marks].filter(([, token]) => token.startsWith(LEGACY_TOKEN_PREFIX));
    const deleteOf = ([serverId, token]: [number, string]) => ({
      TableName: this.tableName,
      Key: keys.lateMark(period, serverId, this.installation),
      ConditionExpression: '#token = :token',
      ExpressionAttributeNames: { '#token': 'token' },
      ExpressionAttributeValues: { ':token': token },
    });
    const chunks: [number, string][][] = [];
    for (let index = 0; index < current.length; index += TRANSACTION_LIMIT) chunks.push(current.slice(index, index + TRANSACTION_LIMIT));
    await mapWithConcurrency(chunks, 4, async (chunk) => {
      try {
        await this.db.send(new TransactWriteCommand({ TransactItems: chunk.map((mark) => ({ Delete: deleteOf(mark) })) }));
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        await mapWithConcurrency(chunk, 8, (mark) => sendConditional(() => this.db.send(new DeleteCommand(deleteOf(mark)))));
      }
    });
    await mapWithConcurrency(legacy, 8, ([serverId, token]) =>
      sendConditional(() =>
        this.db.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: keys.legacyLateChanges(period),
            UpdateExpression: 'REMOVE #mark',
            ConditionExpression: '#mark = :token',
            ExpressionAttributeNames: { '#mark': legacyLateMarkAttribute(serverId) },
            ExpressionAttributeValues: { ':token': token.slice(LEGACY_TOKEN_PREFIX.length) },
          }),
        ),
      ),
    );
  }

  async settledAdjustments(of: Period): Promise<SettledAdjustment[]> {
    const items = await queryAll(this.db, { TableName: this.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.settledPartition(of) } });
    return items.map((item) => settledSchema.parse(item));
  }

  async writeIntoOpenPeriod(period: Period, changes: readonly AdjustmentChange[]): Promise<void> {
    await writeIntoOpenPeriod(this.db, this.tableName, period, changes.map(adjustmentRequest));
  }
}
