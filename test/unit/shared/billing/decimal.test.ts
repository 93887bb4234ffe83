import { AmountOutOfRangeError } from '../../../../shared/billing';
import {
  decimalFromNumber,
  divideRoundHalfEven,
  divideRoundHalfUp,
  formatDecimal,
  maxBigInt,
  minBigInt,
  parseDecimal,
  pow10,
  toSafeNumber,
  unitsAtScale,
} from '../../../../shared/billing/decimal';

describe('decimal', () => {
  describe('parseDecimal', () => {
    it.each([
      ['0.001', 1n, 3],
      ['12.5', 125n, 1],
      ['7', 7n, 0],
      ['0', 0n, 0],
      ['10.00', 1000n, 2],
      ['0007.50', 750n, 2],
    ])('reads %s exactly', (text, units, scale) => {
      // Act
      const value = parseDecimal(text);

      // Assess
      expect(value).toEqual({ units, scale });
    });

    const malformed = ['', '-0.1', '+1', '1e-3', ' 0.1', '0.1 ', '.5', '5.', '1,5', 'NaN', 'Infinity', '0x10', '1.2.3'];

    it.each(malformed)('rejects %j', (text) => {
      // Act
      const value = parseDecimal(text);

      // Assess
      expect(value).toBeUndefined();
    });
  });

  describe('decimalFromNumber', () => {
    it.each([
      [12.5, { units: 125n, scale: 1 }],
      [10, { units: 10n, scale: 0 }],
      [0, { units: 0n, scale: 0 }],
      [0.1, { units: 1n, scale: 1 }],
    ])('reads %d as the decimal it shows', (value, expected) => {
      // Act
      const decimal = decimalFromNumber(value);

      // Assess
      expect(decimal).toEqual(expected);
    });

    it.each([-1, Number.NaN, Number.POSITIVE_INFINITY, 1e-7, 1e21])('rejects %d', (value) => {
      // Act
      const decimal = decimalFromNumber(value);

      // Assess
      expect(decimal).toBeUndefined();
    });
  });

  describe('pow10 and unitsAtScale', () => {
    it('raises 10 to a power', () => {
      // Assess
      expect([pow10(0), pow10(3)]).toEqual([1n, 1000n]);
    });

    it('rescales a decimal to a larger scale', () => {
      // Act
      const units = unitsAtScale({ units: 125n, scale: 1 }, 3);

      // Assess
      expect(units).toBe(12500n);
    });
  });

  describe('formatDecimal', () => {
    it.each([
      [{ units: 1n, scale: 3 }, '0.001'],
      [{ units: 1000n, scale: 2 }, '10'],
      [{ units: 0n, scale: 0 }, '0'],
      [{ units: 50n, scale: 2 }, '0.5'],
      [{ units: 125n, scale: 1 }, '12.5'],
    ])('writes %o as %s', (value, text) => {
      // Act
      const result = formatDecimal(value);

      // Assess
      expect(result).toBe(text);
    });
  });

  describe('divideRoundHalfUp', () => {
    it.each([
      [14n, 10n, 1n],
      [15n, 10n, 2n],
      [25n, 10n, 3n],
      [35n, 10n, 4n],
      [0n, 7n, 0n],
      [7n, 7n, 1n],
    ])('rounds %i / %i half up to %i', (numerator, denominator, expected) => {
      // Act
      const result = divideRoundHalfUp(numerator, denominator);

      // Assess
      expect(result).toBe(expected);
    });
  });

  describe('divideRoundHalfEven', () => {
    it.each([
      [7n, 10n, 1n],
      [4n, 10n, 0n],
      [5n, 10n, 0n],
      [15n, 10n, 2n],
      [25n, 10n, 2n],
      [35n, 10n, 4n],
      [26n, 10n, 3n],
      [0n, 3n, 0n],
    ])('rounds %i / %i half to even as %i', (numerator, denominator, expected) => {
      // Act
      const result = divideRoundHalfEven(numerator, denominator);

      // Assess
      expect(result).toBe(expected);
    });
  });

  describe('toSafeNumber', () => {
    it('converts a safe bigint', () => {
      // Assess
      expect(toSafeNumber(BigInt(Number.MAX_SAFE_INTEGER), 'x')).toBe(Number.MAX_SAFE_INTEGER);
    });

    it('rejects a bigint beyond the safe range, naming the figure', () => {
      // Act
      const act = () => toSafeNumber(BigInt(Number.MAX_SAFE_INTEGER) + 1n, 'server 1 runtime tokens');

      // Assess
      expect(act).toThrow(AmountOutOfRangeError);
      expect(act).toThrow('server 1 runtime tokens (9007199254740992) exceeds the largest safe integer');
    });
  });

  describe('minBigInt and maxBigInt', () => {
    it.each([
      [1n, 2n],
      [2n, 1n],
      [3n, 3n],
    ])('orders %i and %i', (a, b) => {
      // Assess
      expect([minBigInt(a, b), maxBigInt(a, b)]).toEqual(a < b ? [a, b] : [b, a]);
    });
  });
});
