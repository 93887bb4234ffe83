import type { InvoiceLine } from '../../../../shared/aggregation/types';
import { draftInvoices } from '../../../../shared/invoicing/draftInvoices';
import type { DraftInvoice } from '../../../../shared/invoicing';
import { InvoicePush, PUSH_DEFAULTS, type PushReport } from '../../../../shared/invoicing/InvoicePush';
import { MemoryLogger } from '../../../../shared/logging';
import { FakeBillingConnector, FakePushStore, fakeSource, invoiceLine, RecordingEvents } from '../../../support/fakeInvoicing';

export const PERIOD = '2026-11';
export const T0 = '2026-12-01T02:00:00.000Z';
export const QUARANTINE_MS = PUSH_DEFAULTS.quarantineMs;
export const at = (ms: number): string => new Date(Date.parse(T0) + ms).toISOString();

/** Customers 7 (12.30) and 8 (5.00), and 9 whose only server is prepaid. */
export const LINES = [invoiceLine('7', 1, 1230), invoiceLine('8', 2, 500), invoiceLine('9', 3, 0, { prepaid: true })];

/**
 * An InvoicePush over fakes: a billing system, push records, closed periods 2026-09 to 2026-11
 * (November's lines `lines`, LINES by default), a wall clock that moves only when told.
 */
export function setup<C extends FakeBillingConnector = FakeBillingConnector>(
  options: { system?: 'whmcs' | 'none'; retryMaxPeriods?: number; retryMaxCustomers?: number; connector?: C; lines?: readonly InvoiceLine[]; holdGapHours?: number } = {},
) {
  const lines = options.lines ?? LINES;
  const logger = new MemoryLogger();
  const store = new FakePushStore();
  const connector = options.connector ?? (new FakeBillingConnector() as C);
  const events = new RecordingEvents();
  const sleeps: number[] = [];
  let wallMs = 5_000_000;
  const closed = { [PERIOD]: lines, '2026-10': [invoiceLine('7', 1, 100)], '2026-09': [invoiceLine('7', 1, 200)] };
  const push = new InvoicePush({
    source: fakeSource(closed),
    records: store,
    runs: store,
    system: options.system ?? 'whmcs',
    connector: async () => connector,
    events,
    settings: {
      ...PUSH_DEFAULTS,
      currency: 'USD',
      dueDays: 14,
      ...(options.retryMaxPeriods === undefined ? {} : { retryMaxPeriods: options.retryMaxPeriods }),
      ...(options.retryMaxCustomers === undefined ? {} : { retryMaxCustomers: options.retryMaxCustomers }),
      ...(options.holdGapHours === undefined ? {} : { holdGapHours: options.holdGapHours }),
    },
    logger,
    wallClockMs: () => wallMs,
    sleep: async (ms) => void sleeps.push(ms),
    random: () => 0,
  });
  const draftOf = (customer: string): DraftInvoice => {
    const draft = draftInvoices(PERIOD, lines, { currency: 'USD', dueDays: 14 }).invoices.find((invoice) => invoice.clientId === customer);
    if (draft === undefined) throw new Error(`no draft for ${customer}`);
    return draft;
  };
  return { push, store, connector, events, logger, sleeps, draftOf, passWallClock: (ms: number) => void (wallMs += ms) };
}

export const outcomeOf = (report: PushReport, customer: string) => report.customers.find((entry) => entry.customer === customer);

/** A claim of `invoice` at T0 as the push would make it. */
export function claimOf(invoice: DraftInvoice) {
  return {
    period: invoice.period,
    customer: invoice.clientId,
    system: 'whmcs' as const,
    tag: invoice.tag,
    currency: invoice.currency,
    totalMinor: invoice.totalMinor,
    time: T0,
    timeMs: Date.parse(T0),
    retryFailed: true,
  };
}
