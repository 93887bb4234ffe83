import { dynamoAggregationPorts, dynamoInstallationPorts, DynamoLatestCompleteRun } from '../../../shared/aggregation/dynamo';
import type { InstallationScope } from '../../../shared/aggregation/installationScope';
import { buildPeriodLifecycle, type PeriodLifecycle } from '../../../shared/aggregation/periodLifecycle';
import type { ServerMonthSource } from '../../../shared/aggregation/ports';
import { DEFAULT_INSTALLATION } from '../../../shared/installations';
import { DynamoServiceStore } from '../../../shared/provisioning/DynamoServiceStore';
import { DynamoSnapshotStore } from '../../../shared/snapshots/DynamoSnapshotStore';
import { METRIC } from '../observability';
import type { CoreDeps } from './core';
import type { EventDeps } from './events';
import { configuredInstallations } from './installationIds';
import type { StoreDeps } from './stores';

/** The aggregation of the open periods (with the settlement of late changes) and the close. */
export type AggregationDeps = PeriodLifecycle;

/** The snapshot reads the aggregation prices from: the default installation's store, and each installation's. */
export interface AggregationSources extends Pick<StoreDeps, 'snapshotStore'> {
  /** An installation's snapshot store (MONTH@<id>, GAP#servers@<id>, its first complete run); needed only for installations other than `default`. */
  readonly snapshotStoreOf?: (installation: string) => ServerMonthSource;
}

export function buildAggregationDeps(core: CoreDeps, sources: AggregationSources, { events }: EventDeps): AggregationDeps {
  const { config, db, logger, observability } = core;
  const serviceStore = new DynamoServiceStore(db, config.tableName);
  const monthsOf = (installation: string): ServerMonthSource => {
    if (sources.snapshotStoreOf !== undefined) return sources.snapshotStoreOf(installation);
    if (installation === DEFAULT_INSTALLATION) return sources.snapshotStore;
    // Any other installation's months, gaps and first complete run: its scoped store (as the snapshot pipeline's).
    return new DynamoSnapshotStore(db, config.tableName, installation);
  };
  const installations = configuredInstallations(core).map(
    (installation): InstallationScope => ({
      installation,
      months: monthsOf(installation),
      runs: new DynamoLatestCompleteRun(db, config.tableName, installation),
      ...dynamoInstallationPorts(db, config.tableName, installation),
      prepaidServers: () => serviceStore.prepaidServers(installation),
      meteredServers: () => serviceStore.meteredServers(installation),
    }),
  );
  return buildPeriodLifecycle({
    ports: dynamoAggregationPorts(db, config.tableName),
    installations,
    events,
    logger,
    settings: {
      billSuspendedTime: config.billSuspendedTime,
      ...(config.billingStart === undefined ? {} : { billingStart: config.billingStart }),
      tokenRates: config.tokenRates,
      closeGraceMinutes: config.closeGraceMinutes,
    },
    onPeriodClosed: (_period, durationMs) => observability.metrics.milliseconds(METRIC.closeDurationMs, durationMs),
  });
}
