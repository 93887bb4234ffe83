import { compareCustomers, type Period } from '../billing';
import { mapWithConcurrency } from '../async';
import { CONFIG_DEFAULTS } from '../config/defaults';
import { EVENT_SOURCE, type EventPublisher } from '../events/eventPublisher';
import type { Logger } from '../logging';
import { realSleep } from '../solusio/retry';
import { formatMinorUnits } from './amounts';
import { BillingSystemNotConfiguredError, PeriodNotClosedError } from './pushErrors';
import { holdsCustomer, type HeldGap } from './gapHold';
import { claimable, pushCustomer, recordOutcome, type CustomerPush, type CustomerPushContext, type CustomerPushSettings } from './pushCustomer';
import { heldForGaps, holdCustomer, logHeldForGaps } from './pushHold';
import { closedPlan, type ClosedPlan, type PlanSettings } from './pushPlan';
import { PUSH_STATES, runIsIncomplete, runIsLive, type PushRecord, type PushState } from './pushState';
import type { ClosedInvoicesSource, PushRecordRepository, PushRunRepository } from './ports';
import type { BillingConnector, BillingSystemName, DraftInvoice } from './types';

/** The event an accepted `POST /v1/periods/{period}/push` puts on the bus; push-invoices takes it. */
export const INVOICE_PUSH_REQUESTED = 'InvoicePushRequested';

export interface InvoicePushSettings extends CustomerPushSettings, PlanSettings {
  /** Customers pushed at once. */
  readonly concurrency: number;
  /** The retry schedule's bound per run: periods, and customers worked on per period. */
  readonly retryMaxPeriods: number;
  readonly retryMaxCustomers: number;
}

/**
 * `leaseMs` is longer than any push function may run (15 min), so a lease only runs out when its
 * holder is gone: a takeover while the holder still works could create twice.
 */
export const PUSH_DEFAULTS = {
  dueDays: 14,
  leaseMs: 16 * 60_000,
  maxAttempts: 3,
  concurrency: 4,
  unknownCreateWaitMs: 2_000,
  quarantineMs: 15 * 60_000,
  retryBaseDelayMs: 500,
  retryMaxPeriods: 3,
  retryMaxCustomers: 500,
  holdGapHours: CONFIG_DEFAULTS.pushHoldGapHours,
} as const;

export interface InvoicePushDeps {
  readonly source: ClosedInvoicesSource;
  readonly records: PushRecordRepository;
  readonly runs: PushRunRepository;
  /** The configured billing system (`none`: only dry runs). */
  readonly system: BillingSystemName | 'none';
  /** Its connector, built when first needed (the credentials are read then). */
  readonly connector: () => Promise<BillingConnector>;
  /** Where an accepted push is handed over to push-invoices. */
  readonly events: EventPublisher;
  readonly settings: InvoicePushSettings;
  readonly logger: Logger;
  /** Wall clock for leases only (billing facts and `settlesAt` take the push's time). */
  readonly wallClockMs?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
}

export interface PushOptions {
  readonly dryRun?: boolean;
  /** Customers whose pushed invoice the billing system no longer holds are pushed anew. */
  readonly repushMissing?: boolean;
  /** The retry schedule: `failed` customers are left for a person. */
  readonly retryOnly?: boolean;
  /** At most this many customers are worked on; the others stay to be pushed. */
  readonly maxCustomers?: number;
  /** An operator checked the snapshot gaps: customers held for one (`held_gap`) are pushed too. */
  readonly confirmGaps?: boolean;
}

/** What an accepted push answers. */
export interface PushAccepted {
  readonly period: Period;
  readonly accepted: true;
  /** Without `confirmGaps`: the customers a push held for a snapshot gap (their records), which this push holds again. */
  readonly heldForGaps?: readonly ({ readonly customer: string } & HeldGap)[];
}

export interface PushReport {
  readonly period: Period;
  readonly system: BillingSystemName | 'none';
  readonly dryRun: boolean;
  readonly currency: string;
  readonly counts: Readonly<Record<PushState, number>>;
  readonly customers: readonly CustomerPush[];
}

export interface RetryReport {
  readonly time: string;
  readonly system: BillingSystemName | 'none';
  /** One per period pushed again, oldest first. */
  readonly reports: readonly PushReport[];
}

export function countOutcomes(customers: readonly CustomerPush[]): Record<PushState, number> {
  const counts = Object.fromEntries(PUSH_STATES.map((state) => [state, 0])) as Record<PushState, number>;
  for (const customer of customers) counts[customer.outcome] += 1;
  return counts;
}

const OUTSTANDING: readonly PushRecord['status'][] = ['pending', 'in_progress', 'unknown'];

/**
 * Pushes closed periods' invoices into the billing system, exactly once per customer (see
 * pushCustomer.ts), and keeps a run item per period so a push can be accepted at once and the
 * retry schedule finds what is left.
 */
export class InvoicePush {
  private readonly wallClockMs: () => number;

  constructor(private readonly deps: InvoicePushDeps) {
    this.wallClockMs = deps.wallClockMs ?? Date.now;
  }

  get system(): BillingSystemName | 'none' {
    return this.deps.system;
  }

  /**
   * Checks the push can be done, records it accepted and hands it to push-invoices (an event).
   * Without `confirmGaps` it says which customers earlier pushes held for a snapshot gap (from
   * their records: the lines are not read here), since this push holds them again.
   */
  async accept(period: Period, time: string, options: { readonly repushMissing?: boolean; readonly confirmGaps?: boolean } = {}): Promise<PushAccepted> {
    if (this.deps.system === 'none') throw new BillingSystemNotConfiguredError();
    if ((await this.deps.source.status(period)) !== 'closed') throw new PeriodNotClosedError(period);
    const confirmGaps = options.confirmGaps === true;
    await this.deps.runs.markRun(period, 'accepted', time, this.wallClockMs(), this.deps.settings.leaseMs);
    await this.deps.events.publish({ detailType: INVOICE_PUSH_REQUESTED, source: EVENT_SOURCE, time, detail: { period, repushMissing: options.repushMissing === true, confirmGaps } });
    if (confirmGaps) return { period, accepted: true };
    const held = heldForGaps((await this.deps.records.list(period)).map((record) => recordOutcome({ customer: record.customer }, record)));
    return { period, accepted: true, ...(held.length === 0 ? {} : { heldForGaps: held }) };
  }

  async push(period: Period, time: string, options: PushOptions = {}): Promise<PushReport> {
    const dryRun = options.dryRun === true;
    if (!dryRun && this.deps.system === 'none') throw new BillingSystemNotConfiguredError();
    const { currency } = this.deps.settings;
    const plan = await closedPlan(this.deps.source, period, this.deps.settings);
    const timeMs = Date.parse(time);
    const pushed = dryRun ? this.dryRun(plan, await this.deps.records.list(period), timeMs, options.confirmGaps === true) : await this.pushAll(period, plan, time, timeMs, options);
    const skipped = plan.skipped.map((skip): CustomerPush => ({ customer: skip.customer, outcome: 'skipped', reason: skip.reason, total: formatMinorUnits(skip.totalMinor, currency) }));
    const customers = [...pushed, ...skipped].sort((a, b) => compareCustomers(a.customer, b.customer));
    const report: PushReport = { period, system: this.deps.system, dryRun, currency, counts: countOutcomes(customers), customers };
    this.deps.logger.info('invoice push', { period, system: report.system, dryRun, counts: report.counts });
    for (const failed of customers.filter((customer) => customer.outcome === 'failed')) {
      this.deps.logger.error('invoice push failed for a customer', { period, customer: failed.customer, error: failed.error });
    }
    if (!dryRun) logHeldForGaps(this.deps.logger, period, this.deps.settings.holdGapHours, customers);
    return report;
  }

  /**
   * The retry schedule: the periods whose push is not complete (customers pending, unknown, held
   * by a push that is gone, not reached, or a push that never finished), oldest first and bounded
   * per run, pushed again without taking up `failed` customers.
   */
  async retryIncomplete(time: string): Promise<RetryReport> {
    if (this.deps.system === 'none') return { time, system: 'none', reports: [] };
    const nowMs = this.wallClockMs();
    const due = (await this.deps.runs.listRuns())
      .filter((run) => runIsIncomplete(run) && !runIsLive(run, nowMs))
      .sort((a, b) => (a.period < b.period ? -1 : 1))
      .slice(0, this.deps.settings.retryMaxPeriods);
    const reports: PushReport[] = [];
    const failures: string[] = [];
    for (const run of due) {
      try {
        reports.push(await this.push(run.period, time, { retryOnly: true, maxCustomers: this.deps.settings.retryMaxCustomers }));
      } catch (error) {
        failures.push(`${run.period}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    // The other periods were pushed; the run still fails, so it is retried and alarmed.
    if (failures.length > 0) throw new Error(`retry-pushes: ${failures.length} of ${due.length} periods failed (${failures.join('; ')})`);
    return { time, system: this.deps.system, reports };
  }

  private dryRun(plan: ClosedPlan, records: readonly PushRecord[], timeMs: number, confirmGaps: boolean): CustomerPush[] {
    const byCustomer = new Map(records.map((record) => [record.customer, record]));
    const nowMs = this.wallClockMs();
    return plan.invoices.map((invoice) => {
      const record = byCustomer.get(invoice.clientId);
      const base = { customer: invoice.clientId, total: invoice.total, tag: invoice.tag };
      const heldGap = plan.heldGaps.get(invoice.clientId);
      if (holdsCustomer(heldGap, record, confirmGaps)) return { ...base, outcome: 'skipped', reason: 'held_gap', heldGap };
      // A currency_mismatch stays the push record's answer: a dry run reads no client's currency.
      if (!claimable(record, nowMs, timeMs, true) || (record?.status === 'skipped' && record.skipReason !== 'held_gap')) return recordOutcome(base, record);
      return { ...base, outcome: 'pending', invoice, ...(record?.lastError === undefined ? {} : { lastError: record.lastError }) };
    });
  }

  private async pushAll(period: Period, plan: ClosedPlan, time: string, timeMs: number, options: PushOptions): Promise<CustomerPush[]> {
    const { invoices } = plan;
    const connector = await this.deps.connector();
    const { records, runs, settings } = this.deps;
    await runs.markRun(period, 'started', time, this.wallClockMs(), settings.leaseMs);
    const replaced = options.repushMissing === true ? await this.reopenMissing(connector, period, time) : new Map<string, string>();
    const listed = new Map((await records.list(period)).map((record) => [record.customer, record]));
    const nowMs = this.wallClockMs();
    const retryFailed = options.retryOnly !== true;
    const limit = options.maxCustomers ?? Number.POSITIVE_INFINITY;
    const views = new Map<string, CustomerPush>();
    const work: DraftInvoice[] = [];
    const holds: { invoice: DraftInvoice; heldGap: HeldGap }[] = [];
    for (const invoice of invoices) {
      const record = listed.get(invoice.clientId);
      const heldGap = plan.heldGaps.get(invoice.clientId);
      // A long snapshot gap: held (recorded once) until an operator confirms; never looked up or created.
      if (holdsCustomer(heldGap, record, options.confirmGaps === true)) {
        holds.push({ invoice, heldGap });
        continue;
      }
      // Settled, leased, quarantined or left for a person: answered from the record, nothing written.
      if (!claimable(record, nowMs, timeMs, retryFailed) || work.length >= limit) {
        views.set(invoice.clientId, recordOutcome({ customer: invoice.clientId, total: invoice.total, tag: invoice.tag }, record));
      } else {
        work.push(invoice);
      }
    }
    const ctx: CustomerPushContext = {
      records,
      connector,
      settings,
      logger: this.deps.logger,
      time,
      timeMs,
      retryFailed,
      wallClockMs: this.wallClockMs,
      sleep: this.deps.sleep ?? realSleep,
      random: this.deps.random ?? Math.random,
    };
    const held = await mapWithConcurrency(holds, settings.concurrency, ({ invoice, heldGap }) => holdCustomer(records, connector.system, invoice, heldGap, listed.get(invoice.clientId), time));
    const results = await mapWithConcurrency(work, settings.concurrency, (invoice) => pushCustomer(ctx, invoice));
    for (const result of [...held, ...results]) views.set(result.customer, result);
    await this.finish(period, invoices, time);
    return invoices.map((invoice) => {
      const view = views.get(invoice.clientId) ?? { customer: invoice.clientId, outcome: 'pending' };
      const replacedInvoiceId = replaced.get(invoice.clientId);
      return replacedInvoiceId === undefined ? view : { ...view, replacedInvoiceId };
    });
  }

  /** Records the run finished with how many billable customers are still to be settled. */
  private async finish(period: Period, invoices: readonly DraftInvoice[], time: string): Promise<void> {
    const records = new Map((await this.deps.records.list(period)).map((record) => [record.customer, record]));
    const outstanding = invoices.filter((invoice) => {
      const record = records.get(invoice.clientId);
      return record === undefined || OUTSTANDING.includes(record.status);
    }).length;
    await this.deps.runs.finishRun(period, time, this.wallClockMs(), outstanding);
  }

  /** Reopens the pushed records whose invoice is gone from the billing system; answers customer -> replaced id. */
  private async reopenMissing(connector: BillingConnector, period: Period, time: string): Promise<Map<string, string>> {
    const pushed = (await this.deps.records.list(period)).filter((record) => record.status === 'pushed' && record.invoiceId !== undefined);
    const reopened = await mapWithConcurrency(pushed, this.deps.settings.concurrency, async (record) => {
      if ((await connector.getInvoice(record.invoiceId ?? '')) !== undefined) return undefined;
      return (await this.deps.records.reopen(record, time)) ? ([record.customer, record.invoiceId ?? ''] as const) : undefined;
    });
    return new Map(reopened.filter((entry) => entry !== undefined));
  }
}
