import { InvalidUsageInputError } from '../../../../shared/billing';
import { assertBoolean, assertNonNegativeInteger, parseBackupPrice, parsePlan } from '../../../../shared/billing/validation';
import { plan } from './fixtures';

describe('validation', () => {
  describe('assertNonNegativeInteger', () => {
    it.each([0, 1, Number.MAX_SAFE_INTEGER])('accepts %d', (value) => {
      // Assess
      expect(() => assertNonNegativeInteger(value, 'x')).not.toThrow();
    });

    it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53])('rejects %d', (value) => {
      // Act
      const act = () => assertNonNegativeInteger(value, 'segments[0].additionalIpCount');

      // Assess
      expect(act).toThrow(InvalidUsageInputError);
      expect(act).toThrow('Invalid usage input segments[0].additionalIpCount: must be a non-negative integer');
    });
  });

  describe('assertBoolean', () => {
    it.each([true, false])('accepts %s', (value) => {
      // Assess
      expect(() => assertBoolean(value, 'x')).not.toThrow();
    });

    it.each(['false', 0, null])('rejects %j', (value) => {
      // Act
      const act = () => assertBoolean(value as unknown as boolean, 'suspended');

      // Assess
      expect(act).toThrow(`Invalid usage input suspended: must be a boolean, got ${JSON.stringify(value)}`);
    });
  });

  describe('parseBackupPrice', () => {
    it.each([
      ['10', { units: 10n, scale: 0 }],
      ['12.5', { units: 125n, scale: 1 }],
      [12.5, { units: 125n, scale: 1 }],
      [0, { units: 0n, scale: 0 }],
    ])('reads %j exactly', (value, expected) => {
      // Assess
      expect(parseBackupPrice(value, 'backupPrice')).toEqual(expected);
    });

    it.each(['-1', '10%', '', -1, Number.NaN, 1e-7])('rejects %j', (value) => {
      // Act
      const act = () => parseBackupPrice(value, 'plan.backupPrice');

      // Assess
      expect(act).toThrow(InvalidUsageInputError);
      expect(act).toThrow('Invalid usage input plan.backupPrice: must be a non-negative decimal percentage');
    });
  });

  describe('parsePlan', () => {
    it('turns prices into exact values', () => {
      // Act
      const parsed = parsePlan(plan({ backupPrice: '12.50' }), 'plan');

      // Assess
      expect(parsed).toEqual({
        id: 1,
        key: '1|7|5000|1|500|12.5',
        tokensPerHour: 7n,
        tokensPerMonth: 5000n,
        ipTokensPerHour: 1n,
        ipTokensPerMonth: 500n,
        backupPrice: { units: 1250n, scale: 2 },
      });
    });

    it('keys a plan by its id and every price', () => {
      // Prepare
      const keys = [
        plan(),
        plan({ id: 2 }),
        plan({ tokensPerHour: 8 }),
        plan({ tokensPerMonth: 0 }),
        plan({ ipTokensPerHour: 2 }),
        plan({ ipTokensPerMonth: 0 }),
        plan({ backupPrice: 12 }),
      ].map((prices) => parsePlan(prices, 'plan').key);

      // Assess
      expect(new Set(keys).size).toBe(keys.length);
    });

    it.each(['id', 'tokensPerHour', 'tokensPerMonth', 'ipTokensPerHour', 'ipTokensPerMonth'] as const)(
      'rejects a negative %s, naming it',
      (name) => {
        // Act
        const act = () => parsePlan(plan({ [name]: -1 }), 'servers[3].segments[0].plan');

        // Assess
        expect(act).toThrow(`Invalid usage input servers[3].segments[0].plan.${name}: must be a non-negative integer, got -1`);
      },
    );
  });
});
