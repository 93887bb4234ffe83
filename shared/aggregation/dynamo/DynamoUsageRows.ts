import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { USAGE_FLAGS, type Period } from '../../billing';
import { serverStateSchema } from '../../snapshots/stateSchema';
import { batchWriteAll, type WriteRequest } from '../../storage/batchWrite';
import { keys } from '../../storage/keys';
import { queryAll } from '../../storage/queryAll';
import { installationOf } from '../installationScope';
import type { CustomerRows, UsageRowChange, UsageRowStore } from '../ports';
import type { AdjustmentRow, UsageRow } from '../types';
import { adjustmentRowSchema } from './DynamoAdjustments';
import { pageByCustomer, type Item } from './pageByCustomer';

const rowSegmentSchema = serverStateSchema.extend({
  start: z.string(),
  end: z.string().nullable(),
  flags: z.array(z.enum(USAGE_FLAGS)),
});
const usageRowSchema = z.object({
  period: z.string(),
  customer: z.string(),
  serverId: z.number(),
  installation: z.string().optional(),
  hostname: z.string().optional(),
  longestGapMinutes: z.number().int().positive().optional(),
  prepaid: z.boolean(),
  metered: z.literal(true).optional(),
  segments: z.array(rowSegmentSchema),
});

function rowRequest(change: UsageRowChange): WriteRequest {
  if ('remove' in change) {
    const { period, customer, serverId } = change.remove;
    return { DeleteRequest: { Key: keys.usageRow(period, customer, serverId, installationOf(change.remove)) } };
  }
  const row = change.put;
  const installation = installationOf(row);
  return {
    PutRequest: { Item: { ...keys.usageRow(row.period, row.customer, row.serverId, installation), ...keys.usageIndex(row.period, row.customer, keys.serverSortTail(row.serverId, installation)), kind: 'usageRow', ...row } },
  };
}

/** A usage partition's items: its rows, and the adjustment rows a later aggregation put beside them. */
function splitRows(items: readonly Item[]): CustomerRows {
  const rows: UsageRow[] = [];
  const adjustments: AdjustmentRow[] = [];
  for (const item of items) {
    if (item['kind'] === 'adjustmentRow') adjustments.push(adjustmentRowSchema.parse(item));
    else rows.push(usageRowSchema.parse(item));
  }
  return { rows, adjustments };
}

/**
 * Open periods' usage rows (`USAGE#<period>#<customer>`, indexed per period in gsi1), with their
 * adjustment rows; every installation's in one partition, told apart by sort key (`SERVER@eu#...`).
 */
export class DynamoUsageRows implements UsageRowStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** One Query. */
  async customerRows(period: Period, customer: string): Promise<CustomerRows> {
    const items = await queryAll(this.db, { TableName: this.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.usagePartition(period, customer) } });
    return splitRows(items);
  }

  async rowsPage(period: Period, afterCustomer: string | undefined, limit: number): Promise<CustomerRows & { customers: string[]; more: boolean }> {
    const page = await pageByCustomer(this.db, this.tableName, keys.usageIndexPartition(period), afterCustomer, limit);
    return { ...splitRows(page.items), customers: page.customers, more: page.more };
  }

  async allRows(period: Period): Promise<CustomerRows> {
    const items = await queryAll(this.db, { TableName: this.tableName, IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': keys.usageIndexPartition(period) } });
    return splitRows(items);
  }

  /** 25 to a BatchWrite, a few in flight. */
  async writeRows(changes: readonly UsageRowChange[]): Promise<void> {
    await batchWriteAll(this.db, this.tableName, changes.map(rowRequest));
  }
}
