import type { Period } from '../billing';
import { ClosedLinesNotVisibleError } from './errors';
import { namesInstallations } from './installationScope';
import { invoiceLines, linesChecksum } from './invoiceLines';
import type { ClosedLineReader, PeriodHeaderReader, UsageRowReader } from './ports';
import { usageSettingsOf, type AggregationSettings } from './settings';
import type { InvoiceLine, PeriodHeader } from './types';
import { unbilledOf, type UnbilledUsage } from './unbilled';
import { usageFromLines } from './usageFromLines';
import { usageFromRows, type UsageCustomer } from './usageFromRows';

export interface UsageReaderDeps {
  readonly headers: PeriodHeaderReader;
  readonly rows: UsageRowReader;
  readonly closedLines: ClosedLineReader;
  /** With `installations` (the configured ids; absent: one), lines and unmapped references name theirs when several. */
  readonly settings: Pick<AggregationSettings, 'billSuspendedTime' | 'tokenRates' | 'installations'>;
}

export type UsageStatus = 'open' | 'closed';

/**
 * The read side of the periods (usage, invoices, period headers): reads only. An open period is
 * priced from its rows as of its latest aggregation; a closed one answers its frozen lines.
 */
export class UsageReader {
  constructor(private readonly deps: UsageReaderDeps) {}

  /**
   * GET /v1/usage for one customer: two requests (the header and the customer's partition). The
   * period's unbilled servers come from the header (they have no known customer).
   */
  async customerUsage(period: Period, customer: string): Promise<{ status: UsageStatus; customers: UsageCustomer[] } & UnbilledUsage> {
    const { headers, rows, closedLines, settings } = this.deps;
    const header = await headers.getHeader(period);
    const unbilled = unbilledOf(header);
    if (header?.status === 'closed') {
      return { status: 'closed', customers: usageFromLines(await closedLines.closedLinesOf(period, customer, header.checksum ?? ''), settings.tokenRates), ...unbilled };
    }
    if (!header?.asOf) return { status: 'open', customers: [], ...unbilled };
    const { rows: usageRows, adjustments } = await rows.customerRows(period, customer);
    return {
      status: 'open',
      customers: usageFromRows({ period, asOf: header.asOf, rows: usageRows, adjustments, settings: usageSettingsOf(settings, header.billingStart), customers: new Set([customer]) }),
      ...unbilled,
    };
  }

  /** GET /v1/usage for every customer, a page of customers at a time (each page carries the period's unbilled servers). */
  async usagePage(period: Period, afterCustomer: string | undefined, limit: number): Promise<{ status: UsageStatus; customers: UsageCustomer[]; lastCustomer?: string; more: boolean } & UnbilledUsage> {
    const { headers, rows, closedLines, settings } = this.deps;
    const header = await headers.getHeader(period);
    const unbilled = unbilledOf(header);
    if (header?.status === 'closed') {
      const page = await closedLines.closedPage(period, afterCustomer, limit, header.checksum ?? '');
      return { status: 'closed', customers: usageFromLines(page.lines, settings.tokenRates), more: page.more, ...lastOf(page.customers), ...unbilled };
    }
    if (!header?.asOf) return { status: 'open', customers: [], more: false, ...unbilled };
    const page = await rows.rowsPage(period, afterCustomer, limit);
    const customers = usageFromRows({ period, asOf: header.asOf, rows: page.rows, adjustments: page.adjustments, settings: usageSettingsOf(settings, header.billingStart), customers: new Set(page.customers) });
    return { status: 'open', customers, more: page.more, ...lastOf(page.customers), ...unbilled };
  }

  /**
   * Invoice lines of a period: frozen when closed, a preview as of the latest aggregation when open.
   * The whole of a closed period comes from an eventually consistent index: it counts only when its
   * checksum is the committed one (ClosedLinesNotVisibleError, a retryable 503, else).
   */
  async invoices(period: Period, customer?: string): Promise<{ status: UsageStatus; lines: InvoiceLine[] }> {
    const { headers, rows, closedLines, settings } = this.deps;
    const header = await headers.getHeader(period);
    if (header?.status === 'closed') {
      const checksum = header.checksum ?? '';
      if (customer !== undefined) return { status: 'closed', lines: await closedLines.closedLinesOf(period, customer, checksum) };
      // A line still missing from the index would make a wrong invoice.
      const lines = (await closedLines.closedPage(period, undefined, Number.MAX_SAFE_INTEGER, checksum)).lines;
      if (linesChecksum(lines) !== checksum) throw new ClosedLinesNotVisibleError(period);
      return { status: 'closed', lines };
    }
    if (!header?.asOf) return { status: 'open', lines: [] };
    const { rows: usageRows, adjustments } = customer === undefined ? await rows.allRows(period) : await rows.customerRows(period, customer);
    const usage = usageFromRows({
      period,
      asOf: header.asOf,
      rows: usageRows,
      adjustments,
      settings: usageSettingsOf(settings, header.billingStart),
      ...(customer === undefined ? {} : { customers: new Set([customer]) }),
    });
    return { status: 'open', lines: invoiceLines(usage, period, settings.tokenRates, { nameInstallations: namesInstallations(settings.installations) }) };
  }

  /** The configured currencies, in code order. */
  currencies(): string[] {
    return Object.keys(this.deps.settings.tokenRates).sort();
  }

  async periods(): Promise<PeriodHeader[]> {
    return (await this.deps.headers.listHeaders()).sort((a, b) => (a.period < b.period ? -1 : 1));
  }

  /** A period's header (one never aggregated: open, nothing else known). */
  async period(period: Period): Promise<PeriodHeader> {
    return (await this.deps.headers.getHeader(period)) ?? { period, status: 'open' };
  }
}

function lastOf(customers: readonly string[]): { lastCustomer?: string } {
  const last = customers[customers.length - 1];
  return last === undefined ? {} : { lastCustomer: last };
}
