import type { Period, PlanPrices, SegmentOwner } from '../billing';

/**
 * Types of the snapshot pipeline: what the bridge observes of a server, and how it stores it as
 * segments (design.md "Snapshots are deltas, not copies").
 */

/** The billing-relevant state of a server (billing-rules.md "What is billable"): a change of any field starts a segment. */
export interface ServerState {
  readonly owner: SegmentOwner;
  readonly plan: PlanPrices;
  readonly backupsEnabled: boolean;
  readonly suspended: boolean;
  readonly additionalIpCount: number;
}

/**
 * How a segment boundary was dated: SolusIO's `created_at`, an activity-log entry, the bridge's own
 * API call, the scheduled time of the run that observed it, or the start of a month (a segment
 * carried over from the previous month's item, not a change).
 */
export const BOUNDARY_SOURCES = ['created_at', 'activity_log', 'api', 'run', 'period_start'] as const;
export type BoundarySource = (typeof BOUNDARY_SOURCES)[number];

/** A stretch of unchanged state as stored in a server's month item. */
export interface StoredSegment extends ServerState {
  readonly start: string;
  /** Exclusive end; absent while open (through the month's end, or as of the latest complete run in the current month). */
  readonly end?: string;
  readonly startBy: BoundarySource;
  readonly endBy?: BoundarySource;
  /** The run (scheduled time) that recorded the start; absent for a carried-over segment. */
  readonly startRun?: string;
  readonly endRun?: string;
}

/** A change the bridge made itself through the SolusIO API, at an exact time (billing-rules.md). */
export type ApiChange =
  | { readonly at: string; readonly field: 'suspended'; readonly value: boolean }
  | { readonly at: string; readonly field: 'planId'; readonly value: number }
  | { readonly at: string; readonly field: 'backupsEnabled'; readonly value: boolean }
  | { readonly at: string; readonly field: 'deleted'; readonly value: true };

/** One server's segments inside one period (the unit aggregation reads). */
export interface ServerMonth {
  readonly serverId: number;
  readonly period: Period;
  readonly segments: readonly StoredSegment[];
  readonly apiChanges: readonly ApiChange[];
  /**
   * The server's hostname (SolusIO's `name`) as last observed in this month: metadata that names
   * the invoice lines, never a billing input. Absent on items written before it was kept.
   */
  readonly hostname?: string;
  /** Optimistic-locking counter: every write checks and bumps it. */
  readonly version: number;
}

/** A server the bridge knows (its observed state as of the latest run that saw it). */
export interface KnownServer {
  readonly id: number;
  readonly state: ServerState;
  /** Its hostname as last observed (metadata, outside `state`: a rename changes no billing). */
  readonly hostname?: string;
  /** Not listed by a complete run and held open by the mass-disappearance guard: the last run that saw it. */
  readonly missingLastSeen?: string;
  /** Not listed by a complete run and `GET servers/{id}` could not tell: the last run that saw it. */
  readonly unconfirmedLastSeen?: string;
  /** Ended (delete requested) while SolusIO still lists it: it is not reopened. */
  readonly deletedAt?: string;
}

/** What the run record keeps (local-contract.md "Invoking functions by hand"). */
export interface ServersRunRecord {
  readonly kind: 'servers';
  readonly time: string;
  readonly complete: boolean;
  readonly suspect: boolean;
  readonly suspectServerIds: readonly number[];
  readonly serversSeen: number;
  readonly changes: number;
  readonly pages: number;
  /** SHA-256 of the observed set (ids and states) as this run saw it. */
  readonly digest: string;
  /** Set when the previous complete run is further back than the gap tolerance. */
  readonly gapFrom?: string;
  /** A run older than the newest stored run: recorded, nothing applied. */
  readonly superseded?: boolean;
  /** Why the run is partial. */
  readonly error?: string;
  /** Deletions of this suspect run confirmed by an admin, and when. */
  readonly confirmedAt?: string;
  /**
   * Servers whose changes this run could not record because their month item is full (DynamoDB's
   * 400 KB): held at their last recorded state, the change detected again by the next run.
   */
  readonly heldServerIds?: readonly number[];
  /** Servers created and deleted since the previous complete run that no run listed, billed by this run from the bridge's own records. */
  readonly shortLivedServerIds?: readonly number[];
  /** Such servers the bridge cannot price, first recorded by this run (usage lists them in `unbilled`). */
  readonly unbilledServerIds?: readonly number[];
}
