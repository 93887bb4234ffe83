import * as z from 'zod';
import { SKIP_REASONS } from '../invoicing/draftInvoices';
import { PUSH_STATES, RECONCILE_STATUSES, RECORD_STATES } from '../invoicing/pushState';
import { instant, period } from './baseSchemas';

/** The invoice push's answers: a push report (a dry run's too) and the reconciliation (docs/billing-systems.md). */

const heldGap = z
  .object({ serverId: z.int(), installation: z.string().optional().describe('the server\'s SolusIO installation; absent for `default`'), longestGapMinutes: z.int() })
  .describe('skipped for held_gap: the server with the customer\'s longest snapshot gap, and that gap in minutes (pushed only with confirmGaps)');
const pushState = z.enum(PUSH_STATES).describe('docs/billing-systems.md, "Push states"');
const skipReason = z.enum(SKIP_REASONS);
const errorView = z.object({ code: z.string(), message: z.string() });
const decimal = z.string().describe('an exact decimal in the invoice currency');
const draftInvoice = z.object({
  period,
  clientId: z.string(),
  currency: z.string(),
  date: z.string(),
  dueDate: z.string(),
  tag: z.string(),
  notes: z.string(),
  taxed: z.boolean().describe('every line marked taxable (BILLING_TAXED)'),
  lines: z.array(z.object({ serverId: z.int(), kind: z.enum(['runtime', 'ips', 'backups', 'adjustment']), description: z.string(), amount: decimal, amountMinor: z.int() })),
  total: decimal,
  totalMinor: z.int(),
});
export const pushReport = z.object({
  period,
  system: z.enum(['whmcs', 'blesta', 'hostbill', 'ubersmith', 'none']),
  dryRun: z.boolean(),
  currency: z.string(),
  counts: z.record(pushState, z.int()),
  customers: z.array(
    z.object({
      customer: z.string(),
      outcome: pushState,
      total: decimal.optional(),
      tag: z.string().optional(),
      invoiceId: z.string().optional(),
      alreadyPushed: z.boolean().optional().describe('pushed by an earlier push: nothing was sent now'),
      foundByTag: z.boolean().optional(),
      reason: skipReason.optional(),
      clientCurrency: z.string().optional().describe('skipped for currency_mismatch: the currency the billing system bills the client in'),
      heldGap: heldGap.optional(),
      error: errorView.optional().describe('failed: what a person must look at'),
      lastError: errorView.optional().describe('pending, unknown: the retryable failure behind it'),
      settlesAt: instant.optional().describe('unknown: from this push time a lookup settles it'),
      invoice: draftInvoice.optional().describe('dry run: the invoice as it would be sent'),
      replacedInvoiceId: z.string().optional(),
    }),
  ),
});
const reconcileStatus = z.enum(RECONCILE_STATUSES);
export const reconciliation = z.object({
  period,
  system: z.enum(['whmcs', 'blesta', 'hostbill', 'ubersmith']),
  currency: z.string(),
  run: z.object({ state: z.enum(['running', 'done']), startedAt: instant.nullable(), finishedAt: instant.nullable() }).describe('whether a push of the period is running now'),
  counts: z.record(reconcileStatus, z.int()).describe("this page's customers"),
  customers: z.array(
    z.object({
      customer: z.string(),
      status: reconcileStatus,
      computed: z.object({ total: decimal, lines: z.int(), tag: z.string() }).nullable(),
      push: z
        .object({
          status: z.enum(RECORD_STATES),
          invoiceId: z.string().nullable(),
          pushedAt: instant.nullable(),
          settlesAt: instant.nullable(),
          lastError: errorView.nullable(),
          error: errorView.nullable(),
        })
        .nullable(),
      remote: z.object({ invoiceId: z.string(), status: z.string(), total: decimal.nullable(), lines: z.int() }).nullable(),
      reason: skipReason.optional(),
      clientCurrency: z.string().optional().describe('skipped for currency_mismatch: the currency the billing system bills the client in'),
      heldGap: heldGap.optional(),
      differences: z.array(z.string()).optional(),
      invoiceIds: z.array(z.string()).optional().describe('duplicate: every invoice carrying the tag'),
      error: errorView.optional().describe("error: this customer's billing-system failure"),
    }),
  ),
  nextCursor: z.string().optional().describe('absent on the last page'),
});
