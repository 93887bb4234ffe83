import { CfnOutput } from 'aws-cdk-lib';
import { EventBus, type IEventBus } from 'aws-cdk-lib/aws-events';
import { Construct } from 'constructs';

export interface EventsProps {
  /** Name of the bus `BillingPeriodClosed` is published on. */
  readonly eventBusName: string;
}

/** The bridge's EventBridge bus: `close-period` publishes `BillingPeriodClosed` on it. */
export class Events extends Construct {
  public readonly eventBus: IEventBus;

  constructor(scope: Construct, id: string, props: EventsProps) {
    super(scope, id);
    if (!/^[A-Za-z0-9._-]{1,256}$/.test(props.eventBusName) || props.eventBusName === 'default') {
      throw new Error(`Events: invalid bus name ${props.eventBusName}`);
    }
    this.eventBus = new EventBus(this, 'Bus', { eventBusName: props.eventBusName });
    new CfnOutput(this, 'EventBusName', { value: this.eventBus.eventBusName });
  }
}
