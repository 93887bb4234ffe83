import * as z from 'zod';
import { BILLING_PERIOD_CLOSED } from '../../shared/aggregation/PeriodCloser';
import { isInstant, isPeriod } from '../../shared/billing';
import { BadRequestError } from '../../shared/errors';
import { INVOICE_PUSH_REQUESTED, type PushReport } from '../../shared/invoicing/InvoicePush';
import type { BridgeDeps } from '../lib/deps';
import { buildEventDeps } from '../lib/deps/events';
import { buildInvoicingDeps } from '../lib/deps/invoicing';
import { lambdaCoreDeps } from '../lib/deps/lambda';
import { buildUsageReadDeps } from '../lib/deps/usageReads';
import { lambdaEntry } from '../lib/lazyHandler';
import { recordPushMetrics } from '../lib/pushMetrics';
import { scheduledHandler } from '../lib/scheduledHandler';

const instant = z.string().refine(isInstant, 'an ISO-8601 UTC instant, e.g. 2026-12-01T02:00:00Z');
const period = z.string().refine(isPeriod, 'a period YYYY-MM');

/** What EventBridge delivers for the rule: a close, or a push the API accepted. */
const closedEventSchema = z.object({ 'detail-type': z.literal(BILLING_PERIOD_CLOSED), time: instant, detail: z.object({ period }) });
const requestedEventSchema = z.object({
  'detail-type': z.literal(INVOICE_PUSH_REQUESTED),
  time: instant,
  detail: z.object({ period, repushMissing: z.boolean().optional(), confirmGaps: z.boolean().optional() }),
});
/** A push by hand: `{"time", "period", "dryRun"?, "repushMissing"?, "confirmGaps"?}`. */
const invokeSchema = z.object({ time: instant, period, dryRun: z.boolean().optional(), repushMissing: z.boolean().optional(), confirmGaps: z.boolean().optional() }).strict();

export interface PushEvent {
  readonly time: string;
  readonly period: string;
  readonly dryRun: boolean;
  readonly repushMissing: boolean;
  /** Only an operator's push confirms the snapshot gaps: the close's own push holds those customers. */
  readonly confirmGaps: boolean;
}

export function parsePushEvent(raw: unknown): PushEvent {
  const closed = closedEventSchema.safeParse(raw);
  if (closed.success) return { time: closed.data.time, period: closed.data.detail.period, dryRun: false, repushMissing: false, confirmGaps: false };
  const requested = requestedEventSchema.safeParse(raw);
  if (requested.success) {
    const { detail } = requested.data;
    return { time: requested.data.time, period: detail.period, dryRun: false, repushMissing: detail.repushMissing === true, confirmGaps: detail.confirmGaps === true };
  }
  const invoke = invokeSchema.safeParse(raw);
  if (invoke.success) {
    const { data } = invoke;
    return { time: data.time, period: data.period, dryRun: data.dryRun === true, repushMissing: data.repushMissing === true, confirmGaps: data.confirmGaps === true };
  }
  const problems = invoke.error.issues.map((issue) => `${issue.path.join('.') || 'event'}: ${issue.message}`).join('; ');
  throw new BadRequestError(
    `Invalid push-invoices event: a BillingPeriodClosed or InvoicePushRequested event, or {"time", "period", "dryRun"?, "repushMissing"?, "confirmGaps"?}: ${problems}`,
    'invalid_event',
  );
}

/**
 * push-invoices: a closed period's draft invoices into the billing system, exactly once per
 * customer. Triggered by BillingPeriodClosed and by InvoicePushRequested (an accepted
 * `POST /v1/periods/{period}/push`); invoked by hand with `{"time", "period"}`. With no billing
 * system configured, the event is acknowledged and logged, nothing is pushed. Customers left
 * `pending` or `unknown` are taken up by the hourly retry-pushes; `failed` ones are counted in
 * `InvoicePushFailures` (alarmed), those held for a snapshot gap in `PushesHeldForGaps` (alarmed)
 * until a push with `confirmGaps`. A run fails (and is retried, then dead-lettered) only when the
 * push itself could not be done.
 */
export function makePushInvoicesHandler(deps: Pick<BridgeDeps, 'invoicePush' | 'observability' | 'logger'>) {
  return scheduledHandler(
    deps.observability,
    async (event: PushEvent): Promise<PushReport | { period: string; system: 'none'; pushed: false; reason: string }> => {
      if (deps.invoicePush.system === 'none' && !event.dryRun) {
        deps.logger.info('no billing system configured: the closed period is not pushed', { period: event.period });
        return { period: event.period, system: 'none', pushed: false, reason: 'BILLING_SYSTEM is none' };
      }
      return deps.invoicePush.push(event.period, event.time, { dryRun: event.dryRun, repushMissing: event.repushMissing, confirmGaps: event.confirmGaps });
    },
    {
      name: 'push-invoices',
      parse: parsePushEvent,
      recordMetrics: (result, metrics) => {
        if ('customers' in result && !result.dryRun) recordPushMetrics(metrics, [result]);
      },
    },
  );
}

// Only the dependency families this function uses are built (and bundled).
export const handler = lambdaEntry(() => {
  const core = lambdaCoreDeps();
  return makePushInvoicesHandler({ ...core, ...buildInvoicingDeps(core, { ...buildUsageReadDeps(core), ...buildEventDeps(core) }) });
});
