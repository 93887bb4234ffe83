import { Duration } from 'aws-cdk-lib';
import { Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction as LambdaTarget } from 'aws-cdk-lib/aws-events-targets';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { EVENT_FUNCTIONS } from '../../../functions/catalog';
import { CONFIG_DEFAULTS } from '../../../shared/config/defaults';
import { EVENT_SOURCE } from '../../../shared/events/eventPublisher';
import { PUSH_DEFAULTS } from '../../../shared/invoicing/InvoicePush';
import { BridgeFunction, grantNeeds, networkFor, type BridgeResources, type FunctionCode, type FunctionNetwork } from './BridgeFunction';
import { createDeadLetterQueue, SCHEDULE_RETRY_ATTEMPTS, ScheduledJob } from './ScheduledJob';

/**
 * How long a push may run. A customer's push lease (PUSH_DEFAULTS.leaseMs) is longer, so a lease
 * only runs out once its holder is gone: a takeover never races a live push into a second invoice.
 */
export const PUSH_TIMEOUT = Duration.minutes(15);

export interface InvoicingProps {
  /** Minutes between two runs of retry-pushes (default: its schedule definition's, 60). */
  readonly retryRateMinutes?: number;
  readonly resources: BridgeResources;
  readonly environment: Readonly<Record<string, string>>;
  readonly logRetention: RetentionDays;
  /** Default: `esbuild`. */
  readonly code?: FunctionCode;
  /** Default: none. Given: the functions that call SolusIO or the billing system run in it (`networkFor`). */
  readonly network?: FunctionNetwork;
}

/**
 * push-invoices and the rule that feeds it: every `BillingPeriodClosed` and `InvoicePushRequested`
 * (a push the API accepted) on the bridge's bus is delivered to it (EventBridge retries a failed
 * delivery; Lambda retries a failed run twice, then the event lands in the dead-letter queue, whose
 * depth is alarmed); and retry-pushes, the hourly schedule that pushes again what a push left
 * pending or unknown (same dead-letter queue). A push is exactly once per customer whatever the
 * retries (push records and the tag lookup), so retrying is always safe.
 */
export class Invoicing extends Construct {
  public readonly function: BridgeFunction;
  public readonly rule: Rule;
  public readonly retryJob: ScheduledJob;
  public readonly deadLetterQueue: IQueue;

  constructor(scope: Construct, id: string, props: InvoicingProps) {
    super(scope, id);
    if (PUSH_DEFAULTS.leaseMs <= PUSH_TIMEOUT.toMilliseconds()) throw new Error('Invoicing: the push lease must outlast the function timeout');
    const entry = EVENT_FUNCTIONS['push-invoices'];
    this.deadLetterQueue = createDeadLetterQueue(this, 'DeadLetterQueue');
    this.function = new BridgeFunction(this, 'PushInvoices', {
      entry: entry.entry,
      environment: props.environment,
      timeout: PUSH_TIMEOUT,
      memorySize: 512,
      logRetention: props.logRetention,
      ...(props.code ? { code: props.code } : {}),
      ...networkFor(entry, props.network),
    });
    grantNeeds(this.function.function, entry, props.resources);
    this.function.function.configureAsyncInvoke({
      retryAttempts: SCHEDULE_RETRY_ATTEMPTS,
      maxEventAge: Duration.hours(6),
      onFailure: new SqsDestination(this.deadLetterQueue),
    });
    this.rule = new Rule(this, 'BillingPeriodClosed', {
      eventBus: props.resources.eventBus,
      description: 'A closed billing period (or a push the API accepted) is pushed into the billing system as draft invoices',
      eventPattern: { source: [EVENT_SOURCE], detailType: [...entry.detailTypes] },
      targets: [new LambdaTarget(this.function.function, { retryAttempts: SCHEDULE_RETRY_ATTEMPTS, maxEventAge: Duration.hours(24), deadLetterQueue: this.deadLetterQueue })],
    });
    const retryRateMinutes = props.retryRateMinutes ?? CONFIG_DEFAULTS.scheduleRates['retry-pushes'];
    // Shorter than the rate (runs never overlap) and than the lease (a takeover never races a live run).
    const retryTimeout = Duration.seconds(Math.min(retryRateMinutes * 60 - 30, PUSH_TIMEOUT.toSeconds()));
    this.retryJob = new ScheduledJob(this, 'retry-pushes', {
      job: 'retry-pushes',
      rateMinutes: retryRateMinutes,
      timeout: retryTimeout,
      reservedConcurrentExecutions: 1,
      deadLetterQueue: this.deadLetterQueue,
      resources: props.resources,
      environment: props.environment,
      logRetention: props.logRetention,
      ...(props.code ? { code: props.code } : {}),
      ...(props.network ? { network: props.network } : {}),
    });
  }
}
