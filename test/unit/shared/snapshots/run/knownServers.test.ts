import { keepHeldAsBefore, knownServersOf, writeKnownServers } from '../../../../../shared/snapshots/run/knownServers';
import { packKnownServer } from '../../../../../shared/snapshots/packedState';
import { StaleItemError } from '../../../../../shared/snapshots/ports';
import type { KnownServer } from '../../../../../shared/snapshots/types';
import { OBSERVED_SHARDS } from '../../../../../shared/storage/keys';
import { FakeSnapshotStore } from '../../../../support/fakeSnapshots';
import { A, B, C } from '../fixtures';

const RUN = '2026-11-03T10:05:00.000Z';
const SEEN = '2026-11-03T10:00:00.000Z';
const DELETED = '2026-11-03T10:03:30.000Z';

const byId = (...servers: KnownServer[]): Map<number, KnownServer> => new Map(servers.map((server) => [server.id, server]));
const FLEET = byId(
  { id: 1, state: A },
  { id: 1 + OBSERVED_SHARDS, state: B, missingLastSeen: SEEN },
  { id: 2, state: C, unconfirmedLastSeen: SEEN },
  { id: 3, state: A, deletedAt: DELETED },
);

describe('known servers (the per-server state step)', () => {
  it('round-trips the fleet through the stored shards: what one run writes the next reads back', async () => {
    // Prepare
    const store = new FakeSnapshotStore();

    // Act
    await writeKnownServers(store, await store.readObserved(), FLEET, RUN);
    const read = knownServersOf(await store.readObserved());

    // Assess
    expect(read).toEqual(FLEET);
    expect(store.shardWrites.sort((a, b) => a - b)).toEqual([1, 2, 3]);
    expect(store.shards.get(1)?.entries).toBe(`1 ${packKnownServer(FLEET.get(1) as KnownServer)}\n${1 + OBSERVED_SHARDS} ${packKnownServer(FLEET.get(1 + OBSERVED_SHARDS) as KnownServer)}`);
  });

  it('writes only the shards that changed, on the version read', async () => {
    // Prepare
    const store = new FakeSnapshotStore();
    await writeKnownServers(store, await store.readObserved(), FLEET, SEEN);
    store.shardWrites.length = 0;
    const next = new Map(FLEET);
    next.set(2, { id: 2, state: B });

    // Act
    await writeKnownServers(store, await store.readObserved(), FLEET, RUN);
    const unchangedWrites = [...store.shardWrites];
    await writeKnownServers(store, await store.readObserved(), next, RUN);

    // Assess
    expect(unchangedWrites).toEqual([]);
    expect(store.shardWrites).toEqual([2]);
    expect(store.shards.get(2)?.version).toBe(2);
  });

  it('takes a shard a duplicate delivery wrote first with the same servers, and refuses one it wrote otherwise', async () => {
    // Prepare
    const store = new FakeSnapshotStore();
    const before = await store.readObserved();
    await writeKnownServers(store, before, FLEET, RUN);

    // Act
    const same = writeKnownServers(store, before, FLEET, RUN);
    const other = writeKnownServers(store, before, byId({ id: 1, state: C }), RUN);

    // Assess
    await expect(same).resolves.toBeUndefined();
    await expect(other).rejects.toThrow(StaleItemError);
  });

  it('keeps a held server as the previous run knew it, or unknown when it was new', () => {
    // Prepare
    const before = byId({ id: 1, state: A });
    const detected = byId({ id: 1, state: B }, { id: 5, state: A }, { id: 6, state: C });

    // Act
    const next = keepHeldAsBefore(detected, new Set([1, 5]), before);

    // Assess
    expect(next).toEqual(byId({ id: 1, state: A }, { id: 6, state: C }));
  });
});
