import type { BridgeDeps } from '../lib/deps';
import { buildAggregationDeps } from '../lib/deps/aggregation';
import { buildAuthDeps } from '../lib/deps/auth';
import { buildInvoicingDeps } from '../lib/deps/invoicing';
import { lambdaCoreDeps } from '../lib/deps/lambda';
import { buildStoreDeps } from '../lib/deps/stores';
import { billingCall } from '../lib/billingErrors';
import { jsonResponse } from '../lib/http';
import { httpHandler } from '../lib/httpHandler';
import { lambdaEntry } from '../lib/lazyHandler';
import { requireApiKey } from '../lib/middleware/requireApiKey';
import { customerParam, parseParams, periodParam } from '../lib/params';

type PushesDeps = Pick<BridgeDeps, 'apiKeys' | 'invoicePusher' | 'observability'>;

/**
 * GET /v1/periods/{period}/pushes (scope usage:read): per customer, what the bridge computed, what
 * it pushed and what the billing system holds now: `match`, `missing`, `differs` or `skipped`.
 */
export function makePeriodPushesHandler(deps: PushesDeps) {
  return httpHandler(deps.observability)
    .use(requireApiKey(deps.apiKeys, 'usage:read'))
    .handler(async (event) => {
      const { period, customer } = parseParams(event, { period: periodParam, customer: customerParam.optional() });
      const pusher = await deps.invoicePusher();
      return jsonResponse(200, await billingCall(() => pusher.reconcile(period, customer === undefined ? {} : { customer })));
    });
}

// Only the dependency families this function uses are built (and bundled).
export const handler = lambdaEntry(() => {
  const core = lambdaCoreDeps();
  return makePeriodPushesHandler({ ...core, ...buildAuthDeps(core), ...buildInvoicingDeps(core, buildAggregationDeps(core, buildStoreDeps(core))) });
});
