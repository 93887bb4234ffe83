import type { Logger } from '../logging';
import { backoffDelayMs } from '../solusio/retry';
import { invoiceDifferences } from './compareInvoice';
import { fitsDecimals } from './amounts';
import { invoiceTagPrefix, type SkipReason } from './draftInvoices';
import { BillingSystemError } from './errors';
import type { HeldGap } from './gapHold';
import { AmountPrecisionError, CreateOutcomeUnknownError, DuplicateInvoicesError, InvoiceMismatchError, LeaseLostError, RecordCreatedError } from './pushErrors';
import { errorView, type ErrorView, type PushRecord, type PushState } from './pushState';
import type { PushRecordRepository, PushSettlement } from './ports';
import type { BillingConnector, CreateProgress, DraftInvoice, RemoteInvoice } from './types';

/** One customer's line in a push answer, in the push vocabulary (pushState.ts). */
export interface CustomerPush {
  readonly customer: string;
  readonly outcome: PushState;
  readonly total?: string;
  readonly tag?: string;
  readonly invoiceId?: string;
  /** `pushed` by an earlier push: nothing was sent now. */
  readonly alreadyPushed?: boolean;
  /** The invoice was already in the billing system (an earlier, interrupted attempt created it). */
  readonly foundByTag?: boolean;
  readonly reason?: SkipReason;
  /** `skipped` (`currency_mismatch`): the currency the billing system bills the client in. */
  readonly clientCurrency?: string;
  /** `skipped` (`held_gap`): the server with the customer's longest snapshot gap, and that gap in minutes. */
  readonly heldGap?: HeldGap;
  /** `failed`: what a person must look at. */
  readonly error?: ErrorView;
  /** `pending` / `unknown`: the retryable failure behind it. */
  readonly lastError?: ErrorView;
  /** `unknown`: from this push time a lookup settles it. */
  readonly settlesAt?: string;
  /** Dry runs: the invoice as it would be sent. */
  readonly invoice?: DraftInvoice;
  /** A re-push: the invoice it replaces, which the billing system no longer holds. */
  readonly replacedInvoiceId?: string;
}

export interface CustomerPushSettings {
  readonly leaseMs: number;
  /** Rounds of "look the tag up, else create" before a retryable failure leaves the customer pending. */
  readonly maxAttempts: number;
  /** After a create got no answer: the wait before the one lookup of this push. */
  readonly unknownCreateWaitMs: number;
  /** After a create got no answer: from push time to `settlesAt`. */
  readonly quarantineMs: number;
  /** Backoff between rounds after a retryable failure. */
  readonly retryBaseDelayMs: number;
}

export interface CustomerPushContext {
  readonly records: PushRecordRepository;
  readonly connector: BillingConnector;
  readonly settings: CustomerPushSettings;
  readonly logger: Logger;
  /** The push's time (ISO) and its ms. */
  readonly time: string;
  readonly timeMs: number;
  readonly retryFailed: boolean;
  readonly wallClockMs: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly random: () => number;
}

const isRetryable = (error: unknown): boolean => error instanceof BillingSystemError && error.retryable;

/** Whether a push may claim this record now (the repository's claim condition, read from a listed record). */
export function claimable(record: PushRecord | undefined, nowMs: number, timeMs: number, retryFailed: boolean): boolean {
  if (record === undefined) return true;
  switch (record.status) {
    case 'pending':
      return true;
    case 'in_progress':
      return record.leaseUntilMs <= nowMs;
    case 'unknown':
      return (record.settlesAtMs ?? 0) <= timeMs;
    case 'failed':
    case 'skipped':
      return retryFailed;
    case 'pushed':
      return false;
  }
}

/** A record as a customer's outcome, when this push does not (or did not) work on it. */
export function recordOutcome(base: Pick<CustomerPush, 'customer' | 'total' | 'tag'>, record: PushRecord | undefined): CustomerPush {
  if (record === undefined) return { ...base, outcome: 'pending' };
  const lastError = record.lastError === undefined ? {} : { lastError: record.lastError };
  switch (record.status) {
    case 'pushed':
      return { ...base, outcome: 'pushed', alreadyPushed: true, ...(record.invoiceId === undefined ? {} : { invoiceId: record.invoiceId }), foundByTag: record.foundByTag === true };
    case 'unknown':
      return { ...base, outcome: 'unknown', ...(record.settlesAt === undefined ? {} : { settlesAt: record.settlesAt }), ...lastError };
    case 'failed':
      return { ...base, outcome: 'failed', ...(record.error === undefined ? {} : { error: record.error }) };
    case 'in_progress':
      return { ...base, outcome: 'in_progress' };
    case 'pending':
      return { ...base, outcome: 'pending', ...lastError };
    case 'skipped':
      return {
        ...base,
        outcome: 'skipped',
        reason: record.skipReason ?? 'currency_mismatch',
        ...(record.clientCurrency === undefined ? {} : { clientCurrency: record.clientCurrency }),
        ...(record.heldGap === undefined ? {} : { heldGap: record.heldGap }),
      };
  }
}

/**
 * One customer's push: claim, look the tag up, adopt or create, settle. Never creates while
 * another invoice of the customer's period may exist: every create follows a lookup that found
 * none, under the customer's lease, and a create without an answer leaves the customer `unknown`.
 */
export async function pushCustomer(ctx: CustomerPushContext, invoice: DraftInvoice): Promise<CustomerPush> {
  const base = { customer: invoice.clientId, total: invoice.total, tag: invoice.tag };
  let claim: Awaited<ReturnType<PushRecordRepository['claim']>>;
  try {
    claim = await ctx.records.claim({
      period: invoice.period,
      customer: invoice.clientId,
      system: ctx.connector.system,
      tag: invoice.tag,
      currency: invoice.currency,
      totalMinor: invoice.totalMinor,
      nowMs: ctx.wallClockMs(),
      leaseMs: ctx.settings.leaseMs,
      time: ctx.time,
      timeMs: ctx.timeMs,
      retryFailed: ctx.retryFailed,
    });
  } catch (error) {
    // Nothing was claimed, so nothing changed: the customer stays to be pushed.
    return { ...base, outcome: 'pending', lastError: errorView(error) };
  }
  if (!claim.claimed) return recordOutcome(base, claim.record);
  const settlement = await decide(ctx, invoice, claim.record);
  let stored: PushRecord | undefined;
  try {
    stored = await ctx.records.settle(claim.record, settlement, ctx.time);
  } catch (error) {
    // The lease runs out by itself, and the next push's lookup finds whatever this one did.
    ctx.logger.warn('Could not record a push outcome; the lease runs out instead', { period: invoice.period, customer: invoice.clientId, error: errorView(error) });
    return { ...base, outcome: 'in_progress', lastError: errorView(error) };
  }
  // The lease was lost meanwhile: whoever took it over decides.
  if (stored === undefined) return recordOutcome(base, await ctx.records.get(invoice.period, invoice.clientId));
  const view = recordOutcome(base, stored);
  return view.outcome === 'pushed' ? { ...view, alreadyPushed: false } : view;
}

/**
 * The client's currency first (each system bills a client in its own: an amount in another one is
 * never pushed, and one the system would round is refused); then a draft an interrupted create left
 * (its id recorded) is resumed; else look up, adopt or create. Every billing-system failure becomes
 * a settlement.
 */
async function decide(ctx: CustomerPushContext, invoice: DraftInvoice, held: PushRecord): Promise<PushSettlement> {
  const prefix = invoiceTagPrefix(invoice.period, invoice.clientId);
  const { connector } = ctx;
  for (let attempt = 1; ; attempt++) {
    try {
      const client = await connector.clientCurrency(invoice.clientId);
      if (client.code !== invoice.currency) return { status: 'skipped', reason: 'currency_mismatch', clientCurrency: client.code };
      const rounded = invoice.lines.filter((line) => !fitsDecimals(line.amountMinor, invoice.currency, client.storedDecimals));
      if (rounded.length > 0) return { status: 'failed', error: errorView(new AmountPrecisionError(connector.system, client.storedDecimals, rounded)) };
      if (held.invoiceId !== undefined && connector.resumeDraft !== undefined) {
        const resumed = await resume(ctx, invoice, held.invoiceId, false);
        // Gone from the billing system (deleted): nothing of this push exists there, so it starts over.
        if (resumed !== undefined) return resumed;
      }
      const found = await connector.findAllByTag(invoice.clientId, prefix);
      if (found.length > 0) return await adopt(ctx, invoice, held, found);
      return await create(ctx, invoice, held, prefix);
    } catch (error) {
      if (!isRetryable(error)) return { status: 'failed', error: errorView(error) };
      if (attempt >= ctx.settings.maxAttempts) return { status: 'pending', lastError: errorView(error) };
      await ctx.sleep(backoffDelayMs(attempt - 1, { baseDelayMs: ctx.settings.retryBaseDelayMs, maxDelayMs: 10 * ctx.settings.retryBaseDelayMs, random: ctx.random }));
    }
  }
}

/**
 * Creates the draft. A create of several calls records the invoice id under the lease the moment
 * the invoice exists, so anything that stops it later is resumed by that id, never created again.
 */
async function create(ctx: CustomerPushContext, invoice: DraftInvoice, held: PushRecord, prefix: string): Promise<PushSettlement> {
  let createdId: string | undefined;
  const progress: CreateProgress = {
    created: async (invoiceId) => {
      await recordCreated(ctx, held, invoiceId);
      createdId = invoiceId;
    },
  };
  try {
    return { status: 'pushed', invoiceId: await ctx.connector.createDraft(invoice, progress), foundByTag: false };
  } catch (error) {
    if (error instanceof LeaseLostError) throw error;
    // The invoice exists under a recorded id: a line may still be landing, so nothing touches it before settlesAt.
    if (createdId !== undefined) return isRetryable(error) ? unknownUntilSettled(ctx, error) : { status: 'failed', error: errorView(error) };
    if (isRetryable(error) || error instanceof RecordCreatedError) return await afterUnansweredCreate(ctx, invoice, held, prefix, error);
    throw error;
  }
}

/** Writes the id of an invoice that now exists to the held record (under the lease). */
async function recordCreated(ctx: CustomerPushContext, held: PushRecord, invoiceId: string): Promise<void> {
  let recorded: boolean;
  try {
    recorded = await ctx.records.recordCreated(held, invoiceId, ctx.time);
  } catch (error) {
    throw new RecordCreatedError(invoiceId, error);
  }
  if (!recorded) throw new LeaseLostError(invoiceId);
}

/**
 * Adds what draft `invoiceId` lacks and compares it (by lines only when it is known by its recorded
 * id). undefined: the billing system no longer has it. A failure while adding lines may leave one
 * landing late: the customer is `unknown` until settlesAt, then resumed again.
 */
async function resume(ctx: CustomerPushContext, invoice: DraftInvoice, invoiceId: string, foundByTag: boolean): Promise<PushSettlement | undefined> {
  let remote: RemoteInvoice | undefined;
  try {
    remote = await ctx.connector.resumeDraft?.(invoiceId, invoice);
  } catch (error) {
    return isRetryable(error) ? unknownUntilSettled(ctx, error) : { status: 'failed', error: errorView(error) };
  }
  if (remote === undefined) return undefined;
  const differences = invoiceDifferences(invoice, remote, { checkTag: foundByTag });
  if (differences.length > 0) return { status: 'failed', error: errorView(new InvoiceMismatchError(remote.id, differences)) };
  return { status: 'pushed', invoiceId: remote.id, foundByTag };
}

/**
 * The invoices found by tag: one with the computed lines is adopted; a draft of this very
 * computation that lacks lines (a multi-call create stopped before its id was recorded) is recorded
 * and resumed; anything else fails the customer. Still a draft: HostBill `Draft`, Ubersmith `Pending`
 * (its charge group before an admin activates it).
 */
const UNFINISHED_STATUS = /^(draft|pending)$/i;

async function adopt(ctx: CustomerPushContext, invoice: DraftInvoice, held: PushRecord, found: readonly RemoteInvoice[]): Promise<PushSettlement> {
  if (found.length > 1) return { status: 'failed', error: errorView(new DuplicateInvoicesError(found.map((remote) => remote.id))) };
  const [remote] = found as [RemoteInvoice];
  if (ctx.connector.resumeDraft !== undefined && UNFINISHED_STATUS.test(remote.status) && remote.notes.includes(invoice.tag) && remote.lines.length < invoice.lines.length) {
    await recordCreated(ctx, held, remote.id);
    return (await resume(ctx, invoice, remote.id, true)) ?? { status: 'failed', error: errorView(new InvoiceMismatchError(remote.id, ['the draft was deleted while it was being completed'])) };
  }
  const differences = invoiceDifferences(invoice, remote);
  if (differences.length > 0) return { status: 'failed', error: errorView(new InvoiceMismatchError(remote.id, differences)) };
  return { status: 'pushed', invoiceId: remote.id, foundByTag: true };
}

/** `unknown` until push time + quarantine: only a lookup (or resume) from then on decides. */
function unknownUntilSettled(ctx: CustomerPushContext, cause: unknown): PushSettlement {
  return { status: 'unknown', settlesAt: new Date(ctx.timeMs + ctx.settings.quarantineMs).toISOString(), lastError: errorView(new CreateOutcomeUnknownError(cause)) };
}

/**
 * A create without an answer may still commit. One lookup after a short wait adopts it when it
 * did; otherwise the customer is `unknown` until `settlesAt`, and only a lookup from then on
 * decides (creating again now could make a second invoice).
 */
async function afterUnansweredCreate(ctx: CustomerPushContext, invoice: DraftInvoice, held: PushRecord, prefix: string, createError: unknown): Promise<PushSettlement> {
  await ctx.sleep(ctx.settings.unknownCreateWaitMs);
  try {
    const found = await ctx.connector.findAllByTag(invoice.clientId, prefix);
    if (found.length > 0) return await adopt(ctx, invoice, held, found);
  } catch (error) {
    ctx.logger.warn('The lookup after an unanswered create failed; the customer stays unknown', { period: invoice.period, customer: invoice.clientId, error: errorView(error) });
  }
  return unknownUntilSettled(ctx, createError);
}
