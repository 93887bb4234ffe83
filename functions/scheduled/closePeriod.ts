import type { BridgeDeps } from '../lib/deps';
import { buildStoreDeps } from '../lib/deps/stores';
import { buildAggregationDeps } from '../lib/deps/aggregation';
import { buildEventDeps } from '../lib/deps/events';
import { lambdaCoreDeps } from '../lib/deps/lambda';
import { lambdaEntry } from '../lib/lazyHandler';
import { METRIC } from '../lib/observability';
import { scheduledHandler } from '../lib/scheduledHandler';

/**
 * close-period: closes the named period (409 when not due) or, without one, whatever is due. Each
 * closed period's `CloseDurationMs` comes from the closer; `OpenPastDuePeriods` is counted after the close.
 */
export function makeClosePeriodHandler(deps: Pick<BridgeDeps, 'periodCloser' | 'periodAggregator' | 'observability'>) {
  return scheduledHandler(deps.observability, (event) => deps.periodCloser.close(event.time, event.period), {
    name: 'close-period',
    recordMetrics: async (_result, metrics, event) => {
      metrics.count(METRIC.openPastDuePeriods, (await deps.periodAggregator.openPastDue(event.time)).length);
    },
  });
}

// Only the dependency families this function uses are built (and bundled).
export const handler = lambdaEntry(() => {
  const core = lambdaCoreDeps();
  return makeClosePeriodHandler({ ...core, ...buildAggregationDeps(core, buildStoreDeps(core), buildEventDeps(core)) });
});
