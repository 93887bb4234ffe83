import { MAX_PERIOD_YEAR, MIN_PERIOD_YEAR, MS_PER_HOUR } from './constants';
import { InvalidPeriodError } from './errors';
import { formatInstant, isInstant, parseInstant } from './instants';
import type { IsoInstant, MsInterval, Period } from './types';

const PERIOD_PATTERN = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** A period's year and month (1-12). */
export interface YearMonth {
  readonly year: number;
  readonly month: number;
}

const inPeriodYears = (year: number): boolean => year >= MIN_PERIOD_YEAR && year <= MAX_PERIOD_YEAR;

/** Validates a period string `YYYY-MM` (2000-01 to 2999-12) and returns its year and month. */
export const parsePeriod = (period: string): YearMonth => {
  const match = PERIOD_PATTERN.exec(period);
  const year = Number(match?.[1]);
  if (match === null || !inPeriodYears(year)) throw new InvalidPeriodError(period);
  return { year, month: Number(match[2]) };
};

/** Whether a string is a valid period `YYYY-MM` (2000-01 to 2999-12). */
export const isPeriod = (value: string): value is Period => PERIOD_PATTERN.test(value) && inPeriodYears(Number(value.slice(0, 4)));

const formatPeriod = ({ year, month }: YearMonth): Period => {
  if (!inPeriodYears(year)) throw new InvalidPeriodError(`${year}-${String(month).padStart(2, '0')}`);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
};

/** Whether a string is an instant (as `isInstant`) that falls in a period: what an event's `time` or a billing start must be. */
export const isPeriodInstant = (value: string): boolean => isInstant(value) && inPeriodYears(new Date(parseInstant(value)).getUTCFullYear());

/** Whether a (Gregorian) year is a leap year. */
export const isLeapYear = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

/** Days in a month (1-12) of a year. */
export const daysInMonth = (year: number, month: number): number =>
  month === 2 ? (isLeapYear(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;

/** The period an instant falls in. */
export const periodOf = (instant: IsoInstant): Period => {
  const date = new Date(parseInstant(instant));
  return formatPeriod({ year: date.getUTCFullYear(), month: date.getUTCMonth() + 1 });
};

/** The period after a period. */
export const nextPeriod = (period: Period): Period => {
  const { year, month } = parsePeriod(period);
  return month === 12 ? formatPeriod({ year: year + 1, month: 1 }) : formatPeriod({ year, month: month + 1 });
};

/** The period before a period. */
export const previousPeriod = (period: Period): Period => {
  const { year, month } = parsePeriod(period);
  return month === 1 ? formatPeriod({ year: year - 1, month: 12 }) : formatPeriod({ year, month: month - 1 });
};

/** A period's bounds in epoch milliseconds: `[first instant, first instant of the next month)`. */
export const periodBoundsMs = (period: Period): MsInterval => {
  const { year, month } = parsePeriod(period);
  return { start: Date.UTC(year, month - 1, 1), end: Date.UTC(year, month, 1) };
};

/** A period's bounds as ISO instants: `[start, end)`, `end` being the next month's start. */
export const periodBounds = (period: Period): { start: IsoInstant; end: IsoInstant } => {
  const { start, end } = periodBoundsMs(period);
  return { start: formatInstant(start), end: formatInstant(end) };
};

/** Hours in a period (672, 696, 720 or 744). */
export const hoursInPeriod = (period: Period): number => {
  const { start, end } = periodBoundsMs(period);
  return (end - start) / MS_PER_HOUR;
};
