import middy from '@middy/core';
import { lambdaDeps, type BridgeDeps } from '../lib/deps';
import { jsonResponse, type HttpEvent, type HttpResult } from '../lib/http';
import { lazyHandler } from '../lib/lazyHandler';
import { httpErrorHandler } from '../lib/middleware/httpErrorHandler';

type HealthDeps = Pick<BridgeDeps, 'runs'>;

/** GET /v1/health: no key; proves the table answers and tells the latest complete snapshot run. */
export function makeHealthHandler(deps: HealthDeps) {
  return middy<HttpEvent, HttpResult>()
    .use(httpErrorHandler())
    .handler(async () => {
      const latest = await deps.runs.getLatestCompleteRun('servers');
      return jsonResponse(200, { status: 'ok', latestCompleteRun: latest?.time ?? null });
    });
}

export const handler = lazyHandler(() => makeHealthHandler(lambdaDeps()));
