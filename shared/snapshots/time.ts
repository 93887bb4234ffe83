import { compareExactInstants, formatInstant, parseExactInstant, parseInstant, periodBounds, periodOf, nextPeriod, type Period } from '../billing';

/** Instant helpers of the snapshot pipeline, on the billing engine's one instant parser. */

/** Orders two ISO-8601 UTC instants exactly (every digit they were written with). */
export function compareInstants(a: string, b: string): number {
  return compareExactInstants(parseExactInstant(a), parseExactInstant(b));
}

export function laterOf(a: string, b: string): string {
  return compareInstants(a, b) >= 0 ? a : b;
}

export function earlierOf(a: string, b: string): string {
  return compareInstants(a, b) <= 0 ? a : b;
}

/** The canonical form of an instant the bridge writes itself (`2026-11-03T10:05:00.000Z`). */
export function canonicalInstant(value: string, field = 'time'): string {
  return formatInstant(parseInstant(value, field));
}

export function addMinutes(instant: string, minutes: number): string {
  return formatInstant(parseInstant(instant) + minutes * 60_000);
}

export function minutesBetween(from: string, to: string): number {
  return (parseInstant(to) - parseInstant(from)) / 60_000;
}

/** Every period from `first` to `last`, both included (empty when `first` is later). */
export function periodsFrom(first: Period, last: Period): Period[] {
  const periods: Period[] = [];
  for (let period = first; period <= last; period = nextPeriod(period)) periods.push(period);
  return periods;
}

export { periodBounds, periodOf };
