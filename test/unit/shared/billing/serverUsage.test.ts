import { AmountOutOfRangeError, ConfigurationError, computeServerUsage, priceServerParts } from '../../../../shared/billing';
import { parseBillingSettings } from '../../../../shared/billing';
import { plan, segment, server, settings } from './fixtures';

const MAX = Number.MAX_SAFE_INTEGER;
const HALF = 2 ** 52;
const halfAndHalf = { tokensPerHour: HALF, tokensPerMonth: 0, ipTokensPerHour: HALF, ipTokensPerMonth: 0 };

describe('serverUsage', () => {
  describe('computeServerUsage', () => {
    it('prices one server for a period, one part per owner sorted by customer', () => {
      // Prepare
      const input = server(6, [
        segment('2026-11-03T10:00Z', '2026-11-03T10:30Z', { owner: { userId: 2, billingUserId: 2002 }, backupsEnabled: true }),
        segment('2026-11-03T10:30Z', '2026-11-03T12:10Z', { additionalIpCount: 1, flags: ['gap'] }),
      ]);

      // Act
      const parts = computeServerUsage(input, '2026-11', settings());

      // Assess
      expect(parts).toEqual([
        {
          customer: '1001',
          line: {
            serverId: 6,
            runtimeHours: 2,
            runtimeTokens: 14,
            ipTokens: 2,
            backupTokens: 0,
            totalTokens: 16,
            prepaid: false,
            flags: ['gap'],
            money: { USD: 1 },
          },
        },
        {
          customer: '2002',
          line: {
            serverId: 6,
            runtimeHours: 1,
            runtimeTokens: 7,
            ipTokens: 0,
            backupTokens: 1,
            totalTokens: 8,
            prepaid: false,
            flags: [],
            money: { USD: 1 },
          },
        },
      ]);
    });

    it('validates the settings first', () => {
      // Act
      const act = () => computeServerUsage(server(1, []), '2026-11', settings({ tokenRates: { USD: '' } }));

      // Assess
      expect(act).toThrow(ConfigurationError);
    });

    it.each([
      ['runtime tokens', plan({ tokensPerHour: MAX, tokensPerMonth: 0 }), 0, '12:00Z', 'server 1 runtime tokens'],
      ['IP tokens', plan({ ipTokensPerHour: MAX, ipTokensPerMonth: 0 }), 1, '12:00Z', 'server 1 IP tokens'],
      ['backup tokens', plan({ tokensPerHour: HALF, tokensPerMonth: 0, backupPrice: 300 }), 0, '11:00Z', 'backup tokens'],
      ['total tokens', plan({ ...halfAndHalf, backupPrice: 0 }), 1, '11:00Z', 'server 1 total tokens'],
    ])('rejects %s beyond the safe integer range', (_name, prices, additionalIpCount, endTime, what) => {
      // Prepare: one or two hours with backups on
      const input = server(1, [
        segment('2026-11-03T10:00Z', `2026-11-03T${endTime}`, { plan: prices, additionalIpCount, backupsEnabled: true }),
      ]);

      // Act
      const act = () => computeServerUsage(input, '2026-11', settings({ tokenRates: {} }));

      // Assess
      expect(act).toThrow(AmountOutOfRangeError);
      expect(act).toThrow(what);
    });
  });

  describe('priceServerParts', () => {
    it('prices a prepaid server as its hours and nothing else', () => {
      // Prepare
      const parsed = parseBillingSettings(settings());
      const window = { start: Date.UTC(2026, 10, 1), end: Date.UTC(2026, 11, 1) };

      // Act
      const parts = priceServerParts(server(2, [segment('2026-11-03T10:00Z', '2026-11-03T10:05Z')], true), window, parsed);

      // Assess
      expect(parts.map((part) => part.line)).toEqual([
        {
          serverId: 2,
          runtimeHours: 1,
          runtimeTokens: 0,
          ipTokens: 0,
          backupTokens: 0,
          totalTokens: 0,
          prepaid: true,
          flags: [],
          money: { USD: 0 },
        },
      ]);
    });

    it('gives no part to a server without billable time in the window', () => {
      // Prepare
      const parsed = parseBillingSettings(settings());
      const input = server(2, [segment('2026-11-03T10:00Z', '2026-11-03T10:05Z')]);

      // Act
      const parts = priceServerParts(input, { start: 0, end: 1 }, parsed);

      // Assess
      expect(parts).toEqual([]);
    });
  });
});
