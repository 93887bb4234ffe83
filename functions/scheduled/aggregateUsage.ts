import { lambdaDeps, type BridgeDeps } from '../lib/deps';
import { lazyHandler } from '../lib/lazyHandler';
import { scheduledHandler } from '../lib/scheduledHandler';

/** aggregate-usage: brings the open period(s) up to the latest complete run. */
export function makeAggregateUsageHandler(deps: Pick<BridgeDeps, 'aggregator'>) {
  return scheduledHandler((event) => deps.aggregator.aggregate(event.time));
}

export const handler = lazyHandler(() => makeAggregateUsageHandler(lambdaDeps()));
