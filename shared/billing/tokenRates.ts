import { CURRENCY_MINOR_DIGITS, DEFAULT_MINOR_DIGITS } from './constants';
import { parseDecimal } from './decimal';
import { ConfigurationError } from './errors';
import type { TokenRate, TokenRatesInput } from './types';

const CURRENCY_PATTERN = /^[A-Z]{3}$/;
const MINOR_DIGITS: ReadonlyMap<string, number> = new Map(Object.entries(CURRENCY_MINOR_DIGITS));

/** ISO 4217 minor digits of a currency code; codes without an entry get 2. */
export const minorDigitsOf = (currency: string): number => MINOR_DIGITS.get(currency) ?? DEFAULT_MINOR_DIGITS;

/**
 * Validates the operator's token rates (`{ "USD": "0.001" }`): every key a three-letter upper-case
 * code, every value a non-negative plain decimal string. Returns them sorted by currency code.
 * Throws a `ConfigurationError` naming the offending entry.
 */
export const parseTokenRates = (input: TokenRatesInput): TokenRate[] => {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new ConfigurationError('tokenRates', 'must be an object of currency code to decimal string');
  }
  return Object.entries(input)
    .map(([currency, text]): TokenRate => {
      if (!CURRENCY_PATTERN.test(currency)) {
        throw new ConfigurationError('tokenRates', `${JSON.stringify(currency)} is not a three-letter ISO 4217 code`);
      }
      const rate = typeof text === 'string' ? parseDecimal(text) : undefined;
      if (rate === undefined) {
        throw new ConfigurationError(
          `tokenRates.${currency}`,
          `${JSON.stringify(text)} is not a non-negative decimal string such as "0.001"`,
        );
      }
      return { currency, minorDigits: minorDigitsOf(currency), rate };
    })
    .sort((a, b) => (a.currency < b.currency ? -1 : 1));
};
