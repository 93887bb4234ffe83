import { MIN_YEAR } from './constants';
import { InvalidInstantError } from './errors';

const INSTANT_PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(?:Z|\+00:00)$/;

/**
 * Parses an ISO-8601 UTC instant into epoch milliseconds. Seconds and fraction are optional;
 * digits beyond the millisecond are dropped. Calendar-impossible values (2026-02-30, 24:00) and
 * years outside 1970-9999 are rejected.
 */
export const parseInstant = (value: string, field = 'instant'): number => {
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
  return ms;
};

/** Formats epoch milliseconds as an ISO-8601 UTC instant (`2026-11-01T00:00:00.000Z`). */
export const formatInstant = (ms: number): string => new Date(ms).toISOString();
