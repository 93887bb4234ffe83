import {
  InvalidInstantError,
  InvalidIntervalError,
  InvalidUsageInputError,
  OverlappingIntervalsError,
  billablePieces,
} from '../../../../shared/billing';
import type { Segment, ServerUsageInput } from '../../../../shared/billing';
import { plan, segment, server } from './fixtures';

const window = { start: Date.parse('2026-11-01T00:00Z'), end: Date.parse('2026-12-01T00:00Z') };
const H = 3_600_000;

describe('segments', () => {
  describe('billablePieces', () => {
    it('sorts, clips to the window and keeps the state that prices each piece', () => {
      // Prepare
      const input = server(5, [
        segment('2026-11-20T00:00Z', '2026-12-03T00:00Z', { additionalIpCount: 2, flags: ['gap'] }),
        segment('2026-10-30T00:00Z', '2026-11-20T00:00Z', { backupsEnabled: true, owner: { userId: 3, billingUserId: null } }),
      ]);

      const key = '1|7|5000|1|500|10';

      // Act
      const pieces = billablePieces(input, window, false);

      // Assess
      expect(
        pieces.map((entry) => ({
          userId: entry.userId,
          customer: entry.customer,
          hours: entry.ms / H,
          backupsEnabled: entry.backupsEnabled,
          additionalIpCount: entry.additionalIpCount,
          flags: entry.flags,
          key: entry.plan.key,
        })),
      ).toEqual([
        { userId: 3, customer: 'solusio-user:3', hours: 19 * 24, backupsEnabled: true, additionalIpCount: 0, flags: [], key },
        { userId: 7, customer: '1001', hours: 11 * 24, backupsEnabled: false, additionalIpCount: 2, flags: ['gap'], key },
      ]);
    });

    it.each([
      ['drops suspended time by default', false, 1],
      ['keeps suspended time with billSuspendedTime', true, 2],
    ])('%s', (_name, billSuspendedTime, count) => {
      // Prepare
      const input = server(1, [
        segment('2026-11-02T00:00Z', '2026-11-03T00:00Z'),
        segment('2026-11-03T00:00Z', '2026-11-04T00:00Z', { suspended: true }),
      ]);

      // Act
      const pieces = billablePieces(input, window, billSuspendedTime);

      // Assess
      expect(pieces).toHaveLength(count);
    });

    it('ignores zero-length segments, even where they sit inside another segment', () => {
      // Prepare
      const input = server(1, [
        segment('2026-11-02T00:00Z', '2026-11-03T00:00Z'),
        segment('2026-11-02T05:00Z', '2026-11-02T05:00Z'),
      ]);

      // Act
      const pieces = billablePieces(input, window, false);

      // Assess
      expect(pieces.map((entry) => entry.ms)).toEqual([24 * H]);
    });

    it('rounds each segment outwards to whole milliseconds and gives a shared millisecond to the earlier one', () => {
      // Prepare: 10:00:00.0004-10:00:00.0006 and 10:00:00.0006-10:00:01.0000001
      const input = server(1, [
        segment('2026-11-02T10:00:00.0006Z', '2026-11-02T10:00:01.0000001Z'),
        segment('2026-11-02T10:00:00.0004Z', '2026-11-02T10:00:00.0006Z'),
      ]);

      // Act
      const pieces = billablePieces(input, window, false);

      // Assess: [10:00:00.000, .001) and [.001, 01.001)
      expect(pieces.map((entry) => entry.ms)).toEqual([1, 1000]);
    });

    it('rejects overlapping segments with the server and both intervals on the error', () => {
      // Prepare
      const input = server(8, [
        segment('2026-11-02T00:00Z', '2026-11-04T00:00Z'),
        segment('2026-11-03T00:00Z', '2026-11-05T00:00Z'),
      ]);

      // Act
      const error = (() => {
        try {
          return billablePieces(input, window, false);
        } catch (caught) {
          return caught;
        }
      })();

      // Assess
      expect(error).toBeInstanceOf(OverlappingIntervalsError);
      expect(error).toMatchObject({
        serverId: 8,
        first: { start: '2026-11-02T00:00Z', end: '2026-11-04T00:00Z' },
        second: { start: '2026-11-03T00:00Z', end: '2026-11-05T00:00Z' },
      });
    });

    it.each([
      ['longer first', ['2026-11-04T00:00Z', '2026-11-03T00:00Z']],
      ['shorter first', ['2026-11-03T00:00Z', '2026-11-04T00:00Z']],
    ])('reports the same pair for segments with the same start, given %s', (_name, ends) => {
      // Prepare
      const input = server(8, ends.map((end) => segment('2026-11-02T00:00Z', end)));

      // Act
      const act = () => billablePieces(input, window, false);

      // Assess: ordered by end
      expect(act).toThrow(
        'Server 8 has overlapping segments: [2026-11-02T00:00Z, 2026-11-03T00:00Z) and [2026-11-02T00:00Z, 2026-11-04T00:00Z)',
      );
    });

    it('rejects a segment ending before its start', () => {
      // Act
      const act = () => billablePieces(server(8, [segment('2026-11-04T00:00Z', '2026-11-02T00:00Z')]), window, false);

      // Assess
      expect(act).toThrow(InvalidIntervalError);
    });

    const valid = segment('2026-11-02T00:00Z', '2026-11-03T00:00Z');
    const withSegment = (overrides: Partial<Segment>): ServerUsageInput =>
      server(4, [valid, { ...valid, ...overrides, start: '2026-11-05T00:00Z', end: '2026-11-06T00:00Z' }]);
    const first = 'servers[4].segments[0]';
    const second = 'servers[4].segments[1]';
    const invalid = InvalidUsageInputError;

    it.each([
      ['a bad start', server(4, [segment('yesterday', '2026-11-03T00:00Z')]), InvalidInstantError, `${first}.start`],
      ['a bad end', server(4, [segment('2026-11-02T00:00Z', '2026-11-03')]), InvalidInstantError, `${first}.end`],
      ['a negative IP count', withSegment({ additionalIpCount: -1 }), invalid, `${second}.additionalIpCount`],
      ['a fractional IP count', withSegment({ additionalIpCount: 1.5 }), invalid, `${second}.additionalIpCount`],
      ['a negative price', withSegment({ plan: plan({ tokensPerHour: -7 }) }), invalid, `${second}.plan.tokensPerHour`],
      ['a bad backup price', withSegment({ plan: plan({ backupPrice: 'ten' }) }), invalid, `${second}.plan.backupPrice`],
      ['a bad user id', withSegment({ owner: { userId: -3, billingUserId: null } }), invalid, `${second}.owner.userId`],
      ['a bad billing id', withSegment({ owner: { userId: 3, billingUserId: 1.5 } }), invalid, `${second}.owner.billingUserId`],
      ['an unknown flag', withSegment({ flags: ['late' as never] }), invalid, `${second}.flags`],
      ['flags that are not a list', withSegment({ flags: 'gap' as never }), invalid, `${second}.flags`],
      ['a non-boolean backups flag', withSegment({ backupsEnabled: 'yes' as never }), invalid, `${second}.backupsEnabled`],
      ['a non-boolean suspended flag', withSegment({ suspended: 1 as never }), invalid, `${second}.suspended`],
      ['a non-boolean prepaid flag', { ...server(4, []), prepaid: 'no' as never }, invalid, 'servers[4].prepaid'],
      ['a negative server id', server(-4, []), invalid, 'serverId'],
      [
        'a zero-length segment with a bad plan',
        server(4, [segment('2026-11-02T00:00Z', '2026-11-02T00:00Z', { plan: plan({ id: -1 }) })]),
        invalid,
        `${first}.plan.id`,
      ],
      [
        'a segment outside the window with a bad count',
        server(4, [segment('2026-01-02T00:00Z', '2026-01-03T00:00Z', { additionalIpCount: -2 })]),
        invalid,
        `${first}.additionalIpCount`,
      ],
    ])('rejects %s, naming the field', (_name, input, errorClass, field) => {
      // Act
      const act = () => billablePieces(input, window, false);

      // Assess
      expect(act).toThrow(errorClass);
      expect(act).toThrow(field);
    });

    it('accepts a list of known flags', () => {
      // Act
      const pieces = billablePieces(withSegment({ flags: ['adjustment', 'gap'] }), window, false);

      // Assess
      expect(pieces[1]?.flags).toEqual(['adjustment', 'gap']);
    });
  });
});
