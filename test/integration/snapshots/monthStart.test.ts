import { DynamoSnapshotStore } from '../../../shared/snapshots/DynamoSnapshotStore';
import { carriedOverMonth } from '../../../shared/snapshots/serverMonths';
import { createTestTable, type TestTable } from '../../support/testTable';
import { OWNER_A, PLAN_SMALL } from './fixtures';

const STATE = { owner: OWNER_A, plan: PLAN_SMALL, backupsEnabled: false, suspended: false, additionalIpCount: 0 };

describe('the first run of a month writing every server\'s new month item', () => {
  let table: TestTable;
  let store: DynamoSnapshotStore;

  beforeAll(async () => {
    table = await createTestTable();
    store = new DynamoSnapshotStore(table.db, table.tableName);
  });

  afterAll(async () => {
    await table?.drop();
  });

  it('keeps a change the API recorded on the new month meanwhile, and fills in the carried-over segment', async () => {
    // Prepare: a hook suspends server 7 a minute into December, while the month's first run is under way.
    const suspend = { at: '2026-12-01T00:01:00.000Z', field: 'suspended' as const, value: true };
    await store.recordApiChange(7, suspend);

    // Act: the run, which found no December item for 7 when it looked, writes the carried-over months.
    await store.putNewServerMonths([carriedOverMonth(7, '2026-12', STATE), carriedOverMonth(8, '2026-12', STATE)], '2026-12-01T00:05:00.000Z');

    // Assess
    const [seven, eight] = (
      await store.getServerMonths([
        { serverId: 7, period: '2026-12' },
        { serverId: 8, period: '2026-12' },
      ])
    ).sort((a, b) => a.serverId - b.serverId);
    expect(seven).toMatchObject({ serverId: 7, apiChanges: [suspend], segments: [expect.objectContaining({ start: '2026-12-01T00:00:00.000Z', startBy: 'period_start' })] });
    expect(eight).toMatchObject({ serverId: 8, apiChanges: [], segments: [expect.objectContaining({ start: '2026-12-01T00:00:00.000Z' })] });
  });

  it('writes nothing over an item that has segments already (a replayed run)', async () => {
    await store.putNewServerMonths([carriedOverMonth(9, '2026-12', STATE)], '2026-12-01T00:05:00.000Z');
    const [before] = await store.getServerMonths([{ serverId: 9, period: '2026-12' }]);
    await store.putNewServerMonths([carriedOverMonth(9, '2026-12', { ...STATE, suspended: true })], '2026-12-01T00:10:00.000Z');
    expect(await store.getServerMonths([{ serverId: 9, period: '2026-12' }])).toEqual([before]);
  });
});
