// Over 300 lines: the billing contract's worked examples and edge cases, one table of the engine.
import {
  ConfigurationError,
  InvalidIntervalError,
  InvalidPeriodError,
  InvalidUsageInputError,
  OverlappingIntervalsError,
  computePeriodUsage,
} from '../../../../shared/billing';
import { linesOf, lineOf, plan, segment, server, settings, usage } from './fixtures';

const NOV_START = '2026-11-01T00:00:00Z';
const DEC_START = '2026-12-01T00:00:00Z';

describe('computePeriodUsage', () => {
  describe('worked examples of billing-rules.md', () => {
    it.each([
      ['created 10:00, deleted 10:05', '2026-11-03T10:00Z', '2026-11-03T10:05Z', false, 1, 7, 0],
      ['the whole of November, capped', NOV_START, DEC_START, true, 720, 5000, 500],
      ['700 hours', '2026-11-01T00:00Z', '2026-11-30T04:00Z', true, 700, 4900, 490],
      ['1 h 40 min, backup 1.4 rounded', '2026-11-03T10:30Z', '2026-11-03T12:10Z', true, 2, 14, 1],
    ])('%s', (_name, start, end, backupsEnabled, hours, runtime, backup) => {
      // Act
      const line = lineOf('2026-11', [segment(start, end, { backupsEnabled })]);

      // Assess
      expect(line).toMatchObject({ runtimeHours: hours, runtimeTokens: runtime, backupTokens: backup, ipTokens: 0 });
      expect(line?.totalTokens).toBe(runtime + backup);
    });

    it('converts 5000 tokens at USD 0.001 into 500 cents', () => {
      // Act
      const result = usage('2026-11', [server(12, [segment(NOV_START, DEC_START)])]);

      // Assess
      expect(result.customers[0]?.money).toEqual({ USD: 500 });
    });

    it('converts 7 tokens at USD 0.001 into 1 cent (0.7 rounded half even)', () => {
      // Act
      const line = lineOf('2026-11', [segment('2026-11-03T10:00Z', '2026-11-03T10:05Z')]);

      // Assess
      expect(line?.money).toEqual({ USD: 1 });
    });

    it('prices one extra IP all month and a second for its last 320 h as 500 + 320 = 820', () => {
      // Prepare: 720 h - 320 h = 400 h after the start of November
      const secondIpFrom = '2026-11-17T16:00:00Z';

      // Act
      const line = lineOf('2026-11', [
        segment(NOV_START, secondIpFrom, { additionalIpCount: 1 }),
        segment(secondIpFrom, DEC_START, { additionalIpCount: 2 }),
      ]);

      // Assess
      expect(line?.ipTokens).toBe(820);
    });

    it('caps the backups of two plan groups (400 h and 320 h at 7/h, 10 %) at 500 instead of 504', () => {
      // Prepare
      const switchAt = '2026-11-17T16:00:00Z';

      // Act
      const line = lineOf('2026-11', [
        segment(NOV_START, switchAt, { plan: plan({ id: 1 }), backupsEnabled: true }),
        segment(switchAt, DEC_START, { plan: plan({ id: 2 }), backupsEnabled: true }),
      ]);

      // Assess
      expect(line).toMatchObject({ runtimeHours: 720, runtimeTokens: 5000, backupTokens: 500 });
    });

    it('sums three servers of 7 tokens at USD 0.001 as 1 + 1 + 1 = 3 cents', () => {
      // Prepare
      const servers = [1, 2, 3].map((id) => server(id, [segment('2026-11-03T10:00Z', '2026-11-03T10:05Z')]));

      // Act
      const result = usage('2026-11', servers);

      // Assess
      expect(result.customers).toHaveLength(1);
      expect(result.customers[0]).toMatchObject({ customer: '1001', totalTokens: 21, money: { USD: 3 } });
      expect(result.customers[0]?.servers.map((line) => line.money.USD)).toEqual([1, 1, 1]);
    });
  });

  describe('output shape', () => {
    it('answers in the JSON shape of GET /v1/usage', () => {
      // Prepare
      const segments = [segment('2026-11-01T00:00Z', '2026-11-30T04:00Z', { backupsEnabled: true })];

      // Act
      const result = usage('2026-11', [server(12, segments)]);

      // Assess
      expect(result).toEqual({
        period: '2026-11',
        customers: [
          {
            customer: '1001',
            totalTokens: 5390,
            money: { USD: 539 },
            servers: [
              {
                serverId: 12,
                runtimeHours: 700,
                runtimeTokens: 4900,
                ipTokens: 0,
                backupTokens: 490,
                totalTokens: 5390,
                prepaid: false,
                flags: [],
                money: { USD: 539 },
              },
            ],
          },
        ],
      });
    });

    it('sorts customers by reference and their servers by id', () => {
      // Prepare
      const owner = (billingUserId: number | null, userId = 1) => ({ owner: { userId, billingUserId } });
      const month = (overrides = {}) => [segment(NOV_START, DEC_START, overrides)];
      const servers = [
        server(30, month(owner(2002))),
        server(10, month(owner(null, 9))),
        server(20, month(owner(1001))),
        server(5, month(owner(2002))),
      ];

      // Act
      const result = usage('2026-11', servers);

      // Assess
      expect(result.customers.map((customer) => [customer.customer, customer.servers.map((line) => line.serverId)])).toEqual([
        ['1001', [20]],
        ['2002', [5, 30]],
        ['solusio-user:9', [10]],
      ]);
    });

    it('reports no customer for an empty fleet', () => {
      // Act
      const result = usage('2026-11', []);

      // Assess
      expect(result).toEqual({ period: '2026-11', customers: [] });
    });

    it('leaves out a server without billable time in the period', () => {
      // Act
      const result = usage('2026-11', [server(1, [segment('2026-10-01T00:00Z', NOV_START)]), server(2, [])]);

      // Assess
      expect(result.customers).toEqual([]);
    });
  });

  describe('month boundaries', () => {
    const spanningTwo = [segment('2026-10-20T12:00Z', '2026-11-10T06:30Z')];
    const spanningThree = [segment('2026-10-15T00:00Z', '2026-12-15T00:00Z')];

    it.each([
      ['two months, first part', spanningTwo, '2026-10', 276, 1932],
      ['two months, second part', spanningTwo, '2026-11', 223, 1561],
      ['two months, a month after', spanningTwo, '2026-12', undefined, undefined],
      ['three months, first part', spanningThree, '2026-10', 408, 2856],
      ['three months, whole middle month', spanningThree, '2026-11', 720, 5000],
      ['three months, last part', spanningThree, '2026-12', 336, 2352],
    ])('bills a server spanning %s', (_name, segments, period, hours, tokens) => {
      // Act
      const line = lineOf(period, segments);

      // Assess
      expect(line?.runtimeHours).toBe(hours);
      expect(line?.runtimeTokens).toBe(tokens);
    });

    it.each([
      ['2028-02', 696, 4872],
      ['2027-02', 672, 4704],
      ['2026-10', 744, 5000],
      ['2026-11', 720, 5000],
    ])('bills the whole of %s as %i hours', (period, hours, tokens) => {
      // Act
      const line = lineOf(period, [segment('2020-01-01T00:00Z', '2030-01-01T00:00Z')], {}, false);

      // Assess
      expect(line).toMatchObject({ runtimeHours: hours, runtimeTokens: tokens });
    });

    it.each([
      ['30 seconds into the month', '2026-11-01T00:00:30Z', 1, 7],
      ['59 min 59.999 s into the month', '2026-11-01T00:59:59.999Z', 1, 7],
      ['exactly one hour into the month', '2026-11-01T01:00:00Z', 1, 7],
      ['one millisecond after the first hour', '2026-11-01T01:00:00.001Z', 2, 14],
    ])('bills a server deleted %s', (_name, deletedAt, hours, tokens) => {
      // Act
      const line = lineOf('2026-11', [segment('2026-10-05T08:00Z', deletedAt)]);

      // Assess
      expect(line).toMatchObject({ runtimeHours: hours, runtimeTokens: tokens });
    });

    it('does not bill a server deleted exactly at the start of the month in that month', () => {
      // Act
      const lines = linesOf('2026-11', [segment('2026-10-05T08:00Z', NOV_START)]);

      // Assess
      expect(lines).toEqual([]);
    });
  });

  describe('instants below the millisecond', () => {
    it.each([
      ['an end just after a whole hour', '2026-11-03T10:00:00Z', '2026-11-03T11:00:00.0000001Z', 2],
      ['a start just before a whole hour', '2026-11-03T09:59:59.9999999Z', '2026-11-03T11:00:00Z', 2],
      ['an end on a whole hour written with extra zeros', '2026-11-03T10:00:00Z', '2026-11-03T11:00:00.000000Z', 1],
    ])('loses no billable time: %s', (_name, start, end, hours) => {
      // Act
      const line = lineOf('2026-11', [segment(start, end)]);

      // Assess
      expect(line?.runtimeHours).toBe(hours);
    });

    it('accepts segments that meet inside a millisecond and bills that millisecond once', () => {
      // Act: the two halves of exactly one hour meet at 10:30:00.0005
      const line = lineOf('2026-11', [
        segment('2026-11-03T10:30:00.0005Z', '2026-11-03T11:00:00Z'),
        segment('2026-11-03T10:00:00Z', '2026-11-03T10:30:00.0005Z'),
      ]);

      // Assess: one hour, not 1 h + 1 ms
      expect(line).toMatchObject({ runtimeHours: 1, runtimeTokens: 7 });
    });

    it('gives the millisecond two segments meet in to the earlier one', () => {
      // Act: plan 1 for 10:00-10:30:00.0005, plan 2 for exactly one hour from 10:30:00.0005
      const line = lineOf('2026-11', [
        segment('2026-11-03T10:00:00Z', '2026-11-03T10:30:00.0005Z', { plan: plan({ id: 1 }) }),
        segment('2026-11-03T10:30:00.0005Z', '2026-11-03T11:30:00.0005Z', { plan: plan({ id: 2 }) }),
      ]);

      // Assess: plan 1 [10:00, 10:30:00.001) -> 1 h; plan 2 [10:30:00.001, 11:30:00.001) -> 1 h
      expect(line).toMatchObject({ runtimeHours: 2, runtimeTokens: 14 });
    });

    it.each([
      ['alone', [segment('2026-11-03T10:00:00.0005Z', '2026-11-03T10:00:00.0005Z')], undefined],
      [
        'inside another segment',
        [
          segment('2026-11-03T10:00Z', '2026-11-03T12:00Z'),
          segment('2026-11-03T11:00:00.0005Z', '2026-11-03T11:00:00.000500Z', { plan: plan({ id: 9 }) }),
        ],
        2,
      ],
    ])('ignores a zero-length segment inside a millisecond %s', (_name, segments, hours) => {
      // Act
      const line = lineOf('2026-11', segments);

      // Assess
      expect(line?.runtimeHours).toBe(hours);
    });

    it('rejects segments that overlap by less than a millisecond', () => {
      // Act
      const act = () =>
        linesOf('2026-11', [
          segment('2026-11-03T10:00:00Z', '2026-11-03T10:30:00.0006Z'),
          segment('2026-11-03T10:30:00.0005Z', '2026-11-03T11:00:00Z'),
        ]);

      // Assess
      expect(act).toThrow(OverlappingIntervalsError);
    });

    it('rejects a segment that ends less than a millisecond before it starts', () => {
      // Act
      const act = () => linesOf('2026-11', [segment('2026-11-03T10:00:00.0005Z', '2026-11-03T10:00:00.0004Z')]);

      // Assess
      expect(act).toThrow(InvalidIntervalError);
    });

    it('does not depend on the order of segments that share a millisecond', () => {
      // Prepare: three owners' segments inside 10:00:00.000-10:00:00.001, then one hour
      const first = segment('2026-11-03T10:00:00.0001Z', '2026-11-03T10:00:00.0005Z', { owner: { userId: 1, billingUserId: 1 } });
      const second = segment('2026-11-03T10:00:00.0005Z', '2026-11-03T10:00:00.0009Z', { owner: { userId: 2, billingUserId: 2 } });
      const third = segment('2026-11-03T10:00:00.0009Z', '2026-11-03T11:00:00Z', { owner: { userId: 3, billingUserId: 3 } });

      // Act
      const forward = usage('2026-11', [server(1, [first, second, third])]);
      const backward = usage('2026-11', [server(1, [third, second, first])]);

      // Assess: the first segment takes the shared millisecond; the second has none left
      expect(backward).toEqual(forward);
      expect(forward.customers.map((entry) => [entry.customer, entry.servers[0]?.runtimeHours])).toEqual([
        ['1', 1],
        ['3', 1],
      ]);
    });
  });

  describe('plan changes', () => {
    const small = plan({ id: 1, tokensPerHour: 7, tokensPerMonth: 5000 });
    const large = plan({ id: 2, tokensPerHour: 20, tokensPerMonth: 8000 });
    const tightLarge = plan({ id: 2, tokensPerHour: 20, tokensPerMonth: 3000 });
    const uncapped = plan({ id: 3, tokensPerHour: 10, tokensPerMonth: 0 });
    const hoursAfter = (from: string, hours: number): string => new Date(Date.parse(from) + hours * 3_600_000).toISOString();

    it.each([
      ['an upgrade with the sum under the larger cap', small, 480, large, 100, 3360 + 2000],
      ['an upgrade with the sum over the larger cap', small, 480, large, 240, 8000],
      ['an upgrade where the new plan hits its own cap', small, 480, tightLarge, 240, 5000],
      ['an upgrade to an uncapped plan (no overall cap)', small, 480, uncapped, 240, 3360 + 2400],
      ['a downgrade with the sum under the larger cap', large, 100, small, 480, 2000 + 3360],
      ['a downgrade with the sum over the larger cap', large, 300, small, 420, 8000],
      ['a downgrade where the old plan hit its own cap', tightLarge, 300, small, 420, 5000],
      ['a downgrade from an uncapped plan (no overall cap)', uncapped, 600, small, 120, 6000 + 840],
    ])('bills %s', (_name, first, firstHours, second, secondHours, tokens) => {
      // Prepare
      const switchAt = hoursAfter(NOV_START, firstHours);

      // Act
      const line = lineOf('2026-11', [
        segment(NOV_START, switchAt, { plan: first }),
        segment(switchAt, hoursAfter(switchAt, secondHours), { plan: second }),
      ]);

      // Assess
      expect(line).toMatchObject({ runtimeHours: firstHours + secondHours, runtimeTokens: tokens });
    });

    it('rounds the hours of each plan group on its own', () => {
      // Act: 10 min small, 10 min large, 10 min small again
      const line = lineOf('2026-11', [
        segment('2026-11-03T10:00Z', '2026-11-03T10:10Z', { plan: small }),
        segment('2026-11-03T10:10Z', '2026-11-03T10:20Z', { plan: large }),
        segment('2026-11-03T10:20Z', '2026-11-03T10:30Z', { plan: small }),
      ]);

      // Assess: small 20 min -> 1 h, large 10 min -> 1 h
      expect(line).toMatchObject({ runtimeHours: 2, runtimeTokens: 27 });
    });

    it('starts a new plan group when a price of the same plan changes', () => {
      // Act
      const line = lineOf('2026-11', [
        segment('2026-11-03T10:00Z', '2026-11-03T10:10Z'),
        segment('2026-11-03T10:10Z', '2026-11-03T10:20Z', { plan: plan({ tokensPerHour: 8 }) }),
      ]);

      // Assess
      expect(line).toMatchObject({ runtimeHours: 2, runtimeTokens: 15 });
    });

    it('keeps one plan group when the backup price is written differently', () => {
      // Act
      const line = lineOf('2026-11', [
        segment('2026-11-03T10:00Z', '2026-11-03T10:10Z', { plan: plan({ backupPrice: 10 }) }),
        segment('2026-11-03T10:10Z', '2026-11-03T10:20Z', { plan: plan({ backupPrice: '10.00' }) }),
      ]);

      // Assess
      expect(line).toMatchObject({ runtimeHours: 1, runtimeTokens: 7 });
    });

    it('does not cap a plan whose tokens_per_month is 0', () => {
      // Act
      const line = lineOf('2026-11', [segment(NOV_START, DEC_START, { plan: uncapped })]);

      // Assess
      expect(line).toMatchObject({ runtimeHours: 720, runtimeTokens: 7200 });
    });
  });

  describe('suspension', () => {
    const segments = [
      segment(NOV_START, '2026-11-10T00:00Z', { backupsEnabled: true, additionalIpCount: 1 }),
      segment('2026-11-10T00:00Z', '2026-11-20T00:00Z', { backupsEnabled: true, additionalIpCount: 1, suspended: true }),
      segment('2026-11-20T00:00Z', DEC_START, { backupsEnabled: true, additionalIpCount: 1 }),
    ];

    it.each([
      ['not billed by default', false, { runtimeHours: 480, runtimeTokens: 3360, ipTokens: 480, backupTokens: 336 }],
      ['billed with billSuspendedTime', true, { runtimeHours: 720, runtimeTokens: 5000, ipTokens: 500, backupTokens: 500 }],
    ])('treats suspended time as %s', (_name, billSuspendedTime, expected) => {
      // Act
      const line = lineOf('2026-11', segments, { billSuspendedTime });

      // Assess
      expect(line).toMatchObject(expected);
    });

    it('reports no line for a server suspended all month by default', () => {
      // Act
      const lines = linesOf('2026-11', [segment(NOV_START, DEC_START, { suspended: true })]);

      // Assess
      expect(lines).toEqual([]);
    });
  });

  describe('backups toggled', () => {
    it.each([
      ['on 1 h 30, off, on 45 min, off, on 10 min', [90, -60, 45, -30, 10], 3, 2],
      ['on 10 min three times', [10, -5, 10, -5, 10], 1, 1],
      ['on 5 h, off 700 h', [300, -42_000], 5, 4],
      ['off all the time', [-600], 0, 0],
    ])('bills backups %s by the started hours of enabled time', (_name, toggles, _backupHours, backupTokens) => {
      // Prepare: positive minutes with backups on, negative with backups off
      let cursor = Date.parse('2026-11-02T00:00Z');
      const segments = toggles.map((minutes) => {
        const start = new Date(cursor).toISOString();
        cursor += Math.abs(minutes) * 60_000;
        return segment(start, new Date(cursor).toISOString(), { backupsEnabled: minutes > 0 });
      });

      // Act
      const line = lineOf('2026-11', segments);

      // Assess
      expect(line?.backupTokens).toBe(backupTokens);
    });

    it('does not split the runtime hour rounding where backups toggle', () => {
      // Act: 20 min on, 20 min off, 20 min on
      const line = lineOf('2026-11', [
        segment('2026-11-03T10:00Z', '2026-11-03T10:20Z', { backupsEnabled: true }),
        segment('2026-11-03T10:20Z', '2026-11-03T10:40Z'),
        segment('2026-11-03T10:40Z', '2026-11-03T11:00Z', { backupsEnabled: true }),
      ]);

      // Assess
      expect(line).toMatchObject({ runtimeHours: 1, runtimeTokens: 7, backupTokens: 1 });
    });

    it('rounds a fractional backup percentage half up once per server', () => {
      // Act: 4 h at 7/h = 28 tokens, 12.5 % = 3.5 -> 4
      const line = lineOf('2026-11', [
        segment('2026-11-03T10:00Z', '2026-11-03T14:00Z', { backupsEnabled: true, plan: plan({ backupPrice: '12.5' }) }),
      ]);

      // Assess
      expect(line?.backupTokens).toBe(4);
    });
  });

  describe('additional IPs', () => {
    it.each([
      ['none', [0], 0],
      ['one for 10 minutes', [1], 1],
      ['1, then 3, then 0, then 2 (one hour each)', [1, 3, 0, 2], 3 + 2 + 1],
      ['3, then 1 (one hour each)', [3, 1], 2 + 1 + 1],
    ])('prices %s per slot', (_name, counts, tokens) => {
      // Prepare: one hour per count (10 minutes for a single entry)
      const minutes = counts.length === 1 ? 10 : 60;
      const startMs = Date.parse('2026-11-03T00:00Z');
      const segments = counts.map((additionalIpCount, index) =>
        segment(
          new Date(startMs + index * minutes * 60_000).toISOString(),
          new Date(startMs + (index + 1) * minutes * 60_000).toISOString(),
          { additionalIpCount },
        ),
      );

      // Act
      const line = lineOf('2026-11', segments);

      // Assess
      expect(line?.ipTokens).toBe(tokens);
      expect(line?.runtimeHours).toBe(Math.ceil((counts.length * minutes) / 60));
    });

    it('caps each slot at the plan IP cap across a whole month', () => {
      // Act
      const line = lineOf('2026-11', [segment(NOV_START, DEC_START, { additionalIpCount: 3 })]);

      // Assess
      expect(line?.ipTokens).toBe(1500);
    });

    it('caps a slot at the largest IP cap among the plan groups it existed in', () => {
      // Prepare: slot 1 in a plan capped at 300 (400 h) and one capped at 200 (320 h)
      const switchAt = '2026-11-17T16:00:00Z';

      // Act
      const line = lineOf('2026-11', [
        segment(NOV_START, switchAt, { additionalIpCount: 1, plan: plan({ id: 1, ipTokensPerMonth: 300 }) }),
        segment(switchAt, DEC_START, { additionalIpCount: 1, plan: plan({ id: 2, ipTokensPerMonth: 200 }) }),
      ]);

      // Assess: 300 + 200 = 500, capped at 300
      expect(line?.ipTokens).toBe(300);
    });
  });

  describe('owners', () => {
    it('splits a server that changes owner, each part with its own hour rounding', () => {
      // Act
      const result = usage('2026-11', [
        server(4, [
          segment('2026-11-03T10:00Z', '2026-11-03T10:30Z'),
          segment('2026-11-03T10:30Z', '2026-11-03T11:00Z', { owner: { userId: 8, billingUserId: null } }),
        ]),
      ]);

      // Assess
      expect(result.customers.map((customer) => [customer.customer, customer.totalTokens])).toEqual([
        ['1001', 7],
        ['solusio-user:8', 7],
      ]);
      expect(result.customers.every((customer) => customer.servers[0]?.serverId === 4)).toBe(true);
    });

    it('caps each owner part on its own', () => {
      // Prepare: 400 h with one owner, 320 h with another
      const switchAt = '2026-11-17T16:00:00Z';

      // Act
      const lines = linesOf('2026-11', [
        segment(NOV_START, switchAt),
        segment(switchAt, DEC_START, { owner: { userId: 8, billingUserId: 2002 } }),
      ]);

      // Assess
      expect(lines.map((line) => line.runtimeTokens)).toEqual([2800, 2240]);
    });

    it('joins the parts of an owner who had the server twice', () => {
      // Act
      const lines = linesOf('2026-11', [
        segment('2026-11-03T10:00Z', '2026-11-03T10:20Z'),
        segment('2026-11-03T10:20Z', '2026-11-03T10:40Z', { owner: { userId: 8, billingUserId: 2002 } }),
        segment('2026-11-03T10:40Z', '2026-11-03T11:00Z'),
      ]);

      // Assess
      expect(lines.map((line) => line.runtimeHours)).toEqual([1, 1]);
    });

    it('keeps one part, with one cap, for an owner whose billing_user_id is set during the month', () => {
      // Prepare: user 7 has no billing_user_id for 400 h, then WHMCS links it to 1001 for 320 h
      const linkedAt = '2026-11-17T16:00:00Z';

      // Act
      const result = usage('2026-11', [
        server(4, [
          segment(NOV_START, linkedAt, { owner: { userId: 7, billingUserId: null } }),
          segment(linkedAt, DEC_START, { owner: { userId: 7, billingUserId: 1001 } }),
        ]),
      ]);

      // Assess: one part of 720 h capped at 5000, not 2800 + 2240 = 5040; under the reference at the end
      expect(result.customers).toHaveLength(1);
      expect(result.customers[0]).toMatchObject({ customer: '1001', totalTokens: 5000, money: { USD: 500 } });
      expect(result.customers[0]?.servers).toEqual([expect.objectContaining({ serverId: 4, runtimeHours: 720, runtimeTokens: 5000 })]);
    });

    it.each([
      ['unlinked (null)', null, 'solusio-user:7'],
      ['unlinked (0)', 0, 'solusio-user:7'],
      ['relinked to another client', 2002, '2002'],
    ])('reports an owner %s at the end of the month under its reference at the end', (_name, billingUserId, customer) => {
      // Act: 10 min as 1001, then 10 min with the new reference
      const result = usage('2026-11', [
        server(4, [
          segment('2026-11-03T10:00Z', '2026-11-03T10:10Z', { owner: { userId: 7, billingUserId: 1001 } }),
          segment('2026-11-03T10:10Z', '2026-11-03T10:20Z', { owner: { userId: 7, billingUserId } }),
        ]),
      ]);

      // Assess: one part, one started hour
      expect(result.customers.map((entry) => [entry.customer, entry.totalTokens])).toEqual([[customer, 7]]);
    });

    it("takes the reference of the owner's last billable segment, not of later time that is not billed", () => {
      // Act: billed as 1001 until 11:00, then suspended (not billed) after the owner was relinked to 2002
      const result = usage('2026-11', [
        server(4, [
          segment('2026-11-03T10:00Z', '2026-11-03T11:00Z'),
          segment('2026-11-03T11:00Z', '2026-11-03T12:00Z', { owner: { userId: 7, billingUserId: 2002 }, suspended: true }),
          segment('2026-12-01T00:00Z', '2026-12-02T00:00Z', { owner: { userId: 7, billingUserId: 3003 } }),
        ]),
      ]);

      // Assess
      expect(result.customers.map((entry) => [entry.customer, entry.totalTokens])).toEqual([['1001', 7]]);
    });

    it('prices two users sharing a billing_user_id as two parts, reported as one line of their sums', () => {
      // Prepare: user 1 for 20 min with backups and a gap, then user 2 for 20 min with one extra IP
      const segments = [
        segment('2026-11-03T10:00Z', '2026-11-03T10:20Z', {
          owner: { userId: 1, billingUserId: 1001 },
          backupsEnabled: true,
          flags: ['gap'],
        }),
        segment('2026-11-03T10:20Z', '2026-11-03T10:40Z', {
          owner: { userId: 2, billingUserId: 1001 },
          additionalIpCount: 1,
          flags: ['adjustment'],
        }),
      ];

      // Act
      const result = usage('2026-11', [server(4, segments)]);

      // Assess: each part rounds its own hour (7 + 7 = 14, not 7 for one 40-minute hour). Money is
      // the sum of each part's rounded lines: (7 -> 1 + backup 1 -> 0) + (7 -> 1 + IP 1 -> 0) = 2
      // cents, where the joined figures priced once would give 14 -> 1 cent.
      expect(result).toEqual({
        period: '2026-11',
        customers: [
          {
            customer: '1001',
            totalTokens: 16,
            money: { USD: 2 },
            servers: [
              {
                serverId: 4,
                runtimeHours: 2,
                runtimeTokens: 14,
                ipTokens: 1,
                backupTokens: 1,
                totalTokens: 16,
                prepaid: false,
                flags: ['adjustment', 'gap'],
                money: { USD: 2 },
              },
            ],
          },
        ],
      });
    });

    it('caps the parts of two users sharing a billing_user_id each on its own', () => {
      // Prepare: 400 h for user 1 and 320 h for user 2, both billed to 1001
      const switchAt = '2026-11-17T16:00:00Z';

      // Act
      const lines = linesOf('2026-11', [
        segment(NOV_START, switchAt, { owner: { userId: 1, billingUserId: 1001 } }),
        segment(switchAt, DEC_START, { owner: { userId: 2, billingUserId: 1001 } }),
      ]);

      // Assess: 2800 + 2240, one line
      expect(lines).toEqual([expect.objectContaining({ runtimeHours: 720, runtimeTokens: 5040 })]);
    });
  });

  describe('prepaid servers', () => {
    it('reports runtime hours and zero in every token and money figure', () => {
      // Act
      const result = usage(
        '2026-11',
        [
          server(
            9,
            [segment(NOV_START, '2026-11-30T04:00Z', { backupsEnabled: true, additionalIpCount: 2 })],
            true,
          ),
        ],
        { tokenRates: { USD: '0.001', EUR: '0.00091' } },
      );

      // Assess
      expect(result.customers).toEqual([
        {
          customer: '1001',
          totalTokens: 0,
          money: { EUR: 0, USD: 0 },
          servers: [
            {
              serverId: 9,
              runtimeHours: 700,
              runtimeTokens: 0,
              ipTokens: 0,
              backupTokens: 0,
              totalTokens: 0,
              prepaid: true,
              flags: [],
              money: { EUR: 0, USD: 0 },
            },
          ],
        },
      ]);
    });
  });

  describe('billingStart', () => {
    it.each([
      ['absent', undefined, 720, 5000],
      ['null', null, 720, 5000],
      ['before the period', '2026-10-15T00:00Z', 720, 5000],
      ['inside the period', '2026-11-10T00:00Z', 504, 3528],
      ['inside the period, mid-hour', '2026-11-30T23:30Z', 1, 7],
    ])('bills from billingStart when it is %s', (_name, billingStart, hours, tokens) => {
      // Act
      const line = lineOf('2026-11', [segment('2026-10-01T00:00Z', DEC_START)], { billingStart });

      // Assess
      expect(line).toMatchObject({ runtimeHours: hours, runtimeTokens: tokens });
    });

    it.each([['at the period end', DEC_START], ['after the period', '2027-01-01T00:00Z']])(
      'bills nothing when billingStart is %s',
      (_name, billingStart) => {
        // Act
        const lines = linesOf('2026-11', [segment('2026-10-01T00:00Z', DEC_START)], { billingStart });

        // Assess
        expect(lines).toEqual([]);
      },
    );
  });

  describe('flags', () => {
    it('reports the flags of billable segments, sorted and once', () => {
      // Act
      const line = lineOf('2026-11', [
        segment('2026-11-03T10:00Z', '2026-11-03T11:00Z', { flags: ['gap'] }),
        segment('2026-11-03T11:00Z', '2026-11-03T12:00Z', { flags: ['gap', 'adjustment'] }),
        segment('2026-11-03T12:00Z', '2026-11-03T13:00Z'),
      ]);

      // Assess
      expect(line?.flags).toEqual(['adjustment', 'gap']);
    });

    it('ignores the flags of time that is not billed', () => {
      // Act
      const line = lineOf('2026-11', [
        segment('2026-10-03T10:00Z', '2026-11-01T00:00Z', { flags: ['adjustment'] }),
        segment('2026-11-01T00:00Z', '2026-11-03T11:00Z', { flags: ['gap'], suspended: true }),
        segment('2026-11-03T11:00Z', '2026-11-03T12:00Z'),
      ]);

      // Assess
      expect(line?.flags).toEqual([]);
    });
  });

  describe('money', () => {
    it.each([
      ['USD', '0.001', 5390, 490 + 49],
      ['EUR', '0.00091', 5390, 446 + 45],
      ['JPY', '0.15', 5390, 735 + 74],
      ['BHD', '0.0004', 5390, 1960 + 196],
      ['CHF', '0.00095', 5390, 466 + 47],
    ])('converts each line into %s minor units', (currency, rate, tokens, minor) => {
      // Prepare
      const segments = [segment('2026-11-01T00:00Z', '2026-11-30T04:00Z', { backupsEnabled: true })];

      // Act
      const result = usage('2026-11', [server(12, segments)], { tokenRates: { [currency]: rate } });

      // Assess
      expect(result.customers[0]).toMatchObject({ totalTokens: tokens, money: { [currency]: minor } });
    });

    it('rounds the runtime, IP and backup lines separately', () => {
      // Prepare: runtime 7 (0.7 -> 1 cent), IPs 1 (0.1 -> 0), backups 1 (0.1 -> 0)
      const segments = [segment('2026-11-03T10:00Z', '2026-11-03T10:05Z', { backupsEnabled: true, additionalIpCount: 1 })];

      // Act
      const line = lineOf('2026-11', segments);

      // Assess
      expect(line).toMatchObject({ runtimeTokens: 7, ipTokens: 1, backupTokens: 1, totalTokens: 9, money: { USD: 1 } });
    });

    it('converts exactly where binary floats round the wrong way (114 tokens at USD 0.0025 = 28.5 -> 28)', () => {
      // Prepare: 114 * 0.0025 * 100 is 28.500000000000004 in binary floats, which rounds to 29
      const segments = [segment('2026-11-03T10:00Z', '2026-11-03T11:00Z', { plan: plan({ tokensPerHour: 114 }) })];

      // Act
      const result = usage('2026-11', [server(1, segments)], { tokenRates: { USD: '0.0025' } });

      // Assess: exactly 28.5 cents, half even -> 28
      expect(result.customers[0]).toMatchObject({ totalTokens: 114, money: { USD: 28 } });
    });

    it('reports no money when no rate is configured', () => {
      // Act
      const result = usage('2026-11', [server(1, [segment(NOV_START, DEC_START)])], { tokenRates: {} });

      // Assess
      expect(result.customers[0]?.money).toEqual({});
    });
  });

  describe('input validation and order', () => {
    it('rejects overlapping segments naming the server and the instants', () => {
      // Prepare
      const input = {
        period: '2026-11',
        servers: [
          server(42, [segment('2026-11-05T00:00Z', '2026-11-10T00:00Z'), segment('2026-11-01T00:00Z', '2026-11-05T00:00:01Z')]),
        ],
        settings: settings(),
      };

      // Act
      const act = () => computePeriodUsage(input);

      // Assess
      expect(act).toThrow(OverlappingIntervalsError);
      expect(act).toThrow(
        'Server 42 has overlapping segments: ' +
          '[2026-11-01T00:00Z, 2026-11-05T00:00:01Z) and [2026-11-05T00:00Z, 2026-11-10T00:00Z)',
      );
    });

    it('rejects overlap outside the period too', () => {
      // Prepare
      const segments = [segment('2026-09-01T00:00Z', '2026-09-10T00:00Z'), segment('2026-09-05T00:00Z', DEC_START)];

      // Act
      const act = () => linesOf('2026-11', segments);

      // Assess
      expect(act).toThrow(OverlappingIntervalsError);
    });

    it('accepts touching segments', () => {
      // Act
      const line = lineOf('2026-11', [segment(NOV_START, '2026-11-10T00:00Z'), segment('2026-11-10T00:00Z', DEC_START)]);

      // Assess
      expect(line?.runtimeHours).toBe(720);
    });

    it('rejects a segment that ends before it starts', () => {
      // Act
      const act = () => linesOf('2026-11', [segment('2026-11-10T00:00Z', '2026-11-09T00:00Z')]);

      // Assess
      expect(act).toThrow(InvalidIntervalError);
      expect(act).toThrow('Server 1 has a segment that ends before it starts: [2026-11-10T00:00Z, 2026-11-09T00:00Z)');
    });

    it.each([
      ['alone', [segment('2026-11-10T00:00Z', '2026-11-10T00:00Z')], undefined],
      [
        'inside another segment',
        [
          segment('2026-11-10T00:00Z', '2026-11-10T02:00Z'),
          segment('2026-11-10T01:00Z', '2026-11-10T01:00Z', { plan: plan({ id: 9 }) }),
        ],
        2,
      ],
    ])('ignores a zero-length segment %s', (_name, segments, hours) => {
      // Act
      const line = lineOf('2026-11', segments);

      // Assess
      expect(line?.runtimeHours).toBe(hours);
    });

    it('gives the same result for unsorted input', () => {
      // Prepare
      const first = segment(NOV_START, '2026-11-10T00:00Z', { additionalIpCount: 1 });
      const second = segment('2026-11-10T00:00Z', '2026-11-20T00:00Z', { backupsEnabled: true, plan: plan({ id: 2 }) });
      const third = segment('2026-11-20T00:00Z', DEC_START, { owner: { userId: 3, billingUserId: null } });
      const other = server(2, [segment(NOV_START, DEC_START)]);
      const servers = [server(1, [first, second, third]), other];
      const shuffled = [other, server(1, [third, first, second])];

      // Act
      const expected = usage('2026-11', servers);
      const actual = usage('2026-11', shuffled);

      // Assess
      expect(actual).toEqual(expected);
    });

    it('rejects a server listed twice', () => {
      // Act
      const act = () => usage('2026-11', [server(3, []), server(3, [])]);

      // Assess
      expect(act).toThrow(InvalidUsageInputError);
      expect(act).toThrow('server 3 appears more than once');
    });

    it('rejects a bad rate string before computing anything', () => {
      // Act
      const act = () => usage('2026-11', [server(1, [segment('bad', 'worse')])], { tokenRates: { USD: '0,001' } });

      // Assess
      expect(act).toThrow(ConfigurationError);
      expect(act).toThrow('Invalid setting tokenRates.USD');
    });

    it('rejects a malformed period', () => {
      // Act
      const act = () => usage('2026-13', []);

      // Assess
      expect(act).toThrow(InvalidPeriodError);
    });
  });
});
