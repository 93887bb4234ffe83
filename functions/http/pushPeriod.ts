import * as z from 'zod';
import type { BridgeDeps } from '../lib/deps';
import { buildAggregationDeps } from '../lib/deps/aggregation';
import { buildAuthDeps } from '../lib/deps/auth';
import { buildInvoicingDeps } from '../lib/deps/invoicing';
import { lambdaCoreDeps } from '../lib/deps/lambda';
import { buildStoreDeps } from '../lib/deps/stores';
import { billingCall } from '../lib/billingErrors';
import { parseBody } from '../lib/body';
import { jsonResponse, requestTimeMs } from '../lib/http';
import { httpHandler } from '../lib/httpHandler';
import { lambdaEntry } from '../lib/lazyHandler';
import { requireApiKey } from '../lib/middleware/requireApiKey';
import { parseParams, periodParam } from '../lib/params';

type PushDeps = Pick<BridgeDeps, 'apiKeys' | 'invoicePusher' | 'observability'>;

export const pushBodySchema = z.object({ dryRun: z.boolean().optional(), repushMissing: z.boolean().optional() }).strict();

/**
 * POST /v1/periods/{period}/push (scope periods:write): the closed period's draft invoices into
 * the billing system, exactly once per customer (a repeat answers `already_pushed`); `{"dryRun":
 * true}` answers what would be sent; `{"repushMissing": true}` pushes anew the customers whose
 * pushed invoice the billing system no longer holds (an admin deleted it). Customers that fail are in the answer (200): the push is
 * per customer, and a repeat retries only them.
 */
export function makePushPeriodHandler(deps: PushDeps) {
  return httpHandler(deps.observability)
    .use(requireApiKey(deps.apiKeys, 'periods:write'))
    .handler(async (event) => {
      const { period } = parseParams(event, { period: periodParam });
      const { dryRun, repushMissing } = parseBody(event, pushBodySchema);
      const pusher = await deps.invoicePusher();
      const time = new Date(requestTimeMs(event)).toISOString();
      const report = await billingCall(() => pusher.push(period, time, { dryRun: dryRun === true, repushMissing: repushMissing === true }));
      return jsonResponse(200, report);
    });
}

// Only the dependency families this function uses are built (and bundled).
export const handler = lambdaEntry(() => {
  const core = lambdaCoreDeps();
  return makePushPeriodHandler({ ...core, ...buildAuthDeps(core), ...buildInvoicingDeps(core, buildAggregationDeps(core, buildStoreDeps(core))) });
});
