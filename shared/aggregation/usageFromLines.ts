import { billingModeOf } from '../billing';
import { installationOf } from './installationScope';
import type { InvoiceLine } from './types';
import type { UsageCustomer } from './usageFromRows';

/** A closed period's usage shape, from its frozen lines (pure). */
export function usageFromLines(lines: readonly InvoiceLine[], tokenRates: Readonly<Record<string, string>>): UsageCustomer[] {
  const byCustomer = new Map<string, Map<string, InvoiceLine[]>>();
  for (const line of lines) {
    const servers = byCustomer.get(line.customer) ?? new Map<string, InvoiceLine[]>();
    const key = `${String(line.serverId).padStart(12, '0')}#${installationOf(line)}#${line.adjustmentOf ?? ''}`;
    servers.set(key, [...(servers.get(key) ?? []), line]);
    byCustomer.set(line.customer, servers);
  }
  const currencies = Object.keys(tokenRates).sort();
  const sum = (moneys: readonly Record<string, number>[]): Record<string, number> =>
    Object.fromEntries(currencies.map((currency) => [currency, moneys.reduce((total, money) => total + (money[currency] ?? 0), 0)]));
  return [...byCustomer.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([customer, servers]) => {
      const serverLines = [...servers.entries()]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([, group]) => {
          const first = group[0] as InvoiceLine;
          const tokens = (kind: InvoiceLine['kind']): number => group.filter((line) => line.kind === kind).reduce((total, line) => total + line.tokens, 0);
          const runtimeTokens = tokens('runtime');
          const ipTokens = tokens('ips');
          const backupTokens = tokens('backups');
          return {
            serverId: first.serverId,
            installation: installationOf(first),
            ...(first.hostname === undefined ? {} : { hostname: first.hostname }),
            runtimeHours: group.find((line) => line.kind === 'runtime')?.hours ?? 0,
            runtimeTokens,
            ipTokens,
            backupTokens,
            totalTokens: runtimeTokens + ipTokens + backupTokens,
            prepaid: first.prepaid,
            billingMode: billingModeOf({ prepaid: first.prepaid, metered: first.metered === true }),
            flags: [...first.flags],
            ...(first.longestGapMinutes === undefined ? {} : { longestGapMinutes: first.longestGapMinutes }),
            money: sum(group.map((line) => line.money)),
            ...(first.adjustmentOf === undefined ? {} : { adjustmentOf: first.adjustmentOf }),
          };
        });
      return { customer, totalTokens: serverLines.reduce((total, line) => total + line.totalTokens, 0), money: sum(serverLines.map((line) => line.money)), servers: serverLines };
    });
}
