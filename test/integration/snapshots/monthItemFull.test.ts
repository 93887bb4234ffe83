import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { LocalStack } from '../../../local/stack';
import { MemoryLogger } from '../../../shared/logging';
import { mapWithConcurrency } from '../../../shared/async';
import { MONTH_ITEM_MAX_BYTES } from '../../../shared/snapshots/ports';
import { MAX_API_CHANGES_PER_MONTH } from '../../../shared/snapshots/store/monthItems';
import type { StoredSegment } from '../../../shared/snapshots/types';
import { keys } from '../../../shared/storage/keys';
import { startTestStack } from '../../support/localStack';
import { SnapshotHarness } from '../../support/snapshotHarness';
import { SNAPSHOT_FIXTURES } from './fixtures';

describe('a server whose month item is full', () => {
  let stack: LocalStack;
  let h: SnapshotHarness;
  let logger: MemoryLogger;

  beforeAll(async () => {
    logger = new MemoryLogger();
    stack = await startTestStack({ logger, gapToleranceMinutes: String(60 * 24 * 40) });
    h = new SnapshotHarness(stack);
  }, 60_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('is held at its last recorded state and reported, while the rest of the fleet is recorded', async () => {
    // Prepare: two servers; server 1 flipped suspended on and off so often in November that its item
    // is just under the limit (written straight to the table: thousands of runs would take too long).
    await h.sim.reset({ ...SNAPSHOT_FIXTURES, servers: [1, 2].map((id) => ({ id, plan: 1, user: 1, created_at: '2026-10-01T00:00:00Z' })) });
    await h.sim.setClock('2026-11-01T00:05:00.000Z');
    await h.snapshot('2026-11-01T00:05:00.000Z');
    const [open] = await h.segments(1, '2026-11');
    if (!open) throw new Error('no segment');
    const minute = (n: number): string => new Date(Date.parse('2026-11-01T00:00:00.000Z') + n * 60_000).toISOString();
    const segments: StoredSegment[] = [];
    let size = 0;
    for (let n = 0; size < MONTH_ITEM_MAX_BYTES - 2_000; n += 1) {
      const segment: StoredSegment = { ...open, start: minute(n), end: minute(n + 1), startBy: n === 0 ? open.startBy : 'run', endBy: 'run', suspended: n % 2 === 1, startRun: minute(n), endRun: minute(n + 1) };
      segments.push(segment);
      size += JSON.stringify(segment).length;
    }
    const last = segments.length;
    segments.push({ ...open, start: minute(last), startBy: 'run', suspended: false, startRun: minute(last) });
    await stack.db.send(
      new PutCommand({ TableName: stack.tableName, Item: { ...keys.serverMonth(1, '2026-11'), kind: 'serverMonth', serverId: 1, period: '2026-11', segments, apiChanges: [], version: 5, lastRun: minute(last) } }),
    );

    // Act: both servers are suspended in SolusIO; the next run sees both changes.
    await h.api('POST', 'servers/1/suspend');
    await h.api('POST', 'servers/2/suspend');
    await h.sim.setClock('2026-11-03T00:05:00.000Z');
    const run = await h.snapshot('2026-11-03T00:05:00.000Z');

    // Assess: a complete run; server 2 recorded, server 1 held (not lost: seen again next run).
    expect(run).toMatchObject({ complete: true, changes: 1, heldServerIds: [1] });
    expect((await h.segments(2, '2026-11')).map((segment) => segment.suspended)).toEqual([false, true]);
    expect((await h.segments(1, '2026-11')).length).toBe(segments.length);
    expect(logger.entries.some((entry) => entry.level === 'error' && entry.message.includes('month item is full'))).toBe(true);
    await h.sim.setClock('2026-11-03T00:10:00.000Z');
    expect(await h.snapshot('2026-11-03T00:10:00.000Z')).toMatchObject({ complete: true, changes: 0, heldServerIds: [1] });
  }, 60_000);

  const hooks = (serverId: number, count: number): Promise<boolean[]> =>
    mapWithConcurrency(
      Array.from({ length: count }, (_, n) => n),
      16,
      (n) => h.store.recordApiChange(serverId, { at: new Date(Date.parse('2026-11-20T00:00:00.000Z') + n * 1_000).toISOString(), field: 'suspended', value: n % 2 === 0 }),
    );

  it('keeps at most MAX_API_CHANGES_PER_MONTH API changes of a server in a month: of ten times as many hooks, the rest are left to the runs', async () => {
    const recorded = await hooks(4, 10 * MAX_API_CHANGES_PER_MONTH);

    expect(recorded.filter(Boolean)).toHaveLength(MAX_API_CHANGES_PER_MONTH);
    expect((await h.store.getServerMonth(4, '2026-11'))?.apiChanges).toHaveLength(MAX_API_CHANGES_PER_MONTH);
  }, 60_000);

  it('never pushes a month item as full as a run may write it past 400 KB with API changes', async () => {
    // Prepare: server 3's November item just under the limit, as a server that flipped all month would have it.
    const minute = (n: number): string => new Date(Date.parse('2026-11-01T00:00:00.000Z') + n * 60_000).toISOString();
    const base = { owner: { userId: 1, billingUserId: 1001 }, plan: { id: 1, tokensPerHour: 7, tokensPerMonth: 5000, ipTokensPerHour: 1, ipTokensPerMonth: 500, backupPrice: 10 }, backupsEnabled: false, additionalIpCount: 0 };
    const segments: StoredSegment[] = [];
    for (let n = 0, size = 0; size < MONTH_ITEM_MAX_BYTES - 2_000; n += 1) {
      const segment: StoredSegment = { ...base, start: minute(n), end: minute(n + 1), startBy: 'run', endBy: 'run', suspended: n % 2 === 1, startRun: minute(n), endRun: minute(n + 1) };
      segments.push(segment);
      size += JSON.stringify(segment).length;
    }
    await stack.db.send(new PutCommand({ TableName: stack.tableName, Item: { ...keys.serverMonth(3, '2026-11'), kind: 'serverMonth', serverId: 3, period: '2026-11', segments, apiChanges: [], version: 1 } }));

    // Act: more hooks than are kept. Unbounded, some 1,500 of them would have taken the item
    // past 400 KB, and every hook after that would have answered 500 (DynamoDB refusing the write).
    const recorded = await hooks(3, MAX_API_CHANGES_PER_MONTH + 20);

    // Assess: the first MAX kept; the item whole.
    expect(recorded.filter(Boolean)).toHaveLength(MAX_API_CHANGES_PER_MONTH);
    const item = await h.store.getServerMonth(3, '2026-11');
    expect([item?.apiChanges.length, item?.segments.length]).toEqual([MAX_API_CHANGES_PER_MONTH, segments.length]);
  }, 60_000);
});
