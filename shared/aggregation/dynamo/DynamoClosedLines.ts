import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { USAGE_FLAGS, type Period } from '../../billing';
import type { WriteRequest } from '../../storage/batchWrite';
import { keys } from '../../storage/keys';
import { queryAll } from '../../storage/queryAll';
import { installationOf } from '../installationScope';
import type { ClosedItem, ClosedLineReader } from '../ports';
import { LINE_KINDS, type InvoiceLine } from '../types';
import { pageByCustomer } from './pageByCustomer';

const moneySchema = z.record(z.string(), z.number());
const invoiceLineSchema = z.object({
  customer: z.string(),
  serverId: z.number(),
  installation: z.string().optional(),
  hostname: z.string().optional(),
  kind: z.enum(LINE_KINDS),
  adjustmentOf: z.string().optional(),
  hours: z.number().optional(),
  tokens: z.number(),
  money: moneySchema,
  prepaid: z.boolean(),
  metered: z.literal(true).optional(),
  flags: z.array(z.enum(USAGE_FLAGS)),
  longestGapMinutes: z.number().int().positive().optional(),
  description: z.string(),
});
const closedItemSchema = z.object({ lines: z.array(invoiceLineSchema) });

/**
 * The put of one closed item (`CLOSED#<period>#<customer>`, sorted by server and adjusted period).
 * It carries the checksum of the close that wrote it: a close that crashed before its commit may
 * have left items the committed close did not write again (its lines differed), and readers take
 * only the items of the committed checksum (the header's).
 */
export function closedItemRequest(period: Period, item: ClosedItem, checksum: string): WriteRequest {
  const installation = installationOf(item);
  const tail = item.adjustmentOf === undefined ? keys.serverSortTail(item.serverId, installation) : keys.adjustmentSortTail(item.adjustmentOf, item.serverId, installation);
  return {
    PutRequest: { Item: { ...keys.closedItem(period, item.customer, tail), ...keys.closedIndex(period, item.customer, tail), kind: 'closedLines', period, customer: item.customer, lines: item.lines, checksum } },
  };
}

/** The closed invoice lines of the committed closes (written by DynamoPeriodHeaders.writeClosedItems, under the close lock). */
export class DynamoClosedLines implements ClosedLineReader {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async closedLinesOf(period: Period, customer: string, checksum: string): Promise<InvoiceLine[]> {
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ConsistentRead: true,
      FilterExpression: 'checksum = :checksum',
      ExpressionAttributeValues: { ':pk': keys.closedPartition(period, customer), ':checksum': checksum },
    });
    return items.flatMap((item) => closedItemSchema.parse(item).lines);
  }

  async closedPage(period: Period, afterCustomer: string | undefined, limit: number, checksum: string): Promise<{ lines: InvoiceLine[]; customers: string[]; more: boolean }> {
    const page = await pageByCustomer(this.db, this.tableName, keys.closedIndexPartition(period), afterCustomer, limit, checksum);
    return { lines: page.items.flatMap((item) => closedItemSchema.parse(item).lines), customers: page.customers, more: page.more };
  }
}
