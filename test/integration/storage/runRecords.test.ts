import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { DynamoRunRepository } from '../../../shared/runs';
import { createTestTable, type TestTable } from '../../support/testTable';

const recordSchema = z.object({ time: z.string(), complete: z.boolean(), suspectServerIds: z.array(z.number()), confirmedAt: z.string().optional() });
type Record = z.infer<typeof recordSchema>;

/** `count` ascending ids with irregular gaps (1 to 1,000), so no encoding folds them away. */
function ids(count: number): number[] {
  let id = 0;
  let seed = 22;
  return Array.from({ length: count }, () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648; // a fixed pseudo-random sequence
    return (id += 1 + (seed % 1_000));
  });
}

describe('run records whose size grows with the fleet (issue #22)', () => {
  let table: TestTable;
  let runs: DynamoRunRepository;

  beforeAll(async () => {
    table = await createTestTable();
    runs = new DynamoRunRepository(table.db, table.tableName);
  });

  afterAll(async () => {
    await table?.drop();
  });

  it('stores a partial run that listed 800,000 servers (ten times what one 400 KB item holds) and reads its sightings back', async () => {
    const seenIds = ids(800_000);
    const record: Record = { time: '2026-11-03T10:05:00.000Z', complete: false, suspectServerIds: [] };

    const put = await runs.putRun('servers', { time: record.time, record, complete: false, seenIds }, recordSchema);

    expect(put.created).toBe(true);
    const between = await runs.runsBetween('servers', '2026-11-03T10:00:00.000Z', '2026-11-03T10:10:00.000Z', recordSchema);
    expect(between).toHaveLength(1);
    expect(between[0]?.record).toEqual(record);
    // Compared as text: Jest's deep equality of 800,000 numbers takes seconds.
    expect(between[0]?.seenIds?.join(',')).toBe(seenIds.join(','));
    expect((await runs.newestRun('servers', recordSchema))?.seenIds?.length).toBe(800_000);
    // A second delivery of the same time writes nothing more and answers the first one's record.
    const again = await runs.putRun('servers', { time: record.time, record: { ...record, suspectServerIds: [1] }, complete: false, seenIds: seenIds.slice(1) }, recordSchema);
    expect([again.created, again.stored.record, again.stored.seenIds?.length]).toEqual([false, record, 800_000]);
    const { Items } = await table.db.send(new QueryCommand({ TableName: table.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': 'RUN#servers' } }));
    // Binary counts its bytes (JSON would spell a Uint8Array out index by index).
    const sizes = (Items ?? []).map((item) => Buffer.byteLength(JSON.stringify(item, (_key, value: unknown) => (value instanceof Uint8Array ? 'x'.repeat(value.length) : value))));
    expect(sizes.length).toBeGreaterThan(2);
    expect(Math.max(...sizes)).toBeLessThan(400_000);
  }, 60_000);

  it('amends a suspect run holding 200,000 servers, keeping every one of them', async () => {
    const record: Record = { time: '2026-11-04T10:05:00.000Z', complete: true, suspectServerIds: ids(200_000) };
    await runs.putRun('servers', { time: record.time, record, complete: true }, recordSchema);

    await runs.amendRun('servers', record.time, { confirmedAt: '2026-11-04T11:00:00.000Z' });

    expect((await runs.getRun('servers', record.time, recordSchema))?.record).toEqual({ ...record, confirmedAt: '2026-11-04T11:00:00.000Z' });
  }, 60_000);

  it('keeps a small run as one item, as before', async () => {
    const record: Record = { time: '2026-11-05T10:05:00.000Z', complete: false, suspectServerIds: [3] };
    await runs.putRun('servers', { time: record.time, record, complete: false, seenIds: [1, 2] }, recordSchema);
    const { Items } = await table.db.send(new QueryCommand({ TableName: table.tableName, KeyConditionExpression: 'pk = :pk AND sk = :sk', ExpressionAttributeValues: { ':pk': 'RUN#servers', ':sk': `T#${record.time}` } }));
    expect(Items?.[0]).toMatchObject({ record, seenIds: [1, 2] });
    await runs.amendRun('servers', record.time, { confirmedAt: '2026-11-05T11:00:00.000Z' });
    expect((await runs.getRun('servers', record.time, recordSchema))?.record.confirmedAt).toBe('2026-11-05T11:00:00.000Z');
  });
});
