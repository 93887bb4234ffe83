import type { BridgeDeps } from '../lib/deps';
import { buildStoreDeps } from '../lib/deps/stores';
import { buildAggregationDeps } from '../lib/deps/aggregation';
import { buildEventDeps } from '../lib/deps/events';
import { lambdaCoreDeps } from '../lib/deps/lambda';
import { lambdaEntry } from '../lib/lazyHandler';
import { scheduledHandler } from '../lib/scheduledHandler';

/** aggregate-usage: brings the open period(s) up to the latest complete run. */
export function makeAggregateUsageHandler(deps: Pick<BridgeDeps, 'periodAggregator' | 'observability'>) {
  return scheduledHandler(deps.observability, (event) => deps.periodAggregator.aggregate(event.time), { name: 'aggregate-usage' });
}

// Only the dependency families this function uses are built (and bundled).
export const handler = lambdaEntry(() => {
  const core = lambdaCoreDeps();
  return makeAggregateUsageHandler({ ...core, ...buildAggregationDeps(core, buildStoreDeps(core), buildEventDeps(core)) });
});
