// Over 300 lines: the month-item rules table (boundaries, deletions, owners, late marks) on one builder.
import {
  applyOp,
  carriedOverMonth,
  flattenMonths,
  segmentsInPeriod,
  updateServerMonths,
  type TimelineOp,
} from '../../../../shared/snapshots/serverMonths';
import type { ServerMonth, StoredSegment } from '../../../../shared/snapshots/types';
import { A, B, C, month, OWNER_B, PLAN_LARGE, seg, state } from './fixtures';

const CREATED = '2026-11-03T10:00:00.000Z';
const RUN1 = '2026-11-03T10:05:00.000Z';
const T_CHANGE = '2026-11-03T10:07:30.000Z';
const RUN2 = '2026-11-03T10:10:00.000Z';
const RUN3 = '2026-11-03T10:15:00.000Z';

const NOV = '2026-11';
const DEC = '2026-12';
const NOV_START = '2026-11-01T00:00:00.000Z';
const DEC_START = '2026-12-01T00:00:00.000Z';
const JAN_START = '2027-01-01T00:00:00.000Z';

const opened = (at: string, run: string, of = A): TimelineOp => ({ kind: 'open', at, by: 'created_at', state: of, run });
const changed = (at: string, of: typeof A, run: string, by: TimelineOp['by'] = 'run'): TimelineOp => ({ kind: 'change', at, by, state: of, run });
const ended = (at: string, run: string, by: TimelineOp['by'] = 'run'): TimelineOp => ({ kind: 'end', at, by, run });

/** The item map updateServerMonths reads. */
const itemsOf = (...items: ServerMonth[]): Map<string, ServerMonth> => new Map(items.map((item) => [item.period, item]));

describe('serverMonths', () => {
  describe('applyOp', () => {
    describe('open', () => {
      it('starts an empty timeline at the op time, by its source and run', () => {
        // Act
        const timeline = applyOp([], opened(CREATED, RUN1));

        // Assess
        expect(timeline).toStrictEqual([seg(A, { start: CREATED, startBy: 'created_at', startRun: RUN1 })]);
      });

      it.each<[string, StoredSegment[]]>([
        ['the same state', [seg(A, { start: CREATED, startBy: 'created_at', startRun: RUN1 })]],
        ['another state (an open never overrides)', [seg(C, { start: CREATED, startBy: 'created_at', startRun: RUN1 })]],
      ])('changes nothing while a segment is open with %s', (_name, timeline) => {
        // Act
        const result = applyOp(timeline, opened(CREATED, RUN2));

        // Assess
        expect(result).toStrictEqual(timeline);
      });

      it('restarts at the run that saw the server again when its recorded end is later than the op time', () => {
        // Prepare
        const timeline = [seg(A, { start: CREATED, end: RUN1, startBy: 'created_at', endBy: 'run', startRun: RUN1, endRun: RUN2 })];

        // Act
        const result = applyOp(timeline, opened(CREATED, RUN3, B));

        // Assess
        expect(result).toStrictEqual([timeline[0], seg(B, { start: RUN3, startBy: 'run', startRun: RUN3 })]);
      });

      it.each([
        ['at the recorded end', RUN1],
        ['after the recorded end', RUN2],
      ])('starts at the op time when it is %s', (_name, at) => {
        // Prepare
        const timeline = [seg(A, { start: CREATED, end: RUN1, startBy: 'created_at', endBy: 'activity_log', startRun: RUN1, endRun: RUN1 })];

        // Act
        const result = applyOp(timeline, { kind: 'open', at, by: 'api', state: B, run: RUN3 });

        // Assess
        expect(result).toStrictEqual([timeline[0], seg(B, { start: at, startBy: 'api', startRun: RUN3 })]);
      });
    });

    describe('change', () => {
      it('ends the open segment at the change and opens the next one there', () => {
        // Prepare
        const timeline = [seg(A, { start: CREATED, startBy: 'created_at', startRun: RUN1 })];

        // Act
        const result = applyOp(timeline, changed(T_CHANGE, B, RUN2, 'api'));

        // Assess
        expect(result).toStrictEqual([
          seg(A, { start: CREATED, end: T_CHANGE, startBy: 'created_at', endBy: 'api', startRun: RUN1, endRun: RUN2 }),
          seg(B, { start: T_CHANGE, startBy: 'api', startRun: RUN2 }),
        ]);
      });

      it('keeps a carried-over segment without startRun when it ends it', () => {
        // Prepare
        const timeline = [seg(A, { start: NOV_START, startBy: 'period_start' })];

        // Act
        const result = applyOp(timeline, changed(RUN2, B, RUN2));

        // Assess
        expect(result).toStrictEqual([
          seg(A, { start: NOV_START, end: RUN2, startBy: 'period_start', endBy: 'run', endRun: RUN2 }),
          seg(B, { start: RUN2, startBy: 'run', startRun: RUN2 }),
        ]);
      });

      it('changes nothing when the open segment already has the state', () => {
        // Prepare
        const timeline = [seg(B, { start: CREATED, startBy: 'created_at', startRun: RUN1 })];

        // Act
        const result = applyOp(timeline, changed(RUN2, B, RUN2));

        // Assess
        expect(result).toStrictEqual(timeline);
      });

      it.each<[string, StoredSegment[]]>([
        ['an empty timeline', []],
        ['a timeline whose last segment is ended', [seg(A, { start: CREATED, end: RUN1, startBy: 'created_at', endBy: 'run', startRun: RUN1, endRun: RUN2 })]],
      ])('changes nothing on %s', (_name, timeline) => {
        // Act
        const result = applyOp(timeline, changed(RUN2, B, RUN3));

        // Assess
        expect(result).toStrictEqual(timeline);
      });

      it.each([
        ['at', RUN1],
        ['before', CREATED],
      ])('replaces the open segment\'s state in place when the change is %s its start', (_name, at) => {
        // Prepare
        const closed = seg(C, { start: CREATED, end: RUN1, startBy: 'created_at', endBy: 'run', startRun: RUN1, endRun: RUN1 });
        const timeline = [closed, seg(A, { start: RUN1, startBy: 'run', startRun: RUN1 })];

        // Act
        const result = applyOp(timeline, changed(at, B, RUN2, 'activity_log'));

        // Assess
        expect(result).toStrictEqual([closed, seg(B, { start: RUN1, startBy: 'run', startRun: RUN1 })]);
      });
    });

    describe('end', () => {
      it('ends the open segment at the op time, by its source and run', () => {
        // Prepare
        const timeline = [seg(A, { start: CREATED, startBy: 'created_at', startRun: RUN1 })];

        // Act
        const result = applyOp(timeline, ended(T_CHANGE, RUN2, 'activity_log'));

        // Assess
        expect(result).toStrictEqual([seg(A, { start: CREATED, end: T_CHANGE, startBy: 'created_at', endBy: 'activity_log', startRun: RUN1, endRun: RUN2 })]);
      });

      it.each<[string, StoredSegment[]]>([
        ['an empty timeline', []],
        ['a timeline already ended', [seg(A, { start: CREATED, end: RUN1, startBy: 'created_at', endBy: 'run', startRun: RUN1, endRun: RUN2 })]],
      ])('changes nothing on %s', (_name, timeline) => {
        // Act
        const result = applyOp(timeline, ended(RUN2, RUN3));

        // Assess
        expect(result).toStrictEqual(timeline);
      });

      it('removes the open segment when the end is at its start, leaving earlier segments as they were', () => {
        // Prepare
        const closed = seg(A, { start: CREATED, end: RUN1, startBy: 'created_at', endBy: 'run', startRun: RUN1, endRun: RUN1 });
        const timeline = [closed, seg(B, { start: RUN1, startBy: 'run', startRun: RUN1 })];

        // Act
        const result = applyOp(timeline, ended(RUN1, RUN2, 'activity_log'));

        // Assess
        expect(result).toStrictEqual([closed]);
      });

      it('removes every segment when the end is at or before the first start (nothing existed from then on)', () => {
        // Prepare
        const closed = seg(A, { start: CREATED, end: RUN1, startBy: 'created_at', endBy: 'run', startRun: RUN1, endRun: RUN1 });
        const timeline = [closed, seg(B, { start: RUN1, startBy: 'run', startRun: RUN1 })];

        // Act
        const result = applyOp(timeline, ended(CREATED, RUN2, 'activity_log'));

        // Assess
        expect(result).toStrictEqual([]);
      });

      it('removes the only segment when the end is at its start', () => {
        // Prepare
        const timeline = [seg(A, { start: CREATED, startBy: 'created_at', startRun: RUN1 })];

        // Act
        const result = applyOp(timeline, ended(CREATED, RUN1));

        // Assess
        expect(result).toStrictEqual([]);
      });

      it('an end before the open segment\'s start also ends the earlier segment at the end time', () => {
        // Prepare: A until the run-dated change at RUN2, B open from RUN2; the delete request was at T_CHANGE
        const timeline = [
          seg(A, { start: CREATED, end: RUN2, startBy: 'created_at', endBy: 'run', startRun: RUN1, endRun: RUN2 }),
          seg(B, { start: RUN2, startBy: 'run', startRun: RUN2 }),
        ];

        // Act
        const result = applyOp(timeline, ended(T_CHANGE, RUN2, 'activity_log'));

        // Assess: nothing billed from the delete request on
        expect(result).toStrictEqual([seg(A, { start: CREATED, end: T_CHANGE, startBy: 'created_at', endBy: 'activity_log', startRun: RUN1, endRun: RUN2 })]);
      });
    });

    it.each<[string, StoredSegment[], TimelineOp]>([
      ['an open on an empty timeline', [], opened(CREATED, RUN1)],
      ['a change', [seg(A, { start: CREATED, startBy: 'created_at', startRun: RUN1 })], changed(T_CHANGE, B, RUN2, 'api')],
      ['an end', [seg(A, { start: CREATED, startBy: 'created_at', startRun: RUN1 })], ended(T_CHANGE, RUN2, 'activity_log')],
      ['a change at the start', [seg(A, { start: CREATED, startBy: 'created_at', startRun: RUN1 })], changed(CREATED, B, RUN1)],
    ])('is idempotent: re-applying %s changes nothing', (_name, timeline, op) => {
      // Prepare
      const once = applyOp(timeline, op);

      // Act
      const twice = applyOp(once, op);

      // Assess
      expect(twice).toStrictEqual(once);
    });

    it('re-applying an open and its end (a new server deleted before the run) changes nothing', () => {
      // Prepare
      const ops = [opened(CREATED, RUN2), ended(T_CHANGE, RUN2, 'activity_log')];
      const once = ops.reduce<StoredSegment[]>(applyOp, []);

      // Act
      const twice = ops.reduce<StoredSegment[]>(applyOp, once);

      // Assess
      expect(once).toStrictEqual([seg(A, { start: CREATED, end: T_CHANGE, startBy: 'created_at', endBy: 'activity_log', startRun: RUN2, endRun: RUN2 })]);
      expect(twice).toStrictEqual(once);
    });

    it('re-applying an open and an end later than the run changes nothing', () => {
      // Prepare: run RUN1 (10:05) lists a server created at 10:00; the log read during the run has its delete request at 10:07:30
      const ops = [opened(CREATED, RUN1), ended(T_CHANGE, RUN1, 'activity_log')];
      const once = ops.reduce<StoredSegment[]>(applyOp, []);

      // Act
      const twice = ops.reduce<StoredSegment[]>(applyOp, once);

      // Assess
      expect(twice).toStrictEqual(once);
    });

    it('leaves the input timeline untouched', () => {
      // Prepare
      const timeline = Object.freeze([seg(A, { start: CREATED, startBy: 'created_at', startRun: RUN1 })]);
      const snapshot = JSON.stringify(timeline);

      // Act
      const results = [applyOp(timeline, changed(T_CHANGE, B, RUN2)), applyOp(timeline, ended(T_CHANGE, RUN2)), applyOp(timeline, ended(CREATED, RUN2))];

      // Assess
      expect(JSON.stringify(timeline)).toBe(snapshot);
      expect(results.every((result) => result !== timeline)).toBe(true);
    });
  });

  describe('flattenMonths', () => {
    it('gives an empty timeline for no months', () => {
      // Act
      const timeline = flattenMonths([]);

      // Assess
      expect(timeline).toStrictEqual([]);
    });

    it('gives an empty timeline for months without items', () => {
      // Act
      const timeline = flattenMonths([undefined, undefined]);

      // Assess
      expect(timeline).toStrictEqual([]);
    });

    it('gives one month\'s segments as stored', () => {
      // Prepare
      const segments = [
        seg(A, { start: CREATED, end: RUN2, startBy: 'created_at', endBy: 'run', startRun: RUN1, endRun: RUN2 }),
        seg(B, { start: RUN2, startBy: 'run', startRun: RUN2 }),
      ];

      // Act
      const timeline = flattenMonths([month(1, NOV, segments)]);

      // Assess
      expect(timeline).toStrictEqual(segments);
    });

    it('merges a period_start carry-over into the previous month\'s open segment, which stays open', () => {
      // Prepare
      const november = seg(A, { start: '2026-11-20T00:00:00.000Z', startBy: 'created_at', startRun: '2026-11-20T00:05:00.000Z' });

      // Act
      const timeline = flattenMonths([month(1, NOV, [november]), month(1, DEC, [seg(A, { start: DEC_START, startBy: 'period_start' })])]);

      // Assess
      expect(timeline).toStrictEqual([november]);
    });

    it('gives the merged segment the carry-over\'s end, and keeps what follows', () => {
      // Prepare
      const november = seg(A, { start: '2026-11-20T00:00:00.000Z', startBy: 'created_at', startRun: '2026-11-20T00:05:00.000Z' });
      const after = seg(B, { start: '2026-12-05T00:00:00.000Z', startBy: 'run', startRun: '2026-12-05T00:00:00.000Z' });
      const december = [
        seg(A, { start: DEC_START, end: '2026-12-05T00:00:00.000Z', startBy: 'period_start', endBy: 'run', endRun: '2026-12-05T00:00:00.000Z' }),
        after,
      ];

      // Act
      const timeline = flattenMonths([month(1, NOV, [november]), month(1, DEC, december)]);

      // Assess
      expect(timeline).toStrictEqual([
        seg(A, {
          start: '2026-11-20T00:00:00.000Z',
          end: '2026-12-05T00:00:00.000Z',
          startBy: 'created_at',
          endBy: 'run',
          startRun: '2026-11-20T00:05:00.000Z',
          endRun: '2026-12-05T00:00:00.000Z',
        }),
        after,
      ]);
    });

    it.each<[string, (ServerMonth | undefined)[]]>([
      ['a missing later month', [month(1, NOV, [seg(A, { start: CREATED, startBy: 'created_at', startRun: RUN1 })]), undefined]],
      [
        'a missing month between two items',
        [month(1, NOV, [seg(A, { start: CREATED, startBy: 'created_at', startRun: RUN1 })]), undefined, month(1, '2027-01', [seg(A, { start: JAN_START, startBy: 'period_start' })])],
      ],
    ])('continues the open segment through %s', (_name, months) => {
      // Act
      const timeline = flattenMonths(months);

      // Assess
      expect(timeline).toStrictEqual([seg(A, { start: CREATED, startBy: 'created_at', startRun: RUN1 })]);
    });

    it('ends the open segment at the month start when the carry-over has another state', () => {
      // Act
      const timeline = flattenMonths([
        month(1, NOV, [seg(A, { start: CREATED, startBy: 'created_at', startRun: RUN1 })]),
        month(1, DEC, [seg(B, { start: DEC_START, startBy: 'period_start' })]),
      ]);

      // Assess
      expect(timeline).toStrictEqual([
        seg(A, { start: CREATED, end: DEC_START, startBy: 'created_at', endBy: 'period_start', startRun: RUN1 }),
        seg(B, { start: DEC_START, startBy: 'period_start' }),
      ]);
    });

    it('ends the open segment where the next month\'s first segment starts, by its source and run', () => {
      // Act
      const timeline = flattenMonths([
        month(1, NOV, [seg(A, { start: CREATED, startBy: 'created_at', startRun: RUN1 })]),
        month(1, DEC, [seg(B, { start: DEC_START, startBy: 'run', startRun: DEC_START })]),
      ]);

      // Assess
      expect(timeline).toStrictEqual([
        seg(A, { start: CREATED, end: DEC_START, startBy: 'created_at', endBy: 'run', startRun: RUN1, endRun: DEC_START }),
        seg(B, { start: DEC_START, startBy: 'run', startRun: DEC_START }),
      ]);
    });

    it('merges only carry-overs: a same-state segment started by a run stays a boundary of its own', () => {
      // Act
      const timeline = flattenMonths([
        month(1, NOV, [seg(A, { start: CREATED, startBy: 'created_at', startRun: RUN1 })]),
        month(1, DEC, [seg(A, { start: DEC_START, startBy: 'run', startRun: DEC_START })]),
      ]);

      // Assess
      expect(timeline).toStrictEqual([
        seg(A, { start: CREATED, end: DEC_START, startBy: 'created_at', endBy: 'run', startRun: RUN1, endRun: DEC_START }),
        seg(A, { start: DEC_START, startBy: 'run', startRun: DEC_START }),
      ]);
    });

    it('keeps a carry-over as its own segment after an ended one', () => {
      // Prepare
      const novemberEnded = seg(A, { start: CREATED, end: RUN2, startBy: 'created_at', endBy: 'run', startRun: RUN1, endRun: RUN2 });
      const carried = seg(A, { start: DEC_START, startBy: 'period_start' });

      // Act
      const timeline = flattenMonths([month(1, NOV, [novemberEnded]), month(1, DEC, [carried])]);

      // Assess
      expect(timeline).toStrictEqual([novemberEnded, carried]);
    });

    it('is the inverse of segmentsInPeriod over consecutive months', () => {
      // Prepare: created in November, changed in December, ended in February 2027
      const timeline = [
        seg(A, { start: CREATED, end: '2026-12-10T08:00:00.000Z', startBy: 'created_at', endBy: 'api', startRun: RUN1, endRun: '2026-12-10T08:05:00.000Z' }),
        seg(C, { start: '2026-12-10T08:00:00.000Z', end: '2027-02-02T00:00:00.000Z', startBy: 'api', endBy: 'run', startRun: '2026-12-10T08:05:00.000Z', endRun: '2027-02-02T00:00:00.000Z' }),
      ];
      const months = [NOV, DEC, '2027-01', '2027-02'].map((period) => month(1, period, segmentsInPeriod(timeline, period)));

      // Act
      const flat = flattenMonths(months);

      // Assess
      expect(flat).toStrictEqual(timeline);
    });
  });

  describe('segmentsInPeriod', () => {
    const inside = { start: '2026-11-10T00:00:00.000Z', startBy: 'created_at', startRun: '2026-11-10T00:05:00.000Z' } as const;

    it.each<[string, StoredSegment, StoredSegment[]]>([
      ['keeps a segment inside the month as it is', seg(A, { ...inside, end: '2026-11-12T00:00:00.000Z', endBy: 'activity_log', endRun: '2026-11-12T00:05:00.000Z' }), [seg(A, { ...inside, end: '2026-11-12T00:00:00.000Z', endBy: 'activity_log', endRun: '2026-11-12T00:05:00.000Z' })]],
      ['keeps an open segment that starts inside the month open', seg(A, inside), [seg(A, inside)]],
      ['keeps a segment that ends exactly at the month end closed', seg(A, { ...inside, end: DEC_START, endBy: 'run', endRun: DEC_START }), [seg(A, { ...inside, end: DEC_START, endBy: 'run', endRun: DEC_START })]],
      ['stores a segment reaching past the month end open, keeping its start and startRun', seg(A, { ...inside, end: '2026-12-02T00:00:00.000Z', endBy: 'run', endRun: '2026-12-02T00:00:00.000Z' }), [seg(A, inside)]],
      [
        'clips an earlier start to period_start without startRun, keeping the end inside the month',
        seg(A, { start: '2026-10-15T00:00:00.000Z', end: '2026-11-12T00:00:00.000Z', startBy: 'created_at', endBy: 'api', startRun: '2026-10-15T00:05:00.000Z', endRun: '2026-11-12T00:05:00.000Z' }),
        [seg(A, { start: NOV_START, end: '2026-11-12T00:00:00.000Z', startBy: 'period_start', endBy: 'api', endRun: '2026-11-12T00:05:00.000Z' })],
      ],
      ['clips an earlier start of an open segment and leaves it open', seg(A, { start: '2026-10-15T00:00:00.000Z', startBy: 'created_at', startRun: '2026-10-15T00:05:00.000Z' }), [seg(A, { start: NOV_START, startBy: 'period_start' })]],
      [
        'clips a segment spanning the whole month on both sides',
        seg(A, { start: '2026-10-15T00:00:00.000Z', end: '2026-12-15T00:00:00.000Z', startBy: 'created_at', endBy: 'run', startRun: '2026-10-15T00:05:00.000Z', endRun: '2026-12-15T00:00:00.000Z' }),
        [seg(A, { start: NOV_START, startBy: 'period_start' })],
      ],
      ['keeps a segment starting exactly at the month start by a run (no clipping)', seg(A, { start: NOV_START, startBy: 'run', startRun: NOV_START }), [seg(A, { start: NOV_START, startBy: 'run', startRun: NOV_START })]],
      ['leaves out a segment ending exactly at the month start', seg(A, { start: '2026-10-15T00:00:00.000Z', end: NOV_START, startBy: 'created_at', endBy: 'run', startRun: '2026-10-15T00:05:00.000Z', endRun: NOV_START }), []],
      ['leaves out a segment starting exactly at the month end', seg(A, { start: DEC_START, startBy: 'run', startRun: DEC_START }), []],
      ['leaves out a segment of an earlier month', seg(A, { start: '2026-10-01T00:00:00.000Z', end: '2026-10-02T00:00:00.000Z', startBy: 'run', endBy: 'run', startRun: '2026-10-01T00:00:00.000Z', endRun: '2026-10-02T00:00:00.000Z' }), []],
      ['leaves out a segment of a later month', seg(A, { start: '2026-12-03T00:00:00.000Z', startBy: 'run', startRun: '2026-12-03T00:00:00.000Z' }), []],
    ])('%s', (_name, segment, expected) => {
      // Act
      const segments = segmentsInPeriod([segment], NOV);

      // Assess
      expect(segments).toStrictEqual(expected);
    });

    it('keeps the timeline order of several segments', () => {
      // Prepare
      const timeline = [
        seg(A, { start: '2026-10-15T00:00:00.000Z', end: '2026-11-05T00:00:00.000Z', startBy: 'created_at', endBy: 'run', startRun: '2026-10-15T00:05:00.000Z', endRun: '2026-11-05T00:00:00.000Z' }),
        seg(B, { start: '2026-11-05T00:00:00.000Z', end: '2026-11-06T00:00:00.000Z', startBy: 'run', endBy: 'api', startRun: '2026-11-05T00:00:00.000Z', endRun: '2026-11-06T00:05:00.000Z' }),
        seg(C, { start: '2026-11-06T00:00:00.000Z', startBy: 'api', startRun: '2026-11-06T00:05:00.000Z' }),
      ];

      // Act
      const segments = segmentsInPeriod(timeline, NOV);

      // Assess
      expect(segments).toStrictEqual([
        seg(A, { start: NOV_START, end: '2026-11-05T00:00:00.000Z', startBy: 'period_start', endBy: 'run', endRun: '2026-11-05T00:00:00.000Z' }),
        timeline[1],
        timeline[2],
      ]);
    });

    it.each<[string, StoredSegment, string, StoredSegment[]]>([
      ['leap February 2028 keeps a segment ending at 1 March 00:00 closed', seg(A, { start: '2028-02-28T12:00:00.000Z', end: '2028-03-01T00:00:00.000Z', startBy: 'run', endBy: 'run', startRun: '2028-02-28T12:00:00.000Z', endRun: '2028-03-01T00:00:00.000Z' }), '2028-02', [seg(A, { start: '2028-02-28T12:00:00.000Z', end: '2028-03-01T00:00:00.000Z', startBy: 'run', endBy: 'run', startRun: '2028-02-28T12:00:00.000Z', endRun: '2028-03-01T00:00:00.000Z' })]],
      ['leap February 2028 keeps a segment on 29 February open when it reaches March', seg(A, { start: '2028-02-29T12:00:00.000Z', startBy: 'run', startRun: '2028-02-29T12:00:00.000Z' }), '2028-02', [seg(A, { start: '2028-02-29T12:00:00.000Z', startBy: 'run', startRun: '2028-02-29T12:00:00.000Z' })]],
      ['March 2028 carries over a segment from 29 February at 1 March', seg(A, { start: '2028-02-29T12:00:00.000Z', startBy: 'run', startRun: '2028-02-29T12:00:00.000Z' }), '2028-03', [seg(A, { start: '2028-03-01T00:00:00.000Z', startBy: 'period_start' })]],
      ['March 2028 leaves out a segment ending at 1 March 00:00', seg(A, { start: '2028-02-28T12:00:00.000Z', end: '2028-03-01T00:00:00.000Z', startBy: 'run', endBy: 'run', startRun: '2028-02-28T12:00:00.000Z', endRun: '2028-03-01T00:00:00.000Z' }), '2028-03', []],
      ['March 2027 (February of 28 days) carries over from 1 March', seg(A, { start: '2027-02-28T12:00:00.000Z', startBy: 'run', startRun: '2027-02-28T12:00:00.000Z' }), '2027-03', [seg(A, { start: '2027-03-01T00:00:00.000Z', startBy: 'period_start' })]],
      ['January carries over a December segment at 1 January of the next year', seg(A, { start: '2026-12-31T23:00:00.000Z', startBy: 'run', startRun: '2026-12-31T23:00:00.000Z' }), '2027-01', [seg(A, { start: JAN_START, startBy: 'period_start' })]],
      ['December stores a segment reaching into January open', seg(A, { start: '2026-12-31T23:00:00.000Z', end: '2027-01-01T00:30:00.000Z', startBy: 'run', endBy: 'run', startRun: '2026-12-31T23:00:00.000Z', endRun: '2027-01-01T00:30:00.000Z' }), DEC, [seg(A, { start: '2026-12-31T23:00:00.000Z', startBy: 'run', startRun: '2026-12-31T23:00:00.000Z' })]],
      ['January gives a December segment its end inside January', seg(A, { start: '2026-12-31T23:00:00.000Z', end: '2027-01-01T00:30:00.000Z', startBy: 'run', endBy: 'run', startRun: '2026-12-31T23:00:00.000Z', endRun: '2027-01-01T00:30:00.000Z' }), '2027-01', [seg(A, { start: JAN_START, end: '2027-01-01T00:30:00.000Z', startBy: 'period_start', endBy: 'run', endRun: '2027-01-01T00:30:00.000Z' })]],
    ])('at a month boundary: %s', (_name, segment, period, expected) => {
      // Act
      const segments = segmentsInPeriod([segment], period);

      // Assess
      expect(segments).toStrictEqual(expected);
    });

    it('compares instants written without milliseconds exactly', () => {
      // Prepare: SolusIO's form of an instant just before the month end
      const segment = seg(A, { start: '2026-11-30T23:59:59Z', end: '2026-12-01T00:00:00Z', startBy: 'activity_log', endBy: 'activity_log', startRun: DEC_START, endRun: DEC_START });

      // Act
      const november = segmentsInPeriod([segment], NOV);
      const december = segmentsInPeriod([segment], DEC);

      // Assess
      expect(november).toStrictEqual([segment]);
      expect(december).toStrictEqual([]);
    });
  });

  describe('updateServerMonths', () => {
    const novOpen = seg(A, { start: '2026-11-20T00:00:00.000Z', startBy: 'created_at', startRun: '2026-11-20T00:05:00.000Z' });
    const decCarried = seg(A, { start: DEC_START, startBy: 'period_start' });
    const API_CHANGES = [{ at: '2026-12-02T00:00:00.000Z', field: 'suspended', value: true }] as const;

    it('returns nothing when no op changes anything', () => {
      // Prepare
      const existing = itemsOf(month(1, NOV, [novOpen], { version: 3 }), month(1, DEC, [decCarried], { version: 1 }));

      // Act
      const update = updateServerMonths(1, existing, [changed('2026-12-05T00:00:00.000Z', A, '2026-12-05T00:00:00.000Z')], NOV, DEC);

      // Assess
      expect(update).toStrictEqual({ changed: [] });
    });

    it('returns nothing for no ops and no items', () => {
      // Act
      const update = updateServerMonths(1, new Map(), [], NOV, DEC);

      // Assess
      expect(update).toStrictEqual({ changed: [] });
    });

    it('returns only the month whose segments changed, keeping its version and API changes', () => {
      // Prepare
      const existing = itemsOf(month(1, NOV, [novOpen], { version: 3 }), month(1, DEC, [decCarried], { version: 1, apiChanges: [...API_CHANGES] }));

      // Act
      const update = updateServerMonths(1, existing, [changed('2026-12-02T00:00:00.000Z', B, '2026-12-02T00:05:00.000Z', 'api')], NOV, DEC);

      // Assess
      expect(update).toStrictEqual({
        changed: [
          month(
            1,
            DEC,
            [
              seg(A, { start: DEC_START, end: '2026-12-02T00:00:00.000Z', startBy: 'period_start', endBy: 'api', endRun: '2026-12-02T00:05:00.000Z' }),
              seg(B, { start: '2026-12-02T00:00:00.000Z', startBy: 'api', startRun: '2026-12-02T00:05:00.000Z' }),
            ],
            { version: 1, apiChanges: [...API_CHANGES] },
          ),
        ],
      });
    });

    it('creates the item of a month that has none yet when a change lands in it (version 0, no API changes)', () => {
      // Prepare
      const existing = itemsOf(month(1, NOV, [novOpen], { version: 3 }));

      // Act
      const update = updateServerMonths(1, existing, [changed('2026-12-05T00:00:00.000Z', B, '2026-12-05T00:00:00.000Z')], NOV, DEC);

      // Assess
      expect(update).toStrictEqual({
        changed: [
          month(1, DEC, [
            seg(A, { start: DEC_START, end: '2026-12-05T00:00:00.000Z', startBy: 'period_start', endBy: 'run', endRun: '2026-12-05T00:00:00.000Z' }),
            seg(B, { start: '2026-12-05T00:00:00.000Z', startBy: 'run', startRun: '2026-12-05T00:00:00.000Z' }),
          ]),
        ],
      });
    });

    it('creates every month item of a new server from its creation to the current month', () => {
      // Act
      const update = updateServerMonths(7, new Map(), [opened('2026-10-20T00:00:00.000Z', '2026-11-03T10:05:00.000Z')], '2026-10', NOV);

      // Assess
      expect(update).toStrictEqual({
        changed: [
          month(7, '2026-10', [seg(A, { start: '2026-10-20T00:00:00.000Z', startBy: 'created_at', startRun: '2026-11-03T10:05:00.000Z' })]),
          month(7, NOV, [seg(A, { start: NOV_START, startBy: 'period_start' })]),
        ],
      });
    });

    it('writes no item for a month the timeline does not reach', () => {
      // Act
      const update = updateServerMonths(7, new Map(), [opened('2026-11-20T00:00:00.000Z', '2026-11-20T00:05:00.000Z')], '2026-10', NOV);

      // Assess
      expect(update.changed.map((item) => item.period)).toEqual([NOV]);
    });

    it('empties the later month\'s carry-over when a deletion is dated in the previous month', () => {
      // Prepare
      const existing = itemsOf(month(3, NOV, [novOpen], { version: 2 }), month(3, DEC, [decCarried], { version: 1 }));

      // Act
      const update = updateServerMonths(3, existing, [ended('2026-11-30T23:58:00.000Z', DEC_START, 'activity_log')], NOV, DEC);

      // Assess
      expect(update).toStrictEqual({
        changed: [
          month(3, NOV, [seg(A, { start: '2026-11-20T00:00:00.000Z', end: '2026-11-30T23:58:00.000Z', startBy: 'created_at', endBy: 'activity_log', startRun: '2026-11-20T00:05:00.000Z', endRun: DEC_START })], { version: 2 }),
          month(3, DEC, [], { version: 1 }),
        ],
      });
    });

    it('ignores items outside firstPeriod..currentPeriod', () => {
      // Prepare: an October item that would end the timeline if it were read
      const existing = itemsOf(
        month(1, '2026-10', [seg(C, { start: '2026-10-01T00:00:00.000Z', end: '2026-10-02T00:00:00.000Z', startBy: 'run', endBy: 'run', startRun: '2026-10-01T00:00:00.000Z', endRun: '2026-10-02T00:00:00.000Z' })]),
        month(1, NOV, [novOpen]),
      );

      // Act
      const update = updateServerMonths(1, existing, [changed(RUN2, B, RUN2)], NOV, NOV);

      // Assess
      expect(update.changed.map((item) => item.period)).toEqual([NOV]);
    });

    it('does not report an item whose segments differ only in key order or undefined fields', () => {
      // Prepare
      const reordered = {
        startRun: '2026-11-20T00:05:00.000Z',
        startBy: 'created_at',
        start: '2026-11-20T00:00:00.000Z',
        end: undefined,
        additionalIpCount: 0,
        suspended: false,
        backupsEnabled: false,
        plan: { backupPrice: 10, ipTokensPerMonth: 500, ipTokensPerHour: 1, tokensPerMonth: 5000, tokensPerHour: 7, id: 1 },
        owner: { billingUserId: 1001, userId: 1 },
      } as StoredSegment;
      const existing = itemsOf(month(1, NOV, [reordered]));

      // Act
      const update = updateServerMonths(1, existing, [], NOV, NOV);

      // Assess
      expect(update).toStrictEqual({ changed: [] });
    });

    it.each<[string, Map<string, ServerMonth>, TimelineOp[], string, string, ServerMonth[]]>([
      [
        'a change late on 29 February 2028 splits February and carries the new state into March',
        itemsOf(month(1, '2028-02', [seg(A, { start: '2028-02-10T00:00:00.000Z', startBy: 'created_at', startRun: '2028-02-10T00:05:00.000Z' })]), month(1, '2028-03', [seg(A, { start: '2028-03-01T00:00:00.000Z', startBy: 'period_start' })])),
        [changed('2028-02-29T23:59:59.999Z', B, '2028-03-01T00:05:00.000Z', 'api')],
        '2028-02',
        '2028-03',
        [
          month(1, '2028-02', [
            seg(A, { start: '2028-02-10T00:00:00.000Z', end: '2028-02-29T23:59:59.999Z', startBy: 'created_at', endBy: 'api', startRun: '2028-02-10T00:05:00.000Z', endRun: '2028-03-01T00:05:00.000Z' }),
            seg(B, { start: '2028-02-29T23:59:59.999Z', startBy: 'api', startRun: '2028-03-01T00:05:00.000Z' }),
          ]),
          month(1, '2028-03', [seg(B, { start: '2028-03-01T00:00:00.000Z', startBy: 'period_start' })]),
        ],
      ],
      [
        'an end on 29 February 2028 leaves March empty',
        itemsOf(month(1, '2028-02', [seg(A, { start: '2028-02-10T00:00:00.000Z', startBy: 'created_at', startRun: '2028-02-10T00:05:00.000Z' })]), month(1, '2028-03', [seg(A, { start: '2028-03-01T00:00:00.000Z', startBy: 'period_start' })])),
        [ended('2028-02-29T12:00:00.000Z', '2028-03-01T00:05:00.000Z')],
        '2028-02',
        '2028-03',
        [
          month(1, '2028-02', [seg(A, { start: '2028-02-10T00:00:00.000Z', end: '2028-02-29T12:00:00.000Z', startBy: 'created_at', endBy: 'run', startRun: '2028-02-10T00:05:00.000Z', endRun: '2028-03-01T00:05:00.000Z' })]),
          month(1, '2028-03', []),
        ],
      ],
      [
        'a change at 1 January 00:00 closes December at its end and starts January\'s item with it',
        itemsOf(month(1, DEC, [seg(A, { start: '2026-12-20T00:00:00.000Z', startBy: 'created_at', startRun: '2026-12-20T00:05:00.000Z' })], { version: 4 })),
        [changed(JAN_START, C, JAN_START)],
        DEC,
        '2027-01',
        [
          month(1, DEC, [seg(A, { start: '2026-12-20T00:00:00.000Z', end: JAN_START, startBy: 'created_at', endBy: 'run', startRun: '2026-12-20T00:05:00.000Z', endRun: JAN_START })], { version: 4 }),
          month(1, '2027-01', [seg(C, { start: JAN_START, startBy: 'run', startRun: JAN_START })]),
        ],
      ],
      [
        'a change on 31 December dated by the log rewrites December and January',
        itemsOf(
          month(1, DEC, [seg(A, { start: '2026-12-20T00:00:00.000Z', startBy: 'created_at', startRun: '2026-12-20T00:05:00.000Z' })], { version: 4 }),
          month(1, '2027-01', [seg(A, { start: JAN_START, startBy: 'period_start' })], { version: 1 }),
        ),
        [changed('2026-12-31T23:30:00Z', C, '2027-01-01T00:05:00.000Z', 'activity_log')],
        DEC,
        '2027-01',
        [
          month(
            1,
            DEC,
            [
              seg(A, { start: '2026-12-20T00:00:00.000Z', end: '2026-12-31T23:30:00Z', startBy: 'created_at', endBy: 'activity_log', startRun: '2026-12-20T00:05:00.000Z', endRun: '2027-01-01T00:05:00.000Z' }),
              seg(C, { start: '2026-12-31T23:30:00Z', startBy: 'activity_log', startRun: '2027-01-01T00:05:00.000Z' }),
            ],
            { version: 4 },
          ),
          month(1, '2027-01', [seg(C, { start: JAN_START, startBy: 'period_start' })], { version: 1 }),
        ],
      ],
    ])('handles month boundaries: %s', (_name, existing, ops, first, current, expected) => {
      // Act
      const update = updateServerMonths(1, existing, ops, first, current);

      // Assess
      expect(update).toStrictEqual({ changed: expected });
    });

    it.each<[string, Map<string, ServerMonth>, TimelineOp[], string, string]>([
      ['a new server', new Map(), [opened('2026-10-20T00:00:00.000Z', RUN1)], '2026-10', NOV],
      ['a new server deleted before its first run', new Map(), [opened(CREATED, RUN2), ended(T_CHANGE, RUN2, 'activity_log')], NOV, NOV],
      ['a change in a month without item', itemsOf(month(1, NOV, [novOpen])), [changed('2026-12-05T00:00:00.000Z', B, '2026-12-05T00:00:00.000Z')], NOV, DEC],
      ['several changes and an end', itemsOf(month(1, NOV, [novOpen])), [changed('2026-11-25T00:00:00.000Z', B, '2026-12-05T00:00:00.000Z', 'api'), changed('2026-12-05T00:00:00.000Z', C, '2026-12-05T00:00:00.000Z'), ended('2026-12-06T00:00:00.000Z', '2026-12-06T00:05:00.000Z')], NOV, DEC],
      ['a deletion dated in the previous month', itemsOf(month(1, NOV, [novOpen]), month(1, DEC, [decCarried])), [ended('2026-11-30T23:58:00.000Z', DEC_START, 'activity_log')], NOV, DEC],
    ])('is idempotent: applying the ops of %s to the items it wrote changes nothing', (_name, existing, ops, first, current) => {
      // Prepare
      const once = updateServerMonths(1, existing, ops, first, current);
      const written = new Map(existing);
      for (const item of once.changed) written.set(item.period, item);

      // Act
      const twice = updateServerMonths(1, written, ops, first, current);

      // Assess
      expect(once.changed.length).toBeGreaterThan(0);
      expect(twice).toStrictEqual({ changed: [] });
    });

    it('ends the server at its delete request even when the same run saw a later-dated change', () => {
      // Prepare
      const withIp = state({ additionalIpCount: 1 });
      const existing = itemsOf(month(3, NOV, [seg(withIp, { start: '2026-11-20T00:00:00.000Z', startBy: 'created_at', startRun: '2026-11-20T00:05:00.000Z' })]));
      const ops = [changed('2026-11-30T23:59:00.000Z', A, DEC_START, 'activity_log'), ended('2026-11-30T23:58:00.000Z', DEC_START, 'activity_log')];

      // Act
      const update = updateServerMonths(3, existing, ops, NOV, DEC);

      // Assess
      expect(update.changed).toStrictEqual([
        month(3, NOV, [seg(withIp, { start: '2026-11-20T00:00:00.000Z', end: '2026-11-30T23:58:00.000Z', startBy: 'created_at', endBy: 'activity_log', startRun: '2026-11-20T00:05:00.000Z', endRun: DEC_START })]),
      ]);
    });
  });

  describe('carriedOverMonth', () => {
    it.each([
      ['a month of 30 days', 12, NOV, NOV_START],
      ['January after December', 13, '2027-01', JAN_START],
      ['leap February', 14, '2028-02', '2028-02-01T00:00:00.000Z'],
      ['March after a leap February', 15, '2028-03', '2028-03-01T00:00:00.000Z'],
    ])('starts %s with the state open from the month start, version 0 and no API changes', (_name, serverId, period, start) => {
      // Prepare
      const carried = state({ owner: OWNER_B, plan: PLAN_LARGE, backupsEnabled: true, additionalIpCount: 2 });

      // Act
      const item = carriedOverMonth(serverId, period, carried);

      // Assess
      expect(item).toStrictEqual({ serverId, period, segments: [seg(carried, { start, startBy: 'period_start' })], apiChanges: [], version: 0 });
    });

    it('merges into the previous month\'s open segment when flattened', () => {
      // Prepare
      const november = month(1, NOV, [seg(A, { start: CREATED, startBy: 'created_at', startRun: RUN1 })]);

      // Act
      const timeline = flattenMonths([november, carriedOverMonth(1, DEC, A)]);

      // Assess
      expect(timeline).toStrictEqual(november.segments);
    });
  });
});
