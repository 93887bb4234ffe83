import { packFleet, packKnownServer, packShardEntries, samePackedServers, stateKey, unpackFleet, unpackShardEntries } from '../../../../shared/snapshots/packedState';
import type { KnownServer } from '../../../../shared/snapshots/types';
import { OBSERVED_SHARDS } from '../../../../shared/storage/keys';
import { OWNER_B, PLAN_LARGE, state } from './fixtures';

const SMALL_KEY = '1,1001,1,7,5000,1,500,10,0,0,0';
const SEEN = '2026-11-03T10:05:00.000Z';
const DELETED = '2026-11-03T10:07:30.000Z';

/** The packed-state format of the fleet: servers in shards, a shard as one stored string. */
describe('shard entries (one string attribute per shard)', () => {
  const servers = { '1033': '2,1002,2,14,9000,2,900,12.5,0,0,0;u=2026-11-03T10:05:00.000Z', '9': '1,1001,1,7,5000,1,500,10,1,0,2' };

  it('writes a line per server in id order and reads back the same servers', () => {
    // Act
    const entries = packShardEntries(servers);

    // Assess
    expect(entries).toBe(`9 ${servers['9']}\n1033 ${servers['1033']}`);
    expect(unpackShardEntries(entries)).toEqual(servers);
  });

  it('reads an empty shard as no servers', () => {
    expect(packShardEntries({})).toBe('');
    expect(unpackShardEntries('')).toEqual({});
  });

  it.each([['a line without an id', ' 1,1001'], ['an id without a state', '17 '], ['a blank line between servers', `9 ${servers['9']}\n\n10 x`]])('refuses %s', (_case, entries) => {
    expect(() => unpackShardEntries(entries)).toThrow(/Not an observed-state shard line/);
  });
});

describe('packFleet and unpackFleet', () => {
  const fleet: KnownServer[] = [
    { id: 1, state: state() },
    { id: 1 + OBSERVED_SHARDS, state: state({ owner: OWNER_B, plan: PLAN_LARGE, backupsEnabled: true }), missingLastSeen: SEEN },
    { id: 2, state: state({ owner: { userId: 3, billingUserId: null }, additionalIpCount: 4 }), unconfirmedLastSeen: SEEN },
    { id: OBSERVED_SHARDS - 1, state: state({ suspended: true }), deletedAt: DELETED },
  ];
  const known = new Map(fleet.map((server) => [server.id, server]));

  it('puts each server in its shard (id mod the shard count) and leaves the other shards empty', () => {
    // Act
    const shards = packFleet(known);

    // Assess
    expect(shards).toHaveLength(OBSERVED_SHARDS);
    expect(Object.keys(shards[1] ?? {}).sort()).toEqual(['1', String(1 + OBSERVED_SHARDS)]);
    expect(shards[2]).toEqual({ '2': packKnownServer(fleet[2] as KnownServer) });
    expect(Object.keys(shards[OBSERVED_SHARDS - 1] ?? {})).toEqual([String(OBSERVED_SHARDS - 1)]);
    expect(shards.filter((shard) => Object.keys(shard).length > 0)).toHaveLength(3);
  });

  it('reads back the same fleet, marks and states, through the stored shard strings', () => {
    // Prepare
    const stored = packFleet(known).map((servers) => ({ servers: unpackShardEntries(packShardEntries(servers)) }));

    // Act
    const read = unpackFleet(stored);

    // Assess
    expect(read).toEqual(known);
    for (const server of fleet) expect(stateKey((read.get(server.id) as KnownServer).state)).toBe(stateKey(server.state));
    expect(packFleet(read)).toEqual(packFleet(known));
  });

  it('reads no shards as no servers', () => {
    expect(unpackFleet([])).toEqual(new Map());
    expect(unpackFleet([{ servers: {} }])).toEqual(new Map());
  });
});

describe('samePackedServers', () => {
  const packed = { '1': SMALL_KEY, '2': `${SMALL_KEY};d=${DELETED}` };

  it.each<[string, Record<string, string>, boolean]>([
    ['the same servers in another key order', { '2': `${SMALL_KEY};d=${DELETED}`, '1': SMALL_KEY }, true],
    ['a server more', { ...packed, '3': SMALL_KEY }, false],
    ['a server less', { '1': SMALL_KEY }, false],
    ['one server in another state', { ...packed, '2': SMALL_KEY }, false],
    ['another server with the same count', { '1': SMALL_KEY, '3': SMALL_KEY }, false],
  ])('compares %s as %s', (_name, other, expected) => {
    expect(samePackedServers(packed, other)).toBe(expected);
    expect(samePackedServers(other, packed)).toBe(expected);
  });
});
