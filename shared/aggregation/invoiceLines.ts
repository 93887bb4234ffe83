import { createHash } from 'node:crypto';
import { compareCustomers, lineMoney, parseTokenRates, signedLineMoney, sumMoney, type Money, type Period, type TokenRatesInput } from '../billing';
import { canonicalJson } from '../json';
import { installationField, installationOf } from './installationScope';
import { describeLine } from './lineDescription';
import type { UsageCustomer, UsageLine } from './usageFromRows';
import { LINE_KINDS, type InvoiceLine, type LineKind, type PeriodTotals } from './types';

export { periodName } from './lineDescription';

const KIND_TOKENS: Record<LineKind, (line: UsageLine) => number> = {
  runtime: (line) => line.runtimeTokens,
  ips: (line) => line.ipTokens,
  backups: (line) => line.backupTokens,
};

/**
 * A period's invoice lines from its usage (pure): per customer and server, a runtime line always
 * (hours count, prepaid servers too) and an IP and a backups line when they have tokens; an
 * adjustment entry gives lines of its own. Each line's money is converted on its own. A line names
 * its server by hostname when one is known, and carries the server's longest gap when it had one
 * (metadata only: neither prices anything).
 */
export function invoiceLines(customers: readonly UsageCustomer[], period: Period, tokenRates: TokenRatesInput, options: { nameInstallations?: boolean } = {}): InvoiceLine[] {
  const rates = parseTokenRates(tokenRates);
  const lines: InvoiceLine[] = [];
  for (const customer of customers) {
    for (const line of customer.servers) {
      for (const kind of LINE_KINDS) {
        const tokens = KIND_TOKENS[kind](line);
        if (kind !== 'runtime' && tokens === 0) continue;
        if (kind === 'runtime' && line.adjustmentOf !== undefined && tokens === 0) continue;
        lines.push({
          customer: customer.customer,
          serverId: line.serverId,
          ...installationField(installationOf(line)),
          ...(line.hostname === undefined ? {} : { hostname: line.hostname }),
          kind,
          ...(line.adjustmentOf === undefined ? {} : { adjustmentOf: line.adjustmentOf }),
          ...(kind === 'runtime' && line.adjustmentOf === undefined ? { hours: line.runtimeHours } : {}),
          tokens,
          money: line.adjustmentOf === undefined ? lineMoney(tokens, rates) : signedLineMoney(tokens, rates),
          prepaid: line.prepaid,
          ...(line.billingMode === 'metered' ? { metered: true as const } : {}),
          flags: [...line.flags],
          ...(line.longestGapMinutes === undefined ? {} : { longestGapMinutes: line.longestGapMinutes }),
          description: describeLine(kind, line, period, options.nameInstallations === true),
        });
      }
    }
  }
  return sortLines(lines);
}

/** Lines in checksum order: customer, then server id, then installation, then kind, then the period an adjustment is of. */
export function sortLines(lines: readonly InvoiceLine[]): InvoiceLine[] {
  const kindOrder = (kind: LineKind): number => LINE_KINDS.indexOf(kind);
  return [...lines].sort(
    (a, b) =>
      (a.customer < b.customer ? -1 : a.customer > b.customer ? 1 : 0) ||
      a.serverId - b.serverId ||
      compareCustomers(installationOf(a), installationOf(b)) ||
      kindOrder(a.kind) - kindOrder(b.kind) ||
      (a.adjustmentOf ?? '').localeCompare(b.adjustmentOf ?? ''),
  );
}

/** Hex SHA-256 of the lines as JSON with sorted keys and no whitespace, in checksum order. */
export function linesChecksum(lines: readonly InvoiceLine[]): string {
  return createHash('sha256').update(canonicalJson(sortLines(lines))).digest('hex');
}

export function linesTotals(lines: readonly InvoiceLine[], tokenRates: TokenRatesInput): PeriodTotals {
  const rates = parseTokenRates(tokenRates);
  return {
    totalTokens: lines.reduce((sum, line) => sum + line.tokens, 0),
    money: sumMoney(
      lines.map((line) => line.money),
      rates,
    ) as Money,
    customers: new Set(lines.map((line) => line.customer)).size,
  };
}
