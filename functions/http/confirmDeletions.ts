import { ConflictError, NotFoundError } from '../../shared/errors';
import { RunNotFoundError, RunNotSuspectError } from '../../shared/snapshots/run/confirmDeletions';
import type { BridgeDeps } from '../lib/deps';
import { buildAuthDeps } from '../lib/deps/auth';
import { buildStoreDeps } from '../lib/deps/stores';
import { buildSnapshotDeps } from '../lib/deps/snapshots';
import { lambdaCoreDeps } from '../lib/deps/lambda';
import { jsonResponse, requestTimeMs } from '../lib/http';
import { httpHandler } from '../lib/httpHandler';
import { chooseInstallation, installationParam } from '../lib/installationParam';
import { lambdaEntry } from '../lib/lazyHandler';
import { requireApiKey } from '../lib/middleware/requireApiKey';
import { instantParam, parseParams } from '../lib/params';

type ConfirmDeps = Pick<BridgeDeps, 'apiKeys' | 'installationSnapshots' | 'observability'>;

/**
 * POST /v1/runs/{time}/confirm-deletions[?installation=eu] (scope admin): the servers a suspect run
 * of that installation held open really are gone; each ends at the last run that saw it.
 */
export function makeConfirmDeletionsHandler(deps: ConfirmDeps) {
  return httpHandler(deps.observability)
    .use(requireApiKey(deps.apiKeys, 'admin'))
    .handler(async (event) => {
      const { time, installation: named } = parseParams(event, { time: instantParam, installation: installationParam });
      const installation = chooseInstallation(deps.installationSnapshots.ids, named);
      try {
        const result = await deps.installationSnapshots.of(installation).serverSnapshotter.confirmDeletions(time, new Date(requestTimeMs(event)).toISOString());
        return jsonResponse(200, result);
      } catch (error) {
        if (error instanceof RunNotFoundError) throw new NotFoundError(error.message);
        if (error instanceof RunNotSuspectError) throw new ConflictError(error.message, 'not_suspect');
        throw error;
      }
    });
}

// Only the dependency families this function uses are built (and bundled).
export const handler = lambdaEntry(() => {
  const core = lambdaCoreDeps();
  return makeConfirmDeletionsHandler({ ...core, ...buildAuthDeps(core), ...buildSnapshotDeps(core, buildStoreDeps(core)) });
});
