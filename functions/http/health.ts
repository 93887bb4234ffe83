import middy from '@middy/core';
import { serversRunRecordSchema } from '../../shared/snapshots';
import { lambdaDeps, type BridgeDeps } from '../lib/deps';
import { jsonResponse, type HttpEvent, type HttpResult } from '../lib/http';
import { lazyHandler } from '../lib/lazyHandler';
import { httpErrorHandler } from '../lib/middleware/httpErrorHandler';

type HealthDeps = Pick<BridgeDeps, 'runs'>;

/**
 * GET /v1/health: no key; proves the table answers, tells the latest complete snapshot run and
 * whether servers are held open by the mass-disappearance guard (ops alarm on `suspect`).
 */
export function makeHealthHandler(deps: HealthDeps) {
  return middy<HttpEvent, HttpResult>()
    .use(httpErrorHandler())
    .handler(async () => {
      const [latest, newest] = await Promise.all([deps.runs.getLatestCompleteRun('servers'), deps.runs.newestRun('servers', serversRunRecordSchema)]);
      const run = newest?.record;
      return jsonResponse(200, {
        status: run?.suspect ? 'suspect' : 'ok',
        latestCompleteRun: latest?.time ?? null,
        latestRun: run ? { time: run.time, complete: run.complete, suspect: run.suspect, suspectServerIds: run.suspectServerIds } : null,
      });
    });
}

export const handler = lazyHandler(() => makeHealthHandler(lambdaDeps()));
