import { maxBigInt, minBigInt } from './decimal';
import { ceilHours } from './intervals';
import { sumMs } from './planGroups';
import type { PlanGroup } from './types';

/** Time metered in one plan group with its hourly price and monthly cap (0n: no cap). */
export interface MeteredTime {
  readonly ms: number;
  readonly perHour: bigint;
  readonly cap: bigint;
}

/** Hours and tokens of metered usage. */
export interface MeteredTokens {
  readonly hours: number;
  readonly tokens: bigint;
}

/** One plan group: `min(ceil(ms / 1 h) * perHour, cap)`, the cap omitted when 0. */
export const groupTokens = ({ ms, perHour, cap }: MeteredTime): MeteredTokens => {
  const hours = ceilHours(ms);
  const tokens = BigInt(hours) * perHour;
  return { hours, tokens: cap > 0n ? minBigInt(tokens, cap) : tokens };
};

/**
 * Several plan groups: the sum of each group's capped tokens, then capped at the largest cap among
 * the groups that have time, unless one of them has no cap. Groups without time do not count.
 */
export const cappedTokens = (times: readonly MeteredTime[]): MeteredTokens => {
  const used = times.filter((time) => time.ms > 0);
  const perGroup = used.map(groupTokens);
  const hours = perGroup.reduce((sum, group) => sum + group.hours, 0);
  const tokens = perGroup.reduce((sum, group) => sum + group.tokens, 0n);
  if (!used.every((time) => time.cap > 0n)) return { hours, tokens };
  const largestCap = used.reduce((largest, time) => maxBigInt(largest, time.cap), 0n);
  return { hours, tokens: minBigInt(tokens, largestCap) };
};

/** A server part's runtime: hours billed (sum of the groups' started hours) and capped tokens. */
export const runtimeTokens = (groups: readonly PlanGroup[]): MeteredTokens =>
  cappedTokens(
    groups.map(({ plan, pieces }) => ({ ms: sumMs(pieces), perHour: plan.tokensPerHour, cap: plan.tokensPerMonth })),
  );
