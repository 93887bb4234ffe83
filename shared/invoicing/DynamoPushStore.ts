import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { Period } from '../billing';
import { keys } from '../storage/keys';
import { queryPartition } from '../storage/queryAll';
import { BILLING_SYSTEMS } from './types';

/** Invoices a re-push replaced, kept per record (the most recent): the record never grows toward 400 KB. */
export const MAX_REPLACED_INVOICE_IDS = 20;

/**
 * A customer's push of one closed period. `pending` while a push holds its lease (or after one
 * failed: `lastError` says why and the next push takes it over), `pushed` once the billing system
 * holds the invoice (`invoiceId`). Nothing moves a `pushed` record back.
 */
export const pushRecordSchema = z.object({
  period: z.string(),
  customer: z.string(),
  status: z.enum(['pending', 'pushed']),
  system: z.enum(BILLING_SYSTEMS),
  tag: z.string(),
  currency: z.string(),
  totalMinor: z.number().int(),
  /** The wall-clock ms until which the holder may work on it; a later push waits until then. */
  leaseUntilMs: z.number(),
  attempts: z.number().int().nonnegative(),
  invoiceId: z.string().optional(),
  /** Whether the invoice was found by its tag (an earlier attempt created it) rather than created now. */
  foundByTag: z.boolean().optional(),
  pushedAt: z.string().optional(),
  lastError: z.string().optional(),
  /** Invoices pushed before and since deleted in the billing system (a re-push replaced them), the latest MAX_REPLACED_INVOICE_IDS. */
  replacedInvoiceIds: z.array(z.string()).optional(),
  updatedAt: z.string(),
});
export type PushRecord = z.infer<typeof pushRecordSchema>;

export interface PushClaim {
  readonly period: Period;
  readonly customer: string;
  readonly system: PushRecord['system'];
  readonly tag: string;
  readonly currency: string;
  readonly totalMinor: number;
  readonly nowMs: number;
  readonly leaseMs: number;
  /** The push's time (the event's), recorded as `updatedAt`. */
  readonly time: string;
}

/** Push records in the single table: one item per period and customer, changed only by conditional writes. */
export class DynamoPushStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async list(period: Period): Promise<PushRecord[]> {
    const items = await queryPartition(this.db, this.tableName, keys.pushPartition(period), { consistent: true });
    return items.map((item) => pushRecordSchema.parse(item));
  }

  async get(period: Period, customer: string): Promise<PushRecord | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.push(period, customer), ConsistentRead: true }));
    return Item === undefined ? undefined : pushRecordSchema.parse(Item);
  }

  /**
   * Takes the customer's push: creates the record `pending`, or takes over a `pending` one whose
   * lease ran out. Answers the record as held, or the current one when another push holds it or
   * it is already `pushed` (`claimed: false`).
   */
  async claim(claim: PushClaim): Promise<{ claimed: true; record: PushRecord } | { claimed: false; record: PushRecord | undefined }> {
    try {
      const { Attributes } = await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.push(claim.period, claim.customer),
          UpdateExpression:
            'SET #kind = :kind, #period = :period, customer = :customer, #status = :pending, #system = :system, tag = :tag, currency = :currency, totalMinor = :total, leaseUntilMs = :lease, attempts = if_not_exists(attempts, :zero) + :one, updatedAt = :time',
          ConditionExpression: 'attribute_not_exists(pk) OR (#status = :pending AND leaseUntilMs <= :now)',
          ExpressionAttributeNames: { '#kind': 'kind', '#period': 'period', '#status': 'status', '#system': 'system' },
          ExpressionAttributeValues: {
            ':kind': 'push',
            ':period': claim.period,
            ':customer': claim.customer,
            ':pending': 'pending',
            ':system': claim.system,
            ':tag': claim.tag,
            ':currency': claim.currency,
            ':total': claim.totalMinor,
            ':lease': claim.nowMs + claim.leaseMs,
            ':zero': 0,
            ':one': 1,
            ':now': claim.nowMs,
            ':time': claim.time,
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return { claimed: true, record: pushRecordSchema.parse(Attributes) };
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return { claimed: false, record: await this.get(claim.period, claim.customer) };
      throw error;
    }
  }

  /** `pending -> pushed` with the billing system's invoice id; only the lease holder (same lease) may. */
  async markPushed(record: PushRecord, invoiceId: string, foundByTag: boolean, time: string): Promise<PushRecord> {
    const { Attributes } = await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.push(record.period, record.customer),
        UpdateExpression: 'SET #status = :pushed, invoiceId = :id, foundByTag = :found, pushedAt = :time, updatedAt = :time, leaseUntilMs = :zero REMOVE lastError',
        ConditionExpression: '#status = :pending AND leaseUntilMs = :lease',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':pushed': 'pushed', ':pending': 'pending', ':id': invoiceId, ':found': foundByTag, ':time': time, ':zero': 0, ':lease': record.leaseUntilMs },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return pushRecordSchema.parse(Attributes);
  }

  /**
   * `pushed -> pending` for an invoice the billing system no longer holds (deleted by an admin), so
   * the next claim pushes it anew; only while the record still names that invoice.
   */
  async reopen(record: PushRecord, time: string): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.push(record.period, record.customer),
          // The list as read plus this invoice, the oldest dropped past MAX_REPLACED_INVOICE_IDS: the
          // condition (still pushed, still this invoice) means nobody changed the list since it was read.
          UpdateExpression: 'SET #status = :pending, leaseUntilMs = :zero, updatedAt = :time, replacedInvoiceIds = :replaced REMOVE invoiceId, pushedAt, foundByTag',
          ConditionExpression: '#status = :pushed AND invoiceId = :id',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':pending': 'pending',
            ':pushed': 'pushed',
            ':zero': 0,
            ':time': time,
            ':replaced': [...(record.replacedInvoiceIds ?? []), record.invoiceId].slice(-MAX_REPLACED_INVOICE_IDS),
            ':id': record.invoiceId,
          },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  /** Leaves the record `pending` with the error and no lease, so the next push takes it over at once. */
  async release(record: PushRecord, lastError: string, time: string): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.push(record.period, record.customer),
          UpdateExpression: 'SET lastError = :error, leaseUntilMs = :zero, updatedAt = :time',
          ConditionExpression: '#status = :pending AND leaseUntilMs = :lease',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':error': lastError, ':zero': 0, ':time': time, ':pending': 'pending', ':lease': record.leaseUntilMs },
        }),
      );
    } catch (error) {
      // Another push took the lease over meanwhile (ours ran out): its outcome stands.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
}
