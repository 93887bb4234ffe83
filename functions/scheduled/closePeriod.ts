import type { BridgeDeps } from '../lib/deps';
import { buildStoreDeps } from '../lib/deps/stores';
import { buildAggregationDeps } from '../lib/deps/aggregation';
import { lambdaCoreDeps } from '../lib/deps/lambda';
import { lambdaEntry } from '../lib/lazyHandler';
import { METRIC } from '../lib/observability';
import { scheduledHandler } from '../lib/scheduledHandler';

/**
 * close-period: closes the named period (409 when not due) or, without one, whatever is due. Each
 * closed period's `CloseDurationMs` comes from the aggregator; `OpenPastDuePeriods` is counted after the close.
 */
export function makeClosePeriodHandler(deps: Pick<BridgeDeps, 'aggregator' | 'observability'>) {
  return scheduledHandler(deps.observability, (event) => deps.aggregator.close(event.time, event.period), {
    name: 'close-period',
    recordMetrics: async (_result, metrics, event) => {
      metrics.count(METRIC.openPastDuePeriods, (await deps.aggregator.openPastDue(event.time)).length);
    },
  });
}

// Only the dependency families this function uses are built (and bundled).
export const handler = lambdaEntry(() => {
  const core = lambdaCoreDeps();
  return makeClosePeriodHandler({ ...core, ...buildAggregationDeps(core, buildStoreDeps(core)) });
});
