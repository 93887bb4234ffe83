import { packShardEntries, unpackShardEntries } from '../../../../shared/snapshots/DynamoSnapshotStore';

describe('observed-state shard entries (one string attribute per shard)', () => {
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
