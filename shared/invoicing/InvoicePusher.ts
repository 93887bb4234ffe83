import { compareCustomers, type Period } from '../billing';
import type { InvoiceLine } from '../aggregation/types';
import { mapWithConcurrency } from '../async';
import { ConflictError } from '../errors';
import type { Logger } from '../logging';
import { backoffDelayMs, realSleep } from '../solusio/retry';
import { formatMinorUnits, parseAmountMinor } from './amounts';
import { draftInvoices, invoiceTagPrefix, type SkipReason } from './draftInvoices';
import type { DynamoPushStore, PushRecord } from './DynamoPushStore';
import { BillingSystemError } from './errors';
import type { BillingConnector, BillingSystemName, DraftInvoice, RemoteInvoice } from './types';

export interface InvoicePusherSettings {
  readonly currency: string;
  readonly dueDays: number;
  /**
   * How long a push holds a customer: longer than the push function may run, so a lease only runs
   * out when its holder is gone (a takeover while the holder still works could create twice).
   */
  readonly leaseMs: number;
  /** Rounds of "look the tag up, else create" per customer before the push reports it failed. */
  readonly maxAttempts: number;
  /** Customers pushed at once. */
  readonly concurrency: number;
  /**
   * After a create whose answer never came (timeout, 5xx), how long to wait before looking the tag
   * up again: the create may still be committing, and creating again could make a second invoice.
   */
  readonly unknownCreateWaitMs: number;
}

export const PUSH_DEFAULTS = { dueDays: 14, leaseMs: 16 * 60_000, maxAttempts: 3, concurrency: 4, unknownCreateWaitMs: 2_000 } as const;

/** The billing system holds an invoice of this customer and period whose lines are not the computed ones. */
export class InvoiceMismatchError extends Error {
  constructor(invoiceId: string, differences: readonly string[]) {
    super(
      `Invoice ${invoiceId} of this customer and period is in the billing system but differs from the computed lines (${differences.join('; ')}): ` +
        'a create that stopped part-way, or an earlier computation. Check it, delete it, and push again.',
    );
    this.name = 'InvoiceMismatchError';
  }
}

/** A create's answer never came and its invoice did not show up by tag within this push. */
export class CreateOutcomeUnknownError extends Error {
  constructor(cause: unknown) {
    super('The invoice create got no answer and the invoice is not (yet) found by its tag: the next push looks it up again before creating', { cause });
    this.name = 'CreateOutcomeUnknownError';
  }
}

export interface InvoicePusherDeps {
  /** The closed period's invoice lines (`status` says whether it is closed). */
  readonly invoices: (period: Period) => Promise<{ status: 'open' | 'closed'; lines: InvoiceLine[] }>;
  readonly store: DynamoPushStore;
  /** undefined when no billing system is configured (`BILLING_SYSTEM=none`): only dry runs work. */
  readonly connector: BillingConnector | undefined;
  readonly settings: InvoicePusherSettings;
  readonly logger: Logger;
  /** Wall clock for leases only (billing facts take the event's time). */
  readonly wallClockMs?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
}

export type PushOutcome = 'pushed' | 'already_pushed' | 'in_progress' | 'failed' | 'skipped' | 'would_push';

export interface CustomerPush {
  readonly customer: string;
  readonly outcome: PushOutcome;
  readonly total?: string;
  readonly tag?: string;
  readonly invoiceId?: string;
  /** The invoice was already in the billing system (an earlier, interrupted attempt created it). */
  readonly foundByTag?: boolean;
  readonly reason?: SkipReason;
  readonly error?: { readonly code: string; readonly message: string };
  /** Dry runs: the invoice as it would be sent. */
  readonly invoice?: DraftInvoice;
  /** A re-push: the invoice it replaces, which the billing system no longer holds. */
  readonly replacedInvoiceId?: string;
}

export interface PushReport {
  readonly period: Period;
  readonly system: BillingSystemName | 'none';
  readonly dryRun: boolean;
  readonly currency: string;
  readonly counts: Readonly<Record<PushOutcome, number>>;
  readonly customers: readonly CustomerPush[];
}

export type ReconcileStatus = 'match' | 'missing' | 'differs' | 'skipped';

export interface CustomerReconciliation {
  readonly customer: string;
  readonly status: ReconcileStatus;
  readonly computed: { readonly total: string; readonly lines: number; readonly tag: string } | null;
  readonly pushed: { readonly status: PushRecord['status']; readonly invoiceId: string | null; readonly pushedAt: string | null; readonly lastError: string | null } | null;
  readonly remote: { readonly invoiceId: string; readonly status: string; readonly total: string | null; readonly lines: number } | null;
  readonly reason?: SkipReason;
  /** What differs, when `differs`. */
  readonly differences?: readonly string[];
}

export interface ReconciliationReport {
  readonly period: Period;
  readonly system: BillingSystemName;
  readonly currency: string;
  readonly counts: Readonly<Record<ReconcileStatus, number>>;
  readonly customers: readonly CustomerReconciliation[];
}

export class BillingSystemNotConfiguredError extends ConflictError {
  constructor() {
    super('No billing system is configured (BILLING_SYSTEM=none): only a dry run can push', 'billing_system_not_configured');
    this.name = 'BillingSystemNotConfiguredError';
  }
}

const OUTCOMES: readonly PushOutcome[] = ['pushed', 'already_pushed', 'in_progress', 'failed', 'skipped', 'would_push'];
const STATUSES: readonly ReconcileStatus[] = ['match', 'missing', 'differs', 'skipped'];

function countBy<K extends string>(keys: readonly K[], values: readonly K[]): Record<K, number> {
  const counts = Object.fromEntries(keys.map((key) => [key, 0])) as Record<K, number>;
  for (const value of values) counts[value] += 1;
  return counts;
}

function errorView(error: unknown): { code: string; message: string } {
  if (error instanceof Error) return { code: error.name, message: error.message };
  return { code: 'Error', message: String(error) };
}

/**
 * Pushes a closed period's invoices into the billing system, exactly once per customer, and
 * compares what the system holds with what the bridge computed.
 *
 * Exactly once: a customer's push record is claimed by a conditional write (one holder at a time,
 * by lease), then the invoice is looked up by its tag before anything is created, so an attempt
 * whose answer was lost, or a holder that crashed after creating, never leads to a second invoice.
 * Only then does the record move `pending -> pushed`.
 */
export class InvoicePusher {
  private readonly wallClockMs: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;

  constructor(private readonly deps: InvoicePusherDeps) {
    this.wallClockMs = deps.wallClockMs ?? Date.now;
    this.sleep = deps.sleep ?? realSleep;
    this.random = deps.random ?? Math.random;
  }

  get system(): BillingSystemName | 'none' {
    return this.deps.connector?.system ?? 'none';
  }

  private async plan(period: Period) {
    const { status, lines } = await this.deps.invoices(period);
    if (status !== 'closed') throw new ConflictError(`Period ${period} is not closed: only a closed period's invoices are pushed`, 'period_not_closed');
    return draftInvoices(period, lines, { currency: this.deps.settings.currency, dueDays: this.deps.settings.dueDays });
  }

  /**
   * `repushMissing`: a customer already pushed whose invoice the billing system no longer holds
   * (an admin deleted the draft) is pushed anew; the record keeps the replaced invoice id.
   */
  async push(period: Period, time: string, options: { readonly dryRun?: boolean; readonly repushMissing?: boolean } = {}): Promise<PushReport> {
    const dryRun = options.dryRun === true;
    const connector = this.deps.connector;
    if (!dryRun && connector === undefined) throw new BillingSystemNotConfiguredError();
    const { invoices, skipped } = await this.plan(period);
    const skippedViews: CustomerPush[] = skipped.map((skip) => ({ customer: skip.customer, outcome: 'skipped', reason: skip.reason, total: formatMinorUnits(skip.totalMinor, this.deps.settings.currency) }));
    let pushed: CustomerPush[];
    if (dryRun || connector === undefined) {
      const records = new Map((await this.deps.store.list(period)).map((record) => [record.customer, record]));
      pushed = invoices.map((invoice) => {
        const record = records.get(invoice.clientId);
        if (record?.status === 'pushed') return { customer: invoice.clientId, outcome: 'already_pushed', total: invoice.total, tag: invoice.tag, ...(record.invoiceId === undefined ? {} : { invoiceId: record.invoiceId }) };
        return { customer: invoice.clientId, outcome: 'would_push', total: invoice.total, tag: invoice.tag, invoice };
      });
    } else {
      const replaced = options.repushMissing === true ? await this.reopenMissing(connector, period, time) : new Map<string, string>();
      pushed = await mapWithConcurrency(invoices, this.deps.settings.concurrency, async (invoice) => {
        const result = await this.pushOne(connector, invoice, time);
        const replacedInvoiceId = replaced.get(invoice.clientId);
        return replacedInvoiceId === undefined ? result : { ...result, replacedInvoiceId };
      });
    }
    const customers = [...pushed, ...skippedViews].sort((a, b) => compareCustomers(a.customer, b.customer));
    const report: PushReport = {
      period,
      system: this.system,
      dryRun,
      currency: this.deps.settings.currency,
      counts: countBy(OUTCOMES, customers.map((customer) => customer.outcome)),
      customers,
    };
    this.deps.logger.info('invoice push', { period, system: report.system, dryRun, counts: report.counts });
    for (const failed of customers.filter((customer) => customer.outcome === 'failed')) {
      this.deps.logger.error('invoice push failed for a customer', { period, customer: failed.customer, error: failed.error });
    }
    return report;
  }

  /** Reopens the pushed records whose invoice is gone from the billing system; answers customer -> replaced id. */
  private async reopenMissing(connector: BillingConnector, period: Period, time: string): Promise<Map<string, string>> {
    const pushed = (await this.deps.store.list(period)).filter((record) => record.status === 'pushed' && record.invoiceId !== undefined);
    const reopened = await mapWithConcurrency(pushed, this.deps.settings.concurrency, async (record) => {
      if ((await connector.getInvoice(record.invoiceId ?? '')) !== undefined) return undefined;
      return (await this.deps.store.reopen(record, time)) ? ([record.customer, record.invoiceId ?? ''] as const) : undefined;
    });
    return new Map(reopened.filter((entry) => entry !== undefined));
  }

  private async pushOne(connector: BillingConnector, invoice: DraftInvoice, time: string): Promise<CustomerPush> {
    const base = { customer: invoice.clientId, total: invoice.total, tag: invoice.tag };
    let claim: Awaited<ReturnType<DynamoPushStore['claim']>>;
    try {
      claim = await this.deps.store.claim({
        period: invoice.period,
        customer: invoice.clientId,
        system: connector.system,
        tag: invoice.tag,
        currency: invoice.currency,
        totalMinor: invoice.totalMinor,
        nowMs: this.wallClockMs(),
        leaseMs: this.deps.settings.leaseMs,
        time,
      });
    } catch (error) {
      // Nothing was claimed, so nothing is held: this customer fails, the others go on.
      return { ...base, outcome: 'failed', error: errorView(error) };
    }
    if (!claim.claimed) {
      const record = claim.record;
      if (record?.status === 'pushed') return { ...base, outcome: 'already_pushed', ...(record.invoiceId === undefined ? {} : { invoiceId: record.invoiceId }) };
      return { ...base, outcome: 'in_progress' };
    }
    const prefix = invoiceTagPrefix(invoice.period, invoice.clientId);
    let lastError: unknown;
    let createUnanswered: unknown;
    for (let attempt = 1; attempt <= this.deps.settings.maxAttempts; attempt++) {
      try {
        let found = await connector.findByTag(invoice.clientId, prefix);
        if (found !== undefined && found.lines.length === 0 && invoice.lines.length > 0 && connector.completeEmptyDraft !== undefined && /^draft$/i.test(found.status)) {
          // A multi-call create whose first answer was lost: the tagged draft exists with no line yet.
          await connector.completeEmptyDraft(found.id, invoice);
          found = (await connector.getInvoice(found.id)) ?? found;
        }
        if (found !== undefined) {
          const differences = this.differences(invoice, found);
          if (differences.length > 0) {
            lastError = new InvoiceMismatchError(found.id, differences);
            break;
          }
          return { ...base, ...(await this.recordPushed(claim.record, found.id, true, time)) };
        }
        if (createUnanswered !== undefined) {
          // Not there yet: the unanswered create may still commit. Creating again could make two.
          lastError = new CreateOutcomeUnknownError(createUnanswered);
          if (attempt === this.deps.settings.maxAttempts) break;
          await this.sleep(this.deps.settings.unknownCreateWaitMs);
          continue;
        }
        let invoiceId: string;
        try {
          invoiceId = await connector.createDraft(invoice);
        } catch (error) {
          if (!(error instanceof BillingSystemError && error.retryable)) throw error;
          createUnanswered = error;
          lastError = new CreateOutcomeUnknownError(error);
          if (attempt === this.deps.settings.maxAttempts) break;
          await this.sleep(this.deps.settings.unknownCreateWaitMs);
          continue;
        }
        return { ...base, ...(await this.recordPushed(claim.record, invoiceId, false, time)) };
      } catch (error) {
        lastError = error;
        const retryable = error instanceof BillingSystemError && error.retryable;
        if (!retryable || attempt === this.deps.settings.maxAttempts) break;
        await this.sleep(backoffDelayMs(attempt - 1, { baseDelayMs: 500, maxDelayMs: 5_000, random: this.random }));
      }
    }
    const view = errorView(lastError);
    try {
      // Not pushed: the record stays pending with no lease, so the next push takes it over at once.
      await this.deps.store.release(claim.record, `${view.code}: ${view.message}`, time);
    } catch (error) {
      // The lease then runs out by itself; the customer's own error is the one to report.
      this.deps.logger.warn('Could not release a push record; its lease runs out instead', { period: invoice.period, customer: invoice.clientId, error: errorView(error) });
    }
    return { ...base, outcome: 'failed', error: view };
  }

  /** `pending -> pushed`; when the lease was lost meanwhile, whoever took it over has decided. */
  private async recordPushed(record: PushRecord, invoiceId: string, foundByTag: boolean, time: string): Promise<Pick<CustomerPush, 'outcome' | 'invoiceId' | 'foundByTag'>> {
    try {
      const stored = await this.deps.store.markPushed(record, invoiceId, foundByTag, time);
      return { outcome: 'pushed', invoiceId, foundByTag: stored.foundByTag === true };
    } catch (error) {
      const current = await this.deps.store.get(record.period, record.customer);
      if (current?.status === 'pushed' && current.invoiceId !== undefined) return { outcome: 'pushed', invoiceId: current.invoiceId, foundByTag: current.foundByTag === true };
      throw error;
    }
  }

  /**
   * Per customer: what the bridge computed, what it pushed, and what the billing system holds now
   * (read back by invoice id, else by tag).
   */
  async reconcile(period: Period, options: { readonly customer?: string } = {}): Promise<ReconciliationReport> {
    const connector = this.deps.connector;
    if (connector === undefined) throw new BillingSystemNotConfiguredError();
    const [plan, records] = await Promise.all([this.plan(period), this.deps.store.list(period)]);
    const wanted = (customer: string): boolean => options.customer === undefined || customer === options.customer;
    const invoices = plan.invoices.filter((invoice) => wanted(invoice.clientId));
    const skipped = plan.skipped.filter((skip) => wanted(skip.customer));
    const byCustomer = new Map(records.map((record) => [record.customer, record]));
    const computed = await mapWithConcurrency(invoices, this.deps.settings.concurrency, async (invoice): Promise<CustomerReconciliation> => {
      const record = byCustomer.get(invoice.clientId);
      const remote = record?.invoiceId !== undefined ? await connector.getInvoice(record.invoiceId) : await connector.findByTag(invoice.clientId, invoiceTagPrefix(invoice.period, invoice.clientId));
      const differences = remote === undefined ? [] : this.differences(invoice, remote);
      return {
        customer: invoice.clientId,
        status: remote === undefined ? 'missing' : differences.length === 0 ? 'match' : 'differs',
        computed: { total: invoice.total, lines: invoice.lines.length, tag: invoice.tag },
        pushed: record === undefined ? null : { status: record.status, invoiceId: record.invoiceId ?? null, pushedAt: record.pushedAt ?? null, lastError: record.lastError ?? null },
        remote: remote === undefined ? null : { invoiceId: remote.id, status: remote.status, total: this.remoteTotal(remote), lines: remote.lines.length },
        ...(differences.length === 0 ? {} : { differences }),
      };
    });
    const customers = [
      ...computed,
      ...skipped.map((skip): CustomerReconciliation => ({ customer: skip.customer, status: 'skipped', reason: skip.reason, computed: null, pushed: null, remote: null })),
    ].sort((a, b) => compareCustomers(a.customer, b.customer));
    return {
      period,
      system: connector.system,
      currency: this.deps.settings.currency,
      counts: countBy(STATUSES, customers.map((customer) => customer.status)),
      customers,
    };
  }

  private remoteTotal(remote: RemoteInvoice): string | null {
    const currency = this.deps.settings.currency;
    let total = 0;
    for (const line of remote.lines) {
      const minor = parseAmountMinor(line.amount, currency);
      if (minor === undefined) return null;
      total += minor;
    }
    return formatMinorUnits(total, currency);
  }

  /** Line by line (order-free: a system may sort its items), amounts exact in minor units. */
  private differences(invoice: DraftInvoice, remote: RemoteInvoice): string[] {
    const currency = this.deps.settings.currency;
    const key = (description: string, minor: number | undefined): string => `${description} = ${minor === undefined ? 'unreadable' : formatMinorUnits(minor, currency)}`;
    const expected = invoice.lines.map((line) => key(line.description, line.amountMinor));
    const actual = remote.lines.map((line) => key(line.description, parseAmountMinor(line.amount, currency)));
    const unmatched = [...actual];
    const differences: string[] = [];
    for (const line of expected) {
      const index = unmatched.indexOf(line);
      if (index >= 0) unmatched.splice(index, 1);
      else differences.push(`missing line: ${line}`);
    }
    for (const line of unmatched) differences.push(`unexpected line: ${line}`);
    if (!remote.notes.includes(invoice.tag)) differences.push('the notes no longer carry the tag');
    return differences;
  }
}
