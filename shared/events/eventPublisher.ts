/** A domain event as the bridge publishes it (EventBridge on AWS, an in-memory list locally). */
export interface BridgeEvent {
  readonly detailType: string;
  readonly source: string;
  readonly detail: Readonly<Record<string, unknown>>;
  /** ISO-8601 UTC: the time of the run that produced it, never a wall clock. */
  readonly time: string;
}

export interface EventPublisher {
  publish(event: BridgeEvent): Promise<void>;
}

export const EVENT_SOURCE = 'solus-billing-bridge';
