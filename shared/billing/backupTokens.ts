import { divideRoundHalfUp, maxBigInt, minBigInt, pow10, unitsAtScale } from './decimal';
import { groupTokens } from './runtimeTokens';
import { sumMs } from './planGroups';
import type { PlanGroup } from './types';

/**
 * A server part's backup tokens:
 * `round_half_up(sum over g of backup_price_g / 100 * min(bhours_g * tokens_per_hour_g, cap_g))`,
 * and never more than `round_half_up(largest backup_price_g / 100 * largest cap_g)` when every
 * group with backup time has a cap. Only groups with backup-enabled time take part. Exact: the
 * percentages are scaled to a common decimal scale and rounded once.
 */
export const backupTokens = (groups: readonly PlanGroup[]): bigint => {
  const used = groups
    .map(({ plan, pieces }) => ({ plan, ms: sumMs(pieces, (piece) => piece.backupsEnabled) }))
    .filter(({ ms }) => ms > 0);
  const scale = Math.max(0, ...used.map(({ plan }) => plan.backupPrice.scale));
  const denominator = 100n * pow10(scale);
  const numerator = used.reduce(
    (sum, { plan, ms }) =>
      sum +
      unitsAtScale(plan.backupPrice, scale) *
        groupTokens({ ms, perHour: plan.tokensPerHour, cap: plan.tokensPerMonth }).tokens,
    0n,
  );
  const backup = divideRoundHalfUp(numerator, denominator);
  if (!used.every(({ plan }) => plan.tokensPerMonth > 0n)) return backup;
  const largestPrice = used.reduce((largest, { plan }) => maxBigInt(largest, unitsAtScale(plan.backupPrice, scale)), 0n);
  const largestCap = used.reduce((largest, { plan }) => maxBigInt(largest, plan.tokensPerMonth), 0n);
  return minBigInt(backup, divideRoundHalfUp(largestPrice * largestCap, denominator));
};
