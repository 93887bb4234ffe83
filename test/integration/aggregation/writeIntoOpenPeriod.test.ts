import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoAggregationStore } from '../../../shared/aggregation';
import { keys } from '../../../shared/storage';
import { createTestTable, type TestTable } from '../../support/testTable';

describe('DynamoAggregationStore.writeIntoOpenPeriod', () => {
  let table: TestTable;
  let store: DynamoAggregationStore;
  const adjustment = (period: string) => ({ period, customer: '1001', serverId: 7, adjustmentOf: '2026-10', runtimeTokens: -70, ipTokens: 0, backupTokens: 0 });

  beforeAll(async () => {
    table = await createTestTable();
    store = new DynamoAggregationStore(table.db, table.tableName);
  }, 60_000);

  afterAll(async () => {
    await table?.drop();
  });

  it('writes an adjustment into an open period', async () => {
    await store.putOpenHeader('2026-11', '2026-11-05T00:00:00.000Z', undefined);
    await store.writeIntoOpenPeriod('2026-11', [store.putAdjustmentRequest(adjustment('2026-11'))]);
    expect((await store.customerRows('2026-11', '1001')).adjustments).toEqual([adjustment('2026-11')]);
  });

  it('refuses to write into a period a concurrent close froze, writing nothing', async () => {
    await store.putOpenHeader('2026-12', '2026-12-05T00:00:00.000Z', undefined);
    expect(await store.lockClose('2026-12', 'token-1', 1_000, 60_000)).toBe(true);
    await store.commitClose('2026-12', 'token-1', { asOf: '2027-01-01T00:00:00.000Z', closedAt: '2027-01-01T02:00:00.000Z', totals: { totalTokens: 0, money: {}, customers: 0 }, checksum: 'x' });
    await expect(store.writeIntoOpenPeriod('2026-12', [store.putAdjustmentRequest(adjustment('2026-12'))])).rejects.toMatchObject({ statusCode: 409, code: 'period_closed' });
    const { Item } = await table.db.send(new GetCommand({ TableName: table.tableName, Key: keys.adjustmentRow('2026-12', '1001', '2026-10', 7) }));
    expect(Item).toBeUndefined();
  });

  it('refuses to write into a period a close holds (closing): the close has read its adjustments already', async () => {
    // Reproduced (#22): the transaction only checked `open`, and a close between its read and its commit lost the adjustment.
    await store.putOpenHeader('2027-11', '2027-11-05T00:00:00.000Z', undefined);
    expect(await store.lockClose('2027-11', 'token-2', 1_000, 60_000)).toBe(true);
    await expect(store.writeIntoOpenPeriod('2027-11', [store.putAdjustmentRequest(adjustment('2027-11'))])).rejects.toMatchObject({ statusCode: 409, code: 'period_closed' });
  });

  it('gives the close lock to one close, lets a lease that ran out be taken over, and lets only the holder write lines and commit', async () => {
    await store.putOpenHeader('2027-12', '2027-12-05T00:00:00.000Z', undefined);
    expect(await store.lockClose('2027-12', 'a', 1_000, 60_000)).toBe(true);
    expect(await store.lockClose('2027-12', 'b', 2_000, 60_000)).toBe(false);
    // a's lease runs out at 61 000: b takes over.
    expect(await store.lockClose('2027-12', 'b', 61_000, 60_000)).toBe(true);
    const line = store.putClosedRequest('2027-12', '1001', keys.serverSortTail(7), [], 'c1');
    await expect(store.writeClosedItems('2027-12', 'a', [line])).rejects.toMatchObject({ code: 'close_in_progress' });
    const totals = { totalTokens: 0, money: {}, customers: 0 };
    expect(await store.commitClose('2027-12', 'a', { asOf: 'x', closedAt: 'y', totals, checksum: 'c0' })).toBe(false);
    await store.writeClosedItems('2027-12', 'b', [line]);
    expect(await store.commitClose('2027-12', 'b', { asOf: 'x', closedAt: 'y', totals, checksum: 'c1' })).toBe(true);
    expect(await store.getHeader('2027-12')).toMatchObject({ status: 'closed', checksum: 'c1' });
    // Closed: nobody takes it again.
    expect(await store.lockClose('2027-12', 'c', 10_000_000, 60_000)).toBe(false);
    await expect(store.writeClosedItems('2027-12', 'b', [line])).rejects.toMatchObject({ code: 'close_in_progress' });
  });

  it('writes 1,000 adjustments, ten times what one transaction holds', async () => {
    await store.putOpenHeader('2027-01', '2027-01-05T00:00:00.000Z', undefined);
    const rows = Array.from({ length: 1_000 }, (_, index) => ({ ...adjustment('2027-01'), serverId: index + 1 }));
    await store.writeIntoOpenPeriod('2027-01', rows.map((row) => store.putAdjustmentRequest(row)));
    expect((await store.customerRows('2027-01', '1001')).adjustments).toHaveLength(1_000);
  }, 60_000);

  it('writes 40 MB of items, ten times the bytes one transaction holds', async () => {
    await store.putOpenHeader('2027-02', '2027-02-05T00:00:00.000Z', undefined);
    const items = Array.from({ length: 400 }, (_, index) => ({ PutRequest: { Item: { pk: `BIG#${index}`, sk: 'BIG', filler: 'x'.repeat(100_000) } } }));
    await store.writeIntoOpenPeriod('2027-02', items);
    const { Item } = await table.db.send(new GetCommand({ TableName: table.tableName, Key: { pk: 'BIG#399', sk: 'BIG' } }));
    expect(String(Item?.['filler']).length).toBe(100_000);
  }, 60_000);
});
