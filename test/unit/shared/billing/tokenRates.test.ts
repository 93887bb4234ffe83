import { ConfigurationError, minorDigitsOf, parseTokenRates } from '../../../../shared/billing';
import type { TokenRatesInput } from '../../../../shared/billing';

describe('tokenRates', () => {
  describe('minorDigitsOf', () => {
    it.each([
      ['USD', 2],
      ['EUR', 2],
      ['JPY', 0],
      ['KRW', 0],
      ['BHD', 3],
      ['KWD', 3],
      ['CLF', 4],
      ['CHF', 2],
      ['ZZZ', 2],
    ])('gives %s %i minor digits', (currency, digits) => {
      // Assess
      expect(minorDigitsOf(currency)).toBe(digits);
    });
  });

  describe('parseTokenRates', () => {
    it('validates rates and sorts them by currency', () => {
      // Act
      const rates = parseTokenRates({ USD: '0.001', EUR: '0.00091', JPY: '0.15' });

      // Assess
      expect(rates).toEqual([
        { currency: 'EUR', minorDigits: 2, rate: { units: 91n, scale: 5 } },
        { currency: 'JPY', minorDigits: 0, rate: { units: 15n, scale: 2 } },
        { currency: 'USD', minorDigits: 2, rate: { units: 1n, scale: 3 } },
      ]);
    });

    it('accepts no rates at all', () => {
      // Assess
      expect(parseTokenRates({})).toEqual([]);
    });

    it.each([
      ['null', null],
      ['an array', ['USD']],
      ['a string', '{"USD":"0.001"}'],
    ])('rejects %s', (_name, input) => {
      // Act
      const act = () => parseTokenRates(input as unknown as TokenRatesInput);

      // Assess
      expect(act).toThrow(ConfigurationError);
      expect(act).toThrow('Invalid setting tokenRates: must be an object of currency code to decimal string');
    });

    it.each(['usd', 'US', 'EURO', 'U$D', ''])('rejects the currency code %j', (currency) => {
      // Act
      const act = () => parseTokenRates({ [currency]: '0.001' });

      // Assess
      expect(act).toThrow(ConfigurationError);
      expect(act).toThrow(`${JSON.stringify(currency)} is not a three-letter ISO 4217 code`);
    });

    it.each([
      ['an empty string', ''],
      ['a negative rate', '-0.001'],
      ['an exponent', '1e-3'],
      ['a comma', '0,001'],
      ['a word', 'abc'],
      ['a number', 0.001],
      ['null', null],
    ])('rejects %s as a rate with a clear message', (_name, rate) => {
      // Act
      const act = () => parseTokenRates({ USD: rate } as unknown as TokenRatesInput);

      // Assess
      expect(act).toThrow(ConfigurationError);
      expect(act).toThrow(`Invalid setting tokenRates.USD: ${JSON.stringify(rate)} is not a non-negative decimal string`);
    });

    it('names the setting on the error', () => {
      // Act
      const error = (() => {
        try {
          return parseTokenRates({ EUR: 'x' });
        } catch (caught) {
          return caught;
        }
      })();

      // Assess
      expect(error).toMatchObject({ name: 'ConfigurationError', setting: 'tokenRates.EUR' });
    });
  });
});
