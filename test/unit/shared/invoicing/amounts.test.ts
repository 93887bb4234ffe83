import fc from 'fast-check';
import { formatMinorUnits, parseAmountMinor } from '../../../../shared/invoicing/amounts';

describe('amounts', () => {
  describe('formatMinorUnits', () => {
    it.each([
      [1230, 'USD', '12.30'],
      [5, 'USD', '0.05'],
      [100, 'USD', '1.00'],
      [123_456_789, 'USD', '1234567.89'],
      [-1230, 'USD', '-12.30'],
      [-5, 'USD', '-0.05'],
      [0, 'USD', '0.00'],
      [7, 'JPY', '7'],
      [-7, 'JPY', '-7'],
      [0, 'JPY', '0'],
      [1234, 'BHD', '1.234'],
      [5, 'BHD', '0.005'],
      [-50, 'BHD', '-0.050'],
      [0, 'BHD', '0.000'],
      [Number.MAX_SAFE_INTEGER, 'USD', '90071992547409.91'],
      [Number.MIN_SAFE_INTEGER, 'USD', '-90071992547409.91'],
    ])('writes %p minor units of %s as %p', (minor, currency, expected) => {
      // Act
      const text = formatMinorUnits(minor, currency);

      // Assess
      expect(text).toBe(expected);
    });

    it('writes negative zero without a sign', () => {
      // Act
      const text = formatMinorUnits(-0, 'USD');

      // Assess
      expect(text).toBe('0.00');
    });

    it.each([Number.MAX_SAFE_INTEGER + 1, -(2 ** 60), 1.5, Number.NaN, Number.POSITIVE_INFINITY])('refuses %p, which is not a safe integer', (minor) => {
      // Act
      const act = () => formatMinorUnits(minor, 'USD');

      // Assess
      expect(act).toThrow(RangeError);
      expect(act).toThrow('safe integer');
    });
  });

  describe('parseAmountMinor', () => {
    it.each([
      ['12.3', 'USD', 1230],
      ['12.30', 'USD', 1230],
      ['12', 'USD', 1200],
      ['0.05', 'USD', 5],
      ['1,234.50', 'USD', 123_450],
      ['1,234,567', 'USD', 123_456_700],
      ['-0.5', 'USD', -50],
      ['-12.30', 'USD', -1230],
      ['12.3000', 'USD', 1230],
      [' 12.30\n', 'USD', 1230],
      ['7', 'JPY', 7],
      ['7.00', 'JPY', 7],
      ['1.234', 'BHD', 1234],
      ['1.2', 'BHD', 1200],
    ])('reads %p in %s as %p minor units', (text, currency, expected) => {
      // Act
      const minor = parseAmountMinor(text, currency);

      // Assess
      expect(minor).toBe(expected);
    });

    it.each([
      ['12.345', 'USD'],
      ['0.001', 'USD'],
      ['7.5', 'JPY'],
      ['1.2345', 'BHD'],
    ])('answers undefined for %p, which has more digits than %s has minor digits', (text, currency) => {
      // Act
      const minor = parseAmountMinor(text, currency);

      // Assess
      expect(minor).toBeUndefined();
    });

    it.each(['', ' ', 'abc', '12.', '.5', '+5', '--1', '1e3', '12.3.4', '$12', '12 USD', '1,23.00', '12,34', '1,2345', ',123', '0x10', 'NaN', 'Infinity', '99999999999999999'])(
      'answers undefined for %p, which is not a plain decimal it can hold',
      (text) => {
        // Act
        const minor = parseAmountMinor(text, 'USD');

        // Assess
        expect(minor).toBeUndefined();
      },
    );

    it.each(['-0', '-0.0', '-0.00'])('reads %p as a plain zero, not negative zero', (text) => {
      // Act
      const minor = parseAmountMinor(text, 'USD');

      // Assess
      expect(Object.is(minor, 0)).toBe(true);
    });

    it.each(['USD', 'JPY', 'BHD', 'CLF'])('reads back every safe integer formatMinorUnits wrote in %s', (currency) => {
      // Assess
      fc.assert(
        fc.property(fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }), (minor) => {
          expect(parseAmountMinor(formatMinorUnits(minor, currency), currency)).toBe(minor);
        }),
      );
    });

    it.each(['USD', 'JPY', 'BHD'])('reads back small amounts formatMinorUnits wrote in %s', (currency) => {
      // Assess
      fc.assert(
        fc.property(fc.integer({ min: -100_000, max: 100_000 }), (minor) => {
          expect(parseAmountMinor(formatMinorUnits(minor, currency), currency)).toBe(minor);
        }),
      );
    });
  });
});
