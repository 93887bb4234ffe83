import type { BridgeDeps } from '../lib/deps';
import { buildAuthDeps } from '../lib/deps/auth';
import { buildStoreDeps } from '../lib/deps/stores';
import { buildAggregationDeps } from '../lib/deps/aggregation';
import { buildEventDeps } from '../lib/deps/events';
import { lambdaCoreDeps } from '../lib/deps/lambda';
import { jsonResponse, requestTimeMs } from '../lib/http';
import { httpHandler } from '../lib/httpHandler';
import { lambdaEntry } from '../lib/lazyHandler';
import { requireApiKey } from '../lib/middleware/requireApiKey';
import { parseParams, periodParam } from '../lib/params';

type CloseDeps = Pick<BridgeDeps, 'apiKeys' | 'periodCloser' | 'observability'>;

/** POST /v1/periods/{period}/close (scope periods:write): the scheduled close, on demand; 409 when not due. */
export function makeClosePeriodApiHandler(deps: CloseDeps) {
  return httpHandler(deps.observability)
    .use(requireApiKey(deps.apiKeys, 'periods:write'))
    .handler(async (event) => {
      const { period } = parseParams(event, { period: periodParam });
      return jsonResponse(200, await deps.periodCloser.close(new Date(requestTimeMs(event)).toISOString(), period));
    });
}

// Only the dependency families this function uses are built (and bundled).
export const handler = lambdaEntry(() => {
  const core = lambdaCoreDeps();
  return makeClosePeriodApiHandler({ ...core, ...buildAuthDeps(core), ...buildAggregationDeps(core, buildStoreDeps(core), buildEventDeps(core)) });
});
