import type { InvoiceLine } from '../aggregation/types';
import type { Period } from '../billing';
import type { HeldGap } from './gapHold';
import type { ErrorView, PushRecord, PushRun } from './pushState';
import type { BillingSystemName } from './types';

/** Where a period's invoice lines come from (the aggregation; `status` says whether it is closed). */
export interface ClosedInvoicesSource {
  invoices(period: Period): Promise<{ status: 'open' | 'closed'; lines: InvoiceLine[] }>;
  /** The period's state alone (one read), for accepting a push without computing it. */
  status(period: Period): Promise<'open' | 'closed'>;
}

/** Whose invoice a push record is about, and what it would bill. */
export interface PushSubject {
  readonly period: Period;
  readonly customer: string;
  readonly system: BillingSystemName;
  readonly tag: string;
  readonly currency: string;
  readonly totalMinor: number;
}

export interface PushClaim extends PushSubject {
  /** Wall clock, for leases. */
  readonly nowMs: number;
  readonly leaseMs: number;
  /** The push's time (the event's): recorded as `updatedAt`, and what `settlesAt` is compared with. */
  readonly time: string;
  readonly timeMs: number;
  /** Whether a `failed` record is taken up again (a push asked for; the retry schedule leaves them). */
  readonly retryFailed: boolean;
}

/** A customer held for a snapshot gap, as a push records it (`skipped`, `held_gap`; no lease, no attempt). */
export interface PushHold extends PushSubject {
  readonly heldGap: HeldGap;
  readonly time: string;
}

export type ClaimResult = { readonly claimed: true; readonly record: PushRecord } | { readonly claimed: false; readonly record: PushRecord | undefined };

/** How a held customer's push ends; written only under the same lease. */
export type PushSettlement =
  | { readonly status: 'pushed'; readonly invoiceId: string; readonly foundByTag: boolean }
  | { readonly status: 'unknown'; readonly settlesAt: string; readonly lastError: ErrorView }
  | { readonly status: 'pending'; readonly lastError: ErrorView }
  | { readonly status: 'failed'; readonly error: ErrorView }
  | { readonly status: 'skipped'; readonly reason: 'currency_mismatch'; readonly clientCurrency: string };

/** Push records: one per period and customer, every state change a conditional write. */
export interface PushRecordRepository {
  list(period: Period): Promise<PushRecord[]>;
  get(period: Period, customer: string): Promise<PushRecord | undefined>;
  /**
   * Takes the customer's push (`in_progress` with a lease): a new record, a `pending` one, an
   * `in_progress` one whose lease ran out, an `unknown` one whose `settlesAt` is at or before the
   * push time, or (`retryFailed`) a `failed` or `skipped` one. Anything else answers the current record.
   */
  claim(claim: PushClaim): Promise<ClaimResult>;
  /**
   * Records the customer held for a snapshot gap when it has no record yet (one conditional write,
   * so a confirmed push that claimed it meanwhile is never overwritten); otherwise answers the
   * record as it is (`held: false`).
   */
  hold(hold: PushHold): Promise<{ readonly held: boolean; readonly record: PushRecord | undefined }>;
  /**
   * Writes `invoiceId` to a held record the moment a create of several calls made the invoice (before
   * its lines), so an interrupted create is resumed by it; false when the lease was lost meanwhile.
   */
  recordCreated(record: PushRecord, invoiceId: string, time: string): Promise<boolean>;
  /** Ends a held push; undefined when the lease was lost meanwhile (another push took over). */
  settle(record: PushRecord, settlement: PushSettlement, time: string): Promise<PushRecord | undefined>;
  /** `pushed -> pending` for an invoice the billing system no longer holds; false when the record changed. */
  reopen(record: PushRecord, time: string): Promise<boolean>;
}

/**
 * A period's push run (see `pushRunSchema`). Plain writes, the latest wins: a run item only says
 * what to look at again (the customers' records decide every push), and a stale `outstanding`
 * costs at most one more retry-pushes pass, which writes it anew.
 */
export interface PushRunRepository {
  getRun(period: Period): Promise<PushRun | undefined>;
  listRuns(): Promise<PushRun[]>;
  /** A push was accepted (HTTP) or started: it may work until `nowMs + leaseMs`. */
  markRun(period: Period, stage: 'accepted' | 'started', time: string, nowMs: number, leaseMs: number): Promise<void>;
  finishRun(period: Period, time: string, nowMs: number, outstanding: number): Promise<void>;
}
