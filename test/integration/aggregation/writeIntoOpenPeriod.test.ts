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
});
