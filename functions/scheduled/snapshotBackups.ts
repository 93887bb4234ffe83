import type { BridgeDeps } from '../lib/deps';
import { buildStoreDeps } from '../lib/deps/stores';
import { buildSnapshotDeps } from '../lib/deps/snapshots';
import { lambdaCoreDeps } from '../lib/deps/lambda';
import { runPerInstallation } from '../lib/installationFanOut';
import { lambdaEntry } from '../lib/lazyHandler';
import { scheduledHandler } from '../lib/scheduledHandler';

/**
 * snapshot-backups: one run at the event's scheduled time, of the installation it names or of every
 * configured one (installationFanOut.ts); answers the run record(s).
 */
export function makeSnapshotBackupsHandler(deps: Pick<BridgeDeps, 'installationSnapshots' | 'observability'>) {
  const { ids, of } = deps.installationSnapshots;
  return scheduledHandler(
    deps.observability,
    (event) => runPerInstallation(ids, event, (installation) => of(installation).backupSnapshotter.run(event.time), deps.observability.logger),
    { name: 'snapshot-backups' },
  );
}

// Only the dependency families this function uses are built (and bundled).
export const handler = lambdaEntry(() => {
  const core = lambdaCoreDeps();
  return makeSnapshotBackupsHandler({ ...core, ...buildSnapshotDeps(core, buildStoreDeps(core)) });
});
