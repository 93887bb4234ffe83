import {
  AmountOutOfRangeError,
  lineMoney,
  parseTokenRates,
  priceLines,
  signedLineMoney,
  sumMoney,
  tokensToMinorUnits,
} from '../../../../shared/billing';
import type { TokenRate } from '../../../../shared/billing';

const rateOf = (currency: string, rate: string): TokenRate => {
  const [parsed] = parseTokenRates({ [currency]: rate });
  if (parsed === undefined) throw new Error('no rate');
  return parsed;
};

describe('money', () => {
  describe('signedLineMoney', () => {
    it.each([
      [-7, 'USD', '0.001', -1],
      [7, 'USD', '0.001', 1],
      [-5, 'USD', '0.001', 0],
      [-15, 'USD', '0.001', -2],
      [-25, 'USD', '0.001', -2],
      [-5000, 'USD', '0.001', -500],
      [0, 'USD', '0.001', 0],
    ])('rounds %i tokens at %s %s half even symmetrically to %i', (tokens, currency, rate, expected) => {
      expect(signedLineMoney(tokens, [rateOf(currency, rate)])).toEqual({ [currency]: expected });
    });

    it('never answers -0 for a credit that rounds to nothing', () => {
      expect(Object.is(signedLineMoney(-4, [rateOf('USD', '0.001')])['USD'], 0)).toBe(true);
    });
  });

  describe('tokensToMinorUnits', () => {
    it.each([
      [5000, 'USD', '0.001', 500],
      [7, 'USD', '0.001', 1],
      [4, 'USD', '0.001', 0],
      [5, 'USD', '0.001', 0],
      [15, 'USD', '0.001', 2],
      [25, 'USD', '0.001', 2],
      [35, 'USD', '0.001', 4],
      [0, 'USD', '0.001', 0],
      [7, 'USD', '2', 1400],
      [3, 'JPY', '0.5', 2],
      [5, 'JPY', '0.5', 2],
      [1, 'BHD', '0.0015', 2],
      [3, 'BHD', '0.0005', 2],
      [9, 'EUR', '0', 0],
    ])('converts %i tokens into %s at %s as %i minor units (half even)', (tokens, currency, rate, minor) => {
      // Act
      const result = tokensToMinorUnits(tokens, rateOf(currency, rate));

      // Assess
      expect(result).toBe(minor);
    });

    it('is exact where binary floats are not', () => {
      // Prepare: 0.1 + 0.2 style trouble: 3 tokens at 0.35 cents each is 1.05 cents -> 1
      const rate = rateOf('USD', '0.0035');

      // Act
      const result = tokensToMinorUnits(3, rate);

      // Assess
      expect(result).toBe(1);
    });

    it('is exact where binary floats round the wrong way', () => {
      // Prepare: 114 tokens at USD 0.0025 is exactly 28.5 cents; 114 * 0.0025 * 100 in floats is
      // 28.500000000000004, which would round to 29
      const rate = rateOf('USD', '0.0025');

      // Act
      const result = tokensToMinorUnits(114, rate);

      // Assess: half even
      expect(result).toBe(28);
    });

    it('rejects an amount beyond the safe integer range', () => {
      // Act
      const act = () => tokensToMinorUnits(Number.MAX_SAFE_INTEGER, rateOf('USD', '1'));

      // Assess
      expect(act).toThrow(AmountOutOfRangeError);
      expect(act).toThrow('USD amount');
    });
  });

  describe('lineMoney', () => {
    it('converts one line into every configured currency', () => {
      // Act: JPY 808.5 rounds half to even
      const money = lineMoney(5390, parseTokenRates({ USD: '0.001', JPY: '0.15' }));

      // Assess
      expect(money).toEqual({ JPY: 808, USD: 539 });
    });
  });

  describe('sumMoney', () => {
    it('sums rounded amounts per currency, counting a missing currency as 0', () => {
      // Act
      const total = sumMoney([{ USD: 1, EUR: 2 }, { USD: 3 }, {}], parseTokenRates({ USD: '1', EUR: '1' }));

      // Assess
      expect(total).toEqual({ EUR: 2, USD: 4 });
    });

    it('rejects a total beyond the safe integer range', () => {
      // Act
      const act = () => sumMoney([{ USD: Number.MAX_SAFE_INTEGER }, { USD: 1 }], parseTokenRates({ USD: '1' }));

      // Assess
      expect(act).toThrow(AmountOutOfRangeError);
      expect(act).toThrow('USD total');
    });
  });

  describe('priceLines', () => {
    it('rounds the runtime, IP and backup lines on their own and sums them', () => {
      // Act: 0.7 -> 1, 0.5 -> 0, 1.5 -> 2 cents
      const tokens = { runtimeHours: 1, runtimeTokens: 7, ipTokens: 5, backupTokens: 15 };
      const lines = priceLines(tokens, parseTokenRates({ USD: '0.001' }));

      // Assess
      expect(lines).toEqual({ runtime: { USD: 1 }, ips: { USD: 0 }, backups: { USD: 2 }, total: { USD: 3 } });
    });
  });
});
