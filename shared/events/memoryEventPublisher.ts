import type { BridgeEvent, EventPublisher } from './eventPublisher';

/** Keeps published events in memory, oldest first (the local stack lists them at /_local/events). */
export class MemoryEventPublisher implements EventPublisher {
  private readonly events: BridgeEvent[] = [];

  async publish(event: BridgeEvent): Promise<void> {
    this.events.push(event);
  }

  list(): readonly BridgeEvent[] {
    return [...this.events];
  }

  clear(): void {
    this.events.length = 0;
  }
}
