import {
  billingModeOf,
  compareCustomers,
  computePeriodUsage,
  parseTokenRates,
  periodBounds,
  signedLineMoney,
  sumMoney,
  type BillingMode,
  type CustomerUsage,
  type Money,
  type Period,
  type ServerUsageInput,
  type ServerUsageLine,
  type TokenRatesInput,
  scopedCustomerReference,
} from '../billing';
import { installationOf, serverKey } from './installationScope';
import { resolveEnd } from './usageRows';
import type { AdjustmentRow, UsageRow } from './types';

export interface UsageSettings {
  readonly billSuspendedTime: boolean;
  readonly billingStart?: string;
  readonly tokenRates: TokenRatesInput;
  /** Several installations are configured: the rows name unmapped customers with their installation. */
  readonly nameInstallations?: boolean;
}

/**
 * A usage line as the API shows it: the engine's line, the server's hostname when known, its
 * longest single gap inside the customer's time when it had one, and `adjustmentOf` on an adjustment entry.
 */
export interface UsageLine extends ServerUsageLine {
  /** The SolusIO installation of the server (`default` on a single-installation stack): always set by the usage reads; absent reads as `default`. */
  readonly installation?: string;
  /** How the server is billed, from its row's flags (an adjustment's from the adjustment row's); postpaid for servers the bridge did not create. */
  readonly billingMode: BillingMode;
  readonly hostname?: string;
  readonly longestGapMinutes?: number;
  readonly adjustmentOf?: Period;
}

export interface UsageCustomer extends Omit<CustomerUsage, 'servers'> {
  readonly servers: UsageLine[];
}

/** An adjustment entry as a usage line of its own (flag `adjustment`, tokens possibly negative). */
export function adjustmentLine(row: AdjustmentRow, tokenRates: TokenRatesInput): UsageLine {
  const rates = parseTokenRates(tokenRates);
  const money = sumMoney(
    [signedLineMoney(row.runtimeTokens, rates), signedLineMoney(row.ipTokens, rates), signedLineMoney(row.backupTokens, rates)],
    rates,
  );
  return {
    serverId: row.serverId,
    installation: installationOf(row),
    ...(row.hostname === undefined ? {} : { hostname: row.hostname }),
    runtimeHours: 0,
    runtimeTokens: row.runtimeTokens,
    ipTokens: row.ipTokens,
    backupTokens: row.backupTokens,
    totalTokens: row.runtimeTokens + row.ipTokens + row.backupTokens,
    prepaid: false,
    billingMode: billingModeOf({ prepaid: false, metered: row.metered === true }),
    flags: ['adjustment'],
    money,
    adjustmentOf: row.adjustmentOf,
  };
}

/** The servers the rows describe, with open segments resolved to `asOf` (one input per server). */
export function serverInputs(rows: readonly UsageRow[], period: Period, asOf: string): ServerUsageInput[] {
  const periodEnd = periodBounds(period).end;
  const byServer = new Map<number, UsageRow>();
  for (const row of rows) byServer.set(row.serverId, row);
  return [...byServer.values()].map((row) => ({
    serverId: row.serverId,
    prepaid: row.prepaid,
    segments: row.segments.map((segment) => ({ ...segment, end: resolveEnd(segment.end, segment.start, asOf, periodEnd) })),
  }));
}

/**
 * The usage of the customers in `customers` (every customer the rows name, when absent) from
 * usage rows and adjustment rows, computed with the billing engine as of `asOf` (pure).
 */
export function usageFromRows(input: {
  period: Period;
  asOf: string;
  rows: readonly UsageRow[];
  adjustments: readonly AdjustmentRow[];
  settings: UsageSettings;
  customers?: ReadonlySet<string>;
}): UsageCustomer[] {
  const { period, settings } = input;
  const wanted = input.customers ?? new Set([...input.rows.map((row) => row.customer), ...input.adjustments.map((row) => row.customer)]);
  const rates = parseTokenRates(settings.tokenRates);
  // The engine prices segments only; each line gets its server's hostname and billing mode and its customer's longest gap afterwards.
  const key = (installation: string, serverId: number): string => serverKey(installation, serverId);
  const hostnames = new Map(input.rows.flatMap((row) => (row.hostname === undefined ? [] : [[key(installationOf(row), row.serverId), row.hostname] as const])));
  const modes = new Map(input.rows.map((row) => [key(installationOf(row), row.serverId), billingModeOf({ prepaid: row.prepaid, metered: row.metered === true })] as const));
  const gapMinutes = new Map(input.rows.flatMap((row) => (row.longestGapMinutes === undefined ? [] : [[`${row.customer}#${key(installationOf(row), row.serverId)}`, row.longestGapMinutes] as const])));
  const described = (installation: string, customer: string, line: ServerUsageLine): UsageLine => {
    const server = key(installation, line.serverId);
    const hostname = hostnames.get(server);
    const longest = gapMinutes.get(`${customer}#${server}`);
    const billingMode = modes.get(server) ?? billingModeOf(line);
    const { serverId, ...rest } = line;
    return { serverId, installation, ...(hostname === undefined ? {} : { hostname }), ...rest, billingMode, ...(longest === undefined ? {} : { longestGapMinutes: longest }) };
  };
  const byCustomer = new Map<string, UsageLine[]>();
  // Server ids repeat across installations: the engine prices each installation's servers on its own.
  const byInstallation = new Map<string, UsageRow[]>();
  for (const row of input.rows) byInstallation.set(installationOf(row), [...(byInstallation.get(installationOf(row)) ?? []), row]);
  for (const [installation, rows] of byInstallation) {
    const usage = computePeriodUsage({
      period,
      servers: serverInputs(rows, period, input.asOf),
      settings: { billSuspendedTime: settings.billSuspendedTime, billingStart: settings.billingStart ?? null, tokenRates: settings.tokenRates },
    });
    for (const customer of usage.customers) {
      // The engine names unmapped owners without their installation; the rows name it when several are configured.
      const reference = settings.nameInstallations === true ? scopedCustomerReference(customer.customer, installation) : customer.customer;
      if (!wanted.has(reference)) continue;
      byCustomer.set(reference, [...(byCustomer.get(reference) ?? []), ...customer.servers.map((line) => described(installation, reference, line))]);
    }
  }
  for (const row of input.adjustments) {
    if (!wanted.has(row.customer)) continue;
    byCustomer.set(row.customer, [...(byCustomer.get(row.customer) ?? []), adjustmentLine(row, settings.tokenRates)]);
  }
  return [...byCustomer.entries()]
    .sort(([a], [b]) => compareCustomers(a, b))
    .map(([customer, servers]) => {
      const ordered = [...servers].sort(compareUsageLines);
      return {
        customer,
        totalTokens: ordered.reduce((sum, line) => sum + line.totalTokens, 0),
        money: sumMoney(
          ordered.map((line) => line.money),
          rates,
        ) as Money,
        servers: ordered,
      };
    });
}

/** A customer's lines in order: by server id, then installation, then the period an adjustment is of. */
export function compareUsageLines(a: Pick<UsageLine, 'serverId' | 'installation' | 'adjustmentOf'>, b: Pick<UsageLine, 'serverId' | 'installation' | 'adjustmentOf'>): number {
  return a.serverId - b.serverId || compareCustomers(installationOf(a), installationOf(b)) || (a.adjustmentOf ?? '').localeCompare(b.adjustmentOf ?? '');
}
