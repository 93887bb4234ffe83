import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Period } from '../billing';
import { keys } from '../storage/keys';
import { queryPartition } from '../storage/queryAll';
import type { ClaimResult, PushClaim, PushHold, PushRecordRepository, PushRunRepository, PushSettlement } from './ports';
import { pushRecordSchema, pushRunSchema, type PushRecord, type PushRun } from './pushState';

/** Attribute names every expression here may use (reserved words). */
const NAMES = { '#status': 'status', '#kind': 'kind', '#period': 'period', '#system': 'system', '#error': 'error' } as const;

/** Invoices a re-push replaced, kept per record (the most recent): the record never grows toward 400 KB. */
export const MAX_REPLACED_INVOICE_IDS = 20;

/** The claim's condition, one named part per state a push may take over. */
const CLAIMABLE = {
  absent: 'attribute_not_exists(pk)',
  pending: '#status = :pending',
  leaseRanOut: '(#status = :inProgress AND leaseUntilMs <= :now)',
  settled: '(#status = :unknown AND settlesAtMs <= :pushTime)',
  failed: '#status = :failed',
  skipped: '#status = :skipped',
} as const;

/** Only the holder of this exact lease may end the push. */
const HELD = '#status = :inProgress AND leaseUntilMs = :lease';

/** Push records and push runs in the single table; every state change is a conditional write. */
export class DynamoPushStore implements PushRecordRepository, PushRunRepository {
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

  async claim(claim: PushClaim): Promise<ClaimResult> {
    const conditions = [CLAIMABLE.absent, CLAIMABLE.pending, CLAIMABLE.leaseRanOut, CLAIMABLE.settled, ...(claim.retryFailed ? [CLAIMABLE.failed, CLAIMABLE.skipped] : [])];
    try {
      const { Attributes } = await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.push(claim.period, claim.customer),
          UpdateExpression:
            'SET #kind = :kind, #period = :period, customer = :customer, #status = :inProgress, #system = :system, tag = :tag, currency = :currency, totalMinor = :total, ' +
            'leaseUntilMs = :lease, attempts = if_not_exists(attempts, :zero) + :one, updatedAt = :time REMOVE #error, settlesAt, settlesAtMs, skipReason, clientCurrency, heldGap',
          ConditionExpression: conditions.join(' OR '),
          ExpressionAttributeNames: { '#kind': NAMES['#kind'], '#period': NAMES['#period'], '#status': NAMES['#status'], '#system': NAMES['#system'], '#error': NAMES['#error'] },
          ExpressionAttributeValues: {
            ':kind': 'push',
            ':period': claim.period,
            ':customer': claim.customer,
            ':inProgress': 'in_progress',
            ':pending': 'pending',
            ':unknown': 'unknown',
            ...(claim.retryFailed ? { ':failed': 'failed', ':skipped': 'skipped' } : {}),
            ':system': claim.system,
            ':tag': claim.tag,
            ':currency': claim.currency,
            ':total': claim.totalMinor,
            ':lease': claim.nowMs + claim.leaseMs,
            ':zero': 0,
            ':one': 1,
            ':now': claim.nowMs,
            ':pushTime': claim.timeMs,
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

  async hold(hold: PushHold): Promise<{ held: boolean; record: PushRecord | undefined }> {
    const record: PushRecord = {
      period: hold.period,
      customer: hold.customer,
      status: 'skipped',
      system: hold.system,
      tag: hold.tag,
      currency: hold.currency,
      totalMinor: hold.totalMinor,
      leaseUntilMs: 0,
      attempts: 0,
      skipReason: 'held_gap',
      heldGap: {
        serverId: hold.heldGap.serverId,
        ...(hold.heldGap.installation === undefined ? {} : { installation: hold.heldGap.installation }),
        longestGapMinutes: hold.heldGap.longestGapMinutes,
      },
      updatedAt: hold.time,
    };
    try {
      await this.db.send(
        new PutCommand({ TableName: this.tableName, Item: { ...keys.push(hold.period, hold.customer), kind: 'push', ...record }, ConditionExpression: 'attribute_not_exists(pk)' }),
      );
      return { held: true, record };
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return { held: false, record: await this.get(hold.period, hold.customer) };
      throw error;
    }
  }

  async recordCreated(record: PushRecord, invoiceId: string, time: string): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.push(record.period, record.customer),
          UpdateExpression: 'SET invoiceId = :id, updatedAt = :time',
          ConditionExpression: HELD,
          ExpressionAttributeNames: { '#status': NAMES['#status'] },
          ExpressionAttributeValues: { ':id': invoiceId, ':time': time, ':inProgress': 'in_progress', ':lease': record.leaseUntilMs },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async settle(record: PushRecord, settlement: PushSettlement, time: string): Promise<PushRecord | undefined> {
    const update = settlementUpdate(settlement);
    try {
      const { Attributes } = await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.push(record.period, record.customer),
          UpdateExpression: update.expression,
          ConditionExpression: HELD,
          ExpressionAttributeNames: { '#status': NAMES['#status'], '#error': NAMES['#error'] },
          ExpressionAttributeValues: { ...update.values, ':inProgress': 'in_progress', ':lease': record.leaseUntilMs, ':zero': 0, ':time': time },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return pushRecordSchema.parse(Attributes);
    } catch (error) {
      // Another push took the lease over meanwhile (ours ran out): its outcome stands.
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw error;
    }
  }

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
          ExpressionAttributeNames: { '#status': NAMES['#status'] },
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

  async getRun(period: Period): Promise<PushRun | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.pushRun(period), ConsistentRead: true }));
    return Item === undefined ? undefined : pushRunSchema.parse(Item);
  }

  async listRuns(): Promise<PushRun[]> {
    const items = await queryPartition(this.db, this.tableName, keys.pushRunsPartition, { consistent: true });
    return items.map((item) => pushRunSchema.parse(item));
  }

  async markRun(period: Period, stage: 'accepted' | 'started', time: string, nowMs: number, leaseMs: number): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.pushRun(period),
        UpdateExpression: `SET #kind = :kind, #period = :period, ${stage === 'accepted' ? 'acceptedAt' : 'startedAt'} = :time, lastStartMs = :now, activeUntilMs = :until, updatedAt = :time`,
        ExpressionAttributeNames: { '#kind': NAMES['#kind'], '#period': NAMES['#period'] },
        ExpressionAttributeValues: { ':kind': 'push-run', ':period': period, ':time': time, ':now': nowMs, ':until': nowMs + leaseMs },
      }),
    );
  }

  async finishRun(period: Period, time: string, nowMs: number, outstanding: number): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.pushRun(period),
        UpdateExpression: 'SET #kind = :kind, #period = :period, finishedAt = :time, lastFinishMs = :now, activeUntilMs = :zero, outstanding = :outstanding, updatedAt = :time',
        ExpressionAttributeNames: { '#kind': NAMES['#kind'], '#period': NAMES['#period'] },
        ExpressionAttributeValues: { ':kind': 'push-run', ':period': period, ':time': time, ':now': nowMs, ':zero': 0, ':outstanding': outstanding },
      }),
    );
  }
}

/** The update that ends a held push in `settlement`'s state (the lease goes, stale fields are removed). */
function settlementUpdate(settlement: PushSettlement): { expression: string; values: Record<string, unknown> } {
  switch (settlement.status) {
    case 'pushed':
      return {
        expression: 'SET #status = :pushed, invoiceId = :id, foundByTag = :found, pushedAt = :time, updatedAt = :time, leaseUntilMs = :zero REMOVE lastError, #error, settlesAt, settlesAtMs',
        values: { ':pushed': 'pushed', ':id': settlement.invoiceId, ':found': settlement.foundByTag },
      };
    case 'unknown':
      return {
        expression: 'SET #status = :unknown, settlesAt = :settlesAt, settlesAtMs = :settlesAtMs, lastError = :lastError, updatedAt = :time, leaseUntilMs = :zero REMOVE #error',
        values: { ':unknown': 'unknown', ':settlesAt': settlement.settlesAt, ':settlesAtMs': Date.parse(settlement.settlesAt), ':lastError': settlement.lastError },
      };
    case 'pending':
      return {
        expression: 'SET #status = :pending, lastError = :lastError, updatedAt = :time, leaseUntilMs = :zero REMOVE #error, settlesAt, settlesAtMs',
        values: { ':pending': 'pending', ':lastError': settlement.lastError },
      };
    case 'failed':
      return {
        expression: 'SET #status = :failed, #error = :error, updatedAt = :time, leaseUntilMs = :zero REMOVE lastError, settlesAt, settlesAtMs',
        values: { ':failed': 'failed', ':error': settlement.error },
      };
    case 'skipped':
      return {
        expression: 'SET #status = :skipped, skipReason = :reason, clientCurrency = :clientCurrency, updatedAt = :time, leaseUntilMs = :zero REMOVE lastError, #error, settlesAt, settlesAtMs',
        values: { ':skipped': 'skipped', ':reason': settlement.reason, ':clientCurrency': settlement.clientCurrency },
      };
  }
}
