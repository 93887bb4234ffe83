// Over 300 lines: the billing engine's properties share one set of generators.
import fc from 'fast-check';
import { computePeriodUsage, periodBoundsMs } from '../../../../shared/billing';
import type {
  BillingSettings,
  PeriodUsage,
  PlanPrices,
  Segment,
  SegmentOwner,
  ServerUsageInput,
  UsageFlag,
} from '../../../../shared/billing';

const PERIOD = '2026-11';
const WINDOW = periodBoundsMs(PERIOD);
const TIMELINE_START = Date.UTC(2026, 9, 20);
const MINUTE = 60_000;
const RATES = { USD: '0.001', EUR: '0.00091', JPY: '0.15', BHD: '0.0004' };
/** ISO 4217 minor digits of the currencies in RATES, written down here rather than taken from the engine. */
const MINOR_DIGITS: Record<string, number> = { USD: 2, EUR: 2, JPY: 0, BHD: 3 };

/** Owners whose billing reference never changes: users 1 and 3 share 1001. */
const STABLE_OWNERS: SegmentOwner[] = [
  { userId: 1, billingUserId: 1001 },
  { userId: 2, billingUserId: null },
  { userId: 3, billingUserId: 1001 },
];

/** Adds user 2 linked to 2002 and user 1 unlinked (0): references that change during a month. */
const OWNERS: SegmentOwner[] = [...STABLE_OWNERS, { userId: 2, billingUserId: 2002 }, { userId: 1, billingUserId: 0 }];

interface Chunk {
  readonly gapMinutes: number;
  readonly minutes: number;
  readonly seconds: number;
  readonly plan: PlanPrices;
  readonly owner: SegmentOwner;
  readonly backupsEnabled: boolean;
  readonly suspended: boolean;
  readonly additionalIpCount: number;
  readonly flags: UsageFlag[];
}

const planArb = (capped: boolean): fc.Arbitrary<PlanPrices> =>
  fc.record({
    id: fc.integer({ min: 1, max: 3 }),
    tokensPerHour: fc.integer({ min: 0, max: 20 }),
    tokensPerMonth: capped ? fc.integer({ min: 1, max: 6000 }) : fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 6000 })),
    ipTokensPerHour: fc.integer({ min: 0, max: 3 }),
    ipTokensPerMonth: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 600 })),
    backupPrice: fc.constantFrom<string | number>('0', '10', '12.5', 7.25, '33.333'),
  });

const chunkArb = (plans: PlanPrices[], owners: SegmentOwner[]): fc.Arbitrary<Chunk> =>
  fc.record({
    gapMinutes: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 5_000 })),
    minutes: fc.integer({ min: 0, max: 20_000 }),
    seconds: fc.integer({ min: 0, max: 59 }),
    plan: fc.constantFrom(...plans),
    owner: fc.constantFrom(...owners),
    backupsEnabled: fc.boolean(),
    suspended: fc.boolean(),
    additionalIpCount: fc.integer({ min: 0, max: 3 }),
    flags: fc.subarray<UsageFlag>(['adjustment', 'gap']),
  });

const chunksArb = (capped = false, owners = OWNERS): fc.Arbitrary<Chunk[]> =>
  fc
    .array(planArb(capped), { minLength: 1, maxLength: 3 })
    .chain((plans) => fc.array(chunkArb(plans, owners), { minLength: 1, maxLength: 8 }));

const iso = (ms: number): string => new Date(ms).toISOString();

/** Lays chunks out one after the other (each after its gap) from a start offset. */
const toSegments = (chunks: readonly Chunk[], offsetMinutes: number): Segment[] => {
  let cursor = TIMELINE_START + offsetMinutes * MINUTE;
  return chunks.map((chunk) => {
    cursor += chunk.gapMinutes * MINUTE;
    const start = cursor;
    cursor += chunk.minutes * MINUTE + chunk.seconds * 1000;
    return {
      start: iso(start),
      end: iso(cursor),
      owner: chunk.owner,
      plan: chunk.plan,
      backupsEnabled: chunk.backupsEnabled,
      suspended: chunk.suspended,
      additionalIpCount: chunk.additionalIpCount,
      flags: chunk.flags,
    };
  });
};

const serverArb = (capped = false): fc.Arbitrary<ServerUsageInput> =>
  fc
    .record({
      serverId: fc.integer({ min: 1, max: 1_000 }),
      prepaid: fc.boolean(),
      chunks: chunksArb(capped),
      offset: fc.integer({ min: 0, max: 40_000 }),
    })
    .map(({ serverId, prepaid, chunks, offset }) => ({ serverId, prepaid, segments: toSegments(chunks, offset) }));

const fleetArb = fc.uniqueArray(serverArb(), { minLength: 1, maxLength: 4, selector: (server) => server.serverId });

const settingsArb: fc.Arbitrary<BillingSettings> = fc.record({
  billSuspendedTime: fc.boolean(),
  billingStart: fc.option(fc.integer({ min: 0, max: 45 * 24 * 60 }).map((minutes) => iso(TIMELINE_START + minutes * MINUTE)), {
    nil: undefined,
  }),
  tokenRates: fc.constant(RATES),
});

const compute = (servers: readonly ServerUsageInput[], settings: BillingSettings): PeriodUsage =>
  computePeriodUsage({ period: PERIOD, servers, settings });

/** Every server line keyed by customer and server id. */
const linesByKey = (usage: PeriodUsage) =>
  new Map(
    usage.customers.flatMap((customer) =>
      customer.servers.map((line) => [`${customer.customer}/${line.serverId}`, line] as const),
    ),
  );

/** The billing reference of an owner, as billing-rules.md defines it (the test's own reading). */
const referenceOf = (owner: SegmentOwner): string =>
  owner.billingUserId === null || owner.billingUserId === 0 ? `solusio-user:${owner.userId}` : String(owner.billingUserId);

interface ExpectedPart {
  /** Reference of the owner's last billable segment in the period. */
  readonly customer: string;
  /** Monthly caps of the plans of the owner's billable segments. */
  readonly caps: readonly number[];
}

/** A server's owner parts worked out from its segments: one per SolusIO user with billable time. */
const ownerParts = (server: ServerUsageInput, settings: BillingSettings): ExpectedPart[] => {
  const from = Math.max(WINDOW.start, typeof settings.billingStart === 'string' ? Date.parse(settings.billingStart) : WINDOW.start);
  const billable = server.segments
    .filter((segment) => settings.billSuspendedTime || !segment.suspended)
    .filter((segment) => Math.min(Date.parse(segment.end), WINDOW.end) > Math.max(Date.parse(segment.start), from))
    .sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
  const parts = new Map<number, ExpectedPart>();
  for (const segment of billable) {
    const caps = parts.get(segment.owner.userId)?.caps ?? [];
    parts.set(segment.owner.userId, { customer: referenceOf(segment.owner), caps: [...caps, segment.plan.tokensPerMonth] });
  }
  return [...parts.values()];
};

/** `round_half_even(numerator / denominator)` for non-negative integers. */
const roundHalfEven = (numerator: bigint, denominator: bigint): bigint => {
  const quotient = numerator / denominator;
  const twiceRemainder = 2n * (numerator % denominator);
  const up = twiceRemainder > denominator || (twiceRemainder === denominator && quotient % 2n === 1n);
  return up ? quotient + 1n : quotient;
};

/** A rate string as an exact fraction of minor units per token: `numerator / denominator`. */
const minorPerToken = (currency: string): { numerator: bigint; denominator: bigint } => {
  const [whole = '', fraction = ''] = (RATES[currency as keyof typeof RATES] ?? '').split('.');
  return {
    numerator: BigInt(whole + fraction) * 10n ** BigInt(MINOR_DIGITS[currency] ?? 2),
    denominator: 10n ** BigInt(fraction.length),
  };
};

describe('computePeriodUsage (properties)', () => {
  it("never bills an owner part's runtime above the largest cap of its plans when every plan has a cap", () => {
    fc.assert(
      fc.property(serverArb(true), fc.boolean(), (server, billSuspendedTime) => {
        // Prepare
        const settings = { billSuspendedTime, tokenRates: RATES };
        const parts = ownerParts(server, settings);

        // Act
        const usage = compute([{ ...server, prepaid: false }], settings);

        // Assess: one line per reference at the end of the owners' parts, each at most the sum of its
        // parts' largest caps (one part: its largest cap)
        expect(usage.customers.map((customer) => customer.customer)).toEqual(
          [...new Set(parts.map((part) => part.customer))].sort(),
        );
        for (const customer of usage.customers) {
          const mine = parts.filter((part) => part.customer === customer.customer);
          const bound = mine.reduce((sum, part) => sum + Math.max(...part.caps), 0);
          expect(customer.servers).toHaveLength(1);
          expect(customer.servers[0]?.runtimeTokens).toBeLessThanOrEqual(bound);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('never lowers a figure when billable time is added', () => {
    fc.assert(
      fc.property(
        chunksArb(false, STABLE_OWNERS),
        fc.integer({ min: 0, max: 40_000 }),
        fc.nat(),
        fc.integer({ min: 1, max: 5_000 }),
        fc.boolean(),
        (chunks, offset, pick, trailingMinutes, billSuspendedTime) => {
          // Prepare: fill one gap before a chunk (or add time after the last one) with a copy of a chunk's state
          const segments = toSegments(chunks, offset);
          const gaps = segments.flatMap((segment, index) => {
            const previousEnd = index === 0 ? undefined : segments[index - 1]?.end;
            return previousEnd !== undefined && previousEnd !== segment.start ? [{ start: previousEnd, end: segment.start }] : [];
          });
          const last = segments[segments.length - 1] as Segment;
          gaps.push({ start: last.end, end: iso(Date.parse(last.end) + trailingMinutes * MINUTE) });
          const gap = gaps[pick % gaps.length] as { start: string; end: string };
          const template = segments[pick % segments.length] as Segment;
          const added = { ...template, ...gap, suspended: template.suspended && billSuspendedTime };
          const settings = { billSuspendedTime, tokenRates: RATES };

          // Act
          const before = linesByKey(compute([{ serverId: 1, prepaid: false, segments }], settings));
          const after = linesByKey(compute([{ serverId: 1, prepaid: false, segments: [...segments, added] }], settings));

          // Assess
          for (const [key, line] of before) {
            const grown = after.get(key);
            expect(grown).toBeDefined();
            for (const figure of ['runtimeHours', 'runtimeTokens', 'ipTokens', 'backupTokens', 'totalTokens'] as const) {
              expect(grown?.[figure]).toBeGreaterThanOrEqual(line[figure]);
            }
            for (const currency of Object.keys(RATES)) {
              expect(grown?.money[currency]).toBeGreaterThanOrEqual(line.money[currency] as number);
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('changes nothing when a segment is split in two without a change of state', () => {
    fc.assert(
      fc.property(fleetArb, settingsArb, fc.nat(), fc.double({ min: 0, max: 1, noNaN: true }), (servers, settings, pick, at) => {
        // Prepare
        const target = servers[pick % servers.length] as ServerUsageInput;
        const segment = target.segments[pick % target.segments.length] as Segment;
        const startMs = Date.parse(segment.start);
        const splitAt = iso(startMs + Math.floor((Date.parse(segment.end) - startMs) * at));
        const split = servers.map((server) =>
          server === target
            ? {
                ...server,
                segments: server.segments.flatMap((entry) =>
                  entry === segment ? [{ ...entry, end: splitAt }, { ...entry, start: splitAt }] : [entry],
                ),
              }
            : server,
        );

        // Act
        const whole = compute(servers, settings);
        const halves = compute(split, settings);

        // Assess
        expect(halves).toEqual(whole);
      }),
      { numRuns: 300 },
    );
  });

  it('does not depend on the order of servers or segments', () => {
    const shuffled = fleetArb.chain((servers) =>
      fc.tuple(
        fc.constant(servers),
        fc.shuffledSubarray(
          servers.map((server) => server.serverId),
          { minLength: servers.length, maxLength: servers.length },
        ),
        fc.array(fc.nat(), { minLength: 16, maxLength: 16 }),
      ),
    );
    fc.assert(
      fc.property(shuffled, settingsArb, ([servers, order, keys], settings) => {
        // Prepare: servers in a shuffled order, each server's segments reordered by random keys
        const reorder = <T>(list: readonly T[]): T[] =>
          list
            .map((item, index) => ({ item, key: keys[index % keys.length] as number }))
            .sort((a, b) => a.key - b.key)
            .map(({ item }) => item);
        const permuted = order.map((serverId) => {
          const server = servers.find((entry) => entry.serverId === serverId) as ServerUsageInput;
          return { ...server, segments: reorder(server.segments) };
        });

        // Act
        const original = compute(servers, settings);
        const reordered = compute(permuted, settings);

        // Assess
        expect(reordered).toEqual(original);
      }),
      { numRuns: 300 },
    );
  });

  it("prices each line's money exactly and sums a customer's money from its lines", () => {
    fc.assert(
      fc.property(fleetArb, settingsArb, (servers, settings) => {
        // Act
        const usage = compute(servers, settings);

        // Assess
        for (const customer of usage.customers) {
          for (const currency of Object.keys(RATES)) {
            const { numerator, denominator } = minorPerToken(currency);
            for (const line of customer.servers) {
              const server = servers.find((entry) => entry.serverId === line.serverId) as ServerUsageInput;
              const parts = ownerParts(server, settings).filter((part) => part.customer === customer.customer).length;
              const money = BigInt(line.money[currency] as number);
              if (parts === 1) {
                // One owner part: the sum of its three lines, each rounded half even on its own
                const expected = [line.runtimeTokens, line.ipTokens, line.backupTokens]
                  .map((tokens) => roundHalfEven(BigInt(tokens) * numerator, denominator))
                  .reduce((sum, amount) => sum + amount, 0n);
                expect(money).toBe(expected);
              } else {
                // Joined parts: each of the 3 lines per part is within half a minor unit of exact
                const exact = BigInt(line.totalTokens) * numerator;
                const distance = money * denominator - exact;
                const twice = 2n * (distance < 0n ? -distance : distance);
                expect(twice <= 3n * BigInt(parts) * denominator).toBe(true);
              }
            }
            expect(customer.money[currency]).toBe(customer.servers.reduce((sum, line) => sum + (line.money[currency] as number), 0));
          }
          for (const line of customer.servers) {
            expect(line.totalTokens).toBe(line.runtimeTokens + line.ipTokens + line.backupTokens);
          }
          expect(customer.totalTokens).toBe(customer.servers.reduce((sum, line) => sum + line.totalTokens, 0));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('reports a prepaid server with the hours of a postpaid one and zero everywhere else', () => {
    fc.assert(
      fc.property(serverArb(), settingsArb, (server, settings) => {
        // Act
        const postpaid = compute([{ ...server, prepaid: false }], settings);
        const prepaid = compute([{ ...server, prepaid: true }], settings);

        // Assess
        expect(prepaid.customers.map((customer) => customer.servers.map((line) => line.runtimeHours))).toEqual(
          postpaid.customers.map((customer) => customer.servers.map((line) => line.runtimeHours)),
        );
        for (const customer of prepaid.customers) {
          expect(customer.totalTokens).toBe(0);
          expect(Object.values(customer.money).every((amount) => amount === 0)).toBe(true);
          for (const line of customer.servers) {
            expect([line.runtimeTokens, line.ipTokens, line.backupTokens, line.totalTokens]).toEqual([0, 0, 0, 0]);
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('matches the closed formula for one plan and one owner', () => {
    const spansArb = fc.array(fc.record({ gap: fc.nat(3_000), minutes: fc.nat(20_000) }), { minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(planArb(false), spansArb, (prices, spans) => {
        // Prepare
        let cursor = TIMELINE_START;
        const segments = spans.map(({ gap, minutes }): Segment => {
          cursor += gap * MINUTE;
          const start = cursor;
          cursor += minutes * MINUTE;
          const state = { backupsEnabled: false, suspended: false, additionalIpCount: 0 };
          return { start: iso(start), end: iso(cursor), owner: OWNERS[0] as SegmentOwner, plan: prices, ...state };
        });
        const clippedMs = (segment: Segment): number =>
          Math.max(0, Math.min(Date.parse(segment.end), WINDOW.end) - Math.max(Date.parse(segment.start), WINDOW.start));
        const billedMs = segments.reduce((sum, segment) => sum + clippedMs(segment), 0);
        const hours = Math.ceil(billedMs / 3_600_000);
        const uncapped = hours * prices.tokensPerHour;
        const runtimeTokens = prices.tokensPerMonth > 0 ? Math.min(uncapped, prices.tokensPerMonth) : uncapped;

        // Act
        const usage = compute([{ serverId: 1, prepaid: false, segments }], { billSuspendedTime: false, tokenRates: RATES });

        // Assess
        if (billedMs === 0) expect(usage.customers).toEqual([]);
        else expect(usage.customers[0]?.servers[0]).toMatchObject({ runtimeHours: hours, runtimeTokens });
      }),
      { numRuns: 300 },
    );
  });
});
