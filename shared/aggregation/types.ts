import type { Money, Period, PlanPrices, SegmentOwner, UsageFlag } from '../billing';
import type { UnbilledReason } from '../snapshots/shortLived';

/** A segment as a usage row keeps it: `end` null while open (resolved at read time to the "as of" instant). */
export interface RowSegment {
  readonly start: string;
  readonly end: string | null;
  readonly owner: SegmentOwner;
  readonly plan: PlanPrices;
  readonly backupsEnabled: boolean;
  readonly suspended: boolean;
  readonly additionalIpCount: number;
  readonly flags: UsageFlag[];
}

/**
 * An open period's row for one server under one customer: only what a change alters (design.md
 * cost note). Tokens are computed from it at read time with the billing engine.
 */
export interface UsageRow {
  readonly period: Period;
  readonly customer: string;
  readonly serverId: number;
  /** The SolusIO installation of the server; absent for `default` (items written before installations read as it). */
  readonly installation?: string;
  /** The server's hostname as its month item names it: metadata for the line's description, never priced. */
  readonly hostname?: string;
  /** The longest single snapshot gap inside this customer's time on the server in the period, whole minutes; absent when none. */
  readonly longestGapMinutes?: number;
  readonly prepaid: boolean;
  /** Present (true) only for a metered server: its tokens are billed by the billing system, never pushed. */
  readonly metered?: true;
  readonly segments: RowSegment[];
}

/** Token figures of one invoice line kind. */
export const LINE_KINDS = ['runtime', 'ips', 'backups'] as const;
export type LineKind = (typeof LINE_KINDS)[number];

/**
 * An adjustment: what was recorded about a closed period after it closed, as a difference in
 * tokens per kind, carried by a later open period (possibly negative: a credit).
 */
export interface AdjustmentRow {
  readonly period: Period;
  readonly customer: string;
  readonly serverId: number;
  /** The SolusIO installation of the server; absent for `default` (items written before installations read as it). */
  readonly installation?: string;
  /** The hostname the adjusted month's item names (metadata, as on usage rows). */
  readonly hostname?: string;
  readonly adjustmentOf: Period;
  readonly runtimeTokens: number;
  readonly ipTokens: number;
  readonly backupTokens: number;
  /** Present (true) only when the server is metered: the adjustment is never pushed either. */
  readonly metered?: true;
}

/** `closing`: one close holds the period (its token and lease on the header) until it commits. */
export type PeriodStatus = 'open' | 'closing' | 'closed';

export interface PeriodTotals {
  readonly totalTokens: number;
  /** Per currency: the sum of the rounded invoice lines. */
  readonly money: Money;
  /** Customers with at least one line. */
  readonly customers: number;
}

/**
 * A server of the period the records show existed and the bridge cannot price (short-lived, found
 * in SolusIO's activity log; `shared/snapshots/shortLived.ts`), as usage reports it.
 */
export interface UnbilledEntry {
  readonly serverId: number;
  readonly installation: string;
  readonly createdAt: string;
  /** Null when no record dates its end. */
  readonly deletedAt: string | null;
  readonly reason: UnbilledReason;
}

/** A period header keeps at most this many unbilled servers (oldest first; `unbilledCount` has them all): far under 400 KB. */
export const HEADER_UNBILLED_LIMIT = 1000;

/** A period's header: its state, and once closed its frozen totals (the close's commit point). */
export interface PeriodHeader {
  readonly period: Period;
  readonly status: PeriodStatus;
  /** The latest complete run taken in: open segments run to it. */
  readonly asOf?: string;
  /** The billingStart in force (explicit, or the first complete run). */
  readonly billingStart?: string;
  readonly closedAt?: string;
  readonly totals?: PeriodTotals;
  readonly checksum?: string;
  /** Outbox flag: false between the commit and the BillingPeriodClosed event. */
  readonly published?: boolean;
  /** While `closing`: the holder's token (only it writes lines and commits) and its lease (wall-clock ms). */
  readonly closeToken?: string;
  readonly closeLeaseUntilMs?: number;
  /** Servers of the period the bridge could not price, as of `asOf` (frozen by the close); at most HEADER_UNBILLED_LIMIT. */
  readonly unbilled?: UnbilledEntry[];
  /** How many there are (more than `unbilled` holds only past the limit). */
  readonly unbilledCount?: number;
}

/** One invoice line of a closed period (a server's runtime, IPs or backups, or an adjustment of one). */
export interface InvoiceLine {
  readonly customer: string;
  readonly serverId: number;
  /** The SolusIO installation of the server; absent for `default` (items written before installations read as it). */
  readonly installation?: string;
  /** The server's hostname when known (the description names it too). */
  readonly hostname?: string;
  readonly kind: LineKind;
  readonly adjustmentOf?: Period;
  /** Billed hours (runtime lines). */
  readonly hours?: number;
  readonly tokens: number;
  readonly money: Money;
  readonly prepaid: boolean;
  /** Present (true) only on a metered server's lines: the invoice push leaves them out. */
  readonly metered?: true;
  /** The server line's flags (`gap`, `adjustment`). */
  readonly flags: UsageFlag[];
  /** The server's longest single snapshot gap inside the customer's billable time, whole minutes; absent when none (the push holds past PUSH_HOLD_GAP_HOURS). */
  readonly longestGapMinutes?: number;
  readonly description: string;
}
