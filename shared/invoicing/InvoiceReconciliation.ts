import { compareCustomers, type Period } from '../billing';
import { mapWithConcurrency } from '../async';
import { invoiceDifferences, remoteTotal } from './compareInvoice';
import { invoiceTagPrefix, type SkipReason, type SkippedCustomer } from './draftInvoices';
import { holdsCustomer, type HeldGap } from './gapHold';
import { BillingSystemNotConfiguredError } from './pushErrors';
import { closedPlan, type PlanSettings } from './pushPlan';
import { errorView, RECONCILE_STATUSES, runIsLive, type ErrorView, type PushRecord, type PushRun, type ReconcileStatus, type RecordState } from './pushState';
import type { ClosedInvoicesSource, PushRecordRepository, PushRunRepository } from './ports';
import type { BillingConnector, BillingSystemName, DraftInvoice, RemoteInvoice } from './types';

export interface CustomerReconciliation {
  readonly customer: string;
  readonly status: ReconcileStatus;
  readonly computed: { readonly total: string; readonly lines: number; readonly tag: string } | null;
  /** The customer's push record. */
  readonly push: {
    readonly status: RecordState;
    readonly invoiceId: string | null;
    readonly pushedAt: string | null;
    readonly settlesAt: string | null;
    readonly lastError: ErrorView | null;
    readonly error: ErrorView | null;
  } | null;
  readonly remote: { readonly invoiceId: string; readonly status: string; readonly total: string | null; readonly lines: number } | null;
  readonly reason?: SkipReason;
  /** `differs`: what differs. */
  readonly differences?: readonly string[];
  /** `duplicate`: every invoice carrying the period's tag. */
  readonly invoiceIds?: readonly string[];
  /** `error`: the billing system's failure for this customer (the others still answer). */
  readonly error?: ErrorView;
  /** `skipped` for `currency_mismatch`: the currency the billing system bills the client in. */
  readonly clientCurrency?: string;
  /** `skipped` for `held_gap`: the server with the customer's longest snapshot gap, and that gap in minutes. */
  readonly heldGap?: HeldGap;
}

/** Whether a push of the period is running now, and when the latest one finished. */
export interface RunView {
  readonly state: 'running' | 'done';
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
}

export interface ReconciliationPage {
  readonly period: Period;
  readonly system: BillingSystemName;
  readonly currency: string;
  readonly run: RunView;
  /** Of this page's customers. */
  readonly counts: Readonly<Record<ReconcileStatus, number>>;
  readonly customers: readonly CustomerReconciliation[];
  /** The last customer of the page, when more follow (the handler makes the cursor of it). */
  readonly moreAfter?: string;
}

export interface ReconcileQuery {
  readonly customer?: string;
  /** Customers after this one (compareCustomers order). */
  readonly after?: string;
  readonly limit: number;
}

export interface InvoiceReconciliationDeps {
  readonly source: ClosedInvoicesSource;
  readonly records: PushRecordRepository;
  readonly runs: PushRunRepository;
  readonly system: BillingSystemName | 'none';
  readonly connector: () => Promise<BillingConnector>;
  readonly settings: PlanSettings & { readonly concurrency: number };
  readonly wallClockMs?: () => number;
}

type Entry = { readonly customer: string; readonly invoice: DraftInvoice; readonly heldGap?: HeldGap } | { readonly customer: string; readonly skip: SkippedCustomer };

/**
 * Per customer, a page at a time: what the bridge computes now, its push record, and every
 * invoice the billing system holds with the period's tag. One customer's billing-system failure
 * is that customer's `error`; the others answer.
 */
export class InvoiceReconciliation {
  private readonly wallClockMs: () => number;

  constructor(private readonly deps: InvoiceReconciliationDeps) {
    this.wallClockMs = deps.wallClockMs ?? Date.now;
  }

  async reconcile(period: Period, query: ReconcileQuery): Promise<ReconciliationPage> {
    const system = this.deps.system;
    if (system === 'none') throw new BillingSystemNotConfiguredError();
    const [plan, records, run] = await Promise.all([closedPlan(this.deps.source, period, this.deps.settings), this.deps.records.list(period), this.deps.runs.getRun(period)]);
    const entries: Entry[] = [
      ...plan.invoices.map((invoice) => {
        const heldGap = plan.heldGaps.get(invoice.clientId);
        return { customer: invoice.clientId, invoice, ...(heldGap === undefined ? {} : { heldGap }) };
      }),
      ...plan.skipped.map((skip) => ({ customer: skip.customer, skip })),
    ]
      .filter((entry) => (query.customer === undefined || entry.customer === query.customer) && (query.after === undefined || compareCustomers(entry.customer, query.after) > 0))
      .sort((a, b) => compareCustomers(a.customer, b.customer));
    const page = entries.slice(0, query.limit);
    const byCustomer = new Map(records.map((record) => [record.customer, record]));
    const connector = page.some((entry) => 'invoice' in entry) ? await this.deps.connector() : undefined;
    const customers = await mapWithConcurrency(page, this.deps.settings.concurrency, (entry) =>
      'skip' in entry || connector === undefined ? Promise.resolve(this.skipped(entry)) : this.compare(connector, entry.invoice, byCustomer.get(entry.customer), entry.heldGap),
    );
    const counts = Object.fromEntries(RECONCILE_STATUSES.map((status) => [status, 0])) as Record<ReconcileStatus, number>;
    for (const customer of customers) counts[customer.status] += 1;
    const last = page[page.length - 1];
    return {
      period,
      system,
      currency: this.deps.settings.currency,
      run: runView(run, records, this.wallClockMs()),
      counts,
      customers,
      ...(entries.length > page.length && last !== undefined ? { moreAfter: last.customer } : {}),
    };
  }

  private skipped(entry: Entry): CustomerReconciliation {
    const skip = 'skip' in entry ? entry.skip : undefined;
    return {
      customer: entry.customer,
      status: 'skipped',
      ...(skip === undefined ? {} : { reason: skip.reason }),
      computed: null,
      push: null,
      remote: null,
    };
  }

  private async compare(connector: BillingConnector, invoice: DraftInvoice, record: PushRecord | undefined, heldGap: HeldGap | undefined): Promise<CustomerReconciliation> {
    const base = { customer: invoice.clientId, computed: { total: invoice.total, lines: invoice.lines.length, tag: invoice.tag }, push: pushView(record) };
    // The push found the client billed in another currency, or held it for a snapshot gap: nothing was pushed to compare.
    if (record?.status === 'skipped') {
      return {
        ...base,
        status: 'skipped',
        reason: record.skipReason ?? 'currency_mismatch',
        remote: null,
        ...(record.clientCurrency === undefined ? {} : { clientCurrency: record.clientCurrency }),
        ...(record.heldGap === undefined ? {} : { heldGap: record.heldGap }),
      };
    }
    // No push has run yet, and the automatic one will hold it: said before any push does.
    if (holdsCustomer(heldGap, record, false)) return { ...base, status: 'skipped', reason: 'held_gap', remote: null, heldGap };
    let remote: RemoteInvoice | undefined;
    try {
      const tagged = await connector.findAllByTag(invoice.clientId, invoiceTagPrefix(invoice.period, invoice.clientId));
      if (tagged.length > 1) return { ...base, status: 'duplicate', remote: null, invoiceIds: tagged.map((found) => found.id) };
      remote = tagged[0];
      // The recorded invoice is the one to compare, even when it no longer carries the tag.
      if (record?.invoiceId !== undefined && remote?.id !== record.invoiceId) remote = await connector.getInvoice(record.invoiceId);
    } catch (error) {
      // Whatever the billing system did to this customer is its row's, never the whole page's.
      return { ...base, status: 'error', remote: null, error: errorView(error) };
    }
    const remoteView = remote === undefined ? null : { invoiceId: remote.id, status: remote.status, total: remoteTotal(remote, invoice.currency), lines: remote.lines.length };
    if (record?.status === 'unknown') return { ...base, status: 'unknown', remote: remoteView };
    if (remote === undefined) return { ...base, status: 'missing', remote: null };
    const differences = invoiceDifferences(invoice, remote);
    return { ...base, status: differences.length === 0 ? 'match' : 'differs', remote: remoteView, ...(differences.length === 0 ? {} : { differences }) };
  }
}

function pushView(record: PushRecord | undefined): CustomerReconciliation['push'] {
  if (record === undefined) return null;
  return {
    status: record.status,
    invoiceId: record.invoiceId ?? null,
    pushedAt: record.pushedAt ?? null,
    settlesAt: record.settlesAt ?? null,
    lastError: record.lastError ?? null,
    error: record.error ?? null,
  };
}

/** Running: a push accepted or started and not finished within its lease, or a customer's live lease. */
export function runView(run: PushRun | undefined, records: readonly PushRecord[], nowMs: number): RunView {
  const leased = records.some((record) => record.status === 'in_progress' && record.leaseUntilMs > nowMs);
  return {
    state: runIsLive(run, nowMs) || leased ? 'running' : 'done',
    startedAt: run?.startedAt ?? run?.acceptedAt ?? null,
    finishedAt: run?.finishedAt ?? null,
  };
}
