import type { BridgeEvent, EventPublisher } from './eventPublisher';

/** Keeps published events in memory, oldest first (the local stack lists them at /_local/events). */
export class MemoryEventPublisher implements EventPublisher {
  private readonly events: BridgeEvent[] = [];
  private failures = 0;
  private readonly listeners: ((event: BridgeEvent) => void)[] = [];

  async publish(event: BridgeEvent): Promise<void> {
    if (this.failures > 0) {
      this.failures -= 1;
      throw new Error(`publishing ${event.detailType} failed (injected)`);
    }
    this.events.push(event);
    for (const listener of this.listeners) listener(event);
  }

  /** Calls `listener` with every event published from now on (the local stack's stand-in for rules). */
  subscribe(listener: (event: BridgeEvent) => void): void {
    this.listeners.push(listener);
  }

  /** Makes the next `count` publishes fail, as a crash between a commit and its event would (tests). */
  failNext(count: number): void {
    this.failures = count;
  }

  list(): readonly BridgeEvent[] {
    return [...this.events];
  }

  clear(): void {
    this.events.length = 0;
  }
}
