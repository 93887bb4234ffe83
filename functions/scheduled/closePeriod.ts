import { NotImplementedError } from '../../shared/errors';
import { lambdaDeps, type BridgeDeps } from '../lib/deps';
import { lazyHandler } from '../lib/lazyHandler';
import { scheduledHandler } from '../lib/scheduledHandler';

/** The close-period job; its issue replaces this placeholder, which answers 501. */
export function makeClosePeriodHandler(_deps: BridgeDeps) {
  return scheduledHandler(async () => {
    throw new NotImplementedError('close-period');
  });
}

export const handler = lazyHandler(() => makeClosePeriodHandler(lambdaDeps()));
