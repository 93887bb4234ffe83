import type { EventPublisher } from '../events';
import type { Logger } from '../logging';
import { LateChangeSettler } from './LateChangeSettler';
import { PeriodAggregator } from './PeriodAggregator';
import { PeriodCloser, type PeriodCloserDeps } from './PeriodCloser';
import type { AggregationPorts, CompleteRuns, MeteredServers, PrepaidServers, ServerMonthSource } from './ports';
import type { AggregationSettings } from './settings';

/** What the write side of the periods takes besides its ports; the close's tuning as PeriodCloserDeps has it. */
export interface PeriodLifecycleDeps extends Pick<PeriodCloserDeps, 'onPeriodClosed' | 'closeLock' | 'wallClockMs' | 'newCloseToken' | 'sleep'> {
  readonly ports: AggregationPorts;
  readonly months: ServerMonthSource;
  readonly runs: CompleteRuns;
  readonly events: EventPublisher;
  readonly logger: Logger;
  readonly settings: AggregationSettings;
  readonly prepaidServers?: PrepaidServers;
  readonly meteredServers?: MeteredServers;
}

export interface PeriodLifecycle {
  readonly periodAggregator: PeriodAggregator;
  readonly periodCloser: PeriodCloser;
}

/**
 * Wires the aggregation (with the settlement of late changes it runs after the open periods) and
 * the close (whose final aggregation is the same aggregator) onto one set of ports.
 */
export function buildPeriodLifecycle(deps: PeriodLifecycleDeps): PeriodLifecycle {
  const { ports, months, runs, events, logger, settings } = deps;
  const { prepaidServers, meteredServers } = deps;
  const settlement = new LateChangeSettler({ marks: ports.marks, adjustments: ports.adjustments, manifest: ports.manifest, closedLines: ports.closedLines, months, settings, logger, prepaidServers, meteredServers });
  const periodAggregator = new PeriodAggregator({ headers: ports.headers, rows: ports.rows, manifest: ports.manifest, months, runs, settlement, settings, prepaidServers, meteredServers });
  const periodCloser = new PeriodCloser({
    headers: ports.headers,
    lock: ports.headers,
    rows: ports.rows,
    months,
    runs,
    aggregation: periodAggregator,
    events,
    logger,
    settings,
    prepaidServers,
    meteredServers,
    onPeriodClosed: deps.onPeriodClosed,
    closeLock: deps.closeLock,
    wallClockMs: deps.wallClockMs,
    newCloseToken: deps.newCloseToken,
    sleep: deps.sleep,
  });
  return { periodAggregator, periodCloser };
}
