import { sumMs } from './planGroups';
import { cappedTokens } from './runtimeTokens';
import type { PlanGroup } from './types';

/**
 * A server part's additional-IP tokens. Slot k exists while the additional IP count is at least
 * k; each slot is priced like a runtime with the plans' IP prices (per plan group, then capped at
 * the largest IP cap among the groups in which the slot exists). Slots between two consecutive
 * distinct counts have the same time, so they are priced once and multiplied.
 */
export const ipTokens = (groups: readonly PlanGroup[]): bigint => {
  const counts = [...new Set(groups.flatMap(({ pieces }) => pieces.map((piece) => piece.additionalIpCount)))]
    .filter((count) => count > 0)
    .sort((a, b) => a - b);
  let previous = 0;
  let total = 0n;
  for (const count of counts) {
    const slot = cappedTokens(
      groups.map(({ plan, pieces }) => ({
        ms: sumMs(pieces, (piece) => piece.additionalIpCount >= count),
        perHour: plan.ipTokensPerHour,
        cap: plan.ipTokensPerMonth,
      })),
    );
    total += BigInt(count - previous) * slot.tokens;
    previous = count;
  }
  return total;
};
