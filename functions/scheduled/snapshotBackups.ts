import type { BridgeDeps } from '../lib/deps';
import { buildStoreDeps } from '../lib/deps/stores';
import { buildSnapshotDeps } from '../lib/deps/snapshots';
import { lambdaCoreDeps } from '../lib/deps/lambda';
import { lambdaEntry } from '../lib/lazyHandler';
import { scheduledHandler } from '../lib/scheduledHandler';

/** snapshot-backups: one run at the event's scheduled time; answers the run record. */
export function makeSnapshotBackupsHandler(deps: Pick<BridgeDeps, 'backupSnapshotter' | 'observability'>) {
  return scheduledHandler(deps.observability, async (event) => deps.backupSnapshotter.run(event.time), { name: 'snapshot-backups' });
}

// Only the dependency families this function uses are built (and bundled).
export const handler = lambdaEntry(() => {
  const core = lambdaCoreDeps();
  return makeSnapshotBackupsHandler({ ...core, ...buildSnapshotDeps(core, buildStoreDeps(core)) });
});
