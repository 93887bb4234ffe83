/** How the console writes times, money and tokens. Every time is UTC, as the bridge bills. */
import { CURRENCY_MINOR_DIGITS, DEFAULT_MINOR_DIGITS } from '../../shared/billing/constants';

export type Money = Readonly<Record<string, number>>;

/** `2026-11-20 06:05 UTC` */
export function utc(iso: string | null | undefined): string {
  if (!iso) return '—';
  const time = new Date(iso);
  if (Number.isNaN(time.getTime())) return iso;
  return `${time.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

const MINOR_DIGITS: ReadonlyMap<string, number> = new Map(Object.entries(CURRENCY_MINOR_DIGITS));

/**
 * Digits after the point in a currency's minor unit, as the bridge counts its integer `money`
 * (ISO 4217, the billing engine's own table: 2 for USD and HUF, 0 for JPY, 3 for KWD). Not the
 * browser's Intl, whose CLDR data writes some currencies with fewer digits than they have.
 */
export function minorDigits(currency: string): number {
  return MINOR_DIGITS.get(currency) ?? DEFAULT_MINOR_DIGITS;
}

/** Integer minor units as a decimal: 1984 USD is `19.84`. */
export function decimal(minor: number, currency: string): string {
  const digits = minorDigits(currency);
  if (digits === 0) return String(minor);
  const sign = minor < 0 ? '-' : '';
  const text = String(Math.abs(minor)).padStart(digits + 1, '0');
  return `${sign}${text.slice(0, -digits)}.${text.slice(-digits)}`;
}

/** `19.84 USD` (one entry per currency, comma separated). */
export function money(amounts: Money | undefined): string {
  const entries = Object.entries(amounts ?? {});
  if (entries.length === 0) return '—';
  return entries.map(([currency, minor]) => `${decimal(minor, currency)} ${currency}`).join(', ');
}

export function tokens(count: number): string {
  return count.toLocaleString('en-US');
}

/** `240 min (4 h)` */
export function minutes(count: number): string {
  if (count < 120) return `${count} min`;
  const hours = count / 60;
  return `${count} min (${Number.isInteger(hours) ? hours : hours.toFixed(1)} h)`;
}

/** `November 2026` for `2026-11`. */
export function monthName(period: string): string {
  const [year, month] = period.split('-').map(Number);
  if (year === undefined || month === undefined) return period;
  return new Date(Date.UTC(year, month - 1, 1)).toLocaleString('en-US', { month: 'long', year: 'numeric', timeZone: 'UTC' });
}
