import middy from '@middy/core';
import { lambdaDeps, type BridgeDeps } from '../lib/deps';
import { jsonResponse, requestTimeMs, type HttpEvent, type HttpResult } from '../lib/http';
import { lazyHandler } from '../lib/lazyHandler';
import { httpErrorHandler } from '../lib/middleware/httpErrorHandler';
import { requireApiKey } from '../lib/middleware/requireApiKey';
import { parseParams, periodParam } from '../lib/params';

type CloseDeps = Pick<BridgeDeps, 'apiKeys' | 'aggregator'>;

/** POST /v1/periods/{period}/close (scope periods:write): the scheduled close, on demand; 409 when not due. */
export function makeClosePeriodApiHandler(deps: CloseDeps) {
  return middy<HttpEvent, HttpResult>()
    .use(httpErrorHandler())
    .use(requireApiKey(deps.apiKeys, 'periods:write'))
    .handler(async (event) => {
      const { period } = parseParams(event, { period: periodParam });
      return jsonResponse(200, await deps.aggregator.close(new Date(requestTimeMs(event)).toISOString(), period));
    });
}

export const handler = lazyHandler(() => makeClosePeriodApiHandler(lambdaDeps()));
