import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { createHash } from 'node:crypto';
import { DynamoAggregationManifest } from '../../../shared/aggregation/dynamo';
import { queryPartition } from '../../../shared/storage';
import { createTestTable, type TestTable } from '../../support/testTable';

/** A manifest shard of `count` servers, entries as the aggregation writes them (a 24-digit hash and the customers). */
function entries(count: number, salt: string): Record<string, string> {
  return Object.fromEntries(
    Array.from({ length: count }, (_, index) => [String(index * 16 + 3), `${createHash('sha256').update(`${salt}${index}`).digest('hex').slice(0, 24)}|${1000 + (index % 50)}`]),
  );
}

describe('the aggregation manifest of a large fleet (issue #22)', () => {
  let table: TestTable;
  let store: DynamoAggregationManifest;

  beforeAll(async () => {
    table = await createTestTable();
    store = new DynamoAggregationManifest(table.db, table.tableName);
  });

  afterAll(async () => {
    await table?.drop();
  });

  it('writes and reads a shard of 110,000 servers, ten times what one 400 KB item holds, under its version', async () => {
    const first = entries(110_000, 'a');
    expect(await store.writeManifestShard('2026-11', 3, first, 0)).toBe(true);
    const read = await store.readManifest('2026-11');
    expect(read.get(3)?.version).toBe(1);
    expect(Object.keys(read.get(3)?.servers ?? {})).toHaveLength(110_000);
    expect(read.get(3)?.servers).toEqual(first);

    // The next aggregation rewrites it; one that read the old version loses, as for a small shard.
    const second = { ...first, '3': 'ffffffffffffffffffffffff|1001' };
    expect(await store.writeManifestShard('2026-11', 3, second, 1)).toBe(true);
    expect(await store.writeManifestShard('2026-11', 3, first, 1)).toBe(false);
    const again = await store.readManifest('2026-11');
    expect([again.get(3)?.version, again.get(3)?.servers['3']]).toEqual([2, 'ffffffffffffffffffffffff|1001']);

    // Nothing of the replaced version is left behind, and no item nears the limit.
    const Items = await queryPartition(table.db, table.tableName, 'AGG#2026-11');
    const sizes = Items.map((item) => Buffer.byteLength(JSON.stringify(item, (_key, value: unknown) => (value instanceof Uint8Array ? 'x'.repeat(value.length) : value))));
    expect(Math.max(...sizes)).toBeLessThan(400_000);
    const parts = Items.filter((item) => String(item['sk']).startsWith('PART#'));
    const head = Items.find((item) => item['sk'] === 'SHARD#03')?.['parts'] as { count: number } | undefined;
    expect([parts.length, head?.count]).toEqual([expect.any(Number), parts.length]);
    expect(parts.length).toBeGreaterThan(1);
  }, 60_000);

  it('keeps a small shard in its one item, as before, and reads both kinds together', async () => {
    const small = entries(10, 'b');
    expect(await store.writeManifestShard('2026-12', 0, small, 0)).toBe(true);
    expect(await store.writeManifestShard('2026-12', 1, entries(20_000, 'c'), 0)).toBe(true);
    const { Items } = await table.db.send(new QueryCommand({ TableName: table.tableName, KeyConditionExpression: 'pk = :pk AND sk = :sk', ExpressionAttributeValues: { ':pk': 'AGG#2026-12', ':sk': 'SHARD#00' } }));
    expect(Items?.[0]).toMatchObject({ version: 1, servers: small });
    const read = await store.readManifest('2026-12');
    expect([read.get(0)?.servers, Object.keys(read.get(1)?.servers ?? {}).length]).toEqual([small, 20_000]);
  }, 60_000);
});
