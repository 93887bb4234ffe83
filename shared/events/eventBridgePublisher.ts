import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { BridgeError } from '../errors';
import type { BridgeEvent, EventPublisher } from './eventPublisher';

export class EventPublishError extends BridgeError {
  constructor(message: string) {
    super(message);
    this.name = 'EventPublishError';
  }
}

/** Publishes to an EventBridge bus; a rejected entry is an error, not a silent drop. */
export class EventBridgePublisher implements EventPublisher {
  constructor(
    private readonly client: EventBridgeClient,
    private readonly eventBusName: string,
  ) {}

  async publish(event: BridgeEvent): Promise<void> {
    const result = await this.client.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: this.eventBusName,
            Source: event.source,
            DetailType: event.detailType,
            Detail: JSON.stringify(event.detail),
            Time: new Date(event.time),
          },
        ],
      }),
    );
    if (result.FailedEntryCount) {
      const entry = result.Entries?.[0];
      throw new EventPublishError(`EventBridge rejected ${event.detailType}: ${entry?.ErrorCode ?? 'unknown'} ${entry?.ErrorMessage ?? ''}`.trim());
    }
  }
}
