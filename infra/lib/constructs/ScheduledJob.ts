import { Duration, Stack } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { ContextAttribute, Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Queue, QueueEncryption, type IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { SCHEDULED_FUNCTIONS } from '../../../functions/catalog';
import { SCHEDULE_DEFINITIONS, type ScheduledJobName } from '../../../shared/schedules';
import { acknowledge, nagRef } from '../nag';
import { BridgeFunction, grantNeeds, networkFor, type BridgeResources, type FunctionCode, type FunctionNetwork } from './BridgeFunction';

/** Retries of a failed delivery or invocation, by Scheduler and by Lambda's asynchronous invoke. */
export const SCHEDULE_RETRY_ATTEMPTS = 2;

export interface ScheduledJobProps {
  readonly job: ScheduledJobName;
  /** Minutes between two runs. */
  readonly rateMinutes: number;
  /** Must be shorter than the rate, so two runs of the job never overlap. */
  readonly timeout: Duration;
  /** Default: 512 MB. */
  readonly memorySize?: number;
  /** Default: none. 1 means one run at a time, whatever happens to the schedule. */
  readonly reservedConcurrentExecutions?: number;
  /** Where a delivery Scheduler gave up on, and an invocation that failed every retry, end up. */
  readonly deadLetterQueue: IQueue;
  readonly resources: BridgeResources;
  readonly environment: Readonly<Record<string, string>>;
  readonly logRetention: RetentionDays;
  /**
   * Default: none, one schedule with input `{time}`. Given: one schedule per installation (construct
   * `Schedule-<id>`), input `{time, installation}`, sharing the role, retries and dead-letter queue.
   */
  readonly installations?: readonly string[];
  /** Default: `esbuild`. */
  readonly code?: FunctionCode;
  /** Default: none. Given: the functions that call SolusIO or the billing system run in it (`networkFor`). */
  readonly network?: FunctionNetwork;
}

/**
 * One scheduled job: its function (granted what the catalog says) and its EventBridge Scheduler
 * schedule(s). The target input is `{"time": <scheduled time>}` (plus `"installation"` when the job
 * fans out per installation): Scheduler delivers only the input it is given, and the handlers take
 * "now" from it. A delivery is retried (SCHEDULE_RETRY_ATTEMPTS) for
 * at most one rate (an older one would be superseded by the next run anyway), then dead-lettered;
 * Lambda's own asynchronous retries of a failed run send it to the same queue.
 */
export class ScheduledJob extends Construct {
  public readonly function: BridgeFunction;
  /** The first (with one installation, the only) schedule. */
  public readonly schedule: Schedule;
  /** Every schedule of the job: one, or one per installation. */
  public readonly schedules: readonly Schedule[];

  constructor(scope: Construct, id: string, props: ScheduledJobProps) {
    super(scope, id);
    const rate = Duration.minutes(props.rateMinutes);
    if (props.timeout.toSeconds() >= rate.toSeconds()) {
      throw new Error(`${props.job}: timeout (${props.timeout.toSeconds()} s) must be shorter than the rate (${rate.toSeconds()} s)`);
    }
    const definition = SCHEDULE_DEFINITIONS.find((candidate) => candidate.name === props.job);
    if (!definition) throw new Error(`${props.job}: no schedule definition`);
    // Scheduler and Lambda accept 60 s to 24 h (Scheduler) / 6 h (Lambda) of event age.
    const schedulerMaxAge = Duration.seconds(Math.min(Math.max(rate.toSeconds(), 60), 24 * 3600));
    const lambdaMaxAge = Duration.seconds(Math.min(Math.max(rate.toSeconds(), 60), 6 * 3600));

    this.function = new BridgeFunction(this, 'Handler', {
      entry: SCHEDULED_FUNCTIONS[props.job].entry,
      environment: props.environment,
      timeout: props.timeout,
      memorySize: props.memorySize ?? 512,
      logRetention: props.logRetention,
      ...(props.reservedConcurrentExecutions !== undefined ? { reservedConcurrentExecutions: props.reservedConcurrentExecutions } : {}),
      ...(props.code ? { code: props.code } : {}),
      ...networkFor(SCHEDULED_FUNCTIONS[props.job], props.network),
    });
    grantNeeds(this.function.function, SCHEDULED_FUNCTIONS[props.job], props.resources);
    this.function.function.configureAsyncInvoke({
      retryAttempts: SCHEDULE_RETRY_ATTEMPTS,
      maxEventAge: lambdaMaxAge,
      onFailure: new SqsDestination(props.deadLetterQueue),
    });

    // Scheduler's role for this job alone: invoke this function, send to the dead-letter queue.
    const schedulerRole = new Role(this, 'SchedulerRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } } }),
    });
    acknowledge(
      schedulerRole,
      `AwsSolutions-IAM5[Resource::${nagRef(this.function.function, 'Arn')}:*]`,
      "CDK's invoke grant names this one function and its versions/aliases (`<arn>:*`); the schedule invokes nothing else.",
    );
    const schedule = (scheduleId: string, input: Readonly<Record<string, string>>): Schedule =>
      new Schedule(this, scheduleId, {
        description: definition.description,
        schedule: ScheduleExpression.rate(rate),
        target: new LambdaInvoke(this.function.function, {
          input: ScheduleTargetInput.fromObject({ time: ContextAttribute.scheduledTime, ...input }),
          retryAttempts: SCHEDULE_RETRY_ATTEMPTS,
          maxEventAge: schedulerMaxAge,
          deadLetterQueue: props.deadLetterQueue,
          role: schedulerRole,
        }),
      });
    this.schedules =
      props.installations === undefined
        ? [schedule('Schedule', {})]
        : props.installations.map((installation) => schedule(`Schedule-${installation}`, { installation }));
    const [first] = this.schedules;
    if (first === undefined) throw new Error(`${props.job}: no installation to schedule`);
    this.schedule = first;
  }
}

/** The dead-letter queue of a concern's schedules: encrypted (SQS-managed keys), TLS only, 14 days. */
export function createDeadLetterQueue(scope: Construct, id: string): Queue {
  const queue = new Queue(scope, id, {
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });
  acknowledge(queue, 'AwsSolutions-SQS3', 'This queue is itself the dead-letter queue of the schedules; its depth is alarmed (Monitoring).');
  return queue;
}
