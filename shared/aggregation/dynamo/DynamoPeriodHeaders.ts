import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { Period } from '../../billing';
import { UNBILLED_REASONS } from '../../snapshots/shortLived';
import { keys } from '../../storage/keys';
import { queryAll } from '../../storage/queryAll';
import { CloseLockLostError } from '../errors';
import type { CloseCommit, CloseLock, HeldCloseWrites, PeriodHeaderStore, UnbilledList } from '../ports';
import type { PeriodHeader, UnbilledEntry } from '../types';
import { NO_UNBILLED } from '../unbilled';
import { sendConditional, writeUnderHeader } from './conditionalWrites';
import { closedItemRequest } from './DynamoClosedLines';
import { settledRequest } from './DynamoAdjustments';

const totalsSchema = z.object({ totalTokens: z.number(), money: z.record(z.string(), z.number()), customers: z.number() });
const headerSchema = z.object({
  period: z.string(),
  status: z.enum(['open', 'closing', 'closed']),
  asOf: z.string().optional(),
  billingStart: z.string().optional(),
  closedAt: z.string().optional(),
  totals: totalsSchema.optional(),
  checksum: z.string().optional(),
  published: z.boolean().optional(),
  closeToken: z.string().optional(),
  closeLeaseUntilMs: z.number().optional(),
  unbilled: z
    .array(z.object({ serverId: z.number(), installation: z.string(), createdAt: z.string(), deletedAt: z.string().nullable(), reason: z.enum(UNBILLED_REASONS) }))
    .optional(),
  unbilledCount: z.number().optional(),
});

/** Nothing is written for a period without unbilled servers: its header stays as it was before they existed. */
function unbilledFields(unbilled: UnbilledList): { unbilled?: UnbilledEntry[]; unbilledCount?: number } {
  return unbilled.count === 0 ? {} : { unbilled: [...unbilled.entries], unbilledCount: unbilled.count };
}

/** Period headers (`PERIODS / <period>`): each period's state, and the close lock and commit point on it. */
export class DynamoPeriodHeaders implements PeriodHeaderStore, CloseLock {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async listHeaders(): Promise<PeriodHeader[]> {
    const items = await queryAll(this.db, { TableName: this.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.periodsPartition }, ConsistentRead: true });
    return items.map((item) => headerSchema.parse(item));
  }

  async getHeader(period: Period): Promise<PeriodHeader | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.periodHeader(period), ConsistentRead: true }));
    return Item ? headerSchema.parse(Item) : undefined;
  }

  async putOpenHeader(period: Period, asOf: string, billingStart: string | undefined, unbilled: UnbilledList = NO_UNBILLED): Promise<void> {
    await sendConditional(() =>
      this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.periodHeader(period), kind: 'periodHeader', period, status: 'open', asOf, ...(billingStart === undefined ? {} : { billingStart }), ...unbilledFields(unbilled) },
          ConditionExpression: 'attribute_not_exists(pk) OR #status = :open',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':open': 'open' },
        }),
      ),
    );
  }

  /**
   * Takes the period for one close before it reads or writes anything: `open` (or no header yet)
   * -> `closing` with the holder's token and lease, or a `closing` whose lease ran out (its holder is
   * gone). False when another close holds it or it is closed.
   */
  async lockClose(period: Period, token: string, nowMs: number, leaseMs: number): Promise<boolean> {
    return sendConditional(() =>
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.periodHeader(period),
          UpdateExpression: 'SET #kind = :kind, #period = :period, #status = :closing, closeToken = :token, closeLeaseUntilMs = :lease',
          ConditionExpression: 'attribute_not_exists(pk) OR #status = :open OR (#status = :closing AND closeLeaseUntilMs <= :now)',
          ExpressionAttributeNames: { '#kind': 'kind', '#period': 'period', '#status': 'status' },
          ExpressionAttributeValues: { ':kind': 'periodHeader', ':period': period, ':closing': 'closing', ':open': 'open', ':token': token, ':lease': nowMs + leaseMs, ':now': nowMs },
        }),
      ),
    );
  }

  /**
   * The close's own items (closed lines, then settled entries), in transactions that each check the
   * lock is still `token`'s: a close that lost it (a crashed holder's lease taken over) writes
   * nothing more, so no stale line can replace a committed one.
   */
  async writeClosedItems(period: Period, token: string, writes: HeldCloseWrites): Promise<void> {
    const requests = [...writes.items.map((item) => closedItemRequest(period, item, writes.checksum)), ...writes.settled.map(settledRequest)];
    await writeUnderHeader(this.db, this.tableName, period, requests, { expression: '#status = :closing AND closeToken = :token', values: { ':closing': 'closing', ':token': token } }, () => new CloseLockLostError(period));
  }

  /** The close's commit point: one conditional write of the whole header. */
  async commitClose(period: Period, token: string, fields: CloseCommit, unbilled: UnbilledList = NO_UNBILLED): Promise<boolean> {
    return sendConditional(() =>
      this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.periodHeader(period), kind: 'periodHeader', period, status: 'closed', published: false, ...fields, ...unbilledFields(unbilled) },
          ConditionExpression: '#status = :closing AND closeToken = :token',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':closing': 'closing', ':token': token },
        }),
      ),
    );
  }

  async releaseClose(period: Period, token: string): Promise<void> {
    await sendConditional(() =>
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.periodHeader(period),
          UpdateExpression: 'SET #status = :open REMOVE closeToken, closeLeaseUntilMs',
          ConditionExpression: '#status = :closing AND closeToken = :token',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':open': 'open', ':closing': 'closing', ':token': token },
        }),
      ),
    );
  }

  async markPublished(period: Period): Promise<boolean> {
    return sendConditional(() =>
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.periodHeader(period),
          UpdateExpression: 'SET published = :true',
          ConditionExpression: '#status = :closed AND published = :false',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':true': true, ':false': false, ':closed': 'closed' },
        }),
      ),
    );
  }
}
