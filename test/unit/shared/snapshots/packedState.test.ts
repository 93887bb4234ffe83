import { PackedStateError, packKnownServer, parseStateKey, sameState, stateKey, unpackKnownServer } from '../../../../shared/snapshots/packedState';
import type { KnownServer, ServerState } from '../../../../shared/snapshots/types';
import { OWNER_B, PLAN_LARGE, PLAN_SMALL, state } from './fixtures';

const SMALL_KEY = '1,1001,1,7,5000,1,500,10,0,0,0';
const SEEN = '2026-11-03T10:05:00.000Z';
const DELETED = '2026-11-03T10:07:30.000Z';

describe('packedState: one server', () => {
  describe('stateKey', () => {
    it.each<[string, ServerState, string]>([
      ['owner, plan prices and flags in a fixed order', state(), SMALL_KEY],
      ['a billing user id of null as an empty field', state({ owner: { userId: 3, billingUserId: null } }), '3,,1,7,5000,1,500,10,0,0,0'],
      ['a billing user id of 0 as 0, not as an empty field', state({ owner: { userId: 3, billingUserId: 0 } }), '3,0,1,7,5000,1,500,10,0,0,0'],
      ['a fractional backup price as written', state({ plan: PLAN_LARGE }), '1,1001,2,14,9000,2,900,12.5,0,0,0'],
      ['a backup price given as a decimal string', state({ plan: { ...PLAN_SMALL, backupPrice: '12.5' } }), '1,1001,1,7,5000,1,500,12.5,0,0,0'],
      ['backups enabled as 1', state({ backupsEnabled: true }), '1,1001,1,7,5000,1,500,10,1,0,0'],
      ['suspended as 1', state({ suspended: true }), '1,1001,1,7,5000,1,500,10,0,1,0'],
      ['the additional IP count last', state({ additionalIpCount: 12 }), '1,1001,1,7,5000,1,500,10,0,0,12'],
      ['zero prices (no caps, free backups)', state({ plan: { id: 9, tokensPerHour: 0, tokensPerMonth: 0, ipTokensPerHour: 0, ipTokensPerMonth: 0, backupPrice: 0 } }), '1,1001,9,0,0,0,0,0,0,0,0'],
    ])('writes %s', (_name, input, expected) => {
      // Act
      const key = stateKey(input);

      // Assess
      expect(key).toBe(expected);
    });

    it('gives equal keys for equal states built in another key order', () => {
      // Prepare
      const reordered: ServerState = {
        additionalIpCount: 0,
        suspended: false,
        backupsEnabled: false,
        plan: { backupPrice: 10, ipTokensPerMonth: 500, ipTokensPerHour: 1, tokensPerMonth: 5000, tokensPerHour: 7, id: 1 },
        owner: { billingUserId: 1001, userId: 1 },
      };

      // Act
      const key = stateKey(reordered);

      // Assess
      expect(key).toBe(SMALL_KEY);
    });
  });

  describe('parseStateKey', () => {
    it.each<[string, ServerState]>([
      ['the default state', state()],
      ['a billing user id of null', state({ owner: { userId: 3, billingUserId: null } })],
      ['a billing user id of 0', state({ owner: { userId: 3, billingUserId: 0 } })],
      ['a fractional backup price (12.5)', state({ plan: PLAN_LARGE })],
      ['a backup price of 0.25', state({ plan: { ...PLAN_SMALL, backupPrice: 0.25 } })],
      ['every flag set and several IPs', state({ owner: OWNER_B, backupsEnabled: true, suspended: true, additionalIpCount: 7 })],
      ['large integers', state({ owner: { userId: 123456789, billingUserId: 987654321 }, plan: { ...PLAN_SMALL, id: 4242, tokensPerMonth: 2_000_000 } })],
    ])('round-trips %s', (_name, original) => {
      // Act
      const parsed = parseStateKey(stateKey(original));

      // Assess
      expect(parsed).toStrictEqual(original);
    });

    it('keeps a null billing user id null and a 0 billing user id 0', () => {
      // Act
      const fromEmpty = parseStateKey('3,,1,7,5000,1,500,10,0,0,0');
      const fromZero = parseStateKey('3,0,1,7,5000,1,500,10,0,0,0');

      // Assess
      expect(fromEmpty.owner).toStrictEqual({ userId: 3, billingUserId: null });
      expect(fromZero.owner).toStrictEqual({ userId: 3, billingUserId: 0 });
    });

    it('reads the backup price back as a number, whichever type it was written from', () => {
      // Act
      const parsed = parseStateKey(stateKey(state({ plan: { ...PLAN_SMALL, backupPrice: '12.5' } })));

      // Assess
      expect(parsed.plan.backupPrice).toBe(12.5);
    });

    it.each([
      ['an empty string', ''],
      ['10 fields', '1,1001,1,7,5000,1,500,10,0,0'],
      ['12 fields', '1,1001,1,7,5000,1,500,10,0,0,0,0'],
      ['an empty user id', ',1001,1,7,5000,1,500,10,0,0,0'],
      ['a non-numeric user id', 'x,1001,1,7,5000,1,500,10,0,0,0'],
      ['a negative user id', '-1,1001,1,7,5000,1,500,10,0,0,0'],
      ['a non-numeric billing user id', '1,abc,1,7,5000,1,500,10,0,0,0'],
      ['a fractional plan id', '1,1001,1.5,7,5000,1,500,10,0,0,0'],
      ['a fractional tokens per hour', '1,1001,1,7.5,5000,1,500,10,0,0,0'],
      ['an empty tokens per month', '1,1001,1,7,,1,500,10,0,0,0'],
      ['a negative IP tokens per hour', '1,1001,1,7,5000,-1,500,10,0,0,0'],
      ['an exponent in IP tokens per month', '1,1001,1,7,5000,1,5e2,10,0,0,0'],
      ['an empty backup price', '1,1001,1,7,5000,1,500,,0,0,0'],
      ['a non-numeric backup price', '1,1001,1,7,5000,1,500,ten,0,0,0'],
      ['an infinite backup price', '1,1001,1,7,5000,1,500,Infinity,0,0,0'],
      ['a NaN backup price', '1,1001,1,7,5000,1,500,NaN,0,0,0'],
      ['a backups flag of 2', '1,1001,1,7,5000,1,500,10,2,0,0'],
      ['a backups flag of true', '1,1001,1,7,5000,1,500,10,true,0,0'],
      ['an empty suspended flag', '1,1001,1,7,5000,1,500,10,0,,0'],
      ['an empty IP count', '1,1001,1,7,5000,1,500,10,0,0,'],
      ['a negative IP count', '1,1001,1,7,5000,1,500,10,0,0,-1'],
      ['a mark left on the key', `${SMALL_KEY};m=${SEEN}`],
    ])('throws PackedStateError for %s', (_name, packed) => {
      // Act
      const act = () => parseStateKey(packed);

      // Assess
      expect(act).toThrow(PackedStateError);
      expect(act).toThrow(`Not a packed server state: ${JSON.stringify(packed)}`);
    });

    it.each([
      ['a hexadecimal backup price', '1,1001,1,7,5000,1,500,0x10,0,0,0'],
      ['a padded backup price', '1,1001,1,7,5000,1,500, 10,0,0,0'],
      ['a signed backup price', '1,1001,1,7,5000,1,500,+10,0,0,0'],
      ['a negative backup price', '1,1001,1,7,5000,1,500,-5,0,0,0'],
    ])('throws PackedStateError for %s', (_name, packed) => {
      // Act
      const act = () => parseStateKey(packed);

      // Assess
      expect(act).toThrow(PackedStateError);
    });

    it('names the error PackedStateError and makes it an Error', () => {
      // Act
      let caught: unknown;
      try {
        parseStateKey('nonsense');
      } catch (error) {
        caught = error;
      }

      // Assess
      expect(caught).toBeInstanceOf(Error);
      expect(caught).toMatchObject({ name: 'PackedStateError', message: 'Not a packed server state: "nonsense"' });
    });
  });

  describe('sameState', () => {
    it.each<[string, ServerState, ServerState, boolean]>([
      ['two equal states', state(), state(), true],
      ['equal states with a numeric and a string backup price of the same text', state(), state({ plan: { ...PLAN_SMALL, backupPrice: '10' } }), true],
      ['another owner', state(), state({ owner: OWNER_B }), false],
      ['a billing user id of null against 0', state({ owner: { userId: 1, billingUserId: null } }), state({ owner: { userId: 1, billingUserId: 0 } }), false],
      ['another plan id with the same prices', state(), state({ plan: { ...PLAN_SMALL, id: 2 } }), false],
      ['another price on the same plan', state(), state({ plan: { ...PLAN_SMALL, tokensPerHour: 8 } }), false],
      ['another monthly cap', state(), state({ plan: { ...PLAN_SMALL, tokensPerMonth: 0 } }), false],
      ['another IP price', state(), state({ plan: { ...PLAN_SMALL, ipTokensPerHour: 2 } }), false],
      ['another IP cap', state(), state({ plan: { ...PLAN_SMALL, ipTokensPerMonth: 0 } }), false],
      ['another backup price', state(), state({ plan: { ...PLAN_SMALL, backupPrice: 10.5 } }), false],
      ['backups toggled', state(), state({ backupsEnabled: true }), false],
      ['suspension toggled', state(), state({ suspended: true }), false],
      ['another IP count', state(), state({ additionalIpCount: 1 }), false],
    ])('compares %s', (_name, a, b, expected) => {
      // Act
      const forward = sameState(a, b);
      const backward = sameState(b, a);

      // Assess
      expect(forward).toBe(expected);
      expect(backward).toBe(expected);
    });
  });

  describe('packKnownServer', () => {
    it.each<[string, KnownServer, string]>([
      ['a present server as its state key alone', { id: 4, state: state() }, SMALL_KEY],
      ['a held server with ;m= and its last sighting', { id: 4, state: state(), missingLastSeen: SEEN }, `${SMALL_KEY};m=${SEEN}`],
      ['an ended server with ;d= and its delete request', { id: 4, state: state(), deletedAt: DELETED }, `${SMALL_KEY};d=${DELETED}`],
      ['an unconfirmed missing server with ;u= and its last sighting', { id: 4, state: state(), unconfirmedLastSeen: SEEN }, `${SMALL_KEY};u=${SEEN}`],
      ['both marks, ;m= first', { id: 4, state: state(), missingLastSeen: SEEN, deletedAt: DELETED }, `${SMALL_KEY};m=${SEEN};d=${DELETED}`],
      ['a state with a null billing id and a fractional price', { id: 4, state: state({ owner: { userId: 3, billingUserId: null }, plan: PLAN_LARGE }) }, '3,,2,14,9000,2,900,12.5,0,0,0'],
    ])('packs %s', (_name, server, expected) => {
      // Act
      const packed = packKnownServer(server);

      // Assess
      expect(packed).toBe(expected);
    });

    it('leaves the id out (it is the shard map key)', () => {
      // Act
      const packed = packKnownServer({ id: 987654, state: state() });

      // Assess
      expect(packed).not.toContain('987654');
    });
  });

  describe('unpackKnownServer', () => {
    it.each<[string, KnownServer]>([
      ['a present server', { id: 4, state: state() }],
      ['a held server', { id: 5, state: state({ suspended: true }), missingLastSeen: SEEN }],
      ['an unconfirmed missing server', { id: 6, state: state(), unconfirmedLastSeen: SEEN }],
      ['an ended server', { id: 6, state: state({ plan: PLAN_LARGE }), deletedAt: DELETED }],
      ['a server with both marks', { id: 7, state: state({ owner: { userId: 3, billingUserId: 0 } }), missingLastSeen: SEEN, deletedAt: DELETED }],
    ])('round-trips %s', (_name, server) => {
      // Act
      const unpacked = unpackKnownServer(server.id, packKnownServer(server));

      // Assess
      expect(unpacked).toStrictEqual(server);
    });

    it('adds no missingLastSeen or deletedAt key when the marks are absent', () => {
      // Act
      const unpacked = unpackKnownServer(4, SMALL_KEY);

      // Assess
      expect(Object.keys(unpacked).sort()).toEqual(['id', 'state']);
    });

    it('reads the marks in any order', () => {
      // Act
      const unpacked = unpackKnownServer(4, `${SMALL_KEY};d=${DELETED};m=${SEEN}`);

      // Assess
      expect(unpacked).toStrictEqual({ id: 4, state: state(), missingLastSeen: SEEN, deletedAt: DELETED });
    });

    it('keeps the last of two marks of one kind', () => {
      // Act
      const unpacked = unpackKnownServer(4, `${SMALL_KEY};m=2026-11-03T10:00:00.000Z;m=${SEEN}`);

      // Assess
      expect(unpacked).toStrictEqual({ id: 4, state: state(), missingLastSeen: SEEN });
    });

    it.each([
      ['an unknown mark', `${SMALL_KEY};x=${SEEN}`],
      ['an upper-case mark', `${SMALL_KEY};M=${SEEN}`],
      ['a mark without =', `${SMALL_KEY};m${SEEN}`],
      ['a trailing separator', `${SMALL_KEY};`],
      ['an empty mark between two', `${SMALL_KEY};;d=${DELETED}`],
    ])('throws PackedStateError naming the whole packed string for %s', (_name, packed) => {
      // Act
      const act = () => unpackKnownServer(4, packed);

      // Assess
      expect(act).toThrow(PackedStateError);
      expect(act).toThrow(`Not a packed server state: ${JSON.stringify(packed)}`);
    });

    it.each([
      ['an empty string', '', ''],
      ['a key with a missing field', `1,1001,1,7,5000,1,500,10,0,0;m=${SEEN}`, '1,1001,1,7,5000,1,500,10,0,0'],
      ['a key with a bad flag', `1,1001,1,7,5000,1,500,10,0,9,0;d=${DELETED}`, '1,1001,1,7,5000,1,500,10,0,9,0'],
      ['only a mark', `;m=${SEEN}`, ''],
    ])('throws PackedStateError naming the state key for %s', (_name, packed, key) => {
      // Act
      const act = () => unpackKnownServer(4, packed);

      // Assess
      expect(act).toThrow(PackedStateError);
      expect(act).toThrow(`Not a packed server state: ${JSON.stringify(key)}`);
    });

    it.each([
      ['an empty last sighting', `${SMALL_KEY};m=`],
      ['an empty delete time', `${SMALL_KEY};d=`],
      ['a last sighting that is no instant', `${SMALL_KEY};m=yesterday`],
    ])('throws PackedStateError for %s', (_name, packed) => {
      // Act
      const act = () => unpackKnownServer(4, packed);

      // Assess
      expect(act).toThrow(PackedStateError);
    });
  });
});
