import type { InvoiceLine, PeriodHeader } from '../../shared/aggregation/types';
import type { BridgeDeps } from '../lib/deps';
import { buildAuthDeps } from '../lib/deps/auth';
import { lambdaCoreDeps } from '../lib/deps/lambda';
import { buildUsageReadDeps } from '../lib/deps/usageReads';
import { jsonResponse } from '../lib/http';
import { httpHandler } from '../lib/httpHandler';
import { lambdaEntry } from '../lib/lazyHandler';
import { requireApiKey } from '../lib/middleware/requireApiKey';
import { customerParam, parseParams, periodParam } from '../lib/params';

type PeriodsDeps = Pick<BridgeDeps, 'apiKeys' | 'usageReader' | 'observability'>;

function periodView(header: PeriodHeader) {
  return {
    period: header.period,
    status: header.status,
    closedAt: header.closedAt ?? null,
    asOf: header.asOf ?? null,
    totals: header.totals ?? null,
    checksum: header.checksum ?? null,
  };
}

/** Lines grouped per customer, with the customer's totals: ready to become invoice items. */
function invoicesView(lines: readonly InvoiceLine[], currencies: readonly string[]) {
  const byCustomer = new Map<string, InvoiceLine[]>();
  for (const line of lines) byCustomer.set(line.customer, [...(byCustomer.get(line.customer) ?? []), line]);
  return [...byCustomer.entries()].map(([customer, customerLines]) => ({
    customer,
    totalTokens: customerLines.reduce((sum, line) => sum + line.tokens, 0),
    money: Object.fromEntries(currencies.map((currency) => [currency, customerLines.reduce((sum, line) => sum + (line.money[currency] ?? 0), 0)])),
    lines: customerLines,
  }));
}

/** GET /v1/periods, /v1/periods/{period}, /v1/periods/{period}/invoices (scope usage:read). */
export function makePeriodsHandler(deps: PeriodsDeps) {
  return httpHandler(deps.observability)
    .use(requireApiKey(deps.apiKeys, 'usage:read'))
    .handler(async (event) => {
      if (event.routeKey === 'GET /v1/periods') return jsonResponse(200, { periods: (await deps.usageReader.periods()).map(periodView) });
      if (event.routeKey === 'GET /v1/periods/{period}') {
        const { period } = parseParams(event, { period: periodParam });
        return jsonResponse(200, periodView(await deps.usageReader.period(period)));
      }
      const { period, customer } = parseParams(event, { period: periodParam, customer: customerParam.optional() });
      const { status, lines } = await deps.usageReader.invoices(period, customer);
      return jsonResponse(200, { period, status, customers: invoicesView(lines, deps.usageReader.currencies()) });
    });
}

// Only the dependency families this function uses are built (and bundled).
export const handler = lambdaEntry(() => {
  const core = lambdaCoreDeps();
  return makePeriodsHandler({ ...core, ...buildAuthDeps(core), ...buildUsageReadDeps(core) });
});
