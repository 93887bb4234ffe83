// Over 300 lines: every change kind the detector dates, on one shared observation builder.
import { detectChanges, NO_LOG_FACTS, type DetectInput, type LogFacts, type ObservedServer } from '../../../../shared/snapshots/detectChanges';
import type { KnownServer, ServerState } from '../../../../shared/snapshots/types';
import { A, B, C, OWNER_B, PLAN_LARGE, PLAN_SMALL, state } from './fixtures';

const CREATED = '2026-11-03T10:00:00.000Z';
const PREVIOUS = '2026-11-03T10:05:00.000Z';
const DELETE_REQUESTED = '2026-11-03T10:07:30Z';
const EARLIER_SIGHTING = '2026-11-03T09:55:00.000Z';

const observed = (id: number, of: ServerState = A, createdAt = CREATED): ObservedServer => ({ id, state: of, createdAt });
const known = (id: number, of: ServerState = A, marks: { missingLastSeen?: string; deletedAt?: string } = {}): KnownServer => ({ id, state: of, ...marks });
const byId = <T extends { readonly id: number }>(...items: T[]): Map<number, T> => new Map(items.map((item) => [item.id, item]));
const deletions = (...entries: [number, string][]): LogFacts => ({ creations: new Map(), deletions: new Map(entries), ipEvents: new Map() });

/** A complete run with a guard that never trips unless a test sets it. */
const input = (overrides: Partial<DetectInput> = {}): DetectInput => ({
  complete: true,
  known: new Map(),
  listed: new Map(),
  missing: { gone: new Set(), lastSeen: new Map() },
  logs: NO_LOG_FACTS,
  policy: { minServers: 1000, fraction: 1 },
  ...overrides,
});

/** Gone servers and their last sightings. */
const goneAt = (lastSeen: string, ...ids: number[]): DetectInput['missing'] => ({ gone: new Set(ids), lastSeen: new Map(ids.map((id) => [id, lastSeen])) });

describe('detectChanges', () => {
  describe('detectChanges', () => {
    describe('listed servers', () => {
      it('opens a server the bridge did not know', () => {
        // Prepare
        const server = observed(4, C);

        // Act
        const detection = detectChanges(input({ listed: byId(server) }));

        // Assess
        expect(detection).toStrictEqual({ changes: [{ kind: 'open', server }], known: byId(known(4, C)), suspectIds: [], trippedGuard: false });
      });

      it('opens a new server with its delete request and remembers it as deleted', () => {
        // Prepare
        const server = observed(4);

        // Act
        const detection = detectChanges(input({ listed: byId(server), logs: deletions([4, DELETE_REQUESTED]) }));

        // Assess
        expect(detection.changes).toStrictEqual([{ kind: 'open', server, deleteRequestedAt: DELETE_REQUESTED }]);
        expect(detection.known).toStrictEqual(byId(known(4, A, { deletedAt: DELETE_REQUESTED })));
      });

      it.each<[string, ServerState, ServerState]>([
        ['another owner', A, state({ owner: OWNER_B })],
        ['a billing user id of 0 instead of null', state({ owner: { userId: 1, billingUserId: null } }), state({ owner: { userId: 1, billingUserId: 0 } })],
        ['another plan', A, state({ plan: PLAN_LARGE })],
        ['a price change on the same plan', A, state({ plan: { ...PLAN_SMALL, tokensPerHour: 8 } })],
        ['backups enabled', A, state({ backupsEnabled: true })],
        ['suspended', A, state({ suspended: true })],
        ['another additional IP count', A, state({ additionalIpCount: 3 })],
      ])('records a change to %s from the known state, and knows the new state', (_name, from, to) => {
        // Act
        const detection = detectChanges(input({ known: byId(known(4, from)), listed: byId(observed(4, to)) }));

        // Assess
        expect(detection.changes).toStrictEqual([{ kind: 'change', id: 4, from, to }]);
        expect(detection.known).toStrictEqual(byId(known(4, to)));
        expect(detection.trippedGuard).toBe(false);
      });

      it('records nothing for a server listed unchanged', () => {
        // Prepare
        const listed = byId(observed(4, B));

        // Act
        const detection = detectChanges(input({ known: byId(known(4, B)), listed }));

        // Assess
        expect(detection).toStrictEqual({ changes: [], known: byId(known(4, B)), suspectIds: [], trippedGuard: false });
      });

      it('ends a listed server that the log says was delete-requested, and keeps it as deleted', () => {
        // Act
        const detection = detectChanges(input({ known: byId(known(4)), listed: byId(observed(4)), logs: deletions([4, DELETE_REQUESTED]) }));

        // Assess
        expect(detection.changes).toStrictEqual([{ kind: 'end', id: 4, deleteRequestedAt: DELETE_REQUESTED }]);
        expect(detection.known).toStrictEqual(byId(known(4, A, { deletedAt: DELETE_REQUESTED })));
      });

      it('records a change before the end of a delete-requested server whose state also changed', () => {
        // Act
        const detection = detectChanges(input({ known: byId(known(4, A)), listed: byId(observed(4, B)), logs: deletions([4, DELETE_REQUESTED]) }));

        // Assess
        expect(detection.changes).toStrictEqual([
          { kind: 'change', id: 4, from: A, to: B },
          { kind: 'end', id: 4, deleteRequestedAt: DELETE_REQUESTED },
        ]);
        expect(detection.known).toStrictEqual(byId(known(4, B, { deletedAt: DELETE_REQUESTED })));
      });

      it.each([
        ['unchanged', A],
        ['with another state', B],
      ])('leaves a server already ended but still listed %s alone', (_name, listedState) => {
        // Prepare
        const ended = known(4, A, { deletedAt: DELETE_REQUESTED });

        // Act
        const detection = detectChanges(input({ known: byId(ended), listed: byId(observed(4, listedState)), logs: deletions([4, '2026-11-03T10:09:00Z']) }));

        // Assess
        expect(detection.changes).toStrictEqual([]);
        expect(detection.known).toStrictEqual(byId(ended));
        expect(detection.known.get(4)).toBe(ended);
      });

      it('releases a server held by the guard that is listed again, and records its change', () => {
        // Prepare
        const held = known(4, A, { missingLastSeen: PREVIOUS });

        // Act
        const detection = detectChanges(input({ known: byId(held, known(5, A, { missingLastSeen: PREVIOUS })), listed: byId(observed(4, C), observed(5, A)) }));

        // Assess
        expect(detection.changes).toStrictEqual([{ kind: 'change', id: 4, from: A, to: C }]);
        expect(detection.known).toStrictEqual(byId(known(4, C), known(5, A)));
        expect(detection.suspectIds).toStrictEqual([]);
      });
    });

    describe('servers missing from a complete run', () => {
      it('ends a missing server at its delete request and forgets it', () => {
        // Act
        const detection = detectChanges(input({ known: byId(known(4), known(5)), listed: byId(observed(5)), logs: deletions([4, DELETE_REQUESTED]) }));

        // Assess
        expect(detection.changes).toStrictEqual([{ kind: 'end', id: 4, deleteRequestedAt: DELETE_REQUESTED }]);
        expect(detection.known).toStrictEqual(byId(known(5)));
      });

      it('ends a missing server confirmed gone at its last sighting and forgets it', () => {
        // Act
        const detection = detectChanges(input({ known: byId(known(4), known(5)), listed: byId(observed(5)), missing: goneAt(EARLIER_SIGHTING, 4) }));

        // Assess
        expect(detection).toStrictEqual({ changes: [{ kind: 'end', id: 4, lastSeen: EARLIER_SIGHTING }], known: byId(known(5)), suspectIds: [], trippedGuard: false });
      });

      it('keeps a missing server that was not confirmed gone (the check failed), as it was', () => {
        // Prepare
        const server = known(4, B);

        // Act
        const detection = detectChanges(input({ known: byId(server), listed: new Map() }));

        // Assess
        expect(detection).toStrictEqual({ changes: [], known: byId(server), suspectIds: [], trippedGuard: false });
      });

      it('forgets a missing server that was already ended, without a change', () => {
        // Act
        const detection = detectChanges(input({ known: byId(known(4, A, { deletedAt: DELETE_REQUESTED })), missing: goneAt(PREVIOUS, 4), logs: deletions([4, DELETE_REQUESTED]) }));

        // Assess
        expect(detection).toStrictEqual({ changes: [], known: new Map(), suspectIds: [], trippedGuard: false });
      });

      it('prefers the delete request over the last sighting for a server that is both', () => {
        // Act
        const detection = detectChanges(input({ known: byId(known(4)), missing: goneAt(PREVIOUS, 4), logs: deletions([4, DELETE_REQUESTED]) }));

        // Assess
        expect(detection.changes).toStrictEqual([{ kind: 'end', id: 4, deleteRequestedAt: DELETE_REQUESTED }]);
      });

      it('throws when a gone server has no last sighting', () => {
        // Act
        const act = () => detectChanges(input({ known: byId(known(4)), missing: { gone: new Set([4]), lastSeen: new Map() } }));

        // Assess
        expect(act).toThrow(new Error('No last sighting given for vanished server 4'));
      });
    });

    describe('partial runs', () => {
      it('never ends anybody: missing servers are kept as they were, gone or delete-requested', () => {
        // Prepare
        const servers = [known(1), known(2, B), known(3, C, { deletedAt: DELETE_REQUESTED }), known(4, A, { missingLastSeen: EARLIER_SIGHTING }), known(5)];

        // Act
        const detection = detectChanges(
          input({
            complete: false,
            known: byId(...servers),
            listed: byId(observed(5)),
            missing: goneAt(PREVIOUS, 1, 2, 3, 4),
            logs: deletions([2, DELETE_REQUESTED]),
            policy: { minServers: 0, fraction: 0 },
          }),
        );

        // Assess
        expect(detection.changes).toStrictEqual([]);
        expect(detection.known).toStrictEqual(byId(known(5), known(1), known(2, B), known(3, C, { deletedAt: DELETE_REQUESTED }), known(4, A, { missingLastSeen: EARLIER_SIGHTING })));
        expect(detection.trippedGuard).toBe(false);
        expect(detection.suspectIds).toStrictEqual([4]);
      });

      it('records what it saw on the pages it got', () => {
        // Act
        const detection = detectChanges(input({ complete: false, known: byId(known(1), known(2)), listed: byId(observed(1, B), observed(3)) }));

        // Assess
        expect(detection.changes).toStrictEqual([
          { kind: 'change', id: 1, from: A, to: B },
          { kind: 'open', server: observed(3) },
        ]);
        expect(detection.known).toStrictEqual(byId(known(1, B), known(3), known(2)));
      });
    });

    describe('the mass-disappearance guard', () => {
      /** `active` known servers 1..active, `deleted` ended ones from 1001, the last `vanished` active ones confirmed gone. */
      const fleet = (active: number, deleted: number, vanished: number, minServers: number, fraction: number): DetectInput => {
        const ids = Array.from({ length: active }, (_, index) => index + 1);
        const ended = Array.from({ length: deleted }, (_, index) => known(1001 + index, A, { deletedAt: DELETE_REQUESTED }));
        const gone = ids.slice(active - vanished);
        return input({
          known: byId(...ids.map((id) => known(id)), ...ended),
          listed: byId(...ids.slice(0, active - vanished).map((id) => observed(id)), ...ended.map((server) => observed(server.id))),
          missing: goneAt(PREVIOUS, ...gone),
          policy: { minServers, fraction },
        });
      };

      it.each([
        ['minServers dominates: exactly at the threshold (3 of 10, min 3, 10 %)', 10, 0, 3, 3, 0.1, false],
        ['minServers dominates: above the threshold (4 of 10, min 3, 10 %)', 10, 0, 4, 3, 0.1, true],
        ['the fraction dominates: exactly at the threshold (10 of 40, min 2, 25 %)', 40, 0, 10, 2, 0.25, false],
        ['the fraction dominates: above the threshold (11 of 40, min 2, 25 %)', 40, 0, 11, 2, 0.25, true],
        ['a fractional threshold: under it (2 of 25, min 0, 10 % = 2.5)', 25, 0, 2, 0, 0.1, false],
        ['a fractional threshold: over it (3 of 25, min 0, 10 % = 2.5)', 25, 0, 3, 0, 0.1, true],
        ['ended servers left out of the count: at the threshold (2 of 4 plus 4 ended, 50 %)', 4, 4, 2, 0, 0.5, false],
        ['ended servers left out of the count: above it (3 of 4 plus 4 ended, 50 %)', 4, 4, 3, 0, 0.5, true],
        ['nobody vanishing with a zero threshold', 5, 0, 0, 0, 0, false],
        ['one vanishing with a zero threshold', 5, 0, 1, 0, 0, true],
      ])('%s', (_name, active, deleted, vanished, minServers, fraction, tripped) => {
        // Prepare
        const gone = Array.from({ length: vanished }, (_, index) => active - vanished + index + 1);

        // Act
        const detection = detectChanges(fleet(active, deleted, vanished, minServers, fraction));

        // Assess
        expect(detection.trippedGuard).toBe(tripped);
        if (tripped) {
          expect(detection.changes).toStrictEqual([]);
          expect(detection.suspectIds).toStrictEqual(gone);
          for (const id of gone) expect(detection.known.get(id)).toStrictEqual(known(id, A, { missingLastSeen: PREVIOUS }));
        } else {
          expect(detection.changes).toStrictEqual(gone.map((id) => ({ kind: 'end', id, lastSeen: PREVIOUS })));
          expect(detection.suspectIds).toStrictEqual([]);
          for (const id of gone) expect(detection.known.has(id)).toBe(false);
        }
        expect(detection.known.size).toBe(tripped ? active + deleted : active - vanished + deleted);
      });

      it('still ends delete-requested servers when it trips, and does not count them', () => {
        // Prepare: 3 vanish without an entry (threshold 2), 2 more with a delete entry
        const servers = [1, 2, 3, 4, 5, 6].map((id) => known(id));

        // Act
        const detection = detectChanges(
          input({
            known: byId(...servers),
            listed: byId(observed(6)),
            missing: goneAt(PREVIOUS, 1, 2, 3),
            logs: deletions([4, DELETE_REQUESTED], [5, DELETE_REQUESTED]),
            policy: { minServers: 2, fraction: 0 },
          }),
        );

        // Assess
        expect(detection.trippedGuard).toBe(true);
        expect(detection.changes).toStrictEqual([
          { kind: 'end', id: 4, deleteRequestedAt: DELETE_REQUESTED },
          { kind: 'end', id: 5, deleteRequestedAt: DELETE_REQUESTED },
        ]);
        expect(detection.suspectIds).toStrictEqual([1, 2, 3]);
        expect([...detection.known.keys()].sort((a, b) => a - b)).toStrictEqual([1, 2, 3, 6]);
      });

      it('does not trip on delete-requested servers alone', () => {
        // Act
        const detection = detectChanges(
          input({ known: byId(known(1), known(2), known(3)), logs: deletions([1, DELETE_REQUESTED], [2, DELETE_REQUESTED], [3, DELETE_REQUESTED]), policy: { minServers: 0, fraction: 0 } }),
        );

        // Assess
        expect(detection.trippedGuard).toBe(false);
        expect(detection.changes.map((change) => change.kind)).toStrictEqual(['end', 'end', 'end']);
      });

      it('keeps servers held by an earlier run held, not ended, and does not count them again', () => {
        // Prepare: 3 held from before, 1 newly gone; threshold 1
        const held = [1, 2, 3].map((id) => known(id, A, { missingLastSeen: EARLIER_SIGHTING }));

        // Act
        const detection = detectChanges(
          input({
            known: byId(...held, known(4), known(5)),
            listed: byId(observed(5)),
            missing: goneAt(PREVIOUS, 1, 2, 3, 4),
            policy: { minServers: 1, fraction: 0 },
          }),
        );

        // Assess
        expect(detection.trippedGuard).toBe(false);
        expect(detection.changes).toStrictEqual([{ kind: 'end', id: 4, lastSeen: PREVIOUS }]);
        expect(detection.known).toStrictEqual(byId(known(5), ...held));
        expect(detection.suspectIds).toStrictEqual([1, 2, 3]);
      });

      it('keeps a held server whose check failed held', () => {
        // Prepare
        const held = known(7, B, { missingLastSeen: EARLIER_SIGHTING });

        // Act
        const detection = detectChanges(input({ known: byId(held) }));

        // Assess
        expect(detection).toStrictEqual({ changes: [], known: byId(held), suspectIds: [7], trippedGuard: false });
      });

      it('ends a held server once the log has its delete request', () => {
        // Act
        const detection = detectChanges(input({ known: byId(known(7, A, { missingLastSeen: EARLIER_SIGHTING })), missing: goneAt(PREVIOUS, 7), logs: deletions([7, DELETE_REQUESTED]) }));

        // Assess
        expect(detection).toStrictEqual({ changes: [{ kind: 'end', id: 7, deleteRequestedAt: DELETE_REQUESTED }], known: new Map(), suspectIds: [], trippedGuard: false });
      });

      it('reports suspect ids sorted numerically, held and new together', () => {
        // Prepare: known in the order 30, 4, 12, 100, 9; 30 and 100 held before, 4 and 12 newly gone over a threshold of 1
        const servers = [known(30, A, { missingLastSeen: EARLIER_SIGHTING }), known(4), known(12), known(100, A, { missingLastSeen: EARLIER_SIGHTING }), known(9)];

        // Act
        const detection = detectChanges(
          input({ known: byId(...servers), listed: byId(observed(9)), missing: goneAt(PREVIOUS, 30, 4, 12, 100), policy: { minServers: 1, fraction: 0 } }),
        );

        // Assess
        expect(detection.trippedGuard).toBe(true);
        expect(detection.suspectIds).toStrictEqual([4, 12, 30, 100]);
      });
    });

    it('lists the changes of listed servers in listed order, then delete-requested missing ones, then vanished ones, each in known order', () => {
      // Act
      const detection = detectChanges(
        input({
          known: byId(known(9), known(3), known(5), known(1, A), known(11), known(2)),
          listed: byId(observed(1, B), observed(8), observed(5)),
          missing: goneAt(PREVIOUS, 9, 11),
          logs: deletions([2, DELETE_REQUESTED], [3, DELETE_REQUESTED]),
        }),
      );

      // Assess
      expect(detection.changes).toStrictEqual([
        { kind: 'change', id: 1, from: A, to: B },
        { kind: 'open', server: observed(8) },
        { kind: 'end', id: 3, deleteRequestedAt: DELETE_REQUESTED },
        { kind: 'end', id: 2, deleteRequestedAt: DELETE_REQUESTED },
        { kind: 'end', id: 9, lastSeen: PREVIOUS },
        { kind: 'end', id: 11, lastSeen: PREVIOUS },
      ]);
    });

    it('leaves its inputs untouched', () => {
      // Prepare
      const knownServers = byId(known(1), known(2, A, { missingLastSeen: EARLIER_SIGHTING }));
      const before = JSON.stringify([...knownServers.entries()]);

      // Act
      detectChanges(input({ known: knownServers, listed: byId(observed(2, B)), missing: goneAt(PREVIOUS, 1) }));

      // Assess
      expect(JSON.stringify([...knownServers.entries()])).toBe(before);
    });
  });
});
