import { AmountOutOfRangeError } from './errors';
import type { Decimal } from './types';

const DECIMAL_PATTERN = /^(\d+)(?:\.(\d+))?$/;

/**
 * Parses a non-negative plain decimal string (`"0.001"`, `"12.5"`, `"7"`) exactly.
 * Returns `undefined` for anything else (signs, exponents, spaces, empty).
 */
export const parseDecimal = (text: string): Decimal | undefined => {
  const match = DECIMAL_PATTERN.exec(text);
  if (match === null) return undefined;
  const fraction = match[2] ?? '';
  return { units: BigInt(text.replace('.', '')), scale: fraction.length };
};

/**
 * Turns a number into the exact decimal its shortest representation shows (`12.5` -> 12.5).
 * Returns `undefined` for negative, non-finite or exponent-notation numbers (below 1e-6, 1e21 up).
 */
export const decimalFromNumber = (value: number): Decimal | undefined =>
  Number.isFinite(value) && value >= 0 ? parseDecimal(String(value)) : undefined;

/** `10^exponent` as a bigint. */
export const pow10 = (exponent: number): bigint => 10n ** BigInt(exponent);

/** The decimal's units at a (larger or equal) scale. */
export const unitsAtScale = (value: Decimal, scale: number): bigint => value.units * pow10(scale - value.scale);

/** Canonical text of a decimal (no trailing fraction zeros): used to key plan prices. */
export const formatDecimal = (value: Decimal): string => {
  const digits = value.units.toString().padStart(value.scale + 1, '0');
  const whole = digits.slice(0, digits.length - value.scale);
  const fraction = digits.slice(digits.length - value.scale).replace(/0+$/, '');
  return fraction === '' ? whole : `${whole}.${fraction}`;
};

/** `round_half_up(numerator / denominator)` for a non-negative numerator and a positive denominator. */
export const divideRoundHalfUp = (numerator: bigint, denominator: bigint): bigint =>
  (2n * numerator + denominator) / (2n * denominator);

/** `round_half_even(numerator / denominator)` for a non-negative numerator and a positive denominator. */
export const divideRoundHalfEven = (numerator: bigint, denominator: bigint): bigint => {
  const quotient = numerator / denominator;
  const twiceRemainder = 2n * (numerator % denominator);
  if (twiceRemainder > denominator) return quotient + 1n;
  if (twiceRemainder < denominator) return quotient;
  return quotient % 2n === 0n ? quotient : quotient + 1n;
};

/** A bigint as a JSON-safe number, or an `AmountOutOfRangeError` naming the figure. */
export const toSafeNumber = (value: bigint, what: string): number => {
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new AmountOutOfRangeError(what, value);
  return Number(value);
};

/** The smaller of two bigints. */
export const minBigInt = (a: bigint, b: bigint): bigint => (a < b ? a : b);

/** The larger of two bigints. */
export const maxBigInt = (a: bigint, b: bigint): bigint => (a > b ? a : b);
