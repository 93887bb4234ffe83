import type { EventPublisher } from '../events';
import { DEFAULT_INSTALLATION } from '../installations';
import type { Logger } from '../logging';
import type { InstallationScope } from './installationScope';
import { LateChangeSettler } from './LateChangeSettler';
import { PeriodAggregator } from './PeriodAggregator';
import { PeriodCloser, type PeriodCloserDeps } from './PeriodCloser';
import type { AggregationPorts, CompleteRuns, MeteredServers, PrepaidServers, ServerMonthSource } from './ports';
import type { AggregationSettings } from './settings';

/** One installation (`default`): its sources beside the ports, the manifest and late marks the ports' own. */
interface SingleInstallationSources {
  readonly months: ServerMonthSource;
  readonly runs: CompleteRuns;
  readonly prepaidServers?: PrepaidServers;
  readonly meteredServers?: MeteredServers;
}

/** The configured installations, each with its own sources (the ports' manifest and marks are not used). */
interface InstallationSources {
  readonly installations: readonly InstallationScope[];
}

/** What the write side of the periods takes besides its ports; the close's tuning as PeriodCloserDeps has it. */
export type PeriodLifecycleDeps = Pick<PeriodCloserDeps, 'onPeriodClosed' | 'closeLock' | 'wallClockMs' | 'newCloseToken' | 'sleep'> & {
  readonly ports: AggregationPorts;
  readonly events: EventPublisher;
  readonly logger: Logger;
  readonly settings: AggregationSettings;
} & (SingleInstallationSources | InstallationSources);

export interface PeriodLifecycle {
  readonly periodAggregator: PeriodAggregator;
  readonly periodCloser: PeriodCloser;
}

/** The installation scopes the deps describe: the list, or the single `default` one. */
export function scopesOf(deps: PeriodLifecycleDeps): readonly InstallationScope[] {
  if ('installations' in deps) return deps.installations;
  const { months, runs, prepaidServers, meteredServers, ports } = deps;
  return [{ installation: DEFAULT_INSTALLATION, months, runs, manifest: ports.manifest, marks: ports.marks, ...(prepaidServers ? { prepaidServers } : {}), ...(meteredServers ? { meteredServers } : {}) }];
}

/**
 * Wires the aggregation (with the settlement of late changes it runs after the open periods) and
 * the close (whose final aggregation is the same aggregator) onto one set of ports and the
 * configured installations' scopes.
 */
export function buildPeriodLifecycle(deps: PeriodLifecycleDeps): PeriodLifecycle {
  const { ports, events, logger } = deps;
  const scopes = scopesOf(deps);
  if (scopes.length === 0) throw new Error('The period lifecycle needs at least one installation');
  const settings: AggregationSettings = { ...deps.settings, installations: scopes.map((scope) => scope.installation) };
  const settlement = new LateChangeSettler({ adjustments: ports.adjustments, closedLines: ports.closedLines, scopes, settings, logger });
  const periodAggregator = new PeriodAggregator({ headers: ports.headers, rows: ports.rows, scopes, settlement, settings });
  const periodCloser = new PeriodCloser({
    headers: ports.headers,
    lock: ports.headers,
    rows: ports.rows,
    scopes,
    aggregation: periodAggregator,
    events,
    logger,
    settings,
    onPeriodClosed: deps.onPeriodClosed,
    closeLock: deps.closeLock,
    wallClockMs: deps.wallClockMs,
    newCloseToken: deps.newCloseToken,
    sleep: deps.sleep,
  });
  return { periodAggregator, periodCloser };
}
