import { computePeriodUsage, groupByPlan } from '../../../../shared/billing';
import { parsePlan } from '../../../../shared/billing/validation';
import type {
  BillablePiece,
  BillingSettings,
  PlanGroup,
  PeriodUsage,
  PlanPrices,
  Segment,
  ServerUsageInput,
  ServerUsageLine,
  UsageFlag,
} from '../../../../shared/billing';

/** The plan of billing-rules.md's worked examples: 7 tokens/h, 5000/month, backups 10 %, IPs 1/h capped 500. */
export const examplePlan: PlanPrices = {
  id: 1,
  tokensPerHour: 7,
  tokensPerMonth: 5000,
  ipTokensPerHour: 1,
  ipTokensPerMonth: 500,
  backupPrice: '10',
};

export const plan = (overrides: Partial<PlanPrices> = {}): PlanPrices => ({ ...examplePlan, ...overrides });

export const defaultOwner = { userId: 7, billingUserId: 1001 };

/** A segment with the example plan, owner 1001, backups off, not suspended, no additional IP. */
export const segment = (start: string, end: string, overrides: Partial<Segment> = {}): Segment => ({
  start,
  end,
  owner: defaultOwner,
  plan: examplePlan,
  backupsEnabled: false,
  suspended: false,
  additionalIpCount: 0,
  ...overrides,
});

export const server = (serverId: number, segments: Segment[], prepaid = false): ServerUsageInput => ({
  serverId,
  prepaid,
  segments,
});

export const settings = (overrides: Partial<BillingSettings> = {}): BillingSettings => ({
  billSuspendedTime: false,
  tokenRates: { USD: '0.001' },
  ...overrides,
});

/** Computes a period for some servers with default settings (overridable). */
export const usage = (
  period: string,
  servers: ServerUsageInput[],
  overrides: Partial<BillingSettings> = {},
): PeriodUsage => computePeriodUsage({ period, servers, settings: settings(overrides) });

/** The lines of a single server's segments in a period (all customers, sorted by customer). */
export const linesOf = (
  period: string,
  segments: Segment[],
  overrides: Partial<BillingSettings> = {},
  prepaid = false,
): ServerUsageLine[] =>
  usage(period, [server(1, segments, prepaid)], overrides).customers.flatMap((customer) => customer.servers);

/** The only line of a single-owner server in a period, or undefined when it has none. */
export const lineOf = (
  period: string,
  segments: Segment[],
  overrides: Partial<BillingSettings> = {},
  prepaid = false,
): ServerUsageLine | undefined => {
  const lines = linesOf(period, segments, overrides, prepaid);
  if (lines.length > 1) throw new Error(`expected at most one line, got ${lines.length}`);
  return lines[0];
};

/** A billable piece of some hours (or exact milliseconds with `ms`) for the unit tests of the pricing steps. */
export const piece = (
  hours: number,
  overrides: { plan?: PlanPrices; backupsEnabled?: boolean; additionalIpCount?: number; ms?: number; flags?: UsageFlag[] } = {},
): BillablePiece => ({
  userId: 7,
  customer: '1001',
  plan: parsePlan(overrides.plan ?? examplePlan, 'plan'),
  ms: overrides.ms ?? hours * 3_600_000,
  backupsEnabled: overrides.backupsEnabled ?? false,
  additionalIpCount: overrides.additionalIpCount ?? 0,
  flags: overrides.flags ?? [],
});

/** Plan groups of some pieces. */
export const groupsOf = (...pieces: BillablePiece[]): PlanGroup[] => groupByPlan(pieces);
