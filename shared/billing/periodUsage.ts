import { compareCustomers } from './customerReference';
import { toSafeNumber } from './decimal';
import { InvalidUsageInputError } from './errors';
import { sumMoney } from './money';
import { priceServerParts } from './serverUsage';
import { billingWindow, parseBillingSettings } from './settings';
import type { CustomerUsage, PeriodUsage, PeriodUsageInput, ServerUsageLine } from './types';

/**
 * A whole period's usage (the shape of GET /v1/usage): customers sorted by reference, each with
 * its servers sorted by id, token totals and money per configured currency (the sum of the
 * separately rounded lines). A server whose owner parts end under several references appears once
 * under each of those customers (`priceServerParts`).
 */
export const computePeriodUsage = ({ period, servers, settings }: PeriodUsageInput): PeriodUsage => {
  const parsed = parseBillingSettings(settings);
  const window = billingWindow(period, parsed);
  const sorted = [...servers].sort((a, b) => a.serverId - b.serverId);
  const byCustomer = new Map<string, ServerUsageLine[]>();
  let previousId: number | undefined;
  for (const server of sorted) {
    if (server.serverId === previousId) {
      throw new InvalidUsageInputError('servers', `server ${server.serverId} appears more than once`);
    }
    previousId = server.serverId;
    for (const { customer, line } of priceServerParts(server, window, parsed)) {
      byCustomer.set(customer, [...(byCustomer.get(customer) ?? []), line]);
    }
  }
  const customers = [...byCustomer.entries()]
    .sort(([a], [b]) => compareCustomers(a, b))
    .map(
      ([customer, lines]): CustomerUsage => ({
        customer,
        totalTokens: toSafeNumber(
          lines.reduce((sum, line) => sum + BigInt(line.totalTokens), 0n),
          `customer ${customer} total tokens`,
        ),
        money: sumMoney(
          lines.map((line) => line.money),
          parsed.rates,
        ),
        servers: lines,
      }),
    );
  return { period, customers };
};
