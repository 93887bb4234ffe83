import { NotImplementedError } from '../../shared/errors';
import { lambdaDeps, type BridgeDeps } from '../lib/deps';
import { lazyHandler } from '../lib/lazyHandler';
import { scheduledHandler } from '../lib/scheduledHandler';

/** The aggregate-usage job; its issue replaces this placeholder, which answers 501. */
export function makeAggregateUsageHandler(_deps: BridgeDeps) {
  return scheduledHandler(async () => {
    throw new NotImplementedError('aggregate-usage');
  });
}

export const handler = lazyHandler(() => makeAggregateUsageHandler(lambdaDeps()));
