import { lambdaDeps, type BridgeDeps } from '../lib/deps';
import { lazyHandler } from '../lib/lazyHandler';
import { scheduledHandler } from '../lib/scheduledHandler';

/** snapshot-backups: one run at the event's scheduled time; answers the run record. */
export function makeSnapshotBackupsHandler(deps: Pick<BridgeDeps, 'backupSnapshotter'>) {
  return scheduledHandler(async (event) => deps.backupSnapshotter.run(event.time));
}

export const handler = lazyHandler(() => makeSnapshotBackupsHandler(lambdaDeps()));
