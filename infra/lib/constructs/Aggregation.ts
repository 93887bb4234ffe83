import { Duration } from 'aws-cdk-lib';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { BridgeResources, FunctionCode, FunctionNetwork } from './BridgeFunction';
import { createDeadLetterQueue, ScheduledJob } from './ScheduledJob';

export const AGGREGATION_JOBS = ['aggregate-usage', 'close-period'] as const;
export type AggregationJobName = (typeof AGGREGATION_JOBS)[number];

/** The longest an aggregation or close run may take (less when the rate is shorter). */
export const AGGREGATION_MAX_TIMEOUT = Duration.minutes(10);

export interface AggregationProps {
  /** Minutes between runs of each job. */
  readonly rateMinutes: Readonly<Record<AggregationJobName, number>>;
  readonly resources: BridgeResources;
  readonly environment: Readonly<Record<string, string>>;
  readonly logRetention: RetentionDays;
  /** Default: `esbuild`. */
  readonly code?: FunctionCode;
  /** Default: none. Given: the functions that call SolusIO or the billing system run in it (`networkFor`). */
  readonly network?: FunctionNetwork;
}

/** The open period's aggregation and the close (which publishes `BillingPeriodClosed`). */
export class Aggregation extends Construct {
  public readonly jobs: Readonly<Record<AggregationJobName, ScheduledJob>>;
  public readonly deadLetterQueue: IQueue;

  constructor(scope: Construct, id: string, props: AggregationProps) {
    super(scope, id);
    this.deadLetterQueue = createDeadLetterQueue(this, 'DeadLetterQueue');
    const job = (name: AggregationJobName) =>
      new ScheduledJob(this, name, {
        job: name,
        rateMinutes: props.rateMinutes[name],
        timeout: Duration.seconds(Math.min(props.rateMinutes[name] * 60 - 30, AGGREGATION_MAX_TIMEOUT.toSeconds())),
        deadLetterQueue: this.deadLetterQueue,
        resources: props.resources,
        environment: props.environment,
        logRetention: props.logRetention,
        ...(props.code ? { code: props.code } : {}),
        ...(props.network ? { network: props.network } : {}),
      });
    this.jobs = { 'aggregate-usage': job('aggregate-usage'), 'close-period': job('close-period') };
  }
}
