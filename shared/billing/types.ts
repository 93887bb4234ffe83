import type { USAGE_FLAGS } from './constants';

/**
 * Types of the billing engine (billing-rules.md). Instants are ISO-8601 UTC strings at this
 * surface; the engine turns them into epoch milliseconds internally.
 */

/** An ISO-8601 UTC instant, e.g. `2026-11-03T10:00:00Z` (`Z` or `+00:00`, optional fraction). */
export type IsoInstant = string;

/** A billing period: a calendar month in UTC named `YYYY-MM`. */
export type Period = string;

/** Marks a usage line may carry (local-contract.md, GET /v1/usage): `adjustment`, `gap`. */
export type UsageFlag = (typeof USAGE_FLAGS)[number];

/** Integer minor units per ISO 4217 currency code, e.g. `{ USD: 539 }`. */
export type Money = Record<string, number>;

/** The SolusIO owner of a server during a segment. */
export interface SegmentOwner {
  readonly userId: number;
  /** The billing system's client id; `null` (or 0, as SolusIO leaves it) when not set. */
  readonly billingUserId: number | null;
}

/** A SolusIO plan's prices as observed during a segment (integers in tokens). */
export interface PlanPrices {
  readonly id: number;
  readonly tokensPerHour: number;
  /** Monthly cap of the runtime; 0 means no cap. */
  readonly tokensPerMonth: number;
  readonly ipTokensPerHour: number;
  /** Monthly cap per additional IP; 0 means no cap. */
  readonly ipTokensPerMonth: number;
  /** Percent of the runtime price; a decimal string (`"12.5"`) or a number. */
  readonly backupPrice: string | number;
}

/** A stretch of time in which nothing billing-relevant about a server changed. */
export interface Segment {
  readonly start: IsoInstant;
  /** Exclusive end; the caller resolves open segments to an "as of" instant. */
  readonly end: IsoInstant;
  readonly owner: SegmentOwner;
  readonly plan: PlanPrices;
  readonly backupsEnabled: boolean;
  readonly suspended: boolean;
  /** Additional (non-primary) IPv4 addresses. */
  readonly additionalIpCount: number;
  readonly flags?: readonly UsageFlag[];
}

/** One server's segments (any order) for the period being computed. */
export interface ServerUsageInput {
  readonly serverId: number;
  readonly prepaid: boolean;
  readonly segments: readonly Segment[];
}

/** Per-currency token rates as decimal strings, e.g. `{ USD: "0.001" }` (money per token). */
export type TokenRatesInput = Readonly<Record<string, string>>;

/** The operator's settings that the rules depend on. */
export interface BillingSettings {
  readonly billSuspendedTime: boolean;
  /** Nothing before this instant is billable; absent or null: no lower bound. */
  readonly billingStart?: IsoInstant | null;
  readonly tokenRates: TokenRatesInput;
}

/** A non-negative exact decimal: `units / 10^scale`. */
export interface Decimal {
  readonly units: bigint;
  readonly scale: number;
}

/** A validated token rate. */
export interface TokenRate {
  readonly currency: string;
  readonly minorDigits: number;
  readonly rate: Decimal;
}

/** Token figures of one server part (one owner's share of a server) in one period. */
export interface ServerTokens {
  readonly runtimeHours: number;
  readonly runtimeTokens: number;
  readonly ipTokens: number;
  readonly backupTokens: number;
}

/** The money of a server's invoice lines, each rounded on its own. */
export interface LineMoney {
  readonly runtime: Money;
  readonly ips: Money;
  readonly backups: Money;
  /** Sum of the three rounded lines. */
  readonly total: Money;
}

/**
 * One server in a customer's usage: the server's owner part whose reference is this customer, or,
 * when several SolusIO owners of the server end the period with this reference, the sum of their
 * separately priced parts.
 */
export interface ServerUsageLine extends ServerTokens {
  readonly serverId: number;
  readonly totalTokens: number;
  readonly prepaid: boolean;
  readonly flags: UsageFlag[];
  /** Sum of the separately rounded runtime, IP and backup lines (of each owner part, when several are joined). */
  readonly money: Money;
}

/** A server's line for one customer, as computed by `computeServerUsage`. */
export interface ServerPart {
  readonly customer: string;
  readonly line: ServerUsageLine;
}

/** One customer's usage in a period. */
export interface CustomerUsage {
  readonly customer: string;
  readonly totalTokens: number;
  readonly money: Money;
  readonly servers: ServerUsageLine[];
}

/** A whole period's usage: the JSON shape of GET /v1/usage (without `status`). */
export interface PeriodUsage {
  readonly period: Period;
  readonly customers: CustomerUsage[];
}

/** Input of `computePeriodUsage`. */
export interface PeriodUsageInput {
  readonly period: Period;
  readonly servers: readonly ServerUsageInput[];
  readonly settings: BillingSettings;
}

/** A half-open interval of epoch milliseconds `[start, end)`. */
export interface MsInterval {
  readonly start: number;
  readonly end: number;
}

/** A plan's prices, validated, in exact arithmetic. */
export interface ParsedPlan {
  readonly id: number;
  /** Identity of a plan group: the plan id and every price as observed. */
  readonly key: string;
  readonly tokensPerHour: bigint;
  readonly tokensPerMonth: bigint;
  readonly ipTokensPerHour: bigint;
  readonly ipTokensPerMonth: bigint;
  readonly backupPrice: Decimal;
}

/** Billable time of one segment inside the billing window, with the state that prices it. */
export interface BillablePiece {
  /** The SolusIO owner (`owner.userId`): owner parts are keyed by it. */
  readonly userId: number;
  /** The owner's billing reference as it stood during this segment. */
  readonly customer: string;
  readonly plan: ParsedPlan;
  readonly ms: number;
  readonly backupsEnabled: boolean;
  readonly additionalIpCount: number;
  readonly flags: readonly UsageFlag[];
}

/** The billable pieces of one server part that share a plan group. */
export interface PlanGroup {
  readonly plan: ParsedPlan;
  readonly pieces: readonly BillablePiece[];
}

/** Settings after validation (`parseBillingSettings`). */
export interface ParsedBillingSettings {
  readonly billSuspendedTime: boolean;
  /** Epoch milliseconds, or `undefined` when there is no billing start. */
  readonly billingStartMs: number | undefined;
  /** Sorted by currency code. */
  readonly rates: readonly TokenRate[];
}
