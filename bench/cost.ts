/** AWS list prices, us-east-1, as published in 2026 (docs/benchmarks.md states them). */
export const PRICES = {
  dynamoWriteUnit: 0.625 / 1e6,
  dynamoReadUnit: 0.125 / 1e6,
  lambdaGbSecondArm: 0.0000133334,
  lambdaRequest: 0.2 / 1e6,
  schedulerInvocation: 1 / 1e6,
  apiRequest: 1 / 1e6,
  eventBridgeEvent: 1 / 1e6,
} as const;

export const LAMBDA_MEMORY_GB = 256 / 1024;

/** What one invocation cost, as measured. */
export interface InvocationCost {
  readonly readUnits: number;
  readonly writeUnits: number;
  readonly ms: number;
}

/** USD of `count` invocations like `one`, scheduled (Scheduler) or behind the HTTP API. */
export function usd(one: InvocationCost, count: number, trigger: 'scheduler' | 'api' | 'none'): number {
  const perCall =
    one.readUnits * PRICES.dynamoReadUnit +
    one.writeUnits * PRICES.dynamoWriteUnit +
    (one.ms / 1000) * LAMBDA_MEMORY_GB * PRICES.lambdaGbSecondArm +
    PRICES.lambdaRequest +
    (trigger === 'scheduler' ? PRICES.schedulerInvocation : trigger === 'api' ? PRICES.apiRequest : 0);
  return perCall * count;
}

/**
 * The headline month's change rate: 10 billable changes per server and month (creates, deletions,
 * resizes, suspensions, backups toggles, IPs), which is a busy fleet: most VPS change less than
 * once a month. Changes are priced one by one at what the measured churn run paid per change.
 */
export const CHANGES_PER_SERVER_MONTH = 10;

/** The extra a change costs over a run where nothing changed: (churn run - steady run) / changes. */
export function perChange(churn: InvocationCost, steady: InvocationCost, changes: number): InvocationCost {
  return { readUnits: (churn.readUnits - steady.readUnits) / changes, writeUnits: (churn.writeUnits - steady.writeUnits) / changes, ms: Math.max(0, churn.ms - steady.ms) / changes };
}

/** Snapshot runs of a month: every run at the steady cost, plus each change at its own. */
export interface SnapshotMonth {
  readonly steadyRun: InvocationCost;
  readonly change: InvocationCost;
  readonly changesPerServerMonth: number;
}

export interface MonthInputs {
  /** Servers the measured invocations covered. */
  readonly servers: number;
  /** One cost for all 8,640 runs, or the steady run plus the month's changes. */
  readonly snapshotRun: InvocationCost | SnapshotMonth;
  readonly aggregation: InvocationCost;
  readonly close: InvocationCost;
  readonly closeNoop: InvocationCost;
  readonly backupsRun: InvocationCost;
  readonly usageRead: InvocationCost;
}

/** The month: 8,640 snapshot runs (and their changes), 720 aggregations, 1 close (+719 hourly no-op closes), 30 backups runs, reads. */
export function monthUsdPer1000(inputs: MonthInputs): { total: number; parts: Record<string, number> } {
  const parts: Record<string, number> = {
    snapshots:
      'steadyRun' in inputs.snapshotRun
        ? usd(inputs.snapshotRun.steadyRun, 8640, 'scheduler') + changesUsd(inputs.snapshotRun.change, inputs.snapshotRun.changesPerServerMonth * inputs.servers)
        : usd(inputs.snapshotRun, 8640, 'scheduler'),
    aggregations: usd(inputs.aggregation, 720, 'scheduler'),
    close: usd(inputs.close, 1, 'scheduler') + PRICES.eventBridgeEvent + usd(inputs.closeNoop, 719, 'scheduler'),
    backups: usd(inputs.backupsRun, 30, 'scheduler'),
    // The billing system reads each customer's usage once a day (100 servers per customer).
    usageReads: usd(inputs.usageRead, (inputs.servers / 100) * 30, 'api'),
  };
  const scale = 1000 / inputs.servers;
  for (const key of Object.keys(parts)) parts[key] = (parts[key] as number) * scale;
  return { total: Object.values(parts).reduce((a, b) => a + b, 0), parts };
}

/** USD of `count` changes: their extra units and run time (no extra invocation). */
function changesUsd(change: InvocationCost, count: number): number {
  return count * (change.readUnits * PRICES.dynamoReadUnit + change.writeUnits * PRICES.dynamoWriteUnit + (change.ms / 1000) * LAMBDA_MEMORY_GB * PRICES.lambdaGbSecondArm);
}
