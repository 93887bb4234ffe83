import type { Period } from '../billing';
import type { Gap } from '../snapshots/DynamoSnapshotStore';
import type { UnbilledServer } from '../snapshots/shortLived';
import type { ServerMonth } from '../snapshots/types';
import type { AdjustmentRow, InvoiceLine, PeriodHeader, PeriodTotals, UnbilledEntry, UsageRow } from './types';

/**
 * What the period services (aggregate, settle late changes, close, read usage) need from storage
 * and from the snapshots; `dynamo/` implements them on the bridge table, unit tests on memory.
 * A reader port is all the read side gets.
 */

// --- period headers ---------------------------------------------------------------------------

/** A period's unbilled servers as its header keeps them: the first ones (oldest first) and how many there are. */
export interface UnbilledList {
  readonly entries: readonly UnbilledEntry[];
  readonly count: number;
}

export interface PeriodHeaderReader {
  /** Every period header (strongly consistent). */
  listHeaders(): Promise<PeriodHeader[]>;
  getHeader(period: Period): Promise<PeriodHeader | undefined>;
}

export interface PeriodHeaderStore extends PeriodHeaderReader {
  /** Records how far an open period is aggregated (and what it could not price); never touches one a close holds or closed. */
  putOpenHeader(period: Period, asOf: string, billingStart: string | undefined, unbilled?: UnbilledList): Promise<void>;
}

/** What a close commits on the header. */
export interface CloseCommit {
  readonly asOf: string;
  readonly billingStart?: string;
  readonly closedAt: string;
  readonly totals: PeriodTotals;
  readonly checksum: string;
}

/** One closed item: a customer's lines of one server (or of one server's adjustment of an earlier period). */
export interface ClosedItem {
  readonly customer: string;
  readonly serverId: number;
  /** Absent: `default`. */
  readonly installation?: string;
  readonly adjustmentOf?: Period;
  readonly lines: readonly InvoiceLine[];
}

/** What a close froze of an adjustment of `of` (later adjustments of `of` subtract it). */
export interface SettledAdjustment {
  readonly inPeriod: Period;
  readonly customer: string;
  readonly serverId: number;
  /** Absent: `default` (entries written before installations have none). */
  readonly installation?: string;
  readonly runtimeTokens: number;
  readonly ipTokens: number;
  readonly backupTokens: number;
  /** The checksum of the close of `inPeriod` that froze it. */
  readonly checksum: string;
}

export interface SettledAdjustmentOf extends SettledAdjustment {
  readonly of: Period;
}

/** What one close writes under its lock before it commits: its lines' items, then what its adjustments settle. */
export interface HeldCloseWrites {
  /** The close's checksum: every item carries it, readers take only the committed one's. */
  readonly checksum: string;
  readonly items: readonly ClosedItem[];
  readonly settled: readonly SettledAdjustmentOf[];
}

/**
 * One close of a period at a time: a token and a lease on the header (`closing`), the holder's
 * writes each checked against it, its commit (the header flips to `closed`), and the outbox flag.
 */
export interface CloseLock {
  /** `open` (or no header) or a `closing` whose lease ran out -> `closing` for `token`; false when held or closed. */
  lockClose(period: Period, token: string, nowMs: number, leaseMs: number): Promise<boolean>;
  /** Throws CloseLockLostError (nothing more written) once the lock is not `token`'s any more. */
  writeClosedItems(period: Period, token: string, writes: HeldCloseWrites): Promise<void>;
  /** `closing` (held by `token`) -> `closed` with its totals, in one conditional write; false when the lock is not this close's. */
  commitClose(period: Period, token: string, fields: CloseCommit, unbilled?: UnbilledList): Promise<boolean>;
  /** `closing -> open` for a close that failed; only with its token. */
  releaseClose(period: Period, token: string): Promise<void>;
  /** Clears the outbox flag once BillingPeriodClosed is out; true when this call cleared it. */
  markPublished(period: Period): Promise<boolean>;
}

// --- usage rows and the aggregation manifest -------------------------------------------------

/** What a usage partition (one customer, one period) holds. */
export interface CustomerRows {
  readonly rows: UsageRow[];
  readonly adjustments: AdjustmentRow[];
}

export interface UsageRowReader {
  /** One customer's rows and adjustments of a period. */
  customerRows(period: Period, customer: string): Promise<CustomerRows>;
  /** Rows of up to `limit` customers after `afterCustomer` (customer order), and whether more follow. */
  rowsPage(period: Period, afterCustomer: string | undefined, limit: number): Promise<CustomerRows & { customers: string[]; more: boolean }>;
  /** Every row and adjustment of a period (from an eventually consistent index). */
  allRows(period: Period): Promise<CustomerRows>;
}

export type UsageRowChange = { readonly put: UsageRow } | { readonly remove: { readonly period: Period; readonly customer: string; readonly serverId: number; readonly installation?: string } };

export interface UsageRowStore extends UsageRowReader {
  /** Not atomic: each change applies on its own and may be repeated. */
  writeRows(changes: readonly UsageRowChange[]): Promise<void>;
}

/** One manifest shard: per server id, what its rows were last written from (`<rows hash>|<customers>`). */
export interface ManifestShard {
  readonly version: number;
  readonly servers: Record<string, string>;
}

/** One installation's manifest (`AGG@<installation>#<period>`). */
export interface AggregationManifest {
  readManifest(period: Period): Promise<Map<number, ManifestShard>>;
  /** False when another aggregation wrote the shard since `expectedVersion` was read (0: none yet). */
  writeManifestShard(period: Period, shard: number, servers: Record<string, string>, expectedVersion: number): Promise<boolean>;
}

// --- closed lines -----------------------------------------------------------------------------

export interface ClosedLineReader {
  /** A customer's closed lines, of the close whose checksum is `checksum` only. */
  closedLinesOf(period: Period, customer: string, checksum: string): Promise<InvoiceLine[]>;
  /** Closed lines (of `checksum`'s close) of up to `limit` customers after `afterCustomer`, from an eventually consistent index. */
  closedPage(period: Period, afterCustomer: string | undefined, limit: number, checksum: string): Promise<{ lines: InvoiceLine[]; customers: string[]; more: boolean }>;
}

// --- late changes and adjustments -------------------------------------------------------------

/** One installation's late marks (`LATE@<installation>#<period>`). */
export interface LateMarks {
  /** Servers whose items of a past period changed after it ended, each with its mark's token, by server id. */
  lateServers(period: Period): Promise<Map<number, string>>;
  /** Clears the marks that still hold the token read: a server marked again since keeps its mark. */
  clearLate(period: Period, marks: ReadonlyMap<number, string>): Promise<void>;
}

export type AdjustmentChange =
  | { readonly put: AdjustmentRow }
  | { readonly remove: { readonly period: Period; readonly customer: string; readonly adjustmentOf: Period; readonly serverId: number; readonly installation?: string } };

export interface Adjustments {
  settledAdjustments(of: Period): Promise<SettledAdjustment[]>;
  /** Only while `period` is `open`, else ConflictError `period_closed` (the next aggregation writes into the next open period). */
  writeIntoOpenPeriod(period: Period, changes: readonly AdjustmentChange[]): Promise<void>;
}

// --- what the snapshots hold ------------------------------------------------------------------

/** The snapshot reads the aggregation prices from, of one installation (DynamoSnapshotStore). */
export interface ServerMonthSource {
  readObserved(): Promise<{ readonly firstCompleteRun?: string }>;
  listServerMonths(period: Period, options?: { consistent?: boolean }): Promise<ServerMonth[]>;
  getServerMonths(wanted: readonly { serverId: number; period: Period }[]): Promise<ServerMonth[]>;
  gapsOverlapping(kind: string, from: string, to: string): Promise<Gap[]>;
  listUnbilled(period: Period): Promise<UnbilledServer[]>;
}

/** The latest complete snapshot run (DynamoRunRepository). */
export interface CompleteRuns {
  getLatestCompleteRun(kind: 'servers'): Promise<{ readonly time: string } | undefined>;
}

/** Servers the billing system created as prepaid (reported with 0 tokens). */
export type PrepaidServers = () => Promise<ReadonlySet<number>>;

/** Servers the billing system created as metered (tokens reported, never pushed). */
export type MeteredServers = () => Promise<ReadonlySet<number>>;

// --- the ports together -----------------------------------------------------------------------

/** What the read side is built from: reads only. */
export interface UsageReadPorts {
  readonly headers: PeriodHeaderReader;
  readonly rows: UsageRowReader;
  readonly closedLines: ClosedLineReader;
}

/**
 * What the aggregation, the settlement of late changes and the close are built from; `manifest`
 * and `marks` are the default installation's (an InstallationScope has each installation's).
 */
export interface AggregationPorts {
  readonly headers: PeriodHeaderStore & CloseLock;
  readonly rows: UsageRowStore;
  readonly closedLines: ClosedLineReader;
  readonly manifest: AggregationManifest;
  readonly marks: LateMarks;
  readonly adjustments: Adjustments;
}
