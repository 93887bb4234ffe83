/** Aggregation and periods: usage rows, the close, invoice lines and adjustments. */
export { Aggregator, BILLING_PERIOD_CLOSED, notDueReason, usageFromLines } from './Aggregator';
export type { AggregateResult, AggregationSettings, AggregatorDeps, CloseResult } from './Aggregator';
export { DynamoAggregationStore } from './DynamoAggregationStore';
export { invoiceLines, linesChecksum, linesTotals, periodName, sortLines } from './invoiceLines';
export { usageFromRows, adjustmentLine, serverInputs } from './usageFromRows';
export type { UsageCustomer, UsageLine, UsageSettings } from './usageFromRows';
export { usageRowsOf, resolveEnd } from './usageRows';
export { LINE_KINDS } from './types';
export type { AdjustmentRow, InvoiceLine, LineKind, PeriodHeader, PeriodStatus, PeriodTotals, RowSegment, UsageRow } from './types';
