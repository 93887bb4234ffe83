import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { USAGE_FLAGS, type Period } from '../billing';
import { UNBILLED_REASONS } from '../snapshots/shortLived';
import { serverStateSchema } from '../snapshots/stateSchema';
import { ConflictError } from '../errors';
import { keys, LEGACY_LATE_MARK_ATTRIBUTE, legacyLateMarkAttribute } from '../storage/keys';
import { mapWithConcurrency, RetriesExhaustedError, RetryableError, withRetries } from '../async';
import { batchWriteAll, type WriteRequest } from '../storage/batchWrite';
import { deleteParts, partsRefSchema, readParts, writeParts } from '../storage/parts';
import { queryAll, queryPages } from '../storage/queryAll';
import { LINE_KINDS, type AdjustmentRow, type InvoiceLine, type PeriodHeader, type PeriodTotals, type UnbilledEntry, type UsageRow } from './types';

const rowSegmentSchema = serverStateSchema.extend({
  start: z.string(),
  end: z.string().nullable(),
  flags: z.array(z.enum(USAGE_FLAGS)),
});
const usageRowSchema = z.object({
  period: z.string(),
  customer: z.string(),
  serverId: z.number(),
  prepaid: z.boolean(),
  segments: z.array(rowSegmentSchema),
});
const adjustmentRowSchema = z.object({
  period: z.string(),
  customer: z.string(),
  serverId: z.number(),
  adjustmentOf: z.string(),
  runtimeTokens: z.number(),
  ipTokens: z.number(),
  backupTokens: z.number(),
});
const moneySchema = z.record(z.string(), z.number());
const totalsSchema = z.object({ totalTokens: z.number(), money: moneySchema, customers: z.number() });
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
const invoiceLineSchema = z.object({
  customer: z.string(),
  serverId: z.number(),
  kind: z.enum(LINE_KINDS),
  adjustmentOf: z.string().optional(),
  hours: z.number().optional(),
  tokens: z.number(),
  money: moneySchema,
  prepaid: z.boolean(),
  flags: z.array(z.enum(USAGE_FLAGS)),
  description: z.string(),
});
const closedItemSchema = z.object({ lines: z.array(invoiceLineSchema) });
const manifestServersSchema = z.record(z.string(), z.string());
/** A manifest shard's head: its servers, or (a large shard) the parts that hold them. */
const manifestSchema = z.union([
  z.object({ sk: z.string(), version: z.number(), servers: manifestServersSchema }),
  z.object({ sk: z.string(), version: z.number(), parts: partsRefSchema }),
]);
/** A manifest shard larger than this (as JSON) goes into parts: DynamoDB's item limit is 400 KB. */
const MANIFEST_ITEM_MAX_BYTES = 300_000;
const MANIFEST_READ_ATTEMPTS = 5;
const lateMarkSchema = z.object({ serverId: z.number(), token: z.string() });
/** Marks of the single item older versions wrote are told apart by this prefix on their token. */
const LEGACY_TOKEN_PREFIX = 'legacy:';
const settledSchema = z.object({
  inPeriod: z.string(),
  customer: z.string(),
  serverId: z.number(),
  runtimeTokens: z.number(),
  ipTokens: z.number(),
  backupTokens: z.number(),
  checksum: z.string(),
});

/** What a usage partition (one customer, one period) holds. */
export interface CustomerRows {
  readonly rows: UsageRow[];
  readonly adjustments: AdjustmentRow[];
}

export interface SettledAdjustment {
  readonly inPeriod: Period;
  readonly customer: string;
  readonly serverId: number;
  readonly runtimeTokens: number;
  readonly ipTokens: number;
  readonly backupTokens: number;
  /** The checksum of the close of `inPeriod` that froze it. */
  readonly checksum: string;
}

type Item = Record<string, unknown>;

/** The close's lock was taken over (its lease ran out): this close writes nothing more. */
export class CloseLockLostError extends ConflictError {
  constructor(period: Period) {
    super(`The close of ${period} lost its lock (its lease ran out and another close took it over); that close decides`, 'close_in_progress');
    this.name = 'CloseLockLostError';
  }
}

/** DynamoDB's limits of one TransactWriteItems: 100 items, 4 MB in all. */
const TRANSACTION_LIMIT = 100;
/** Bytes (as JSON, which overstates DynamoDB's measure) a transaction's writes may add up to: one more 400 KB item stays under 4 MB. */
const TRANSACTION_MAX_BYTES = 3_500_000;
/** Tries of one transaction that keeps colliding with concurrent ones. */
const TRANSACTION_ATTEMPTS = 5;

/**
 * Writes in chunks of at most 99 (room for the header's condition check) and TRANSACTION_MAX_BYTES,
 * in order.
 */
function transactionChunks(requests: readonly WriteRequest[]): WriteRequest[][] {
  const chunks: WriteRequest[][] = [];
  let chunk: WriteRequest[] = [];
  let bytes = 0;
  for (const request of requests) {
    const size = Buffer.byteLength(JSON.stringify(request));
    if (chunk.length > 0 && (chunk.length === TRANSACTION_LIMIT - 1 || bytes + size > TRANSACTION_MAX_BYTES)) {
      chunks.push(chunk);
      chunk = [];
      bytes = 0;
    }
    chunk.push(request);
    bytes += size;
  }
  if (chunk.length > 0) chunks.push(chunk);
  return chunks;
}

/** Periods, usage rows, closed invoice lines and the bookkeeping of adjustments (docs/architecture.md). */
export class DynamoAggregationStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  // --- period headers ---------------------------------------------------------------------

  async listHeaders(): Promise<PeriodHeader[]> {
    const items = await this.queryAll({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.periodsPartition }, ConsistentRead: true });
    return items.map((item) => headerSchema.parse(item));
  }

  async getHeader(period: Period): Promise<PeriodHeader | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.periodHeader(period), ConsistentRead: true }));
    return Item ? headerSchema.parse(Item) : undefined;
  }

  /** Records how far an open period is aggregated (and what it could not price); never touches a closed one. */
  async putOpenHeader(period: Period, asOf: string, billingStart: string | undefined, unbilled: UnbilledList = NO_UNBILLED): Promise<void> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.periodHeader(period), kind: 'periodHeader', period, status: 'open', asOf, ...(billingStart === undefined ? {} : { billingStart }), ...unbilledFields(unbilled) },
          ConditionExpression: 'attribute_not_exists(pk) OR #status = :open',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':open': 'open' },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  /**
   * Takes the period for one close before it reads or writes anything: `open` (or no header yet)
   * -> `closing` with the holder's token and lease, or a `closing` whose lease ran out (its holder is
   * gone). False when another close holds it or it is closed.
   */
  async lockClose(period: Period, token: string, nowMs: number, leaseMs: number): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.periodHeader(period),
          UpdateExpression: 'SET #kind = :kind, #period = :period, #status = :closing, closeToken = :token, closeLeaseUntilMs = :lease',
          ConditionExpression: 'attribute_not_exists(pk) OR #status = :open OR (#status = :closing AND closeLeaseUntilMs <= :now)',
          ExpressionAttributeNames: { '#kind': 'kind', '#period': 'period', '#status': 'status' },
          ExpressionAttributeValues: { ':kind': 'periodHeader', ':period': period, ':closing': 'closing', ':open': 'open', ':token': token, ':lease': nowMs + leaseMs, ':now': nowMs },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  /**
   * The close's commit point: flips the header from `closing` (held by `token`) to closed with its
   * totals and checksum, in one conditional write. False when the lock is not this close's any more.
   */
  async commitClose(
    period: Period,
    token: string,
    fields: { asOf: string; billingStart?: string; closedAt: string; totals: PeriodTotals; checksum: string },
    unbilled: UnbilledList = NO_UNBILLED,
  ): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.periodHeader(period), kind: 'periodHeader', period, status: 'closed', published: false, ...fields, ...unbilledFields(unbilled) },
          ConditionExpression: '#status = :closing AND closeToken = :token',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':closing': 'closing', ':token': token },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  /** `closing -> open` for a close that failed (so a retry need not wait out the lease); only with its token. */
  async releaseClose(period: Period, token: string): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.periodHeader(period),
          UpdateExpression: 'SET #status = :open REMOVE closeToken, closeLeaseUntilMs',
          ConditionExpression: '#status = :closing AND closeToken = :token',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':open': 'open', ':closing': 'closing', ':token': token },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  /**
   * The close's own items (closed lines, settled entries), in transactions that each check the
   * lock is still `token`'s: a close that lost it (a crashed holder's lease taken over) writes
   * nothing more, so no stale line can replace a committed one.
   */
  async writeClosedItems(period: Period, token: string, requests: readonly WriteRequest[]): Promise<void> {
    await this.writeChecked(period, requests, { expression: '#status = :closing AND closeToken = :token', values: { ':closing': 'closing', ':token': token } }, () => new CloseLockLostError(period));
  }

  /** Clears the outbox flag once the event is out; true when this call cleared it. */
  async markPublished(period: Period): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.periodHeader(period),
          UpdateExpression: 'SET published = :true',
          ConditionExpression: '#status = :closed AND published = :false',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':true': true, ':false': false, ':closed': 'closed' },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  // --- usage rows ---------------------------------------------------------------------------

  /** One customer's rows and adjustments of a period: one Query. */
  async customerRows(period: Period, customer: string): Promise<CustomerRows> {
    const items = await this.queryAll({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.usagePartition(period, customer) } });
    return splitRows(items);
  }

  /**
   * Rows of up to `limit` customers after `afterCustomer` (customer order), and whether more follow.
   */
  async rowsPage(period: Period, afterCustomer: string | undefined, limit: number): Promise<CustomerRows & { customers: string[]; more: boolean }> {
    const page = await this.pageByCustomer(keys.usageIndexPartition(period), afterCustomer, limit);
    return { ...splitRows(page.items), customers: page.customers, more: page.more };
  }

  /** Every row and adjustment of a period (the close reads them all). */
  async allRows(period: Period): Promise<CustomerRows> {
    const items = await this.queryAll({ IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': keys.usageIndexPartition(period) } });
    return splitRows(items);
  }

  putRowRequest(row: UsageRow): WriteRequest {
    return {
      PutRequest: {
        Item: { ...keys.usageRow(row.period, row.customer, row.serverId), ...keys.usageIndex(row.period, row.customer, keys.serverSortTail(row.serverId)), kind: 'usageRow', ...row },
      },
    };
  }

  deleteRowRequest(period: Period, customer: string, serverId: number): WriteRequest {
    return { DeleteRequest: { Key: keys.usageRow(period, customer, serverId) } };
  }

  putAdjustmentRequest(row: AdjustmentRow): WriteRequest {
    return {
      PutRequest: {
        Item: {
          ...keys.adjustmentRow(row.period, row.customer, row.adjustmentOf, row.serverId),
          ...keys.usageIndex(row.period, row.customer, keys.adjustmentSortTail(row.adjustmentOf, row.serverId)),
          kind: 'adjustmentRow',
          ...row,
        },
      },
    };
  }

  deleteAdjustmentRequest(period: Period, customer: string, of: Period, serverId: number): WriteRequest {
    return { DeleteRequest: { Key: keys.adjustmentRow(period, customer, of, serverId) } };
  }

  // --- aggregation manifest: what each server's rows were last written from ----------------

  async readManifest(period: Period): Promise<Map<number, { version: number; servers: Record<string, string> }>> {
    for (let attempt = 1; ; attempt += 1) {
      const heads = await this.queryAll({
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :shard)',
        ExpressionAttributeValues: { ':pk': keys.aggregationPartition(period), ':shard': 'SHARD#' },
        ConsistentRead: true,
      });
      const shards = new Map<number, { version: number; servers: Record<string, string> }>();
      let torn = false;
      for (const item of heads) {
        const head = manifestSchema.parse(item);
        const shard = Number(head.sk.slice('SHARD#'.length));
        if ('servers' in head) {
          shards.set(shard, { version: head.version, servers: head.servers });
          continue;
        }
        const servers = await readParts(this.db, this.tableName, keys.aggregationPartition(period), keys.aggregationPartPrefix(shard), head.parts);
        if (servers === undefined) torn = true;
        else shards.set(shard, { version: head.version, servers: manifestServersSchema.parse(servers) });
      }
      // A writer replaced a large shard (and deleted its old parts) between our reads: read again.
      if (!torn) return shards;
      if (attempt >= MANIFEST_READ_ATTEMPTS) throw new ConflictError(`The aggregation manifest of ${period} kept changing while read; try again`, 'aggregation_conflict');
    }
  }

  /**
   * False when another aggregation wrote the shard since it was read (the caller re-reads and
   * re-applies). A shard too large for one item (a fleet of some 100,000 servers) goes into parts
   * first, then its head names them; the parts of the version it replaced are deleted after.
   */
  async writeManifestShard(period: Period, shard: number, servers: Record<string, string>, expectedVersion: number): Promise<boolean> {
    const partition = keys.aggregationPartition(period);
    const prefix = keys.aggregationPartPrefix(shard);
    const parts = Buffer.byteLength(JSON.stringify(servers)) > MANIFEST_ITEM_MAX_BYTES ? await writeParts(this.db, this.tableName, partition, prefix, servers) : undefined;
    try {
      const { Attributes } = await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.aggregationShard(period, shard), kind: 'aggregationManifest', version: expectedVersion + 1, ...(parts === undefined ? { servers } : { parts }) },
          ConditionExpression: expectedVersion === 0 ? 'attribute_not_exists(pk)' : 'version = :expected',
          ...(expectedVersion === 0 ? {} : { ExpressionAttributeValues: { ':expected': expectedVersion } }),
          ReturnValues: 'ALL_OLD',
        }),
      );
      const replaced = Attributes === undefined ? undefined : manifestSchema.parse(Attributes);
      if (replaced !== undefined && 'parts' in replaced) await deleteParts(this.db, this.tableName, partition, prefix, replaced.parts);
      return true;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      if (parts !== undefined) await deleteParts(this.db, this.tableName, partition, prefix, parts);
      return false;
    }
  }

  // --- closed lines -----------------------------------------------------------------------

  /**
   * A closed item carries the checksum of the close that wrote it. A close that crashed before its
   * commit may have left items the committed close did not write again (its lines differed); readers
   * take only the items of the committed checksum (the header's).
   */
  putClosedRequest(period: Period, customer: string, sortTail: string, lines: readonly InvoiceLine[], checksum: string): WriteRequest {
    return {
      PutRequest: { Item: { ...keys.closedItem(period, customer, sortTail), ...keys.closedIndex(period, customer, sortTail), kind: 'closedLines', period, customer, lines, checksum } },
    };
  }

  async closedLinesOf(period: Period, customer: string, checksum: string): Promise<InvoiceLine[]> {
    const items = await this.queryAll({
      KeyConditionExpression: 'pk = :pk',
      ConsistentRead: true,
      FilterExpression: 'checksum = :checksum',
      ExpressionAttributeValues: { ':pk': keys.closedPartition(period, customer), ':checksum': checksum },
    });
    return items.flatMap((item) => closedItemSchema.parse(item).lines);
  }

  /** Closed lines (of the committed close) of up to `limit` customers after `afterCustomer`. */
  async closedPage(period: Period, afterCustomer: string | undefined, limit: number, checksum: string): Promise<{ lines: InvoiceLine[]; customers: string[]; more: boolean }> {
    const page = await this.pageByCustomer(keys.closedIndexPartition(period), afterCustomer, limit, checksum);
    return { lines: page.items.flatMap((item) => closedItemSchema.parse(item).lines), customers: page.customers, more: page.more };
  }

  /**
   * The items of up to `limit` customers of a gsi1 listing (ordered by customer) after
   * `afterCustomer`, and whether more customers follow.
   */
  private async pageByCustomer(indexPartition: string, afterCustomer: string | undefined, limit: number, checksum?: string): Promise<{ items: Item[]; customers: string[]; more: boolean }> {
    const items: Item[] = [];
    const customers: string[] = [];
    const pages = queryPages(this.db, {
      TableName: this.tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: afterCustomer === undefined ? 'gsi1pk = :pk' : 'gsi1pk = :pk AND gsi1sk > :after',
      // `#~` sorts after every `<customer>#<tail>` of that customer.
      ExpressionAttributeValues: {
        ':pk': indexPartition,
        ...(afterCustomer === undefined ? {} : { ':after': `${afterCustomer}#~` }),
        ...(checksum === undefined ? {} : { ':checksum': checksum }),
      },
      ...(checksum === undefined ? {} : { FilterExpression: 'checksum = :checksum' }),
    });
    for await (const page of pages) {
      for (const item of page) {
        const customer = String(item['customer']);
        if (customers[customers.length - 1] !== customer) {
          // Leaving the loop stops the paginator: no page past the limit is read.
          if (customers.length === limit) return { items, customers, more: true };
          customers.push(customer);
        }
        items.push(item);
      }
    }
    return { items, customers, more: false };
  }

  // --- late changes and settled adjustments -----------------------------------------------

  /** Servers whose items of a past period changed after the month ended (the snapshot run marks them), with each mark's token. */
  async lateServers(period: Period): Promise<Map<number, string>> {
    const marks = new Map<number, string>();
    const legacy = new Map<number, string>();
    for (const item of await queryAll(this.db, { TableName: this.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.latePartition(period) }, ConsistentRead: true })) {
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
   * Clears the marks that still hold the token read: a server marked again since keeps its mark.
   * Conditional deletes go out 100 to a transaction; a transaction refused because one mark was
   * renewed meanwhile is redone one delete at a time.
   */
  async clearLate(period: Period, marks: ReadonlyMap<number, string>): Promise<void> {
    const current = [...marks].filter(([, token]) => !token.startsWith(LEGACY_TOKEN_PREFIX));
    const legacy = [...marks].filter(([, token]) => token.startsWith(LEGACY_TOKEN_PREFIX));
    const deleteOf = ([serverId, token]: [number, string]) => ({
      TableName: this.tableName,
      Key: keys.lateMark(period, serverId),
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
        await mapWithConcurrency(chunk, 8, async (mark) => {
          try {
            await this.db.send(new DeleteCommand(deleteOf(mark)));
          } catch (single) {
            if (!(single instanceof ConditionalCheckFailedException)) throw single;
          }
        });
      }
    });
    await mapWithConcurrency(legacy, 8, async ([serverId, token]) => {
      try {
        await this.db.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: keys.legacyLateChanges(period),
            UpdateExpression: 'REMOVE #mark',
            ConditionExpression: '#mark = :token',
            ExpressionAttributeNames: { '#mark': legacyLateMarkAttribute(serverId) },
            ExpressionAttributeValues: { ':token': token.slice(LEGACY_TOKEN_PREFIX.length) },
          }),
        );
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    });
  }

  /** `checksum`: of the close of `inPeriod` that froze it (only that close's entries count). */
  settledRequest(settled: SettledAdjustment & { of: Period }): WriteRequest {
    return { PutRequest: { Item: { ...keys.settledAdjustment(settled.of, settled.inPeriod, settled.customer, settled.serverId), kind: 'settledAdjustment', ...settled } } };
  }

  async settledAdjustments(of: Period): Promise<SettledAdjustment[]> {
    const items = await this.queryAll({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.settledPartition(of) } });
    return items.map((item) => settledSchema.parse(item));
  }

  /**
   * Writes in transactions that each check the period's header is still open, so nothing lands in
   * a period a concurrent close has frozen (ConflictError then: the caller's next run retries).
   */
  async writeIntoOpenPeriod(period: Period, requests: readonly WriteRequest[]): Promise<void> {
    // `open` only: a period a close holds (`closing`) has read its adjustments already.
    await this.writeChecked(period, requests, { expression: '#status = :open', values: { ':open': 'open' } }, () => new ConflictError(`${period} is no longer open; adjustments go to the next open period`, 'period_closed'));
  }

  /**
   * Writes in transactions of up to 99 items plus a check of the period header's condition. A
   * transaction that collided with another one on the same items is tried again (a few times).
   */
  private async writeChecked(period: Period, requests: readonly WriteRequest[], condition: { expression: string; values: Record<string, string> }, refused: () => Error): Promise<void> {
    for (const chunk of transactionChunks(requests)) {
      const command = new TransactWriteCommand({
        TransactItems: [
          {
            ConditionCheck: {
              TableName: this.tableName,
              Key: keys.periodHeader(period),
              ConditionExpression: condition.expression,
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: condition.values,
            },
          },
          ...chunk.map((request) =>
            'PutRequest' in request ? { Put: { TableName: this.tableName, Item: request.PutRequest.Item } } : { Delete: { TableName: this.tableName, Key: request.DeleteRequest.Key } },
          ),
        ],
      });
      try {
        await withRetries(
          async () => {
            try {
              await this.db.send(command);
            } catch (error) {
              if (!(error instanceof TransactionCanceledException)) throw error;
              const reasons = error.CancellationReasons ?? [];
              if (reasons[0]?.Code !== 'ConditionalCheckFailed' && reasons.some((reason) => reason.Code === 'TransactionConflict')) {
                throw new RetryableError(`a transaction on ${period} collided with another`, { cause: error });
              }
              throw refused();
            }
          },
          { what: `writing into ${period}`, attempts: TRANSACTION_ATTEMPTS },
        );
      } catch (error) {
        throw error instanceof RetriesExhaustedError ? refused() : error;
      }
    }
  }

  // --- plumbing ---------------------------------------------------------------------------

  async batchWrite(requests: readonly WriteRequest[]): Promise<void> {
    await batchWriteAll(this.db, this.tableName, requests);
  }

  private queryAll(input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>): Promise<Item[]> {
    return queryAll(this.db, { TableName: this.tableName, ...input });
  }
}

/** A period's unbilled servers as its header keeps them: the first ones (oldest first) and how many there are. */
export interface UnbilledList {
  readonly entries: readonly UnbilledEntry[];
  readonly count: number;
}

const NO_UNBILLED: UnbilledList = { entries: [], count: 0 };

/** Nothing is written for a period without unbilled servers: its header stays as it was before they existed. */
function unbilledFields(unbilled: UnbilledList): { unbilled?: UnbilledEntry[]; unbilledCount?: number } {
  return unbilled.count === 0 ? {} : { unbilled: [...unbilled.entries], unbilledCount: unbilled.count };
}

function splitRows(items: readonly Item[]): CustomerRows {
  const rows: UsageRow[] = [];
  const adjustments: AdjustmentRow[] = [];
  for (const item of items) {
    if (item['kind'] === 'adjustmentRow') adjustments.push(adjustmentRowSchema.parse(item));
    else rows.push(usageRowSchema.parse(item));
  }
  return { rows, adjustments };
}

export type { WriteRequest };
