import { carriedOverMonth, updateServerMonths, type TimelineOp } from '../../../../shared/snapshots/serverMonths';
import type { ServerMonth } from '../../../../shared/snapshots/types';
import { A, B, month, seg } from './fixtures';

/** Hostnames on month items (`updateServerMonths`, `carriedOverMonth`): metadata beside the segments. */

const NOV = '2026-11';
const DEC = '2026-12';
const DEC_START = '2026-12-01T00:00:00.000Z';
const RUN = '2026-12-05T00:05:00.000Z';

const novOpen = seg(A, { start: '2026-11-20T00:00:00.000Z', startBy: 'created_at', startRun: '2026-11-20T00:05:00.000Z' });
const decCarried = seg(A, { start: DEC_START, startBy: 'period_start' });
const suspended: TimelineOp = { kind: 'change', at: '2026-12-05T00:00:00.000Z', by: 'run', state: B, run: RUN };
const unchanged: TimelineOp = { kind: 'change', at: '2026-12-05T00:00:00.000Z', by: 'run', state: A, run: RUN };

const itemsOf = (...items: ServerMonth[]): Map<string, ServerMonth> => new Map(items.map((item) => [item.period, item]));

describe('serverMonths: hostnames', () => {
  describe('updateServerMonths', () => {
    it('renames the current month\'s item when only its hostname differs, keeping its segments, version and API changes', () => {
      // Prepare
      const apiChanges = [{ at: '2026-12-02T00:00:00.000Z', field: 'backupsEnabled', value: true }] as const;
      const existing = itemsOf(month(1, NOV, [novOpen], { version: 3, hostname: 'old.example.com' }), month(1, DEC, [decCarried], { version: 2, hostname: 'old.example.com', apiChanges: [...apiChanges] }));

      // Act
      const update = updateServerMonths(1, existing, [unchanged], NOV, DEC, 'new.example.com');

      // Assess
      expect(update).toStrictEqual({ changed: [month(1, DEC, [decCarried], { version: 2, hostname: 'new.example.com', apiChanges: [...apiChanges] })] });
    });

    it('writes nothing when the hostname and the segments are as stored', () => {
      // Prepare
      const existing = itemsOf(month(1, NOV, [novOpen], { version: 3, hostname: 'vps1' }), month(1, DEC, [decCarried], { version: 1, hostname: 'vps1' }));

      // Act
      const update = updateServerMonths(1, existing, [unchanged], NOV, DEC, 'vps1');

      // Assess
      expect(update).toStrictEqual({ changed: [] });
    });

    it('keeps an item\'s hostname when the run saw none (a server it did not list)', () => {
      // Prepare
      const existing = itemsOf(month(1, DEC, [decCarried], { version: 1, hostname: 'vps1' }));

      // Act
      const update = updateServerMonths(1, existing, [suspended], DEC, DEC);

      // Assess
      expect(update.changed.map((item) => item.hostname)).toEqual(['vps1']);
    });

    it('leaves an earlier month\'s name alone: that month was named by what it saw', () => {
      // Prepare: a change dated back into November while the server is named anew in December.
      const existing = itemsOf(month(1, NOV, [novOpen], { version: 3, hostname: 'old.example.com' }), month(1, DEC, [decCarried], { version: 1, hostname: 'old.example.com' }));
      const endedInNovember: TimelineOp = { kind: 'end', at: '2026-11-25T00:00:00.000Z', by: 'activity_log', run: RUN };

      // Act
      const update = updateServerMonths(1, existing, [endedInNovember], NOV, DEC, 'new.example.com');

      // Assess
      expect(update.changed.map((item) => [item.period, item.hostname, item.segments.length])).toEqual([
        [NOV, 'old.example.com', 1],
        [DEC, 'new.example.com', 0],
      ]);
    });

    it('names new items, of earlier months too, with the hostname given', () => {
      // Prepare
      const opened: TimelineOp = { kind: 'open', at: '2026-11-30T23:00:00.000Z', by: 'created_at', state: A, run: RUN };

      // Act
      const update = updateServerMonths(1, new Map(), [opened], NOV, DEC, 'vps1');

      // Assess
      expect(update.changed.map((item) => [item.period, item.hostname])).toEqual([
        [NOV, 'vps1'],
        [DEC, 'vps1'],
      ]);
    });

    it('adds no hostname key to an item of a server whose hostname is unknown', () => {
      // Act
      const update = updateServerMonths(1, itemsOf(month(1, DEC, [decCarried], { version: 1 })), [suspended], DEC, DEC);

      // Assess
      expect(update.changed[0]).not.toHaveProperty('hostname');
    });
  });

  describe('carriedOverMonth', () => {
    it('names the new month\'s item as the server last was', () => {
      expect(carriedOverMonth(1, DEC, A, 'vps1')).toStrictEqual(month(1, DEC, [decCarried], { hostname: 'vps1' }));
    });

    it('adds no hostname key without one', () => {
      expect(carriedOverMonth(1, DEC, A)).toStrictEqual(month(1, DEC, [decCarried]));
    });
  });
});
