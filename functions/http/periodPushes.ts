import * as z from 'zod';
import { BadRequestError } from '../../shared/errors';
import type { BridgeDeps } from '../lib/deps';
import { buildAuthDeps } from '../lib/deps/auth';
import { buildEventDeps } from '../lib/deps/events';
import { buildInvoicingDeps } from '../lib/deps/invoicing';
import { lambdaCoreDeps } from '../lib/deps/lambda';
import { buildUsageReadDeps } from '../lib/deps/usageReads';
import { jsonResponse } from '../lib/http';
import { httpHandler } from '../lib/httpHandler';
import { lambdaEntry } from '../lib/lazyHandler';
import { METRIC } from '../lib/observability';
import { requireApiKey } from '../lib/middleware/requireApiKey';
import { decodePageCursor, encodePageCursor } from '../lib/pageCursor';
import { customerParam, parseParams, periodParam } from '../lib/params';

type PushesDeps = Pick<BridgeDeps, 'apiKeys' | 'invoiceReconciliation' | 'observability'>;

/** Customers per page: each is compared live with the billing system, so a page fits the function's budget. */
export const PUSHES_PAGE = { default: 25, max: 100 } as const;

const limitParam = z
  .string()
  .regex(/^\d+$/, `must be an integer from 1 to ${PUSHES_PAGE.max}`)
  .transform(Number)
  .refine((limit) => limit >= 1 && limit <= PUSHES_PAGE.max, `must be an integer from 1 to ${PUSHES_PAGE.max}`);

const cursorSchema = z.object({ period: z.string(), after: z.string().min(1) }).strict();

/** The cursor of the page after `after`: opaque to clients, bound to its period. */
export function encodePushesCursor(period: string, after: string): string {
  return encodePageCursor({ period, after });
}

/** The customer a cursor resumes after; 400 `invalid_cursor` for anything this route did not give out for this period. */
export function decodePushesCursor(period: string, cursor: string | undefined): string | undefined {
  const position = decodePageCursor(cursor, cursorSchema);
  if (position === undefined) return undefined;
  if (position.period !== period) throw new BadRequestError('Invalid parameter cursor: not a cursor this route gave out for this period', 'invalid_cursor');
  return position.after;
}

/**
 * GET /v1/periods/{period}/pushes (scope usage:read): a page of customers (`limit`, `cursor`), each
 * with what the bridge computed, its push record and what the billing system holds now; `run` says
 * whether a push of the period is running. Duplicates are counted in `InvoiceDuplicates`.
 */
export function makePeriodPushesHandler(deps: PushesDeps) {
  return httpHandler(deps.observability)
    .use(requireApiKey(deps.apiKeys, 'usage:read'))
    .handler(async (event) => {
      const params = parseParams(event, {
        period: periodParam,
        customer: customerParam.optional(),
        limit: limitParam.optional(),
        cursor: z.string().optional(),
      });
      const after = decodePushesCursor(params.period, params.cursor);
      const query = { limit: params.limit ?? PUSHES_PAGE.default, ...(params.customer === undefined ? {} : { customer: params.customer }), ...(after === undefined ? {} : { after }) };
      // One customer's billing-system failure is that customer's `error` in the page, never the answer's.
      const { moreAfter, ...page } = await deps.invoiceReconciliation.reconcile(params.period, query);
      if (page.counts.duplicate > 0) deps.observability.metrics.count(METRIC.invoiceDuplicates, page.counts.duplicate);
      return jsonResponse(200, { ...page, ...(moreAfter === undefined ? {} : { nextCursor: encodePushesCursor(params.period, moreAfter) }) });
    });
}

// Only the dependency families this function uses are built (and bundled).
export const handler = lambdaEntry(() => {
  const core = lambdaCoreDeps();
  return makePeriodPushesHandler({ ...core, ...buildAuthDeps(core), ...buildInvoicingDeps(core, { ...buildUsageReadDeps(core), ...buildEventDeps(core) }) });
});
