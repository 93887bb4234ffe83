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
    await store.commitClose('2026-12', { asOf: '2027-01-01T00:00:00.000Z', closedAt: '2027-01-01T02:00:00.000Z', totals: { totalTokens: 0, money: {}, customers: 0 }, checksum: 'x' });
    await expect(store.writeIntoOpenPeriod('2026-12', [store.putAdjustmentRequest(adjustment('2026-12'))])).rejects.toMatchObject({ statusCode: 409, code: 'period_closed' });
    const { Item } = await table.db.send(new GetCommand({ TableName: table.tableName, Key: keys.adjustmentRow('2026-12', '1001', '2026-10', 7) }));
    expect(Item).toBeUndefined();
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
