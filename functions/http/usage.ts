import * as z from 'zod';
import type { BridgeDeps } from '../lib/deps';
import { buildAuthDeps } from '../lib/deps/auth';
import { lambdaCoreDeps } from '../lib/deps/lambda';
import { buildUsageReadDeps } from '../lib/deps/usageReads';
import { decodeCursor, encodeCursor } from '../lib/cursor';
import { jsonResponse } from '../lib/http';
import { httpHandler } from '../lib/httpHandler';
import { lambdaEntry } from '../lib/lazyHandler';
import { requireApiKey } from '../lib/middleware/requireApiKey';
import { customerParam, parseParams, periodParam } from '../lib/params';

type UsageDeps = Pick<BridgeDeps, 'apiKeys' | 'usageReader' | 'observability'>;

const limitParam = z
  .string()
  .regex(/^\d+$/, 'must be an integer from 1 to 1000')
  .transform(Number)
  .refine((limit) => limit >= 1 && limit <= 1000, 'must be an integer from 1 to 1000');

/**
 * GET /v1/usage?period=YYYY-MM[&customer=ref][&limit=&cursor=]: usage per customer (local-contract.md
 * shape), and the period's `unbilled` servers (short-lived servers the bridge cannot price) on every answer.
 */
export function makeUsageHandler(deps: UsageDeps) {
  return httpHandler(deps.observability)
    .use(requireApiKey(deps.apiKeys, 'usage:read'))
    .handler(async (event) => {
      const params = parseParams(event, {
        period: periodParam,
        customer: customerParam.optional(),
        limit: limitParam.optional(),
        cursor: z.string().optional(),
      });
      const after = decodeCursor(params.cursor);
      if (params.customer !== undefined) {
        const usage = await deps.usageReader.customerUsage(params.period, params.customer);
        return jsonResponse(200, { period: params.period, ...usage });
      }
      const page = await deps.usageReader.usagePage(params.period, after, params.limit ?? 100);
      return jsonResponse(200, {
        period: params.period,
        status: page.status,
        customers: page.customers,
        unbilled: page.unbilled,
        unbilledCount: page.unbilledCount,
        ...(page.more && page.lastCustomer !== undefined ? { nextCursor: encodeCursor(page.lastCustomer) } : {}),
      });
    });
}

// Only the dependency families this function uses are built (and bundled).
export const handler = lambdaEntry(() => {
  const core = lambdaCoreDeps();
  return makeUsageHandler({ ...core, ...buildAuthDeps(core), ...buildUsageReadDeps(core) });
});
