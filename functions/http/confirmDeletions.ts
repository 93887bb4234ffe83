import middy from '@middy/core';
import { ConflictError, NotFoundError } from '../../shared/errors';
import { RunNotFoundError, RunNotSuspectError } from '../../shared/snapshots';
import { lambdaDeps, type BridgeDeps } from '../lib/deps';
import { jsonResponse, requestTimeMs, type HttpEvent, type HttpResult } from '../lib/http';
import { lazyHandler } from '../lib/lazyHandler';
import { httpErrorHandler } from '../lib/middleware/httpErrorHandler';
import { requireApiKey } from '../lib/middleware/requireApiKey';
import { instantParam, parseParams } from '../lib/params';

type ConfirmDeps = Pick<BridgeDeps, 'apiKeys' | 'serverSnapshotter'>;

/**
 * POST /v1/runs/{time}/confirm-deletions (scope admin): the servers a suspect run held open really
 * are gone; each ends at the last run that saw it.
 */
export function makeConfirmDeletionsHandler(deps: ConfirmDeps) {
  return middy<HttpEvent, HttpResult>()
    .use(httpErrorHandler())
    .use(requireApiKey(deps.apiKeys, 'admin'))
    .handler(async (event) => {
      const { time } = parseParams(event, { time: instantParam });
      try {
        const result = await deps.serverSnapshotter.confirmDeletions(time, new Date(requestTimeMs(event)).toISOString());
        return jsonResponse(200, result);
      } catch (error) {
        if (error instanceof RunNotFoundError) throw new NotFoundError(error.message);
        if (error instanceof RunNotSuspectError) throw new ConflictError(error.message, 'not_suspect');
        throw error;
      }
    });
}

export const handler = lazyHandler(() => makeConfirmDeletionsHandler(lambdaDeps()));
