import { reportsActivityLogOrderError } from '../../shared/solusio';
import type { BridgeDeps } from '../lib/deps';
import { buildStoreDeps } from '../lib/deps/stores';
import { buildSnapshotDeps } from '../lib/deps/snapshots';
import { lambdaCoreDeps } from '../lib/deps/lambda';
import { lambdaEntry } from '../lib/lazyHandler';
import { METRIC } from '../lib/observability';
import { scheduledHandler } from '../lib/scheduledHandler';

/** snapshot-servers: one run at the event's scheduled time; answers the run record. */
export function makeSnapshotServersHandler(deps: Pick<BridgeDeps, 'serverSnapshotter' | 'observability'>) {
  const job = async (event: { time: string }) => {
    const run = await deps.serverSnapshotter.run(event.time);
    // The run is partial like any SolusIO failure, but this one no retry cures: say it loudly.
    if (reportsActivityLogOrderError(run.error)) {
      deps.observability.logger.error('SolusIO listed its activity log out of order: the run is partial and dates nothing from it', { run: run.time, error: run.error });
    }
    return run;
  };
  return scheduledHandler(deps.observability, job, {
    name: 'snapshot-servers',
    recordMetrics: (run, metrics) => {
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
    },
  });
}

// Only the dependency families this function uses are built (and bundled).
export const handler = lambdaEntry(() => {
  const core = lambdaCoreDeps();
  return makeSnapshotServersHandler({ ...core, ...buildSnapshotDeps(core, buildStoreDeps(core)) });
});
