import type { PushState } from '../../shared/invoicing/pushState';
import type { BridgeDeps } from '../lib/deps';
import { buildEventDeps } from '../lib/deps/events';
import { buildInvoicingDeps } from '../lib/deps/invoicing';
import { lambdaCoreDeps } from '../lib/deps/lambda';
import { buildUsageReadDeps } from '../lib/deps/usageReads';
import { lambdaEntry } from '../lib/lazyHandler';
import { recordPushMetrics } from '../lib/pushMetrics';
import { scheduledHandler } from '../lib/scheduledHandler';

export interface RetryPushesResult {
  readonly time: string;
  readonly system: string;
  /** Each period pushed again, with its customers' outcomes counted. */
  readonly periods: readonly { readonly period: string; readonly counts: Readonly<Record<PushState, number>> }[];
}

/**
 * retry-pushes (hourly, `{"time"}`): pushes again the closed periods whose push is not complete:
 * `pending` customers, `unknown` ones whose `settlesAt` has come (a lookup settles them), customers
 * a crashed push held or never reached. `failed` customers are left for a person. Bounded per run
 * (periods, customers per period); what is left waits for the next run.
 */
export function makeRetryPushesHandler(deps: Pick<BridgeDeps, 'invoicePush' | 'observability'>) {
  return scheduledHandler(
    deps.observability,
    async (event): Promise<RetryPushesResult> => {
      const { time, system, reports } = await deps.invoicePush.retryIncomplete(event.time);
      recordPushMetrics(deps.observability.metrics, reports);
      return { time, system, periods: reports.map((report) => ({ period: report.period, counts: report.counts })) };
    },
    { name: 'retry-pushes' },
  );
}

// Only the dependency families this function uses are built (and bundled).
export const handler = lambdaEntry(() => {
  const core = lambdaCoreDeps();
  return makeRetryPushesHandler({ ...core, ...buildInvoicingDeps(core, { ...buildUsageReadDeps(core), ...buildEventDeps(core) }) });
});
