import { NotFoundError } from '../../shared/errors';
import { serverHistory, UnknownServerError } from '../../shared/snapshots/serverHistory';
import type { BridgeDeps } from '../lib/deps';
import { buildAuthDeps } from '../lib/deps/auth';
import { buildInstallationStoreDeps } from '../lib/deps/installationStores';
import { buildStoreDeps } from '../lib/deps/stores';
import { lambdaCoreDeps } from '../lib/deps/lambda';
import { jsonResponse } from '../lib/http';
import { httpHandler } from '../lib/httpHandler';
import { chooseInstallation, installationParam } from '../lib/installationParam';
import { lambdaEntry } from '../lib/lazyHandler';
import { requireApiKey } from '../lib/middleware/requireApiKey';
import { idParam, parseParams, periodParam } from '../lib/params';

type HistoryDeps = Pick<BridgeDeps, 'apiKeys' | 'installationStores' | 'observability'>;

/** GET /v1/servers/{serverId}/history?period=YYYY-MM[&installation=eu]: why a server of that installation was charged what it was. */
export function makeServerHistoryHandler(deps: HistoryDeps) {
  return httpHandler(deps.observability)
    .use(requireApiKey(deps.apiKeys, 'usage:read'))
    .handler(async (event) => {
      const { serverId, period, installation: named } = parseParams(event, { serverId: idParam, period: periodParam, installation: installationParam });
      const stores = deps.installationStores.of(chooseInstallation(deps.installationStores.ids, named));
      try {
        const history = await serverHistory({ store: stores.snapshotStore, runs: stores.runs, backups: stores.backupStore }, serverId, period);
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
  return makeServerHistoryHandler({ ...core, ...buildAuthDeps(core), ...buildInstallationStoreDeps(core, buildStoreDeps(core)) });
});
