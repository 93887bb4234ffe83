import { randomUUID } from 'node:crypto';
import { EVENT_FUNCTIONS, type EventFunctionName } from '../functions/catalog';
import type { ScheduledHandler } from '../functions/lib/scheduledHandler';
import type { BridgeEvent } from '../shared/events';
import type { Logger } from '../shared/logging';

/**
 * The local stand-in for the EventBridge rules: each published event goes, in EventBridge's
 * envelope, to the functions whose rule takes its detail type, asynchronously as on AWS. A failed
 * delivery is logged (on AWS the rule retries it; locally a push is repeated by hand).
 */
export class LocalEventDelivery {
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly handlers: Record<EventFunctionName, ScheduledHandler<unknown>>,
    private readonly logger: Logger,
  ) {}

  deliver(event: BridgeEvent): void {
    for (const name of Object.keys(EVENT_FUNCTIONS) as EventFunctionName[]) {
      const detailTypes: readonly string[] = EVENT_FUNCTIONS[name].detailTypes;
      if (!detailTypes.includes(event.detailType)) continue;
      const envelope = {
        version: '0',
        id: randomUUID(),
        'detail-type': event.detailType,
        source: event.source,
        account: '000000000000',
        time: event.time,
        region: 'local',
        resources: [],
        detail: event.detail,
      };
      const delivery = this.handlers[name](envelope).then(
        () => undefined,
        (error: unknown) => this.logger.error('event delivery failed', { function: name, detailType: event.detailType, error: error instanceof Error ? error.message : String(error) }),
      );
      this.pending.add(delivery);
      void delivery.finally(() => this.pending.delete(delivery));
    }
  }

  /** Resolves once every delivery started so far (and any they caused) has finished. */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }
}
