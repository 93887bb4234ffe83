import { Duration } from 'aws-cdk-lib';
import { ContextAttribute, Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Construct } from 'constructs';
import { SCHEDULED_FUNCTIONS } from '../../../functions/catalog';
import { SCHEDULE_DEFINITIONS, type ScheduledJobName } from '../../../shared/schedules';
import { BridgeFunction, grantNeeds, type BridgeResources } from './BridgeFunction';

export interface SchedulesProps {
  readonly resources: BridgeResources;
  readonly environment: Readonly<Record<string, string>>;
}

/**
 * One EventBridge Scheduler schedule per job. The target input is `{"time": <scheduled time>}`:
 * Scheduler delivers only the input it is given, and the handlers take "now" from it.
 */
export class Schedules extends Construct {
  public readonly functions: Readonly<Record<ScheduledJobName, BridgeFunction>>;

  constructor(scope: Construct, id: string, props: SchedulesProps) {
    super(scope, id);
    const functions = {} as Record<ScheduledJobName, BridgeFunction>;
    for (const definition of SCHEDULE_DEFINITIONS) {
      const fn = new BridgeFunction(this, `${definition.name}Function`, {
        entry: SCHEDULED_FUNCTIONS[definition.name].entry,
        environment: props.environment,
        timeout: Duration.minutes(10),
        memorySize: 512,
      });
      grantNeeds(fn, SCHEDULED_FUNCTIONS[definition.name], props.resources);
      new Schedule(this, `${definition.name}Schedule`, {
        description: definition.description,
        schedule: ScheduleExpression.rate(Duration.minutes(definition.everyMinutes)),
        target: new LambdaInvoke(fn, { input: ScheduleTargetInput.fromObject({ time: ContextAttribute.scheduledTime }) }),
      });
      functions[definition.name] = fn;
    }
    this.functions = functions;
  }
}
