import type { PushReport } from '../../shared/invoicing/InvoicePush';
import { METRIC, type MetricsRecorder } from './observability';

/** What a push left, as the push functions' metrics (docs/operations.md, "Metrics"). */
export function recordPushMetrics(metrics: MetricsRecorder, reports: readonly PushReport[]): void {
  const customers = reports.flatMap((report) => report.customers);
  metrics.count(METRIC.invoicesPushed, customers.filter((customer) => customer.outcome === 'pushed' && customer.alreadyPushed !== true).length);
  metrics.count(METRIC.invoicePushFailures, customers.filter((customer) => customer.outcome === 'failed').length);
  metrics.count(METRIC.invoicePushesOutstanding, customers.filter((customer) => customer.outcome === 'pending' || customer.outcome === 'unknown').length);
  metrics.count(METRIC.invoiceDuplicates, customers.filter((customer) => customer.error?.code === 'DuplicateInvoicesError').length);
  metrics.count(METRIC.pushesHeldForGaps, customers.filter((customer) => customer.outcome === 'skipped' && customer.reason === 'held_gap').length);
}
