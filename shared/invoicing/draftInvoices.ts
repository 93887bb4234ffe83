import { createHash } from 'node:crypto';
import { compareCustomers, periodBounds, type Period } from '../billing';
import { periodName } from '../aggregation/invoiceLines';
import type { InvoiceLine } from '../aggregation/types';
import { canonicalJson } from '../json';
import { formatMinorUnits } from './amounts';
import type { DraftInvoice, DraftInvoiceLine, DraftLineKind } from './types';

/**
 * Why a customer of a closed period gets no invoice; each is reported, never silently dropped. The
 * first five follow from the period (here); `currency_mismatch` from the billing system, which bills
 * the client in another currency than the invoice's (the push decides it and records it);
 * `held_gap` from a snapshot gap longer than PUSH_HOLD_GAP_HOURS inside the customer's billable
 * time (gapHold.ts: the push records it, until an operator pushes with `confirmGaps`).
 */
export const SKIP_REASONS = ['no_billing_reference', 'prepaid', 'metered', 'zero_amount', 'credit', 'currency_mismatch', 'held_gap'] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

export interface SkippedCustomer {
  readonly customer: string;
  readonly reason: Exclude<SkipReason, 'currency_mismatch' | 'held_gap'>;
  /** The postpaid amount the customer's lines come to (negative for a credit). */
  readonly totalMinor: number;
}

export interface DraftInvoicePlan {
  readonly invoices: readonly DraftInvoice[];
  readonly skipped: readonly SkippedCustomer[];
}

export interface DraftInvoiceOptions {
  readonly currency: string;
  /** Days from the invoice date to its due date. */
  readonly dueDays: number;
  /** Lines marked taxable (default: not). */
  readonly taxed?: boolean;
}

/** The customers the bridge cannot map to a billing-system client (no `billing_user_id` in SolusIO). */
const UNMAPPED_PREFIX = 'solusio-user:';
const TAG_PREFIX = 'sbb';

/**
 * The tag an invoice carries in its notes: `sbb-<period>-c<customer>-<16 hex of the checksum>`.
 * Period and customer find it; the checksum of the customer's lines says which computation it is.
 */
export function invoiceTag(period: Period, customer: string, lines: readonly DraftInvoiceLine[]): string {
  const checksum = createHash('sha256').update(canonicalJson(lines)).digest('hex').slice(0, 16);
  return `${invoiceTagPrefix(period, customer)}${checksum}`;
}

/**
 * What every tag of one customer and period starts with: the push looks this up, so an invoice an
 * earlier computation created (another checksum) is found too, and never a second one made.
 */
export function invoiceTagPrefix(period: Period, customer: string): string {
  return `${TAG_PREFIX}-${period}-c${customer}-`;
}

function lineKind(line: InvoiceLine): DraftLineKind {
  return line.adjustmentOf === undefined ? line.kind : 'adjustment';
}

function isoDate(instant: string): string {
  return instant.slice(0, 10);
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00.000Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * A closed period's draft invoices (pure): one per customer with a billing reference, a line per
 * server and kind with a non-zero amount in `currency`, prepaid and metered servers left out (the
 * billing system bills them itself: a fixed price, or its own usage billing from /v1/usage).
 * Customers without a reference, with only prepaid or metered servers (`prepaid` when every line is
 * prepaid, else `metered`), with nothing to pay or with a net credit are skipped and said so.
 * Lines keep the period's order.
 */
export function draftInvoices(period: Period, lines: readonly InvoiceLine[], options: DraftInvoiceOptions): DraftInvoicePlan {
  const byCustomer = new Map<string, InvoiceLine[]>();
  for (const line of lines) {
    const list = byCustomer.get(line.customer) ?? [];
    list.push(line);
    byCustomer.set(line.customer, list);
  }
  const date = isoDate(periodBounds(period).end);
  const invoices: DraftInvoice[] = [];
  const skipped: SkippedCustomer[] = [];
  for (const [customer, customerLines] of [...byCustomer].sort(([a], [b]) => compareCustomers(a, b))) {
    const postpaid = customerLines.filter((line) => !line.prepaid && line.metered !== true);
    const amountOf = (line: InvoiceLine): number => line.money[options.currency] ?? missingCurrency(options.currency);
    const totalMinor = postpaid.reduce((sum, line) => sum + amountOf(line), 0);
    const reason: SkippedCustomer['reason'] | undefined = customer.startsWith(UNMAPPED_PREFIX)
      ? 'no_billing_reference'
      : postpaid.length === 0
        ? customerLines.every((line) => line.prepaid)
          ? 'prepaid'
          : 'metered'
        : totalMinor === 0
          ? 'zero_amount'
          : totalMinor < 0
            ? 'credit'
            : undefined;
    if (reason !== undefined) {
      skipped.push({ customer, reason, totalMinor });
      continue;
    }
    const draftLines: DraftInvoiceLine[] = postpaid
      .filter((line) => amountOf(line) !== 0)
      .map((line) => ({
        serverId: line.serverId,
        kind: lineKind(line),
        description: line.description,
        amount: formatMinorUnits(amountOf(line), options.currency),
        amountMinor: amountOf(line),
      }));
    const tag = invoiceTag(period, customer, draftLines);
    invoices.push({
      period,
      clientId: customer,
      currency: options.currency,
      date,
      dueDate: addDays(date, options.dueDays),
      tag,
      notes: `SolusIO usage, ${periodName(period)}. Ref: ${tag}`,
      taxed: options.taxed === true,
      lines: draftLines,
      total: formatMinorUnits(totalMinor, options.currency),
      totalMinor,
    });
  }
  return { invoices, skipped };
}

function missingCurrency(currency: string): never {
  throw new RangeError(`the period's lines carry no ${currency} amounts: set BILLING_CURRENCY to a currency of TOKEN_RATES`);
}
