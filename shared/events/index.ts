export { EVENT_SOURCE } from './eventPublisher';
export type { BridgeEvent, EventPublisher } from './eventPublisher';
export { EventBridgePublisher, EventPublishError } from './eventBridgePublisher';
export { MemoryEventPublisher } from './memoryEventPublisher';
