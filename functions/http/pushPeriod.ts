import * as z from 'zod';
import type { BridgeDeps } from '../lib/deps';
import { buildAuthDeps } from '../lib/deps/auth';
import { buildEventDeps } from '../lib/deps/events';
import { buildInvoicingDeps } from '../lib/deps/invoicing';
import { lambdaCoreDeps } from '../lib/deps/lambda';
import { buildUsageReadDeps } from '../lib/deps/usageReads';
import { parseBody } from '../lib/body';
import { jsonResponse, requestTimeMs } from '../lib/http';
import { httpHandler } from '../lib/httpHandler';
import { lambdaEntry } from '../lib/lazyHandler';
import { requireApiKey } from '../lib/middleware/requireApiKey';
import { parseParams, periodParam } from '../lib/params';

type PushDeps = Pick<BridgeDeps, 'apiKeys' | 'invoicePush' | 'observability'>;

export const pushBodySchema = z.object({ dryRun: z.boolean().optional(), repushMissing: z.boolean().optional(), confirmGaps: z.boolean().optional() }).strict();

/**
 * POST /v1/periods/{period}/push (scope periods:write): hands the closed period's push to
 * push-invoices (an `InvoicePushRequested` event) and answers `202 {"period", "accepted": true}`;
 * it takes no lease and calls no billing system, so it fits the API's 30 s. 409 when the period is
 * not closed or no billing system is configured. `{"dryRun": true}` answers at once (200) what a
 * push would send; `{"repushMissing": true}` pushes anew the customers whose invoice was deleted;
 * `{"confirmGaps": true}` pushes the customers held for a snapshot gap too (without it the answer
 * lists those earlier pushes held, `heldForGaps`, and this push holds them again).
 */
export function makePushPeriodHandler(deps: PushDeps) {
  return httpHandler(deps.observability)
    .use(requireApiKey(deps.apiKeys, 'periods:write'))
    .handler(async (event) => {
      const { period } = parseParams(event, { period: periodParam });
      const { dryRun, repushMissing, confirmGaps } = parseBody(event, pushBodySchema);
      const time = new Date(requestTimeMs(event)).toISOString();
      if (dryRun === true) return jsonResponse(200, await deps.invoicePush.push(period, time, { dryRun: true, confirmGaps: confirmGaps === true }));
      return jsonResponse(202, await deps.invoicePush.accept(period, time, { repushMissing: repushMissing === true, confirmGaps: confirmGaps === true }));
    });
}

// Only the dependency families this function uses are built (and bundled).
export const handler = lambdaEntry(() => {
  const core = lambdaCoreDeps();
  return makePushPeriodHandler({ ...core, ...buildAuthDeps(core), ...buildInvoicingDeps(core, { ...buildUsageReadDeps(core), ...buildEventDeps(core) }) });
});
