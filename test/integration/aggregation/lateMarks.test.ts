import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoAdjustments } from '../../../shared/aggregation/dynamo';
import { DynamoSnapshotStore } from '../../../shared/snapshots/DynamoSnapshotStore';
import { createTestTable, type TestTable } from '../../support/testTable';

describe('late-change marks of a closed period', () => {
  let table: TestTable;
  let snapshots: DynamoSnapshotStore;
  let aggregation: DynamoAdjustments;

  beforeAll(async () => {
    table = await createTestTable();
    snapshots = new DynamoSnapshotStore(table.db, table.tableName);
    aggregation = new DynamoAdjustments(table.db, table.tableName);
  });

  afterAll(async () => {
    await table?.drop();
  });

  it('clears only the marks an aggregation read: a server marked again meanwhile stays marked', async () => {
    // Prepare: two servers changed late; an aggregation reads the marks.
    await snapshots.markLate('2026-10', [5, 7]);
    const read = await aggregation.lateServers('2026-10');
    expect([...read.keys()]).toEqual([5, 7]);
    // A snapshot run changes server 5's October again before that aggregation clears.
    await snapshots.markLate('2026-10', [5]);

    // Act
    await aggregation.clearLate('2026-10', read);

    // Assess: 7 is done; 5's newer change is still to be adjusted.
    const left = await aggregation.lateServers('2026-10');
    expect([...left.keys()]).toEqual([5]);
    expect(left.get(5)).not.toBe(read.get(5));
    await aggregation.clearLate('2026-10', left);
    expect((await aggregation.lateServers('2026-10')).size).toBe(0);
  });

  it('keeps the marks of each period apart and reads none for a period without any', async () => {
    await snapshots.markLate('2026-09', [3, 3, 11]);
    expect([...(await aggregation.lateServers('2026-09')).keys()]).toEqual([3, 11]);
    expect((await aggregation.lateServers('2026-08')).size).toBe(0);
  });

  it('marks, reads and clears 3,000 servers of one month: ten times what one 4 KB expression could name', async () => {
    const ids = Array.from({ length: 3_000 }, (_, index) => index + 1);
    // Before: one UpdateExpression naming every server, refused by DynamoDB past about 270 of them.
    await snapshots.markLate('2026-06', ids);
    const read = await aggregation.lateServers('2026-06');
    expect([...read.keys()]).toEqual(ids);
    await snapshots.markLate('2026-06', [17, 2_999]);

    await aggregation.clearLate('2026-06', read);

    expect([...(await aggregation.lateServers('2026-06')).keys()]).toEqual([17, 2_999]);
  }, 60_000);

  it('still reads and clears the marks of the single item older versions wrote', async () => {
    await table.db.send(new PutCommand({ TableName: table.tableName, Item: { pk: 'LATE#2026-05', sk: 'LATE', kind: 'lateChanges', m4: 'old-token', m9: 'old-token' } }));
    await snapshots.markLate('2026-05', [9, 12]);
    const read = await aggregation.lateServers('2026-05');
    expect([...read.keys()]).toEqual([4, 9, 12]);

    await aggregation.clearLate('2026-05', read);

    // 9's old mark is read (and cleared) the next time: one more recomputation, no mark lost.
    const left = await aggregation.lateServers('2026-05');
    expect([...left.keys()]).toEqual([9]);
    await aggregation.clearLate('2026-05', left);
    expect((await aggregation.lateServers('2026-05')).size).toBe(0);
  });
});
