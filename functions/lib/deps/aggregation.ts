import { dynamoAggregationPorts, dynamoInstallationPorts } from '../../../shared/aggregation/dynamo';
import type { InstallationScope } from '../../../shared/aggregation/installationScope';
import { buildPeriodLifecycle, type PeriodLifecycle } from '../../../shared/aggregation/periodLifecycle';
import { DynamoServiceStore } from '../../../shared/provisioning/DynamoServiceStore';
import { METRIC } from '../observability';
import type { CoreDeps } from './core';
import type { EventDeps } from './events';
import { buildInstallationStoreDeps } from './installationStores';
import type { StoreDeps } from './stores';

/** The aggregation of the open periods (with the settlement of late changes) and the close. */
export type AggregationDeps = PeriodLifecycle;

/** Prices each configured installation from its own snapshot stores (installationStores.ts). */
export function buildAggregationDeps(core: CoreDeps, stores: StoreDeps, { events }: EventDeps): AggregationDeps {
  const { config, db, logger, observability } = core;
  const serviceStore = new DynamoServiceStore(db, config.tableName);
  const { ids, of } = buildInstallationStoreDeps(core, stores).installationStores;
  const installations = ids.map((installation): InstallationScope => {
    const scoped = of(installation);
    return {
      installation,
      months: scoped.snapshotStore,
      runs: scoped.runs,
      ...dynamoInstallationPorts(db, config.tableName, installation),
      prepaidServers: () => serviceStore.prepaidServers(installation),
      meteredServers: () => serviceStore.meteredServers(installation),
    };
  });
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
