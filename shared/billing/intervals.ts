import { MS_PER_HOUR } from './constants';
import type { MsInterval } from './types';

/** Length of an interval in milliseconds. */
export const durationMs = ({ start, end }: MsInterval): number => end - start;

/** The part of an interval inside a window, or `undefined` when they share no time. */
export const clipInterval = (interval: MsInterval, window: MsInterval): MsInterval | undefined => {
  const start = Math.max(interval.start, window.start);
  const end = Math.min(interval.end, window.end);
  return end > start ? { start, end } : undefined;
};

/**
 * The first pair of overlapping intervals in a list sorted by start, or `undefined`. Intervals
 * that only touch (`a.end === b.start`) do not overlap; empty intervals must be removed first.
 * `overlaps` decides for two neighbours (default: the later one starts before the earlier ends).
 */
export const findOverlap = <T extends MsInterval>(
  sorted: readonly T[],
  overlaps: (previous: T, current: T) => boolean = (previous, current) => current.start < previous.end,
): [T, T] | undefined => {
  for (let index = 1; index < sorted.length; index += 1) {
    const previous = sorted[index - 1] as T;
    const current = sorted[index] as T;
    if (overlaps(previous, current)) return [previous, current];
  }
  return undefined;
};

/** Started hours in a duration: `ceil(ms / 3600000)`, exact for any safe integer. */
export const ceilHours = (ms: number): number => Number((BigInt(ms) + BigInt(MS_PER_HOUR - 1)) / BigInt(MS_PER_HOUR));
