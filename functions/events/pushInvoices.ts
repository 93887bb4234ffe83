import * as z from 'zod';
import { BILLING_PERIOD_CLOSED } from '../../shared/aggregation/Aggregator';
import { isInstant, isPeriod } from '../../shared/billing';
import { BadRequestError, HttpError } from '../../shared/errors';
import type { PushReport } from '../../shared/invoicing/InvoicePusher';
import type { BridgeDeps } from '../lib/deps';
import { buildAggregationDeps } from '../lib/deps/aggregation';
import { buildInvoicingDeps } from '../lib/deps/invoicing';
import { lambdaCoreDeps } from '../lib/deps/lambda';
import { buildStoreDeps } from '../lib/deps/stores';
import { lambdaEntry } from '../lib/lazyHandler';
import { METRIC } from '../lib/observability';
import { scheduledHandler } from '../lib/scheduledHandler';

const instant = z.string().refine(isInstant, 'an ISO-8601 UTC instant, e.g. 2026-12-01T02:00:00Z');
const period = z.string().refine(isPeriod, 'a period YYYY-MM');

/** What EventBridge delivers for the rule on BillingPeriodClosed. */
const closedEventSchema = z.object({ 'detail-type': z.literal(BILLING_PERIOD_CLOSED), time: instant, detail: z.object({ period }) });
/** A push by hand: `{"time", "period", "dryRun"?}`. */
const invokeSchema = z.object({ time: instant, period, dryRun: z.boolean().optional() }).strict();

export interface PushEvent {
  readonly time: string;
  readonly period: string;
  readonly dryRun: boolean;
}

export function parsePushEvent(raw: unknown): PushEvent {
  const closed = closedEventSchema.safeParse(raw);
  if (closed.success) return { time: closed.data.time, period: closed.data.detail.period, dryRun: false };
  const invoke = invokeSchema.safeParse(raw);
  if (invoke.success) return { time: invoke.data.time, period: invoke.data.period, dryRun: invoke.data.dryRun === true };
  const problems = invoke.error.issues.map((issue) => `${issue.path.join('.') || 'event'}: ${issue.message}`).join('; ');
  throw new BadRequestError(`Invalid push-invoices event: a BillingPeriodClosed event, or {"time", "period", "dryRun"?}: ${problems}`, 'invalid_event');
}

/** A push that left customers failed or held by another push: thrown so the event is delivered again. */
export class PushIncompleteError extends HttpError {
  constructor(report: PushReport) {
    super(409, 'push_incomplete', `Push of ${report.period}: ${report.counts.failed} customers failed, ${report.counts.in_progress} held by another push (see the log)`);
    this.name = 'PushIncompleteError';
  }
}

/**
 * push-invoices: a closed period's draft invoices into the billing system, exactly once per
 * customer. Triggered by BillingPeriodClosed; invoked by hand with `{"time", "period"}`. With no
 * billing system configured, a closed event is acknowledged and logged, nothing is pushed. A push
 * that leaves customers failed or held (a crashed push's lease) throws after counting them, so
 * Lambda delivers the event again and, after its retries, the dead-letter queue alarms: nobody is
 * left unpushed without a signal.
 */
export function makePushInvoicesHandler(deps: Pick<BridgeDeps, 'invoicePusher' | 'observability' | 'logger'>) {
  return scheduledHandler(
    deps.observability,
    async (event: PushEvent): Promise<PushReport | { period: string; system: 'none'; pushed: false; reason: string }> => {
      const pusher = await deps.invoicePusher();
      if (pusher.system === 'none' && !event.dryRun) {
        deps.logger.info('no billing system configured: the closed period is not pushed', { period: event.period });
        return { period: event.period, system: 'none', pushed: false, reason: 'BILLING_SYSTEM is none' };
      }
      const report = await pusher.push(event.period, event.time, { dryRun: event.dryRun });
      if (report.dryRun) return report;
      deps.observability.metrics.count(METRIC.invoicesPushed, report.counts.pushed);
      deps.observability.metrics.count(METRIC.invoicePushFailures, report.counts.failed + report.counts.in_progress);
      if (report.counts.failed + report.counts.in_progress > 0) throw new PushIncompleteError(report);
      return report;
    },
    { name: 'push-invoices', parse: parsePushEvent },
  );
}

// Only the dependency families this function uses are built (and bundled).
export const handler = lambdaEntry(() => {
  const core = lambdaCoreDeps();
  return makePushInvoicesHandler({ ...core, ...buildInvoicingDeps(core, buildAggregationDeps(core, buildStoreDeps(core))) });
});
