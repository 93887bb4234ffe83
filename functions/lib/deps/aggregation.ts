import { dynamoAggregationPorts } from '../../../shared/aggregation/dynamo';
import { buildPeriodLifecycle, type PeriodLifecycle } from '../../../shared/aggregation/periodLifecycle';
import { DynamoServiceStore } from '../../../shared/provisioning/DynamoServiceStore';
import { METRIC } from '../observability';
import type { CoreDeps } from './core';
import type { EventDeps } from './events';
import type { StoreDeps } from './stores';

/** The aggregation of the open periods (with the settlement of late changes) and the close. */
export type AggregationDeps = PeriodLifecycle;

export function buildAggregationDeps(core: CoreDeps, { snapshotStore }: Pick<StoreDeps, 'snapshotStore'>, { events }: EventDeps): AggregationDeps {
  const { config, db, runs, logger, observability } = core;
  const serviceStore = new DynamoServiceStore(db, config.tableName);
  return buildPeriodLifecycle({
    ports: dynamoAggregationPorts(db, config.tableName),
    months: snapshotStore,
    runs,
    events,
    logger,
    settings: {
      billSuspendedTime: config.billSuspendedTime,
      ...(config.billingStart === undefined ? {} : { billingStart: config.billingStart }),
      tokenRates: config.tokenRates,
      closeGraceMinutes: config.closeGraceMinutes,
    },
    prepaidServers: () => serviceStore.prepaidServers(),
    meteredServers: () => serviceStore.meteredServers(),
    onPeriodClosed: (_period, durationMs) => observability.metrics.milliseconds(METRIC.closeDurationMs, durationMs),
  });
}
