import { cappedTokens, groupTokens, runtimeTokens } from '../../../../shared/billing';
import { groupsOf, piece, plan } from './fixtures';

const H = 3_600_000;

describe('runtimeTokens', () => {
  describe('groupTokens', () => {
    it.each([
      ['5 minutes', 5 * 60_000, 7n, 5000n, 1, 7n],
      ['700 hours', 700 * H, 7n, 5000n, 700, 4900n],
      ['a whole month, capped', 720 * H, 7n, 5000n, 720, 5000n],
      ['a whole month without cap', 720 * H, 7n, 0n, 720, 5040n],
      ['nothing', 0, 7n, 5000n, 0, 0n],
    ])('prices %s', (_name, ms, perHour, cap, hours, tokens) => {
      // Assess
      expect(groupTokens({ ms, perHour, cap })).toEqual({ hours, tokens });
    });
  });

  describe('cappedTokens', () => {
    const small = (hours: number) => ({ ms: hours * H, perHour: 7n, cap: 5000n });
    const large = (hours: number, cap: bigint) => ({ ms: hours * H, perHour: 20n, cap });

    it.each([
      ['no groups', [], 0, 0n],
      ['two capped groups under the larger cap', [small(100), large(100, 8000n)], 200, 2700n],
      ['two capped groups over the larger cap', [small(480), large(240, 8000n)], 720, 8000n],
      ['a capped and an uncapped group', [small(480), large(240, 0n)], 720, 8160n],
      ['a group without time, whose missing cap does not count', [small(720), large(0, 0n)], 720, 5000n],
      ['a group without time, whose larger cap does not count', [small(400), small(320), large(0, 9000n)], 720, 5000n],
    ])('prices %s', (_name, times, hours, tokens) => {
      // Assess
      expect(cappedTokens(times)).toEqual({ hours, tokens });
    });
  });

  describe('runtimeTokens', () => {
    it('sums the hours of the groups and caps the tokens', () => {
      // Prepare: 400 h and 320 h in two groups at 7/h capped 5000
      const groups = groupsOf(piece(400), piece(320, { plan: plan({ id: 2 }) }));

      // Act
      const result = runtimeTokens(groups);

      // Assess
      expect(result).toEqual({ hours: 720, tokens: 5000n });
    });

    it('rounds a group made of several pieces once', () => {
      // Prepare: three 20-minute pieces
      const groups = groupsOf(piece(0, { ms: 20 * 60_000 }), piece(0, { ms: 20 * 60_000 }), piece(0, { ms: 20 * 60_000 }));

      // Act
      const result = runtimeTokens(groups);

      // Assess
      expect(result).toEqual({ hours: 1, tokens: 7n });
    });
  });
});
