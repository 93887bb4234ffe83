import { minorDigitsOf } from '../billing';

/** Minor units as an exact decimal with the currency's minor digits: 1230 USD -> "12.30", -5 -> "-0.05", 7 JPY -> "7". */
export function formatMinorUnits(minor: number, currency: string): string {
  if (!Number.isSafeInteger(minor)) throw new RangeError(`minor units must be a safe integer, got ${minor}`);
  const digits = minorDigitsOf(currency);
  const sign = minor < 0 ? '-' : '';
  const text = Math.abs(minor).toString().padStart(digits + 1, '0');
  if (digits === 0) return `${sign}${text}`;
  return `${sign}${text.slice(0, -digits)}.${text.slice(-digits)}`;
}

/** Whether `minor` units of `currency` survive being stored with `decimals` digits (fewer digits would round them). */
export function fitsDecimals(minor: number, currency: string, decimals: number): boolean {
  const excess = minorDigitsOf(currency) - decimals;
  return excess <= 0 || minor % 10 ** excess === 0;
}

/**
 * A decimal as a billing system writes it (`"12.3"`, `"12.30"`, `"-0.5"`, `"1,234.50"`) in minor
 * units of the currency, or undefined when it is not a plain decimal or has more digits than the
 * currency's minor unit (the system rounded it differently: it differs).
 */
export function parseAmountMinor(text: string, currency: string): number | undefined {
  const match = /^\s*(-?)(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?\s*$/.exec(text);
  if (match === null) return undefined;
  const [, sign = '', whole = '', fraction = ''] = match;
  const digits = minorDigitsOf(currency);
  const trimmedFraction = fraction.replace(/0+$/, '');
  if (trimmedFraction.length > digits) return undefined;
  const minor = Number(`${whole.replace(/,/g, '')}${trimmedFraction.padEnd(digits, '0')}`);
  if (!Number.isSafeInteger(minor)) return undefined;
  return sign === '-' && minor !== 0 ? -minor : minor;
}
