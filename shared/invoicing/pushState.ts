import * as z from 'zod';
import { SKIP_REASONS } from './draftInvoices';
import { BILLING_SYSTEMS } from './types';

/**
 * The one vocabulary of pushes (docs/billing-systems.md, "Push states"): a customer's push record
 * and its outcome in a push answer use the same words.
 * - `pending`: to be pushed (after a retryable failure, with `lastError`);
 * - `in_progress`: a push holds the customer's lease;
 * - `pushed`: the billing system holds the invoice (`invoiceId`);
 * - `unknown`: a create got no answer; nothing is created for the customer until a lookup at or
 *   after `settlesAt` settles it;
 * - `skipped`: no invoice is due (`reason`); computed from the period, except `currency_mismatch`
 *   (the billing system bills the client in another currency) and `held_gap` (a snapshot gap
 *   longer than PUSH_HOLD_GAP_HOURS, until an operator confirms), which a push records;
 * - `failed`: a person must look (`error`: credentials, unknown client, refusal, an invoice that
 *   differs, duplicates).
 */
export const PUSH_STATES = ['pending', 'in_progress', 'pushed', 'unknown', 'skipped', 'failed'] as const;
export type PushState = (typeof PUSH_STATES)[number];

/** The states a stored push record can be in (`skipped` only for `currency_mismatch` and `held_gap`: the other skips have none). */
export const RECORD_STATES = ['pending', 'in_progress', 'pushed', 'unknown', 'skipped', 'failed'] as const;
export type RecordState = (typeof RECORD_STATES)[number];

/** Reconciliation of one customer: the billing system read now against what the bridge computed and recorded. */
export const RECONCILE_STATUSES = ['match', 'missing', 'differs', 'duplicate', 'skipped', 'unknown', 'error'] as const;
export type ReconcileStatus = (typeof RECONCILE_STATUSES)[number];

export interface ErrorView {
  readonly code: string;
  readonly message: string;
}

export const errorViewSchema = z.object({ code: z.string(), message: z.string() });

/** Records written before the vocabulary kept `lastError` as one string. */
const storedErrorSchema = z.union([errorViewSchema, z.string().transform((message): ErrorView => ({ code: 'Error', message }))]);

export function errorView(error: unknown): ErrorView {
  if (error instanceof Error) return { code: error.name, message: error.message };
  return { code: 'Error', message: String(error) };
}

/** A customer's push of one closed period: one item, changed only by conditional writes. */
export const pushRecordSchema = z.object({
  period: z.string(),
  customer: z.string(),
  status: z.enum(RECORD_STATES),
  system: z.enum(BILLING_SYSTEMS),
  tag: z.string(),
  currency: z.string(),
  totalMinor: z.number().int(),
  /** `in_progress`: the wall-clock ms until which the holder may work on it (0 otherwise). */
  leaseUntilMs: z.number(),
  attempts: z.number().int().nonnegative(),
  /** `pushed`: the invoice. Any other state: a draft an interrupted create of several calls left (HostBill), resumed by this id. */
  invoiceId: z.string().optional(),
  /** Whether the invoice was found by its tag (an earlier attempt created it) rather than created now. */
  foundByTag: z.boolean().optional(),
  pushedAt: z.string().optional(),
  /** `pending` and `unknown`: what went wrong last (retryable). */
  lastError: storedErrorSchema.optional(),
  /** `failed`: what a person must look at. */
  error: errorViewSchema.optional(),
  /** `skipped`: why (`currency_mismatch`, `held_gap`), and the currency the billing system bills the client in. */
  skipReason: z.enum(SKIP_REASONS).optional(),
  clientCurrency: z.string().optional(),
  /** `skipped` for `held_gap`: the server with the customer's longest single snapshot gap, and that gap in whole minutes. */
  heldGap: z.object({ serverId: z.number().int(), installation: z.string().min(1).optional(), longestGapMinutes: z.number().int() }).optional(),
  /** `unknown`: the push time from which a lookup settles it (and its ms, for the claim's condition). */
  settlesAt: z.string().optional(),
  settlesAtMs: z.number().optional(),
  /** Invoices pushed before and since deleted in the billing system (a re-push replaced them). */
  replacedInvoiceIds: z.array(z.string()).optional(),
  updatedAt: z.string(),
});
export type PushRecord = z.infer<typeof pushRecordSchema>;

/**
 * A period's push run: written when a push is accepted, started and finished, so the state of a
 * period's push can be told without reading the billing system, and the retry schedule finds the
 * periods whose push is not complete.
 */
export const pushRunSchema = z.object({
  period: z.string(),
  acceptedAt: z.string().optional(),
  startedAt: z.string().optional(),
  finishedAt: z.string().optional(),
  /** Wall-clock ms of the latest accept or start, and of the latest finish. */
  lastStartMs: z.number().default(0),
  lastFinishMs: z.number().default(0),
  /** Wall clock: a started push may still be working until then (its lease); 0 once finished. */
  activeUntilMs: z.number().default(0),
  /** Billable customers not settled when the latest push finished (pending, in progress, unknown, not reached). */
  outstanding: z.number().int().nonnegative().optional(),
  updatedAt: z.string(),
});
export type PushRun = z.infer<typeof pushRunSchema>;

/** Whether a push may still be working on the period (an accept or start not yet finished, within its lease). */
export function runIsLive(run: PushRun | undefined, nowMs: number): boolean {
  return run !== undefined && run.lastStartMs > run.lastFinishMs && run.activeUntilMs > nowMs;
}

/** Whether the period's push is not complete: customers left to push, or a push that never finished. */
export function runIsIncomplete(run: PushRun): boolean {
  return run.outstanding === undefined || run.outstanding > 0 || run.lastStartMs > run.lastFinishMs;
}
