import { publishesPerInstallation } from '../../shared/installations';
import { reportsActivityLogOrderError } from '../../shared/solusio';
import type { ServersRunRecord } from '../../shared/snapshots/types';
import type { BridgeDeps } from '../lib/deps';
import { buildStoreDeps } from '../lib/deps/stores';
import { buildSnapshotDeps } from '../lib/deps/snapshots';
import { lambdaCoreDeps } from '../lib/deps/lambda';
import { recordsOf, runPerInstallation } from '../lib/installationFanOut';
import { lambdaEntry } from '../lib/lazyHandler';
import { METRIC, type MetricsRecorder } from '../lib/observability';
import { scheduledHandler } from '../lib/scheduledHandler';

type Recorder = Pick<MetricsRecorder, 'count'>;

/**
 * snapshot-servers: one run at the event's scheduled time, of the installation it names or of every
 * configured one (installationFanOut.ts); answers the run record(s).
 */
export function makeSnapshotServersHandler(deps: Pick<BridgeDeps, 'installationSnapshots' | 'observability'>) {
  const { logger } = deps.observability;
  const { ids } = deps.installationSnapshots;
  const perInstallation = publishesPerInstallation(ids);
  const runOne = async (installation: string, time: string): Promise<ServersRunRecord> => {
    const run = await deps.installationSnapshots.of(installation).serverSnapshotter.run(time);
    // The run is partial like any SolusIO failure, but this one no retry cures: say it loudly.
    if (reportsActivityLogOrderError(run.error)) {
      logger.error('SolusIO listed its activity log out of order: the run is partial and dates nothing from it', { installation, run: run.time, error: run.error });
    }
    return run;
  };
  return scheduledHandler(deps.observability, (event) => runPerInstallation(ids, event, (installation) => runOne(installation, event.time), logger), {
    name: 'snapshot-servers',
    recordMetrics: (answer, metrics, event) => {
      for (const { installation, record } of recordsOf(answer, event.installation ?? ids[0] ?? '')) {
        // The dimension-less series (every installation's sum), and one per installation, which their
        // alarms name (the single `default` installation publishes as before installations).
        recordRunMetrics(record, metrics);
        if (perInstallation) recordRunMetrics(record, metrics.dimensioned({ Installation: installation }));
      }
    },
  });
}

function recordRunMetrics(run: ServersRunRecord, metrics: Recorder): void {
  // A late delivery older than the newest run applies nothing: neither a complete nor a partial run.
  if (run.superseded) return;
  metrics.count(run.complete ? METRIC.completeRuns : METRIC.partialRuns, 1);
  metrics.count(METRIC.serversSeen, run.serversSeen);
  metrics.count(METRIC.changes, run.changes);
  if (run.gapFrom !== undefined) metrics.count(METRIC.gapMinutes, (Date.parse(run.time) - Date.parse(run.gapFrom)) / 60_000);
  if (run.suspect) metrics.count(METRIC.suspectRuns, 1);
  if (run.heldServerIds !== undefined) metrics.count(METRIC.heldServers, run.heldServerIds.length);
  if (run.unbilledServerIds !== undefined) metrics.count(METRIC.unbilledServers, run.unbilledServerIds.length);
  if (reportsActivityLogOrderError(run.error)) metrics.count(METRIC.activityLogOutOfOrder, 1);
}

// Only the dependency families this function uses are built (and bundled).
export const handler = lambdaEntry(() => {
  const core = lambdaCoreDeps();
  return makeSnapshotServersHandler({ ...core, ...buildSnapshotDeps(core, buildStoreDeps(core)) });
});
