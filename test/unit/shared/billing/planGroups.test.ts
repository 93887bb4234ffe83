import { groupByPlan } from '../../../../shared/billing';
import { sumMs } from '../../../../shared/billing/planGroups';
import { piece, plan } from './fixtures';

describe('planGroups', () => {
  describe('groupByPlan', () => {
    it('groups pieces by plan id and prices, in order of first appearance, contiguous or not', () => {
      // Prepare
      const small = piece(1);
      const large = piece(2, { plan: plan({ id: 2 }) });
      const smallAgain = piece(3);
      const repriced = piece(4, { plan: plan({ tokensPerMonth: 4000 }) });

      // Act
      const groups = groupByPlan([small, large, smallAgain, repriced]);

      // Assess
      expect(groups.map((group) => [group.plan.key, group.pieces])).toEqual([
        ['1|7|5000|1|500|10', [small, smallAgain]],
        ['2|7|5000|1|500|10', [large]],
        ['1|7|4000|1|500|10', [repriced]],
      ]);
    });

    it('makes no group of no pieces', () => {
      // Assess
      expect(groupByPlan([])).toEqual([]);
    });
  });

  describe('sumMs', () => {
    it('sums all pieces by default', () => {
      // Assess
      expect(sumMs([piece(1), piece(2)])).toBe(3 * 3_600_000);
    });

    it('sums the pieces that match a predicate', () => {
      // Act
      const ms = sumMs([piece(1, { backupsEnabled: true }), piece(2)], (entry) => entry.backupsEnabled);

      // Assess
      expect(ms).toBe(3_600_000);
    });
  });
});
