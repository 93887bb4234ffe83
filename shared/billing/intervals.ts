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

/** Orders intervals by start, then end (a new array; the input is left alone). */
export const sortIntervals = <T extends MsInterval>(intervals: readonly T[]): T[] =>
  [...intervals].sort((a, b) => a.start - b.start || a.end - b.end);

/**
 * The first pair of overlapping intervals in a list sorted by start, or `undefined`. Intervals
 * that only touch (`a.end === b.start`) do not overlap; empty intervals must be removed first.
 */
export const findOverlap = <T extends MsInterval>(sorted: readonly T[]): [T, T] | undefined => {
  for (let index = 1; index < sorted.length; index += 1) {
    const previous = sorted[index - 1] as T;
    const current = sorted[index] as T;
    if (current.start < previous.end) return [previous, current];
  }
  return undefined;
};

/** Started hours in a duration: `ceil(ms / 3600000)`, exact for any safe integer. */
export const ceilHours = (ms: number): number => Number((BigInt(ms) + BigInt(MS_PER_HOUR - 1)) / BigInt(MS_PER_HOUR));
