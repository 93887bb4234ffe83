import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { Aggregator } from '../../../shared/aggregation/Aggregator';
import { DynamoAggregationStore } from '../../../shared/aggregation/DynamoAggregationStore';
import { EventBridgePublisher } from '../../../shared/events/eventBridgePublisher';
import type { EventPublisher } from '../../../shared/events/eventPublisher';
import { MemoryEventPublisher } from '../../../shared/events/memoryEventPublisher';
import { DynamoServiceStore } from '../../../shared/provisioning/DynamoServiceStore';
import { METRIC } from '../observability';
import type { CoreDeps } from './core';
import type { StoreDeps } from './stores';

export interface AggregationDeps {
  readonly events: EventPublisher;
  readonly aggregator: Aggregator;
}

/** Aggregation, close and the usage reads; `events` defaults to EventBridge when EVENT_BUS_NAME is set. */
export function buildAggregationDeps(core: CoreDeps, { snapshotStore }: Pick<StoreDeps, 'snapshotStore'>, eventsOverride?: EventPublisher): AggregationDeps {
  const { config, db, runs, logger, observability } = core;
  const events =
    eventsOverride ??
    (config.eventBusName ? new EventBridgePublisher(observability.captureClient(new EventBridgeClient({})), config.eventBusName) : new MemoryEventPublisher());
  const serviceStore = new DynamoServiceStore(db, config.tableName);
  return {
    events,
    aggregator: new Aggregator({
      store: new DynamoAggregationStore(db, config.tableName),
      snapshots: snapshotStore,
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
      onPeriodClosed: (_period, durationMs) => observability.metrics.milliseconds(METRIC.closeDurationMs, durationMs),
    }),
  };
}
