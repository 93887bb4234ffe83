import { lambdaDeps, type BridgeDeps } from '../lib/deps';
import { lazyHandler } from '../lib/lazyHandler';
import { scheduledHandler } from '../lib/scheduledHandler';

/** close-period: closes the named period (409 when not due) or, without one, whatever is due. */
export function makeClosePeriodHandler(deps: Pick<BridgeDeps, 'aggregator'>) {
  return scheduledHandler((event) => deps.aggregator.close(event.time, event.period));
}

export const handler = lazyHandler(() => makeClosePeriodHandler(lambdaDeps()));
