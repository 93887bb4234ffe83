import { Duration } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Dashboard, GraphWidget, Metric, TextWidget, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { METRIC, METRICS_NAMESPACE } from '../../../shared/metrics/metricNames';

/** One of the bridge's own EMF metrics; with `installation`, that installation's series (dimension `Installation`). */
export function bridgeMetric(metricName: string, statistic: string, period: Duration, installation?: string): Metric {
  return new Metric({ namespace: METRICS_NAMESPACE, metricName, statistic, period, ...(installation === undefined ? {} : { dimensionsMap: { Installation: installation } }) });
}

export interface DashboardProps {
  readonly functions: Readonly<Record<string, IFunction>>;
  readonly deadLetterQueues: Readonly<Record<string, IQueue>>;
  readonly httpApi: IHttpApi;
  readonly installations?: readonly string[];
  readonly dashboardName?: string;
  /** The API's 5xx share, as the alarm on it reads it. */
  readonly api5xxRate: IMetric;
}

/** The operator's CloudWatch dashboard: runs, servers, lag, close, the API, errors and dead letters. */
export function monitoringDashboard(scope: Construct, props: DashboardProps): Dashboard {
  const fiveMinutes = Duration.minutes(5);
  const graph = (title: string, left: IMetric[], right: IMetric[] = []): GraphWidget => new GraphWidget({ title, left, right, width: 12, height: 6 });
  const dashboard = new Dashboard(scope, 'Dashboard', {
    ...(props.dashboardName ? { dashboardName: props.dashboardName } : {}),
    defaultInterval: Duration.days(1),
  });
  dashboard.addWidgets(
    new TextWidget({
      markdown: '# solus-billing-bridge\nRuns, servers, changes, lag, close and the API. What each alarm means: docs/operations.md.',
      width: 24,
      height: 2,
    }),
  );
  dashboard.addWidgets(
    graph('Snapshot runs', [
      ...(props.installations ?? [undefined]).flatMap((installation) =>
        [METRIC.completeRuns, METRIC.partialRuns, METRIC.suspectRuns].map((metricName) => bridgeMetric(metricName, 'Sum', fiveMinutes, installation)),
      ),
      bridgeMetric(METRIC.activityLogOutOfOrder, 'Sum', fiveMinutes),
    ]),
    graph(
      'Servers seen, changes, unbilled',
      [bridgeMetric(METRIC.serversSeen, 'Maximum', fiveMinutes)],
      [bridgeMetric(METRIC.changes, 'Sum', fiveMinutes), bridgeMetric(METRIC.unbilledServers, 'Sum', fiveMinutes)],
    ),
  );
  dashboard.addWidgets(
    graph('Lag: minutes between complete runs', [bridgeMetric(METRIC.gapMinutes, 'Maximum', fiveMinutes)]),
    graph('Close', [bridgeMetric(METRIC.closeDurationMs, 'Maximum', Duration.hours(1))], [bridgeMetric(METRIC.openPastDuePeriods, 'Maximum', Duration.hours(1))]),
  );
  dashboard.addWidgets(
    graph('API latency (ms)', [
      props.httpApi.metricLatency({ period: fiveMinutes, statistic: 'p50' }),
      props.httpApi.metricLatency({ period: fiveMinutes, statistic: 'p99' }),
      bridgeMetric(METRIC.apiLatencyMs, 'p99', fiveMinutes),
    ]),
    graph('API answers', [props.httpApi.metricCount({ period: fiveMinutes, statistic: 'Sum' })], [bridgeMetric(METRIC.api4xx, 'Sum', fiveMinutes), bridgeMetric(METRIC.api5xx, 'Sum', fiveMinutes), props.api5xxRate]),
  );
  dashboard.addWidgets(
    graph('Function errors', Object.entries(props.functions).map(([name, fn]) => fn.metricErrors({ period: fiveMinutes, statistic: 'Sum', label: name }))),
    graph(
      'Dead letters',
      Object.entries(props.deadLetterQueues).map(([name, queue]) => queue.metricApproximateNumberOfMessagesVisible({ period: fiveMinutes, statistic: 'Maximum', label: name })),
    ),
  );
  return dashboard;
}
