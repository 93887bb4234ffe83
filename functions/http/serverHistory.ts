import middy from '@middy/core';
import { NotFoundError } from '../../shared/errors';
import { serverHistory, UnknownServerError } from '../../shared/snapshots';
import { lambdaDeps, type BridgeDeps } from '../lib/deps';
import { jsonResponse, type HttpEvent, type HttpResult } from '../lib/http';
import { lazyHandler } from '../lib/lazyHandler';
import { httpErrorHandler } from '../lib/middleware/httpErrorHandler';
import { requireApiKey } from '../lib/middleware/requireApiKey';
import { idParam, parseParams, periodParam } from '../lib/params';

type HistoryDeps = Pick<BridgeDeps, 'apiKeys' | 'snapshotStore' | 'runs' | 'backupStore'>;

/** GET /v1/servers/{serverId}/history?period=YYYY-MM: why a server was charged what it was. */
export function makeServerHistoryHandler(deps: HistoryDeps) {
  return middy<HttpEvent, HttpResult>()
    .use(httpErrorHandler())
    .use(requireApiKey(deps.apiKeys, 'usage:read'))
    .handler(async (event) => {
      const { serverId, period } = parseParams(event, { serverId: idParam, period: periodParam });
      try {
        const history = await serverHistory({ store: deps.snapshotStore, runs: deps.runs, backups: deps.backupStore }, serverId, period);
        return jsonResponse(200, history);
      } catch (error) {
        if (error instanceof UnknownServerError) throw new NotFoundError(error.message);
        throw error;
      }
    });
}

export const handler = lazyHandler(() => makeServerHistoryHandler(lambdaDeps()));
