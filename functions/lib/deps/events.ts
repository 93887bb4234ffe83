import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { EventBridgePublisher } from '../../../shared/events/eventBridgePublisher';
import type { EventPublisher } from '../../../shared/events/eventPublisher';
import { MemoryEventPublisher } from '../../../shared/events/memoryEventPublisher';
import type { CoreDeps } from './core';

export interface EventDeps {
  readonly events: EventPublisher;
}

/** The bridge's bus: EventBridge when EVENT_BUS_NAME is set, else memory (or the override, locally). */
export function buildEventDeps({ config, observability }: CoreDeps, override?: EventPublisher): EventDeps {
  return {
    events: override ?? (config.eventBusName ? new EventBridgePublisher(observability.captureClient(new EventBridgeClient({})), config.eventBusName) : new MemoryEventPublisher()),
  };
}
