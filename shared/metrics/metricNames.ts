/**
 * The bridge's own CloudWatch metrics: EMF from the handlers (Powertools Metrics), in one namespace
 * and without dimensions (the default `service` dimension is turned off), so an alarm reads one
 * series per metric. Documented in docs/operations.md ("Metrics").
 */
export const METRICS_NAMESPACE = 'SolusBillingBridge';

export const METRIC = {
  /** snapshot-servers: 1 per complete run. The staleness alarm watches it. */
  completeRuns: 'CompleteRuns',
  /** snapshot-servers: 1 per partial run (SolusIO failed part-way). */
  partialRuns: 'PartialRuns',
  /** snapshot-servers: servers listed by the run. */
  serversSeen: 'ServersSeen',
  /** snapshot-servers: changes applied by the run. */
  changes: 'Changes',
  /** snapshot-servers: minutes since the previous complete run (the lag a gap is measured by). */
  gapMinutes: 'GapMinutes',
  /** snapshot-servers: 1 per suspect run (mass disappearance held back). */
  suspectRuns: 'SuspectRuns',
  /** snapshot-servers: servers whose month item is full, held at their last recorded state (an alarm watches it). */
  heldServers: 'HeldServers',
  /**
   * snapshot-servers: servers the run found created and deleted since the previous complete run
   * (no run listed them) that the bridge cannot bill, each counted once. An alarm watches it.
   */
  unbilledServers: 'UnbilledServers',
  /**
   * snapshot-servers: 1 per run SolusIO's activity log failed because it was not listed newest
   * first (the run is partial: nothing is dated from a log in another order). An alarm watches it.
   */
  activityLogOutOfOrder: 'ActivityLogOutOfOrder',
  /** close-period: how long a close took. */
  closeDurationMs: 'CloseDurationMs',
  /** close-period: ended periods still open at or after the 1st of the next month 06:00 UTC (0 otherwise). */
  openPastDuePeriods: 'OpenPastDuePeriods',
  /** push-invoices, retry-pushes: invoices the push put into the billing system now (created, or found by tag). */
  invoicesPushed: 'InvoicesPushed',
  /** push-invoices, retry-pushes: customers left `failed` (a person must look). An alarm watches it. */
  invoicePushFailures: 'InvoicePushFailures',
  /** push-invoices, retry-pushes: customers left `pending` or `unknown` (the hourly retry-pushes takes them up). */
  invoicePushesOutstanding: 'InvoicePushesOutstanding',
  /**
   * push-invoices, retry-pushes: customers held from the push for a snapshot gap longer than
   * PUSH_HOLD_GAP_HOURS (`skipped`, `held_gap`) until an operator confirms. An alarm watches it.
   */
  pushesHeldForGaps: 'PushesHeldForGaps',
  /** Pushes and reconciliation: customers with more than one invoice carrying the period's tag. An alarm watches it. */
  invoiceDuplicates: 'InvoiceDuplicates',
  /** HTTP handlers: handler latency, 4xx and 5xx answers. */
  apiLatencyMs: 'ApiLatencyMs',
  api4xx: 'Api4xx',
  api5xx: 'Api5xx',
} as const;
