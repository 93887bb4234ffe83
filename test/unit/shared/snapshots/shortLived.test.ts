import {
  classifyShortLived,
  periodsOfLife,
  shortLivedCandidates,
  shortLivedOps,
  type CandidateInput,
  type PriceCatalog,
  type ProvisionedServer,
  type ShortLivedCandidate,
  type ShortLivedChange,
} from '../../../../shared/snapshots/shortLived';
import type { TimelineOp } from '../../../../shared/snapshots/serverMonths';
import type { ApiChange } from '../../../../shared/snapshots/types';
import { OWNER_A, PLAN_LARGE, PLAN_SMALL, state } from './fixtures';

const SINCE = '2026-11-03T10:05:00.000Z';
const UNTIL = '2026-11-03T10:10:00.000Z';
const CREATED = '2026-11-03T10:06:00.000Z';
const DELETED = '2026-11-03T10:09:00.000Z';
const RUN = UNTIL;

const input = (overrides: Partial<CandidateInput> = {}): CandidateInput => ({
  since: SINCE,
  until: UNTIL,
  floor: SINCE,
  creations: new Map(),
  deletions: new Map(),
  known: new Set(),
  listed: new Set(),
  ...overrides,
});

const CATALOG: PriceCatalog = { plans: new Map([[1, PLAN_SMALL], [2, PLAN_LARGE]]), billingUserIds: new Map([[1, 1001]]) };
const CONTEXT = { installation: 'default', run: RUN };
const CANDIDATE: ShortLivedCandidate = { serverId: 7, createdAt: CREATED, deletedAt: DELETED };
const OURS: ProvisionedServer = { serviceRef: 'WHMCS-1', serverId: 7, userId: 1, billingClientId: 1001, order: { planId: 1, backups: true, additionalIps: 1 } };

const shortLived = (overrides: Partial<ShortLivedChange> = {}): ShortLivedChange => ({
  kind: 'shortLived',
  server: { id: 7, createdAt: CREATED, state: state() },
  deletedAt: DELETED,
  ...overrides,
});
const ops = (change: ShortLivedChange, extra: { apiChanges?: ApiChange[]; ipEvents?: { id: number; at: string; delta: 1 | -1 }[] } = {}): TimelineOp[] =>
  shortLivedOps(change, { run: RUN, apiChanges: extra.apiChanges ?? [], ipEvents: extra.ipEvents ?? [], plans: CATALOG.plans });

describe('shortLived', () => {
  describe('shortLivedCandidates', () => {
    it('finds a server created and deleted inside the window that no run listed', () => {
      // Act
      const found = shortLivedCandidates(input({ creations: new Map([[7, CREATED]]), deletions: new Map([[7, DELETED]]) }));

      // Assess
      expect(found).toStrictEqual([{ serverId: 7, createdAt: CREATED, deletedAt: DELETED }]);
    });

    it('leaves out a server a run listed or the bridge knows', () => {
      // Prepare
      const creations = new Map([
        [7, CREATED],
        [8, CREATED],
        [9, CREATED],
      ]);

      // Act
      const found = shortLivedCandidates(input({ creations, known: new Set([7]), listed: new Set([8]) }));

      // Assess
      expect(found.map((candidate) => candidate.serverId)).toStrictEqual([9]);
    });

    it.each([
      ['at the window\'s start', SINCE, true],
      ['at the run\'s scheduled time', UNTIL, true],
      ['before the previous complete run (an earlier window\'s)', '2026-11-03T10:04:59.999Z', false],
      ['after the run\'s scheduled time (the next window\'s)', '2026-11-03T10:10:00.001Z', false],
    ])('takes a create entry %s: %s', (_name, createdAt, kept) => {
      // Act
      const found = shortLivedCandidates(input({ creations: new Map([[7, createdAt]]), deletions: new Map([[7, '2026-11-03T10:11:00.000Z']]) }));

      // Assess
      expect(found.length).toBe(kept ? 1 : 0);
    });

    it('keeps a server without a delete entry, with no end (its existence is checked by the run)', () => {
      // Act
      const found = shortLivedCandidates(input({ creations: new Map([[7, CREATED]]) }));

      // Assess
      expect(found).toStrictEqual([{ serverId: 7, createdAt: CREATED }]);
    });

    it('does not end a life at a delete entry older than its create entry', () => {
      // Act
      const found = shortLivedCandidates(input({ creations: new Map([[7, CREATED]]), deletions: new Map([[7, SINCE]]) }));

      // Assess
      expect(found).toStrictEqual([{ serverId: 7, createdAt: CREATED }]);
    });

    it('leaves out a server deleted at or before billingStart (no billable time)', () => {
      // Act
      const found = shortLivedCandidates(input({ floor: DELETED, creations: new Map([[7, CREATED]]), deletions: new Map([[7, DELETED]]) }));

      // Assess
      expect(found).toStrictEqual([]);
    });

    it('writes instants in the canonical form and answers by server id', () => {
      // Act
      const found = shortLivedCandidates(
        input({
          creations: new Map([
            [9, '2026-11-03T10:07:00Z'],
            [3, '2026-11-03T10:06:00.000000Z'],
          ]),
          deletions: new Map([[3, '2026-11-03T10:08:00+00:00']]),
        }),
      );

      // Assess
      expect(found).toStrictEqual([
        { serverId: 3, createdAt: CREATED, deletedAt: '2026-11-03T10:08:00.000Z' },
        { serverId: 9, createdAt: '2026-11-03T10:07:00.000Z' },
      ]);
    });
  });

  describe('classifyShortLived', () => {
    it('bills a server the provisioning API made with what its create asked for, owned by the SolusIO user', () => {
      // Act
      const verdict = classifyShortLived(CANDIDATE, OURS, CATALOG, CONTEXT);

      // Assess
      expect(verdict).toStrictEqual({
        bill: { kind: 'shortLived', server: { id: 7, createdAt: CREATED, state: state({ backupsEnabled: true, additionalIpCount: 1 }) }, deletedAt: DELETED },
      });
    });

    it('takes the owner\'s billing id from the record when SolusIO no longer lists the user', () => {
      // Act
      const verdict = classifyShortLived(CANDIDATE, { ...OURS, userId: 9, billingClientId: 4242 }, CATALOG, CONTEXT);

      // Assess
      expect('bill' in verdict && verdict.bill.server.state.owner).toStrictEqual({ userId: 9, billingUserId: 4242 });
    });

    it.each<[string, ShortLivedCandidate, ProvisionedServer | undefined, string]>([
      ['made outside the bridge', CANDIDATE, undefined, 'not_made_by_bridge'],
      ['without a delete entry', { serverId: 7, createdAt: CREATED }, OURS, 'deletion_time_unknown'],
      ['whose plan SolusIO no longer lists', CANDIDATE, { ...OURS, order: { planId: 99, backups: false, additionalIps: 0 } }, 'plan_unknown'],
      ['whose service record names another server now', CANDIDATE, { ...OURS, serverId: 8 }, 'service_record_incomplete'],
      ['whose service record predates the order it keeps', CANDIDATE, { serviceRef: 'OLD-1', serverId: 7, userId: 1, billingClientId: 1001 }, 'service_record_incomplete'],
    ])('reports a server %s', (_name, candidate, provisioned, reason) => {
      // Act
      const verdict = classifyShortLived(candidate, provisioned, CATALOG, CONTEXT);

      // Assess
      expect(verdict).toStrictEqual({
        report: {
          serverId: 7,
          installation: 'default',
          createdAt: CREATED,
          deletedAt: candidate.deletedAt ?? null,
          reason,
          detail: expect.stringContaining('Server 7') as unknown as string,
          foundBy: RUN,
        },
      });
    });
  });

  describe('shortLivedOps', () => {
    it('opens at the create entry and ends at the delete request', () => {
      // Act
      const timeline = ops(shortLived());

      // Assess
      expect(timeline).toStrictEqual([
        { kind: 'open', at: CREATED, by: 'activity_log', state: state(), run: RUN },
        { kind: 'end', at: DELETED, by: 'activity_log', run: RUN },
      ]);
    });

    it('ends at the bridge\'s own terminate when it came before the log\'s delete request', () => {
      // Act
      const timeline = ops(shortLived(), { apiChanges: [{ at: '2026-11-03T10:08:30.000Z', field: 'deleted', value: true }] });

      // Assess
      expect(timeline[timeline.length - 1]).toStrictEqual({ kind: 'end', at: '2026-11-03T10:08:30.000Z', by: 'api', run: RUN });
    });

    it('applies the bridge\'s changes and the additional-IP entries of its life at their times, one boundary per instant', () => {
      // Prepare
      const apiChanges: ApiChange[] = [
        { at: '2026-11-03T10:07:00.000Z', field: 'suspended', value: true },
        { at: '2026-11-03T10:07:00.000Z', field: 'planId', value: 2 },
        { at: '2026-11-03T10:08:00.000Z', field: 'backupsEnabled', value: true },
        // Before its life (another server's time on the same item) and a plan SolusIO no longer lists: ignored.
        { at: '2026-11-03T10:01:00.000Z', field: 'suspended', value: false },
        { at: '2026-11-03T10:08:30.000Z', field: 'planId', value: 99 },
      ];
      const ipEvents = [
        { id: 1, at: '2026-11-03T10:06:30.000Z', delta: 1 as const },
        { id: 2, at: '2026-11-03T10:09:30.000Z', delta: 1 as const },
      ];

      // Act
      const timeline = ops(shortLived(), { apiChanges, ipEvents });

      // Assess
      expect(timeline).toStrictEqual([
        { kind: 'open', at: CREATED, by: 'activity_log', state: state(), run: RUN },
        { kind: 'change', at: '2026-11-03T10:06:30.000Z', by: 'activity_log', state: state({ additionalIpCount: 1 }), run: RUN },
        { kind: 'change', at: '2026-11-03T10:07:00.000Z', by: 'api', state: state({ additionalIpCount: 1, suspended: true, plan: PLAN_LARGE }), run: RUN },
        { kind: 'change', at: '2026-11-03T10:08:00.000Z', by: 'api', state: state({ additionalIpCount: 1, suspended: true, plan: PLAN_LARGE, backupsEnabled: true }), run: RUN },
        { kind: 'end', at: DELETED, by: 'activity_log', run: RUN },
      ]);
    });

    it('never counts fewer than zero additional IPs', () => {
      // Act
      const timeline = ops(shortLived(), { ipEvents: [{ id: 1, at: '2026-11-03T10:07:00.000Z', delta: -1 }] });

      // Assess
      expect(timeline[1]).toMatchObject({ kind: 'change', state: { owner: OWNER_A, additionalIpCount: 0 } });
    });
  });

  describe('periodsOfLife', () => {
    it.each([
      ['inside one month', CREATED, DELETED, ['2026-11']],
      ['across a month end', '2026-11-30T23:58:00.000Z', '2026-12-01T00:03:00.000Z', ['2026-11', '2026-12']],
      ['ending exactly at a month start', '2026-11-30T23:58:00.000Z', '2026-12-01T00:00:00.000Z', ['2026-11']],
      ['of no length', CREATED, CREATED, ['2026-11']],
    ])('%s', (_name, start, end, periods) => {
      expect(periodsOfLife(start, end)).toStrictEqual(periods);
    });
  });
});
