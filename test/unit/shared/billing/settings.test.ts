import { ConfigurationError, InvalidInstantError, billingWindow, parseBillingSettings } from '../../../../shared/billing';
import type { BillingSettings } from '../../../../shared/billing';

describe('settings', () => {
  describe('parseBillingSettings', () => {
    it('validates the settings once', () => {
      // Prepare
      const input = { billSuspendedTime: true, billingStart: '2026-11-10T00:00Z', tokenRates: { USD: '0.001' } };

      // Act
      const parsed = parseBillingSettings(input);

      // Assess
      expect(parsed).toEqual({
        billSuspendedTime: true,
        billingStartMs: Date.UTC(2026, 10, 10),
        rates: [{ currency: 'USD', minorDigits: 2, rate: { units: 1n, scale: 3 } }],
      });
    });

    it.each([
      ['absent', undefined],
      ['null', null],
    ])('accepts a billingStart that is %s', (_name, billingStart) => {
      // Act
      const parsed = parseBillingSettings({ billSuspendedTime: false, billingStart, tokenRates: {} });

      // Assess
      expect(parsed.billingStartMs).toBeUndefined();
    });

    it('rejects a malformed billingStart, keeping the cause', () => {
      // Act
      const error = (() => {
        try {
          return parseBillingSettings({ billSuspendedTime: false, billingStart: '2026-11-10', tokenRates: {} });
        } catch (caught) {
          return caught;
        }
      })();

      // Assess
      expect(error).toBeInstanceOf(ConfigurationError);
      expect(error).toMatchObject({
        setting: 'billingStart',
        message: 'Invalid setting billingStart: must be an ISO-8601 UTC instant, got "2026-11-10"',
      });
      expect((error as Error).cause).toBeInstanceOf(InvalidInstantError);
    });

    it('rejects a billSuspendedTime that is not a boolean', () => {
      // Act
      const act = () => parseBillingSettings({ billSuspendedTime: 'false', tokenRates: {} } as unknown as BillingSettings);

      // Assess
      expect(act).toThrow(ConfigurationError);
      expect(act).toThrow('Invalid setting billSuspendedTime: must be a boolean, got "false"');
    });

    it('rejects bad token rates', () => {
      // Act
      const act = () => parseBillingSettings({ billSuspendedTime: false, tokenRates: { USD: 'one' } });

      // Assess
      expect(act).toThrow('Invalid setting tokenRates.USD');
    });
  });

  describe('billingWindow', () => {
    const base = { billSuspendedTime: false, rates: [] };

    it.each([
      ['the whole month without billingStart', undefined, Date.UTC(2026, 10, 1)],
      ['the whole month when billingStart is earlier', Date.UTC(2026, 9, 1), Date.UTC(2026, 10, 1)],
      ['from billingStart inside the month', Date.UTC(2026, 10, 10), Date.UTC(2026, 10, 10)],
      ['from billingStart after the month (empty)', Date.UTC(2027, 0, 1), Date.UTC(2027, 0, 1)],
    ])('is %s', (_name, billingStartMs, start) => {
      // Act
      const window = billingWindow('2026-11', { ...base, billingStartMs });

      // Assess
      expect(window).toEqual({ start, end: Date.UTC(2026, 11, 1) });
    });
  });
});
