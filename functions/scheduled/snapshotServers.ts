import { lambdaDeps, type BridgeDeps } from '../lib/deps';
import { lazyHandler } from '../lib/lazyHandler';
import { scheduledHandler } from '../lib/scheduledHandler';

/** snapshot-servers: one run at the event's scheduled time; answers the run record. */
export function makeSnapshotServersHandler(deps: Pick<BridgeDeps, 'serverSnapshotter'>) {
  return scheduledHandler(async (event) => deps.serverSnapshotter.run(event.time));
}

export const handler = lazyHandler(() => makeSnapshotServersHandler(lambdaDeps()));
