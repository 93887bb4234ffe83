import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { LocalStack } from '../../../local/stack';
import { canonicalJson } from '../../../shared/json';
import { MemoryLogger } from '../../../shared/logging';
import { countRequests } from '../../../shared/storage';
import { startTestStack } from '../../support/localStack';
import { SnapshotHarness } from '../../support/snapshotHarness';
import { fleet, SNAPSHOT_FIXTURES } from './fixtures';

const T0 = '2026-11-03T10:00:00.000Z';

/**
 * Heap in use after a full collection. Jest workers run many suites in one process, so only the
 * heap left after a GC says anything about one run; V8 exposes `gc` when the flag is set at runtime.
 */
function heapAfterCollection(): number {
  setFlagsFromString('--expose-gc');
  const collect = runInNewContext('gc') as () => void;
  collect();
  return process.memoryUsage().heapUsed;
}

/** Every item of the stack's table but the admin key, in a stable order. */
async function allItems(stack: LocalStack): Promise<string[]> {
  const items: string[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await stack.db.send(new ScanCommand({ TableName: stack.tableName, ExclusiveStartKey: startKey, ConsistentRead: true }));
    for (const item of page.Items ?? []) if (!String(item['pk']).startsWith('APIKEY#')) items.push(canonicalJson(item));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items.sort();
}

describe('snapshot-servers: replays, duplicates and cost', () => {
  let stack: LocalStack;
  let h: SnapshotHarness;

  beforeAll(async () => {
    stack = await startTestStack({ logger: new MemoryLogger(), simPageSize: 100 });
    h = new SnapshotHarness(stack);
  }, 60_000);

  afterAll(async () => {
    await stack?.stop();
  });

  beforeEach(async () => {
    await fetch(`${stack.apiUrl}/_local/reset`, { method: 'POST' });
  });

  it('leaves the same items after two concurrent deliveries of one time as after one, and a replay changes nothing', async () => {
    await h.sim.reset({ ...SNAPSHOT_FIXTURES, servers: fleet(6, T0) });
    await h.sim.setClock('2026-11-03T10:05:00.000Z');
    await h.snapshot('2026-11-03T10:05:00.000Z');
    await h.api('POST', 'servers/2/suspend');
    await h.api('POST', 'servers/3/resize', { plan_id: 2 });
    await h.api('DELETE', 'servers/4');
    const time = '2026-11-03T10:10:00.000Z';
    await h.sim.setClock(time);

    const [first, second] = await Promise.all([h.snapshot(time), h.snapshot(time)]);
    expect(first).toEqual(second);
    expect(first).toMatchObject({ complete: true, changes: 3 });
    const afterDuplicates = await allItems(stack);

    // The same history delivered once, on a clean table.
    await fetch(`${stack.apiUrl}/_local/reset`, { method: 'POST' });
    await h.sim.reset({ ...SNAPSHOT_FIXTURES, servers: fleet(6, T0) });
    await h.sim.setClock('2026-11-03T10:05:00.000Z');
    await h.snapshot('2026-11-03T10:05:00.000Z');
    await h.api('POST', 'servers/2/suspend');
    await h.api('POST', 'servers/3/resize', { plan_id: 2 });
    await h.sim.setClock('2026-11-03T10:05:00.000Z');
    await h.api('DELETE', 'servers/4');
    await h.sim.setClock(time);
    expect(await h.snapshot(time)).toEqual(first);
    expect(await allItems(stack)).toEqual(afterDuplicates);

    const counts = countRequests(stack.db);
    expect(await h.snapshot(time)).toEqual(first);
    expect(counts.itemWrites()).toBe(0);
    counts.detach();
    expect(await allItems(stack)).toEqual(afterDuplicates);
  }, 60_000);

  it('never moves state backwards for a run older than one already taken in', async () => {
    await h.sim.reset({ ...SNAPSHOT_FIXTURES, servers: fleet(3, T0) });
    await h.sim.setClock('2026-11-03T10:10:00.000Z');
    await h.snapshot('2026-11-03T10:10:00.000Z');
    await h.api('POST', 'servers/1/suspend');
    const before = (await allItems(stack)).filter((item) => !item.includes('"T#2026-11-03T10:05'));
    const late = await h.snapshot('2026-11-03T10:05:00.000Z');
    expect(late).toMatchObject({ time: '2026-11-03T10:05:00.000Z', superseded: true, changes: 0 });
    expect((await allItems(stack)).filter((item) => !item.includes('"T#2026-11-03T10:05'))).toEqual(before);
    expect(await h.segments(1, '2026-11')).toEqual([expect.objectContaining({ suspended: false, start: T0 })]);
  }, 60_000);

  it.each([10, 2000])('writes at most 2 items in a run where nothing changed (%i servers)', async (count) => {
    await h.sim.reset({ ...SNAPSHOT_FIXTURES, servers: fleet(count, T0) });
    await h.sim.setClock('2026-11-03T10:05:00.000Z');
    const heapBefore = heapAfterCollection();
    expect(await h.snapshot('2026-11-03T10:05:00.000Z')).toMatchObject({ complete: true, serversSeen: count, changes: count });
    const heapRetained = heapAfterCollection() - heapBefore;
    await h.sim.setClock('2026-11-03T10:10:00.000Z');
    const counts = countRequests(stack.db);
    expect(await h.snapshot('2026-11-03T10:10:00.000Z')).toMatchObject({ complete: true, serversSeen: count, changes: 0 });
    expect(counts.itemWrites()).toBeLessThanOrEqual(2);
    // Reading the observed state stays a handful of requests whatever the fleet size.
    expect(counts.requests()).toBeLessThanOrEqual(8);
    counts.detach();
    // A run keeps nothing per server once it is over (a warm Lambda runs every 5 minutes for weeks);
    // the simulator's fleet was built before the first measure.
    expect(heapRetained).toBeLessThan(32 * 2 ** 20);
    if (count === 2000) process.stdout.write(`snapshot of 2,000 servers: ${Math.round(heapRetained / 2 ** 20)} MB of heap retained after the first run\n`);
  }, 120_000);
});
