import { NotImplementedError } from '../../shared/errors';
import { lambdaDeps, type BridgeDeps } from '../lib/deps';
import { lazyHandler } from '../lib/lazyHandler';
import { scheduledHandler } from '../lib/scheduledHandler';

/** The snapshot-backups job; its issue replaces this placeholder, which answers 501. */
export function makeSnapshotBackupsHandler(_deps: BridgeDeps) {
  return scheduledHandler(async () => {
    throw new NotImplementedError('snapshot-backups');
  });
}

export const handler = lazyHandler(() => makeSnapshotBackupsHandler(lambdaDeps()));
