import { NotFoundError } from '../../shared/errors';
import { serverHistory, UnknownServerError } from '../../shared/snapshots/serverHistory';
import type { BridgeDeps } from '../lib/deps';
import { buildAuthDeps } from '../lib/deps/auth';
import { buildStoreDeps } from '../lib/deps/stores';
import { lambdaCoreDeps } from '../lib/deps/lambda';
import { jsonResponse } from '../lib/http';
import { httpHandler } from '../lib/httpHandler';
import { lambdaEntry } from '../lib/lazyHandler';
import { requireApiKey } from '../lib/middleware/requireApiKey';
import { idParam, parseParams, periodParam } from '../lib/params';

type HistoryDeps = Pick<BridgeDeps, 'apiKeys' | 'snapshotStore' | 'runs' | 'backupStore' | 'observability'>;

/** GET /v1/servers/{serverId}/history?period=YYYY-MM: why a server was charged what it was. */
export function makeServerHistoryHandler(deps: HistoryDeps) {
  return httpHandler(deps.observability)
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

// Only the dependency families this function uses are built (and bundled).
export const handler = lambdaEntry(() => {
  const core = lambdaCoreDeps();
  return makeServerHistoryHandler({ ...core, ...buildAuthDeps(core), ...buildStoreDeps(core) });
});
