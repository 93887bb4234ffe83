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

    it('rejects a figure of owner parts joined under one customer beyond the safe integer range', () => {
      // Prepare: two users billed to 1001, each with 2^52 runtime tokens (safe on its own)
      const prices = plan({ tokensPerHour: HALF, tokensPerMonth: 0, backupPrice: 0 });
      const input = server(1, [
        segment('2026-11-03T10:00Z', '2026-11-03T11:00Z', { plan: prices, owner: { userId: 1, billingUserId: 1001 } }),
        segment('2026-11-03T11:00Z', '2026-11-03T12:00Z', { plan: prices, owner: { userId: 2, billingUserId: 1001 } }),
      ]);

      // Act
      const act = () => computeServerUsage(input, '2026-11', settings({ tokenRates: {} }));

      // Assess
      expect(act).toThrow(AmountOutOfRangeError);
      expect(act).toThrow('server 1 runtime tokens');
    });
  });

  describe('priceServerParts', () => {
    it('keys owner parts by SolusIO user and reports each under its last reference', () => {
      // Prepare: user 1 as solusio-user:1, then user 2 as 2002, then user 1 linked to 2002
      const parsed = parseBillingSettings(settings());
      const window = { start: Date.UTC(2026, 10, 1), end: Date.UTC(2026, 11, 1) };
      const input = server(3, [
        segment('2026-11-03T10:00Z', '2026-11-03T10:20Z', { owner: { userId: 1, billingUserId: null } }),
        segment('2026-11-03T10:20Z', '2026-11-03T10:40Z', { owner: { userId: 2, billingUserId: 2002 } }),
        segment('2026-11-03T10:40Z', '2026-11-03T11:00Z', { owner: { userId: 1, billingUserId: 2002 } }),
      ]);

      // Act
      const parts = priceServerParts(input, window, parsed);

      // Assess: two parts (user 1: 40 min -> 1 h; user 2: 20 min -> 1 h), one line under 2002
      expect(parts.map(({ customer, line }) => [customer, line.runtimeHours, line.runtimeTokens])).toEqual([['2002', 2, 14]]);
    });

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
