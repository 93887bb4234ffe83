import { Duration } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Alarm, ComparisonOperator, MathExpression, TreatMissingData, type Dashboard, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic, type ITopic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { DEFAULT_INSTALLATION } from '../../../shared/installations';
import { METRIC } from '../../../shared/metrics/metricNames';
import { acknowledge } from '../nag';
import { bridgeMetric, monitoringDashboard } from './monitoringDashboard';

/** The API's 5xx share (percent of requests over 5 minutes) above which the alarm fires. */
export const API_5XX_PERCENT_THRESHOLD = 5;
/** Fewer requests than this in 5 minutes never raise the 5xx-rate alarm (one failure is not a rate). */
export const API_5XX_MIN_REQUESTS = 20;

export interface MonitoringProps {
  /** Every function of the bridge by name: one error alarm each. */
  readonly functions: Readonly<Record<string, IFunction>>;
  /** Dead-letter queues by name: one depth alarm each. */
  readonly deadLetterQueues: Readonly<Record<string, IQueue>>;
  readonly httpApi: IHttpApi;
  /** No complete snapshot run for longer than this raises the staleness alarm. 1 to 1440. */
  readonly gapToleranceMinutes: number;
  /**
   * Default: none, the single-installation stack (the snapshot metrics carry no dimension). Given:
   * the snapshot alarms (staleness, suspect runs, unbilled servers, month item full, activity log out of order) are one per installation, on the
   * metrics' `Installation` dimension, and named after it (`SnapshotsStale-eu`).
   */
  readonly installations?: readonly string[];
  /** Subscribed to the alarm topic by e-mail. Default: none (subscribe something yourself). */
  readonly alarmEmail?: string;
  /** Default: CloudFormation's generated name. */
  readonly dashboardName?: string;
  /** Alarms are named `<prefix>-<alarm>` (e.g. `solus-billing-bridge-prod-SnapshotsStale`). Default: generated names. */
  readonly alarmNamePrefix?: string;
}

/**
 * Alarms (to one SNS topic) and the dashboard. The bridge's own metrics are EMF from the handlers,
 * namespace METRICS_NAMESPACE, no dimensions (metricNames.ts, docs/operations.md), except the
 * snapshot metrics of a stack with several installations (dimension `Installation`).
 */
export class Monitoring extends Construct {
  public readonly topic: ITopic;
  public readonly dashboard: Dashboard;
  public readonly functionErrorAlarms: Readonly<Record<string, Alarm>>;
  public readonly deadLetterAlarms: Readonly<Record<string, Alarm>>;
  /** The first (with one installation, the only) of each per-installation alarm; all of them in the `...Alarms` records. */
  public readonly staleSnapshotsAlarm: Alarm;
  public readonly suspectRunAlarm: Alarm;
  /** By installation (`default` for the single-installation stack). */
  public readonly staleSnapshotsAlarms: Readonly<Record<string, Alarm>>;
  public readonly suspectRunAlarms: Readonly<Record<string, Alarm>>;
  public readonly unbilledServersAlarms: Readonly<Record<string, Alarm>>;
  public readonly serverMonthFullAlarms: Readonly<Record<string, Alarm>>;
  public readonly activityLogOrderAlarms: Readonly<Record<string, Alarm>>;
  public readonly invoicePushFailedAlarm: Alarm;
  public readonly invoiceDuplicatesAlarm: Alarm;
  public readonly pushesHeldForGapsAlarm: Alarm;
  public readonly serverMonthFullAlarm: Alarm;
  public readonly unbilledServersAlarm: Alarm;
  public readonly activityLogOrderAlarm: Alarm;
  public readonly periodNotClosedAlarm: Alarm;
  public readonly api5xxAlarm: Alarm;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    if (!Number.isInteger(props.gapToleranceMinutes) || props.gapToleranceMinutes < 1 || props.gapToleranceMinutes > 1440) {
      throw new Error('Monitoring: gapToleranceMinutes must be a whole number of minutes from 1 to 1440');
    }
    if (Object.keys(props.functions).length === 0) throw new Error('Monitoring: no function to watch');

    const topic = new Topic(this, 'AlarmTopic', { displayName: 'solus-billing-bridge alarms', enforceSSL: true });
    acknowledge(topic, 'AwsSolutions-SNS2', 'Alarm notifications carry alarm names and states only. CloudWatch cannot publish to a topic encrypted with the AWS-managed SNS key, and a customer-managed KMS key for this alone is not worth its cost.');
    if (props.alarmEmail) topic.addSubscription(new EmailSubscription(props.alarmEmail));
    this.topic = topic;
    const action = new SnsAction(topic);
    const watch = (alarm: Alarm): Alarm => {
      alarm.addAlarmAction(action);
      alarm.addOkAction(action);
      return alarm;
    };
    const named = (alarmId: string): { alarmName?: string } => (props.alarmNamePrefix ? { alarmName: `${props.alarmNamePrefix}-${alarmId}` } : {});
    // One alarm per installation (`<alarm>-<id>`, metric dimension Installation), or one undimensioned alarm.
    const perInstallation = (build: (scope: { alarmId: (base: string) => string; installation?: string; naming: string }) => Alarm): Record<string, Alarm> =>
      props.installations === undefined
        ? { [DEFAULT_INSTALLATION]: build({ alarmId: (base) => base, naming: '' }) }
        : Object.fromEntries(
            props.installations.map((installation) => [
              installation,
              build({ alarmId: (base) => `${base}-${installation}`, installation, naming: `Installation ${installation}: ` }),
            ]),
          );
    const firstOf = (alarms: Record<string, Alarm>): Alarm => {
      const [first] = Object.values(alarms);
      if (first === undefined) throw new Error('Monitoring: no installation to watch');
      return first;
    };

    this.functionErrorAlarms = Object.fromEntries(
      Object.entries(props.functions).map(([name, fn]) => [
        name,
        watch(
          new Alarm(this, `${name}Errors`, {
            ...named(`${name}Errors`),
            alarmDescription: `${name}: the function failed (an uncaught error, a timeout or a crash). See docs/operations.md, "Alarms".`,
            metric: fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
            threshold: 1,
            evaluationPeriods: 1,
            comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            treatMissingData: TreatMissingData.NOT_BREACHING,
          }),
        ),
      ]),
    );

    this.deadLetterAlarms = Object.fromEntries(
      Object.entries(props.deadLetterQueues).map(([name, queue]) => [
        name,
        watch(
          new Alarm(this, `${name}DeadLetters`, {
            ...named(`${name}DeadLetters`),
            alarmDescription: `${name}: a scheduled run could not be delivered or failed every retry; it is in the dead-letter queue.`,
            metric: queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
            threshold: 1,
            evaluationPeriods: 1,
            comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            treatMissingData: TreatMissingData.NOT_BREACHING,
          }),
        ),
      ]),
    );

    // A count above zero in its period raises the alarm; no data is no trouble.
    const aboveZero = (alarmId: string, alarmDescription: string, metric: IMetric): Alarm =>
      watch(
        new Alarm(this, alarmId, {
          ...named(alarmId),
          alarmDescription,
          metric,
          threshold: 0,
          evaluationPeriods: 1,
          comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        }),
      );

    // One datapoint a minute; a minute without a complete run is missing data, treated as breaching.
    // Alarm only when every minute of the tolerance breached: no complete run for that long.
    this.staleSnapshotsAlarms = perInstallation(({ alarmId, installation, naming }) =>
      watch(
        new Alarm(this, alarmId('SnapshotsStale'), {
          ...named(alarmId('SnapshotsStale')),
          alarmDescription: `${naming}No complete snapshot-servers run for ${props.gapToleranceMinutes} minutes (the gap tolerance): usage is not being recorded.`,
          metric: bridgeMetric(METRIC.completeRuns, 'Sum', Duration.minutes(1), installation),
          threshold: 1,
          evaluationPeriods: props.gapToleranceMinutes,
          datapointsToAlarm: props.gapToleranceMinutes,
          comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
          treatMissingData: TreatMissingData.BREACHING,
        }),
      ),
    );
    this.staleSnapshotsAlarm = firstOf(this.staleSnapshotsAlarms);

    this.suspectRunAlarms = perInstallation(({ alarmId, installation, naming }) =>
      aboveZero(
        alarmId('SuspectRun'),
        `${naming}A snapshot run saw many servers vanish without a delete entry and held them open: confirm or wait (docs/operations.md).`,
        bridgeMetric(METRIC.suspectRuns, 'Sum', Duration.minutes(5), installation),
      ),
    );
    this.suspectRunAlarm = firstOf(this.suspectRunAlarms);

    this.periodNotClosedAlarm = aboveZero(
      'PeriodNotClosed',
      'A billing period is still open on or after the 1st of the next month at 06:00 UTC (close-period reports OpenPastDuePeriods).',
      bridgeMetric(METRIC.openPastDuePeriods, 'Maximum', Duration.hours(1)),
    );

    this.serverMonthFullAlarms = perInstallation(({ alarmId, installation, naming }) =>
      aboveZero(
        alarmId('ServerMonthFull'),
        `${naming}A server changed state so often this month that its month item is full: it is held at its last recorded state (snapshot-servers logs which one; GET /v1/runs lists it in heldServerIds).`,
        bridgeMetric(METRIC.heldServers, 'Maximum', Duration.minutes(15), installation),
      ),
    );
    this.serverMonthFullAlarm = firstOf(this.serverMonthFullAlarms);

    this.unbilledServersAlarms = perInstallation(({ alarmId, installation, naming }) =>
      aboveZero(
        alarmId('UnbilledServers'),
        `${naming}A server was created and deleted between two complete snapshot runs outside what the bridge can price (made outside its provisioning API): GET /v1/usage lists it in \`unbilled\` with the reason (docs/operations.md).`,
        bridgeMetric(METRIC.unbilledServers, 'Sum', Duration.hours(1), installation),
      ),
    );
    this.unbilledServersAlarm = firstOf(this.unbilledServersAlarms);

    this.activityLogOrderAlarms = perInstallation(({ alarmId, installation, naming }) =>
      aboveZero(
        alarmId('ActivityLogOutOfOrder'),
        `${naming}SolusIO listed its activity log in another order than newest first: the snapshot run failed rather than date deletions and IP changes from it (docs/operations.md, docs/conformance.md "Activity log").`,
        bridgeMetric(METRIC.activityLogOutOfOrder, 'Sum', Duration.minutes(5), installation),
      ),
    );
    this.activityLogOrderAlarm = firstOf(this.activityLogOrderAlarms);

    this.invoicePushFailedAlarm = aboveZero(
      'InvoicePushFailed',
      'A push left customers failed, for a person to look at (push-invoices and retry-pushes report InvoicePushFailures): see the log, fix, and POST /v1/periods/{period}/push again.',
      bridgeMetric(METRIC.invoicePushFailures, 'Sum', Duration.hours(1)),
    );

    this.invoiceDuplicatesAlarm = aboveZero(
      'InvoiceDuplicates',
      'A customer has more than one invoice carrying a period\'s tag (a push or GET /v1/periods/{period}/pushes reports InvoiceDuplicates): keep one, delete the others in the billing system.',
      bridgeMetric(METRIC.invoiceDuplicates, 'Sum', Duration.hours(1)),
    );

    this.pushesHeldForGapsAlarm = aboveZero(
      'PushesHeldForGaps',
      'A push held customers whose server had a snapshot gap longer than pushHoldGapHours (PushesHeldForGaps): the push-invoices / retry-pushes error log names the period, customers, servers and gaps; ' +
        'GET /v1/periods/{period}/pushes lists them as skipped held_gap. Check their usage, then POST /v1/periods/{period}/push {"confirmGaps": true} (docs/operations.md).',
      bridgeMetric(METRIC.pushesHeldForGaps, 'Sum', Duration.hours(1)),
    );

    const api5xxRate = new MathExpression({
      label: 'API 5xx %',
      expression: `IF(requests >= ${API_5XX_MIN_REQUESTS}, 100 * errors / requests, 0)`,
      usingMetrics: {
        errors: props.httpApi.metricServerError({ period: Duration.minutes(5), statistic: 'Sum' }),
        requests: props.httpApi.metricCount({ period: Duration.minutes(5), statistic: 'Sum' }),
      },
      period: Duration.minutes(5),
    });
    this.api5xxAlarm = watch(
      new Alarm(this, 'Api5xxRate', {
        ...named('Api5xxRate'),
        alarmDescription: `More than ${API_5XX_PERCENT_THRESHOLD} % of API requests answered 5xx over 5 minutes (at least ${API_5XX_MIN_REQUESTS} requests).`,
        metric: api5xxRate,
        threshold: API_5XX_PERCENT_THRESHOLD,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );

    this.dashboard = monitoringDashboard(this, { ...props, api5xxRate });
  }
}
