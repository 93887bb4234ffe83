import { MemoryLogger } from '../../../../../shared/logging';
import { ServerSnapshotter } from '../../../../../shared/snapshots/ServerSnapshotter';
import { knownServersOf } from '../../../../../shared/snapshots/run/knownServers';
import { fakeServer, FakeSnapshotRuns, FakeSnapshotStore, FakeSolusioServers } from '../../../../support/fakeSnapshots';
import { A, B, seg } from '../fixtures';

/** Whole runs of `ServerSnapshotter` on fakes: a server's hostname is recorded, and renamed, with as few writes as possible. */

const CREATED = '2026-11-03T09:00:00.000Z';
const FIRST = '2026-11-03T10:00:00.000Z';
const SECOND = '2026-11-03T10:05:00.000Z';
const THIRD = '2026-11-03T10:10:00.000Z';

function setup() {
  const solusio = new FakeSolusioServers();
  const store = new FakeSnapshotStore();
  const runs = new FakeSnapshotRuns();
  const snapshotter = new ServerSnapshotter({
    solusio: async () => solusio,
    store,
    runs,
    logger: new MemoryLogger(),
    settings: { gapToleranceMinutes: 15, suspectPolicy: { minServers: 3, fraction: 0.2 }, runDeadlineMs: 60_000, concurrency: 4, installation: 'default' },
  });
  solusio.add(fakeServer(7, CREATED, { name: 'vps7.example.com' }));
  solusio.add(fakeServer(8, CREATED, { name: 'vps8.example.com' }));
  const monthWrites = jest.spyOn(store, 'putServerMonth');
  const newMonths = jest.spyOn(store, 'putNewServerMonths');
  /** Item writes since the last call: full puts, new months, namings and shards. */
  let seen = { puts: 0, namings: 0, shards: 0 };
  const writesSince = () => {
    const now = { puts: monthWrites.mock.calls.length + newMonths.mock.calls.reduce((sum, [months]) => sum + months.length, 0), namings: store.namings.length, shards: store.shardWrites.length };
    const delta = { puts: now.puts - seen.puts, namings: now.namings - seen.namings, shards: now.shards - seen.shards };
    seen = now;
    return delta;
  };
  return { solusio, store, runs, snapshotter, writesSince };
}

describe('ServerSnapshotter: hostnames', () => {
  it('names a new server\'s month item and packed state with its hostname, in the writes that open it', async () => {
    // Prepare
    const { store, snapshotter, writesSince } = setup();

    // Act
    await snapshotter.run(FIRST);

    // Assess
    expect(store.month(7, '2026-11')).toMatchObject({ hostname: 'vps7.example.com', segments: [seg(A, { start: CREATED, startBy: 'created_at', startRun: FIRST })] });
    expect(store.month(8, '2026-11')?.hostname).toBe('vps8.example.com');
    expect(knownServersOf(await store.readObserved()).get(7)).toEqual({ id: 7, state: A, hostname: 'vps7.example.com' });
    expect(writesSince()).toEqual({ puts: 2, namings: 0, shards: 2 });
  });

  it('writes nothing but its run record in a steady run (hostnames unchanged)', async () => {
    // Prepare
    const { snapshotter, writesSince } = setup();
    await snapshotter.run(FIRST);
    writesSince();

    // Act
    const record = await snapshotter.run(SECOND);

    // Assess
    expect(record).toMatchObject({ complete: true, changes: 0 });
    expect(writesSince()).toEqual({ puts: 0, namings: 0, shards: 0 });
  });

  it('records a rename with one item update and its shard, as no billing change: the next run writes nothing', async () => {
    // Prepare
    const { solusio, store, runs, snapshotter, writesSince } = setup();
    await snapshotter.run(FIRST);
    const segmentsBefore = store.month(7, '2026-11')?.segments;
    writesSince();
    solusio.add(fakeServer(7, CREATED, { name: 'web1.example.com' }));

    // Act
    const record = await snapshotter.run(SECOND);
    const renameWrites = writesSince();
    await snapshotter.run(THIRD);

    // Assess
    expect(record).toMatchObject({ complete: true, changes: 0 });
    expect(runs.runs.get(SECOND)?.expiresAt).toBeDefined();
    expect(renameWrites).toEqual({ puts: 0, namings: 1, shards: 1 });
    expect(store.month(7, '2026-11')).toMatchObject({ hostname: 'web1.example.com', segments: segmentsBefore, version: 2 });
    expect(knownServersOf(await store.readObserved()).get(7)?.hostname).toBe('web1.example.com');
    expect(writesSince()).toEqual({ puts: 0, namings: 0, shards: 0 });
  });

  it('names the item in the same write when a renamed server also changed state', async () => {
    // Prepare
    const { solusio, store, snapshotter, writesSince } = setup();
    await snapshotter.run(FIRST);
    writesSince();
    solusio.add(fakeServer(7, CREATED, { name: 'web1.example.com', isSuspended: true }));

    // Act
    const record = await snapshotter.run(SECOND);

    // Assess
    expect(record).toMatchObject({ changes: 1 });
    expect(writesSince()).toEqual({ puts: 1, namings: 0, shards: 1 });
    expect(store.month(7, '2026-11')).toMatchObject({ hostname: 'web1.example.com', segments: [expect.objectContaining({ suspended: false }), seg(B, { start: SECOND, startBy: 'run', startRun: SECOND })] });
  });

  it('at the first run of a month, names the new item with the latest hostname and leaves the previous month\'s name', async () => {
    // Prepare
    const { solusio, store, snapshotter, writesSince } = setup();
    await snapshotter.run(FIRST);
    writesSince();
    solusio.add(fakeServer(7, CREATED, { name: 'web1.example.com' }));

    // Act
    await snapshotter.run('2026-12-01T00:00:00.000Z');

    // Assess
    expect(store.month(7, '2026-11')?.hostname).toBe('vps7.example.com');
    expect(store.month(7, '2026-12')).toMatchObject({ hostname: 'web1.example.com', segments: [seg(A, { start: '2026-12-01T00:00:00.000Z', startBy: 'period_start' })] });
    expect(store.month(8, '2026-12')?.hostname).toBe('vps8.example.com');
    expect(writesSince()).toEqual({ puts: 2, namings: 0, shards: 1 });
  });

  it('names the items of servers known from before hostnames were kept, once', async () => {
    // Prepare: the state an older version left, without hostnames on items or packed states.
    const { store, snapshotter, writesSince } = setup();
    await snapshotter.run(FIRST);
    for (const id of [7, 8]) {
      const item = store.month(id, '2026-11');
      if (item !== undefined) store.months.set(`${id}#2026-11`, { serverId: item.serverId, period: item.period, segments: item.segments, apiChanges: item.apiChanges, version: item.version });
    }
    for (const [shard, entry] of store.shards) store.shards.set(shard, { ...entry, entries: entry.entries.replace(/;h=[^\n]*/g, '') });
    expect(knownServersOf(await store.readObserved()).get(7)).toEqual({ id: 7, state: A });
    writesSince();

    // Act
    await snapshotter.run(SECOND);
    const migration = writesSince();
    await snapshotter.run(THIRD);

    // Assess
    expect(migration).toEqual({ puts: 0, namings: 2, shards: 2 });
    expect(store.month(7, '2026-11')?.hostname).toBe('vps7.example.com');
    expect(writesSince()).toEqual({ puts: 0, namings: 0, shards: 0 });
  });

  it('holds back the rename of a server whose item is full, with its state: the next run records both', async () => {
    // Prepare
    const { solusio, store, snapshotter, writesSince } = setup();
    await snapshotter.run(FIRST);
    writesSince();
    solusio.add(fakeServer(7, CREATED, { name: 'web1.example.com', isSuspended: true }));
    store.fullServers.add(7);

    // Act
    const held = await snapshotter.run(SECOND);
    const afterHeld = knownServersOf(await store.readObserved()).get(7);
    store.fullServers.delete(7);
    await snapshotter.run(THIRD);

    // Assess
    expect(held.heldServerIds).toEqual([7]);
    expect(afterHeld).toEqual({ id: 7, state: A, hostname: 'vps7.example.com' });
    expect(store.namings).toEqual([]);
    expect(store.month(7, '2026-11')?.hostname).toBe('web1.example.com');
    expect(knownServersOf(await store.readObserved()).get(7)).toEqual({ id: 7, state: B, hostname: 'web1.example.com' });
  });
});
