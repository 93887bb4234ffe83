import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoSnapshotStore } from '../../../shared/snapshots/DynamoSnapshotStore';
import { StaleItemError } from '../../../shared/snapshots/ports';
import { carriedOverMonth } from '../../../shared/snapshots/serverMonths';
import { keys } from '../../../shared/storage/keys';
import { createTestTable, type TestTable } from '../../support/testTable';
import { OWNER_A, PLAN_SMALL } from './fixtures';

const STATE = { owner: OWNER_A, plan: PLAN_SMALL, backupsEnabled: false, suspended: false, additionalIpCount: 0 };
const RUN = '2026-12-01T00:05:00.000Z';

/** Month items keep a server's hostname beside its segments (DynamoDB Local). */
describe('month item hostnames', () => {
  let table: TestTable;
  let store: DynamoSnapshotStore;

  beforeAll(async () => {
    table = await createTestTable();
    store = new DynamoSnapshotStore(table.db, table.tableName);
  });

  afterAll(async () => {
    await table?.drop();
  });

  it('renames an item in one update that bumps its version, so a writer that read it before must read again', async () => {
    // Prepare
    await store.putServerMonth(carriedOverMonth(1, '2026-12', STATE, 'old.example.com'), RUN);
    const [read] = await store.getServerMonths([{ serverId: 1, period: '2026-12' }]);

    // Act
    const renamed = await store.nameServerMonth(1, '2026-12', 'new.example.com', '2026-12-01T00:10:00.000Z');

    // Assess
    expect(renamed).toBe(true);
    expect(await store.getServerMonth(1, '2026-12')).toMatchObject({ hostname: 'new.example.com', version: 2, segments: read?.segments });
    await expect(store.putServerMonth(read ?? (undefined as never), RUN)).rejects.toThrow(StaleItemError);
  });

  it('writes nothing for an item named so already (a retried run) or for one that does not exist', async () => {
    // Prepare
    await store.putServerMonth(carriedOverMonth(2, '2026-12', STATE, 'vps2.example.com'), RUN);

    // Act
    const again = await store.nameServerMonth(2, '2026-12', 'vps2.example.com', RUN);
    const absent = await store.nameServerMonth(3, '2026-12', 'vps3.example.com', RUN);

    // Assess
    expect([again, absent]).toEqual([false, false]);
    expect(await store.getServerMonth(2, '2026-12')).toMatchObject({ version: 1 });
    expect(await store.getServerMonth(3, '2026-12')).toBeUndefined();
  });

  it('names an item that held only API changes when the month starts, keeping those changes', async () => {
    // Prepare
    const suspend = { at: '2026-12-01T00:01:00.000Z', field: 'suspended' as const, value: true };
    await store.recordApiChange(4, suspend);

    // Act
    await store.putNewServerMonths([carriedOverMonth(4, '2026-12', STATE, 'vps4.example.com')], RUN);

    // Assess
    expect(await store.getServerMonth(4, '2026-12')).toMatchObject({ hostname: 'vps4.example.com', apiChanges: [suspend], segments: [expect.objectContaining({ startBy: 'period_start' })] });
  });

  it('reads an item written before hostnames were kept, without one', async () => {
    // Prepare
    const old = carriedOverMonth(5, '2026-12', STATE);
    await table.db.send(new PutCommand({ TableName: table.tableName, Item: { ...keys.serverMonth(5, '2026-12'), kind: 'serverMonth', ...old, version: 1, lastRun: RUN } }));

    // Act
    const read = await store.getServerMonth(5, '2026-12');

    // Assess
    expect(read).toEqual({ ...old, version: 1 });
    expect(read).not.toHaveProperty('hostname');
  });
});
