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

export interface MonthInputs {
  /** Servers the measured invocations covered. */
  readonly servers: number;
  readonly snapshotRun: InvocationCost;
  readonly aggregation: InvocationCost;
  readonly close: InvocationCost;
  readonly closeNoop: InvocationCost;
  readonly backupsRun: InvocationCost;
  readonly usageRead: InvocationCost;
}

/** The month: 8,640 snapshot runs, 720 aggregations, 1 close (+719 hourly no-op closes), 30 backups runs, reads. */
export function monthUsdPer1000(inputs: MonthInputs): { total: number; parts: Record<string, number> } {
  const parts: Record<string, number> = {
    snapshots: usd(inputs.snapshotRun, 8640, 'scheduler'),
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
