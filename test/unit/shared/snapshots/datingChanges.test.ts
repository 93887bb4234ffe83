import { datedOps, type DatingContext } from '../../../../shared/snapshots/datingChanges';
import type { DetectedChange, IpEvent } from '../../../../shared/snapshots/detectChanges';
import type { TimelineOp } from '../../../../shared/snapshots/serverMonths';
import type { ApiChange, BoundarySource, ServerState } from '../../../../shared/snapshots/types';
import { A, OWNER_B, PLAN_LARGE, PLAN_SMALL, state } from './fixtures';

const OPEN_START = '2026-11-03T09:00:00.000Z';
const BEFORE_OPEN = '2026-11-03T08:30:00.000Z';
const PREVIOUS_RUN = '2026-11-03T10:05:00.000Z';
const RUN = '2026-11-03T10:10:00.000Z';
const T1 = '2026-11-03T10:06:00Z';
const T2 = '2026-11-03T10:07:00Z';
const T3 = '2026-11-03T10:08:00Z';
const CREATED = '2026-11-03T10:00:00Z';

const context = (overrides: Partial<DatingContext> = {}): DatingContext => ({ run: RUN, ipEvents: [], apiChanges: [], ...overrides });
const ip = (id: number, at: string, delta: 1 | -1): IpEvent => ({ id, at, delta });
const change = (from: ServerState, to: ServerState): DetectedChange => ({ kind: 'change', id: 4, from, to });
const op = (at: string, by: BoundarySource, of: ServerState): TimelineOp => ({ kind: 'change', at, by, state: of, run: RUN });
const ips = (count: number, base: ServerState = A): ServerState => ({ ...base, additionalIpCount: count });

describe('datingChanges', () => {
  describe('datedOps', () => {
    describe('open', () => {
      it('opens at created_at with the observed state', () => {
        // Prepare
        const server = { id: 4, state: ips(2), createdAt: CREATED };

        // Act
        const ops = datedOps({ kind: 'open', server }, context({ ipEvents: [ip(1, T1, 1)], apiChanges: [{ at: T2, field: 'deleted', value: true }] }));

        // Assess
        expect(ops).toStrictEqual([{ kind: 'open', at: CREATED, by: 'created_at', state: ips(2), run: RUN }]);
      });

      it('ends a new server at its delete request from the log', () => {
        // Prepare
        const server = { id: 4, state: A, createdAt: CREATED };

        // Act
        const ops = datedOps({ kind: 'open', server, deleteRequestedAt: T2 }, context());

        // Assess
        expect(ops).toStrictEqual([
          { kind: 'open', at: CREATED, by: 'created_at', state: A, run: RUN },
          { kind: 'end', at: T2, by: 'activity_log', run: RUN },
        ]);
      });
    });

    describe('additional IP changes', () => {
      it.each<[string, number, number, IpEvent[], TimelineOp[]]>([
        ['one entry explains one more IP', 0, 1, [ip(1, T1, 1)], [op(T1, 'activity_log', ips(1))]],
        ['one entry explains one IP less', 2, 1, [ip(1, T1, -1)], [op(T1, 'activity_log', ips(1))]],
        ['two entries give two steps', 0, 2, [ip(1, T1, 1), ip(2, T2, 1)], [op(T1, 'activity_log', ips(1)), op(T2, 'activity_log', ips(2))]],
        ['an add and a remove around a remove give three steps', 2, 1, [ip(1, T1, -1), ip(2, T2, -1), ip(3, T3, 1)], [op(T1, 'activity_log', ips(1)), op(T2, 'activity_log', ips(0)), op(T3, 'activity_log', ips(1))]],
        ['only the newest entry when the older one was already taken in', 1, 2, [ip(1, T1, 1), ip(2, T2, 1)], [op(T2, 'activity_log', ips(2))]],
        ['only the newest two when the oldest was already taken in', 1, 3, [ip(1, T1, 1), ip(2, T2, 1), ip(3, T3, 1)], [op(T2, 'activity_log', ips(2)), op(T3, 'activity_log', ips(3))]],
      ])('dates by the log: %s', (_name, from, to, events, expected) => {
        // Act
        const ops = datedOps(change(ips(from), ips(to)), context({ ipEvents: events, previousRun: '2026-11-03T10:00:00.000Z' }));

        // Assess
        expect(ops).toStrictEqual(expected);
      });

      it.each<[string, Partial<DatingContext>, string]>([
        ['no floor: the entry time', {}, T1],
        ['a later previous run', { previousRun: '2026-11-03T10:06:30.000Z' }, '2026-11-03T10:06:30.000Z'],
        ['an earlier previous run', { previousRun: PREVIOUS_RUN }, T1],
        ['a later open start', { openStart: '2026-11-03T10:06:40.000Z' }, '2026-11-03T10:06:40.000Z'],
        ['a later open start than the previous run', { previousRun: '2026-11-03T10:06:20.000Z', openStart: '2026-11-03T10:06:40.000Z' }, '2026-11-03T10:06:40.000Z'],
        ['a later previous run than the open start', { previousRun: '2026-11-03T10:06:40.000Z', openStart: '2026-11-03T10:06:20.000Z' }, '2026-11-03T10:06:40.000Z'],
        ['both earlier', { previousRun: PREVIOUS_RUN, openStart: OPEN_START }, T1],
      ])('clamps a log-dated step to the later of previousRun and openStart: %s', (_name, overrides, at) => {
        // Act
        const ops = datedOps(change(ips(0), ips(1)), context({ ipEvents: [ip(1, T1, 1)], ...overrides }));

        // Assess
        expect(ops).toStrictEqual([op(at, 'activity_log', ips(1))]);
      });

      it('merges steps clamped to one instant into one boundary with the final count', () => {
        // Act
        const ops = datedOps(change(ips(0), ips(2)), context({ ipEvents: [ip(1, T1, 1), ip(2, T2, 1)], previousRun: T3 }));

        // Assess
        expect(ops).toStrictEqual([op(T3, 'activity_log', ips(2))]);
      });

      it.each<[string, number, number, IpEvent[]]>([
        ['no entries', 0, 2, []],
        ['too few entries', 0, 2, [ip(1, T1, 1)]],
        ['entries in the other direction', 0, 1, [ip(1, T1, -1)]],
        ['entries that cancel out', 1, 2, [ip(1, T1, 1), ip(2, T2, -1)]],
        ['entries that would take the count below zero', 1, 0, [ip(1, T1, -1), ip(2, T2, -1), ip(3, T3, 1)]],
      ])('dates by the run when the entries do not add up: %s', (_name, from, to, events) => {
        // Act
        const ops = datedOps(change(ips(from), ips(to)), context({ ipEvents: events, previousRun: PREVIOUS_RUN }));

        // Assess
        expect(ops).toStrictEqual([op(RUN, 'run', ips(to))]);
      });

      it('uses every entry newer than the previous run when they add up', () => {
        // Act
        const ops = datedOps(change(ips(0), ips(1)), context({ ipEvents: [ip(1, T1, 1), ip(2, T2, -1), ip(3, T3, 1)], previousRun: PREVIOUS_RUN }));

        // Assess
        expect(ops).toStrictEqual([op(T1, 'activity_log', ips(1)), op(T2, 'activity_log', ips(0)), op(T3, 'activity_log', ips(1))]);
      });
    });

    describe('changes the bridge made through the API', () => {
      it.each<[string, ServerState, ServerState, ApiChange]>([
        ['a suspension', A, state({ suspended: true }), { at: T2, field: 'suspended', value: true }],
        ['an unsuspension', state({ suspended: true }), A, { at: T2, field: 'suspended', value: false }],
        ['backups enabled', A, state({ backupsEnabled: true }), { at: T2, field: 'backupsEnabled', value: true }],
        ['backups disabled', state({ backupsEnabled: true }), A, { at: T2, field: 'backupsEnabled', value: false }],
        ['a plan change', A, state({ plan: PLAN_LARGE }), { at: T2, field: 'planId', value: 2 }],
      ])('dates %s at the API call', (_name, from, to, apiChange) => {
        // Act
        const ops = datedOps(change(from, to), context({ openStart: OPEN_START, previousRun: PREVIOUS_RUN, apiChanges: [apiChange] }));

        // Assess
        expect(ops).toStrictEqual([op(T2, 'api', to)]);
      });

      it('takes the latest matching API change after the open start', () => {
        // Prepare
        const apiChanges: ApiChange[] = [
          { at: T3, field: 'suspended', value: true },
          { at: T1, field: 'suspended', value: true },
          { at: T2, field: 'suspended', value: true },
        ];

        // Act
        const ops = datedOps(change(A, state({ suspended: true })), context({ openStart: OPEN_START, apiChanges }));

        // Assess
        expect(ops).toStrictEqual([op(T3, 'api', state({ suspended: true }))]);
      });

      it('takes an API change at any time when there is no open start', () => {
        // Act
        const ops = datedOps(change(A, state({ suspended: true })), context({ apiChanges: [{ at: BEFORE_OPEN, field: 'suspended', value: true }] }));

        // Assess
        expect(ops).toStrictEqual([op(BEFORE_OPEN, 'api', state({ suspended: true }))]);
      });

      it.each<[string, ServerState, ServerState, ApiChange]>([
        ['a suspension with an API unsuspension', A, state({ suspended: true }), { at: T2, field: 'suspended', value: false }],
        ['a suspension with an API backups change', A, state({ suspended: true }), { at: T2, field: 'backupsEnabled', value: true }],
        ['backups enabled with an API backups disable', A, state({ backupsEnabled: true }), { at: T2, field: 'backupsEnabled', value: false }],
        ['backups enabled with an API suspension', A, state({ backupsEnabled: true }), { at: T2, field: 'suspended', value: true }],
        ['a plan change with an API change to another plan', A, state({ plan: PLAN_LARGE }), { at: T2, field: 'planId', value: 3 }],
        ['a suspension with an API change at the open start', A, state({ suspended: true }), { at: OPEN_START, field: 'suspended', value: true }],
        ['a suspension with an API change before the open start', A, state({ suspended: true }), { at: BEFORE_OPEN, field: 'suspended', value: true }],
        ['a plan change with an API change before the open start', A, state({ plan: PLAN_LARGE }), { at: BEFORE_OPEN, field: 'planId', value: 2 }],
        ['a price change on the same plan with an API record of that plan', A, state({ plan: { ...PLAN_SMALL, tokensPerHour: 8 } }), { at: T2, field: 'planId', value: 1 }],
        ['a suspension with an API deletion', A, state({ suspended: true }), { at: T2, field: 'deleted', value: true }],
      ])('dates by the run %s', (_name, from, to, apiChange) => {
        // Act
        const ops = datedOps(change(from, to), context({ openStart: OPEN_START, apiChanges: [apiChange] }));

        // Assess
        expect(ops).toStrictEqual([op(RUN, 'run', to)]);
      });

      it('does not date a change by an API call that a later API call of the same field undid', () => {
        // Prepare
        const apiChanges: ApiChange[] = [
          { at: T1, field: 'suspended', value: true },
          { at: T2, field: 'suspended', value: false },
        ];

        // Act
        const ops = datedOps(change(A, state({ suspended: true })), context({ openStart: OPEN_START, previousRun: T3, apiChanges }));

        // Assess
        expect(ops).toStrictEqual([op(RUN, 'run', state({ suspended: true }))]);
      });
    });

    describe('changes dated by the run', () => {
      it.each<[string, ServerState]>([
        ['an owner change', state({ owner: OWNER_B })],
        ['a billing user id set', state({ owner: { userId: 1, billingUserId: 77 } })],
        ['a price change on the same plan', state({ plan: { ...PLAN_SMALL, tokensPerMonth: 6000 } })],
        ['a backup price change', state({ plan: { ...PLAN_SMALL, backupPrice: 12.5 } })],
        ['a plan change nobody recorded', state({ plan: PLAN_LARGE })],
        ['a suspension nobody recorded', state({ suspended: true })],
      ])('dates %s at the run', (_name, to) => {
        // Act
        const ops = datedOps(change(A, to), context({ openStart: OPEN_START, previousRun: PREVIOUS_RUN, ipEvents: [ip(1, T1, 1)] }));

        // Assess
        expect(ops).toStrictEqual([op(RUN, 'run', to)]);
      });
    });

    describe('several fields at once', () => {
      it('sorts the boundaries by time and carries each state forward', () => {
        // Prepare: the suspension (API, T1) is earlier than the IP entry (T2); backups and owner by the run
        const from = A;
        const to = state({ owner: OWNER_B, suspended: true, backupsEnabled: true, additionalIpCount: 1 });

        // Act
        const ops = datedOps(
          change(from, to),
          context({ openStart: OPEN_START, previousRun: PREVIOUS_RUN, ipEvents: [ip(1, T2, 1)], apiChanges: [{ at: T1, field: 'suspended', value: true }] }),
        );

        // Assess
        expect(ops).toStrictEqual([
          op(T1, 'api', state({ suspended: true })),
          op(T2, 'activity_log', state({ suspended: true, additionalIpCount: 1 })),
          op(RUN, 'run', to),
        ]);
      });

      it('merges the updates at one instant into one boundary, by the first one\'s source', () => {
        // Prepare: the IP entry and the API suspension at the same instant
        const to = state({ suspended: true, additionalIpCount: 1 });

        // Act
        const ops = datedOps(change(A, to), context({ openStart: OPEN_START, ipEvents: [ip(1, T2, 1)], apiChanges: [{ at: T2, field: 'suspended', value: true }] }));

        // Assess
        expect(ops).toStrictEqual([op(T2, 'activity_log', to)]);
      });

      it('merges every run-dated field into one boundary at the run', () => {
        // Prepare
        const to = state({ owner: OWNER_B, plan: PLAN_LARGE, suspended: true, backupsEnabled: true, additionalIpCount: 4 });

        // Act
        const ops = datedOps(change(A, to), context({ openStart: OPEN_START, previousRun: PREVIOUS_RUN }));

        // Assess
        expect(ops).toStrictEqual([op(RUN, 'run', to)]);
      });

      it('gives no op when nothing billing-relevant differs', () => {
        // Act
        const ops = datedOps(change(A, state()), context());

        // Assess
        expect(ops).toStrictEqual([]);
      });
    });

    describe('end', () => {
      it.each<[string, DetectedChange, ApiChange[], TimelineOp]>([
        ['at the delete request from the log', { kind: 'end', id: 4, deleteRequestedAt: T2 }, [], { kind: 'end', at: T2, by: 'activity_log', run: RUN }],
        ['at the bridge\'s delete call', { kind: 'end', id: 4, lastSeen: PREVIOUS_RUN }, [{ at: T2, field: 'deleted', value: true }], { kind: 'end', at: T2, by: 'api', run: RUN }],
        ['at the log entry when it is earlier than the API call', { kind: 'end', id: 4, deleteRequestedAt: T1 }, [{ at: T2, field: 'deleted', value: true }], { kind: 'end', at: T1, by: 'activity_log', run: RUN }],
        ['at the API call when it is earlier than the log entry', { kind: 'end', id: 4, deleteRequestedAt: T3 }, [{ at: T2, field: 'deleted', value: true }], { kind: 'end', at: T2, by: 'api', run: RUN }],
        ['by the log when both say the same instant', { kind: 'end', id: 4, deleteRequestedAt: T2 }, [{ at: T2, field: 'deleted', value: true }], { kind: 'end', at: T2, by: 'activity_log', run: RUN }],
        ['at the latest API deletion after the open start', { kind: 'end', id: 4 }, [{ at: T1, field: 'deleted', value: true }, { at: T3, field: 'deleted', value: true }], { kind: 'end', at: T3, by: 'api', run: RUN }],
        ['at the last sighting of a vanished server, by the run', { kind: 'end', id: 4, lastSeen: PREVIOUS_RUN }, [], { kind: 'end', at: PREVIOUS_RUN, by: 'run', run: RUN }],
        ['at the last sighting when the API deletion is before the open start', { kind: 'end', id: 4, lastSeen: PREVIOUS_RUN }, [{ at: BEFORE_OPEN, field: 'deleted', value: true }], { kind: 'end', at: PREVIOUS_RUN, by: 'run', run: RUN }],
        ['at the last sighting when the API change is no deletion', { kind: 'end', id: 4, lastSeen: PREVIOUS_RUN }, [{ at: T2, field: 'suspended', value: true }], { kind: 'end', at: PREVIOUS_RUN, by: 'run', run: RUN }],
        ['at the run when nothing else dates it', { kind: 'end', id: 4 }, [], { kind: 'end', at: RUN, by: 'run', run: RUN }],
      ])('ends %s', (_name, detected, apiChanges, expected) => {
        // Act
        const ops = datedOps(detected, context({ openStart: OPEN_START, previousRun: PREVIOUS_RUN, apiChanges }));

        // Assess
        expect(ops).toStrictEqual([expected]);
      });

      it('does not clamp a delete request to the open start', () => {
        // Act
        const ops = datedOps({ kind: 'end', id: 4, deleteRequestedAt: BEFORE_OPEN }, context({ openStart: OPEN_START }));

        // Assess
        expect(ops).toStrictEqual([{ kind: 'end', at: BEFORE_OPEN, by: 'activity_log', run: RUN }]);
      });
    });
  });
});
