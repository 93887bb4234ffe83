import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoAdjustments, DynamoPeriodHeaders, DynamoUsageRows, writeIntoOpenPeriod } from '../../../shared/aggregation/dynamo';
import type { HeldCloseWrites } from '../../../shared/aggregation/ports';
import { keys } from '../../../shared/storage';
import { createTestTable, type TestTable } from '../../support/testTable';

describe('writes checked against the period header: into an open period, and under the close lock', () => {
  let table: TestTable;
  let headers: DynamoPeriodHeaders;
  let adjustments: DynamoAdjustments;
  let rows: DynamoUsageRows;
  const adjustment = (period: string) => ({ period, customer: '1001', serverId: 7, adjustmentOf: '2026-10', runtimeTokens: -70, ipTokens: 0, backupTokens: 0 });

  beforeAll(async () => {
    table = await createTestTable();
    headers = new DynamoPeriodHeaders(table.db, table.tableName);
    adjustments = new DynamoAdjustments(table.db, table.tableName);
    rows = new DynamoUsageRows(table.db, table.tableName);
  }, 60_000);

  afterAll(async () => {
    await table?.drop();
  });

  it('writes an adjustment into an open period', async () => {
    await headers.putOpenHeader('2026-11', '2026-11-05T00:00:00.000Z', undefined);
    await adjustments.writeIntoOpenPeriod('2026-11', [{ put: adjustment('2026-11') }]);
    expect((await rows.customerRows('2026-11', '1001')).adjustments).toEqual([adjustment('2026-11')]);
  });

  it('refuses to write into a period a concurrent close froze, writing nothing', async () => {
    await headers.putOpenHeader('2026-12', '2026-12-05T00:00:00.000Z', undefined);
    expect(await headers.lockClose('2026-12', 'token-1', 1_000, 60_000)).toBe(true);
    await headers.commitClose('2026-12', 'token-1', { asOf: '2027-01-01T00:00:00.000Z', closedAt: '2027-01-01T02:00:00.000Z', totals: { totalTokens: 0, money: {}, customers: 0 }, checksum: 'x' });
    await expect(adjustments.writeIntoOpenPeriod('2026-12', [{ put: adjustment('2026-12') }])).rejects.toMatchObject({ statusCode: 409, code: 'period_closed' });
    const { Item } = await table.db.send(new GetCommand({ TableName: table.tableName, Key: keys.adjustmentRow('2026-12', '1001', '2026-10', 7) }));
    expect(Item).toBeUndefined();
  });

  it('refuses to write into a period a close holds (closing): the close has read its adjustments already', async () => {
    // Reproduced (#22): the transaction only checked `open`, and a close between its read and its commit lost the adjustment.
    await headers.putOpenHeader('2027-11', '2027-11-05T00:00:00.000Z', undefined);
    expect(await headers.lockClose('2027-11', 'token-2', 1_000, 60_000)).toBe(true);
    await expect(adjustments.writeIntoOpenPeriod('2027-11', [{ put: adjustment('2027-11') }])).rejects.toMatchObject({ statusCode: 409, code: 'period_closed' });
  });

  it('gives the close lock to one close, lets a lease that ran out be taken over, and lets only the holder write lines and commit', async () => {
    await headers.putOpenHeader('2027-12', '2027-12-05T00:00:00.000Z', undefined);
    expect(await headers.lockClose('2027-12', 'a', 1_000, 60_000)).toBe(true);
    expect(await headers.lockClose('2027-12', 'b', 2_000, 60_000)).toBe(false);
    // a's lease runs out at 61 000: b takes over.
    expect(await headers.lockClose('2027-12', 'b', 61_000, 60_000)).toBe(true);
    const line: HeldCloseWrites = { checksum: 'c1', items: [{ customer: '1001', serverId: 7, lines: [] }], settled: [] };
    await expect(headers.writeClosedItems('2027-12', 'a', line)).rejects.toMatchObject({ code: 'close_in_progress' });
    const totals = { totalTokens: 0, money: {}, customers: 0 };
    expect(await headers.commitClose('2027-12', 'a', { asOf: 'x', closedAt: 'y', totals, checksum: 'c0' })).toBe(false);
    await headers.writeClosedItems('2027-12', 'b', line);
    expect(await headers.commitClose('2027-12', 'b', { asOf: 'x', closedAt: 'y', totals, checksum: 'c1' })).toBe(true);
    expect(await headers.getHeader('2027-12')).toMatchObject({ status: 'closed', checksum: 'c1' });
    // Closed: nobody takes it again.
    expect(await headers.lockClose('2027-12', 'c', 10_000_000, 60_000)).toBe(false);
    await expect(headers.writeClosedItems('2027-12', 'b', line)).rejects.toMatchObject({ code: 'close_in_progress' });
  });

  it('writes 1,000 adjustments, ten times what one transaction holds', async () => {
    await headers.putOpenHeader('2027-01', '2027-01-05T00:00:00.000Z', undefined);
    const adjusted = Array.from({ length: 1_000 }, (_, index) => ({ ...adjustment('2027-01'), serverId: index + 1 }));
    await adjustments.writeIntoOpenPeriod('2027-01', adjusted.map((row) => ({ put: row })));
    expect((await rows.customerRows('2027-01', '1001')).adjustments).toHaveLength(1_000);
  }, 60_000);

  it('writes 40 MB of items, ten times the bytes one transaction holds', async () => {
    await headers.putOpenHeader('2027-02', '2027-02-05T00:00:00.000Z', undefined);
    const items = Array.from({ length: 400 }, (_, index) => ({ PutRequest: { Item: { pk: `BIG#${index}`, sk: 'BIG', filler: 'x'.repeat(100_000) } } }));
    await writeIntoOpenPeriod(table.db, table.tableName, '2027-02', items);
    const { Item } = await table.db.send(new GetCommand({ TableName: table.tableName, Key: { pk: 'BIG#399', sk: 'BIG' } }));
    expect(String(Item?.['filler']).length).toBe(100_000);
  }, 60_000);
});
