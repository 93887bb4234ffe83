import type { ObservedServer } from '../../../../shared/snapshots/detectChanges';
import { listedHostnames, nameKnownServers } from '../../../../shared/snapshots/hostnames';
import { PackedStateError, packKnownServer, unpackKnownServer } from '../../../../shared/snapshots/packedState';
import type { KnownServer } from '../../../../shared/snapshots/types';
import { A, B } from './fixtures';

const CREATED = '2026-11-03T09:00:00.000Z';
const SEEN = '2026-11-03T10:05:00.000Z';
const KEY_A = '1,1001,1,7,5000,1,500,10,0,0,0';

const listed = (id: number, hostname?: string, state = A): ObservedServer => ({ id, createdAt: CREATED, state, ...(hostname === undefined ? {} : { hostname }) });
const known = (...servers: KnownServer[]): Map<number, KnownServer> => new Map(servers.map((server) => [server.id, server]));

describe('hostnames', () => {
  describe('packKnownServer / unpackKnownServer with a hostname', () => {
    it('packs the hostname last, URI-encoded, as ;h=', () => {
      // Act
      const packed = packKnownServer({ id: 4, state: A, hostname: 'vps1.example.com', missingLastSeen: SEEN });

      // Assess
      expect(packed).toBe(`${KEY_A};m=${SEEN};h=vps1.example.com`);
    });

    it.each([
      ['a plain hostname', 'vps1.example.com'],
      ['a name with the mark separator and a line break', 'a;b\nc'],
      ['a name with a percent sign, spaces and non-ASCII letters', '100% Ünïcode host'],
    ])('round-trips %s, beside the other marks', (_name, hostname) => {
      // Prepare
      const server: KnownServer = { id: 9, state: B, hostname, deletedAt: SEEN };

      // Act
      const packed = packKnownServer(server);

      // Assess
      expect(packed).not.toMatch(/\n/);
      expect(packed.split(';')).toHaveLength(3);
      expect(unpackKnownServer(9, packed)).toStrictEqual(server);
    });

    it('reads a server packed before hostnames were kept as unnamed', () => {
      // Act
      const unpacked = unpackKnownServer(4, `${KEY_A};u=${SEEN}`);

      // Assess
      expect(unpacked).toStrictEqual({ id: 4, state: A, unconfirmedLastSeen: SEEN });
    });

    it.each([
      ['an empty hostname', `${KEY_A};h=`],
      ['a malformed escape', `${KEY_A};h=%E0%A4%A`],
    ])('throws PackedStateError for %s', (_name, packed) => {
      // Act
      const act = () => unpackKnownServer(4, packed);

      // Assess
      expect(act).toThrow(PackedStateError);
    });
  });

  describe('nameKnownServers', () => {
    it('names a new server with its listed hostname without counting it as a rename (its opening item is named)', () => {
      // Act
      const naming = nameKnownServers(known({ id: 7, state: A }), new Map(), new Map([[7, listed(7, 'vps7.example.com')]]));

      // Assess
      expect(naming.known.get(7)).toEqual({ id: 7, state: A, hostname: 'vps7.example.com' });
      expect(naming.renamed).toEqual(new Map());
    });

    it('records a rename of a known server, whatever happened to its billing state', () => {
      // Prepare
      const before = known({ id: 7, state: A, hostname: 'old.example.com' }, { id: 8, state: A, hostname: 'eight.example.com' });
      // detectChanges rebuilt 7 from its new state (B): its entry carries no hostname.
      const detected = known({ id: 7, state: B }, { id: 8, state: A, hostname: 'eight.example.com' });

      // Act
      const naming = nameKnownServers(detected, before, new Map([[7, listed(7, 'new.example.com', B)], [8, listed(8, 'eight.example.com')]]));

      // Assess
      expect(naming.known.get(7)).toEqual({ id: 7, state: B, hostname: 'new.example.com' });
      expect(naming.known.get(8)).toBe(detected.get(8));
      expect(naming.renamed).toEqual(new Map([[7, 'new.example.com']]));
    });

    it('keeps the hostname of a server this run did not list, and of one detectChanges rebuilt unchanged', () => {
      // Prepare
      const before = known({ id: 7, state: A, hostname: 'seven.example.com' }, { id: 8, state: A, hostname: 'eight.example.com' });
      const detected = known({ id: 7, state: A, hostname: 'seven.example.com', unconfirmedLastSeen: SEEN }, { id: 8, state: B });

      // Act
      const naming = nameKnownServers(detected, before, new Map([[8, listed(8, undefined, B)]]));

      // Assess
      expect(naming.known.get(7)).toEqual({ id: 7, state: A, hostname: 'seven.example.com', unconfirmedLastSeen: SEEN });
      expect(naming.known.get(8)).toEqual({ id: 8, state: B, hostname: 'eight.example.com' });
      expect(naming.renamed).toEqual(new Map());
    });

    it('names a server known from before hostnames were kept: a rename to record once', () => {
      // Act
      const naming = nameKnownServers(known({ id: 7, state: A }), known({ id: 7, state: A }), new Map([[7, listed(7, 'vps7.example.com')]]));

      // Assess
      expect(naming.renamed).toEqual(new Map([[7, 'vps7.example.com']]));
      expect(packKnownServer(naming.known.get(7) as KnownServer)).toBe(`${KEY_A};h=vps7.example.com`);
    });

    it('changes nothing for a server listed with the hostname it had (the packed state stays as stored)', () => {
      // Prepare
      const before = known({ id: 7, state: A, hostname: 'vps7.example.com' });

      // Act
      const naming = nameKnownServers(before, before, new Map([[7, listed(7, 'vps7.example.com')]]));

      // Assess
      expect(naming.known.get(7)).toBe(before.get(7));
      expect(naming.renamed.size).toBe(0);
    });
  });

  describe('listedHostnames', () => {
    it('maps each listed server that has a hostname to it', () => {
      // Act
      const hostnames = listedHostnames(new Map([[7, listed(7, 'vps7.example.com')], [8, listed(8)]]));

      // Assess
      expect(hostnames).toEqual(new Map([[7, 'vps7.example.com']]));
    });
  });
});
