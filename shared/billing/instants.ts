import { MIN_YEAR } from './constants';
import { InvalidInstantError } from './errors';

const INSTANT_PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(?:Z|\+00:00)$/;

/**
 * An instant with every digit it was written with: the epoch millisecond it falls in (`ms`, rounded
 * down) and the fraction digits below the millisecond (`belowMs`, trailing zeros removed; `''` when
 * the instant is on a whole millisecond).
 */
export interface ExactInstant {
  readonly ms: number;
  readonly belowMs: string;
}

/**
 * Parses an ISO-8601 UTC instant exactly. Seconds and fraction are optional; fraction digits beyond
 * the millisecond are kept in `belowMs`. Calendar-impossible values (2026-02-30, 24:00) and years
 * outside 1970-9999 are rejected.
 */
export const parseExactInstant = (value: string, field = 'instant'): ExactInstant => {
  const cached = PARSED.get(value);
  if (cached !== undefined) return cached;
  const parsed = parseUncached(value, field);
  // Bounded: a warm process reads the same run times and period bounds over and over.
  if (PARSED.size >= PARSED_LIMIT) PARSED.clear();
  PARSED.set(value, parsed);
  return parsed;
};

/** Instants already parsed (the result is immutable, so sharing it is safe); invalid ones are not kept. */
const PARSED = new Map<string, ExactInstant>();
const PARSED_LIMIT = 10_000;

const parseUncached = (value: string, field: string): ExactInstant => {
  const match = INSTANT_PATTERN.exec(value);
  if (match === null) throw new InvalidInstantError(field, value);
  const [, year, month, day, hour, minute, second = '0', fraction = ''] = match;
  const parts = [year, month, day, hour, minute, second].map(Number) as [number, number, number, number, number, number];
  const [y, mo, d, h, mi, s] = parts;
  const ms = Date.UTC(y, mo - 1, d, h, mi, s, Number(fraction.padEnd(3, '0').slice(0, 3)));
  const check = new Date(ms);
  const roundTrips =
    check.getUTCFullYear() === y &&
    check.getUTCMonth() === mo - 1 &&
    check.getUTCDate() === d &&
    check.getUTCHours() === h &&
    check.getUTCMinutes() === mi &&
    check.getUTCSeconds() === s;
  if (!roundTrips || y < MIN_YEAR) throw new InvalidInstantError(field, value);
  return Object.freeze({ ms, belowMs: fraction.slice(3).replace(/0+$/, '') });
};

/**
 * Orders exact instants (negative, 0, positive). The digits below the millisecond compare as
 * strings: with trailing zeros removed, string order is numeric order of the fractions.
 */
export const compareExactInstants = (a: ExactInstant, b: ExactInstant): number =>
  a.ms - b.ms || (a.belowMs < b.belowMs ? -1 : a.belowMs > b.belowMs ? 1 : 0);

/** The first whole millisecond at or after an exact instant. */
export const ceilMs = (instant: ExactInstant): number => (instant.belowMs === '' ? instant.ms : instant.ms + 1);

/**
 * Parses an ISO-8601 UTC instant into epoch milliseconds, rounded down (the millisecond the instant
 * falls in). Segment boundaries are read with `parseExactInstant` instead, so that no billable time
 * is lost below the millisecond (billablePieces).
 */
export const parseInstant = (value: string, field = 'instant'): number => parseExactInstant(value, field).ms;

/** Whether a string is an instant `parseInstant` accepts (UTC only: `Z` or `+00:00`). */
export const isInstant = (value: string): boolean => {
  try {
    parseExactInstant(value);
    return true;
  } catch {
    return false;
  }
};

/** Formats epoch milliseconds as an ISO-8601 UTC instant (`2026-11-01T00:00:00.000Z`). */
export const formatInstant = (ms: number): string => new Date(ms).toISOString();
