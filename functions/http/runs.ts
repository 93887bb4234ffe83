import * as z from 'zod';
import { isPeriodInstant } from '../../shared/billing';
import { BadRequestError } from '../../shared/errors';
import { listRuns, type RunPosition } from '../../shared/runs';
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
import { decodePageCursor, encodePageCursor } from '../lib/pageCursor';
import { limitParam, parseParams } from '../lib/params';

type RunsDeps = Pick<BridgeDeps, 'apiKeys' | 'installationStores' | 'observability'>;

/** Runs per page: each is one item read (a large run's parts too). */
export const RUNS_PAGE = { default: 50, max: 200 } as const;

/** The last run of the previous page (`t`, `i`) and the installation filter it was given out for (`only`). */
const runsCursorSchema = z.strictObject({ t: z.string().max(40).refine(isPeriodInstant), i: z.string().min(1).max(64), only: z.string().max(64).optional() });

export function encodeRunsCursor(position: RunPosition, only: string | undefined): string {
  return encodePageCursor({ t: position.time, i: position.installation, ...(only === undefined ? {} : { only }) });
}

/** Where the page starts; `400 invalid_cursor` for a cursor not given out for this filter. */
export function decodeRunsCursor(cursor: string | undefined, only: string | undefined): RunPosition | undefined {
  const decoded = decodePageCursor(cursor, runsCursorSchema);
  if (decoded === undefined) return undefined;
  if (decoded.only !== only) throw new BadRequestError('Invalid parameter cursor: given out for another installation filter', 'invalid_cursor');
  return { time: decoded.t, installation: decoded.i };
}

/**
 * GET /v1/runs[?installation=eu][&limit=&cursor=] (scope usage:read): servers snapshot runs newest
 * first, each with its installation. Without `installation`, every configured installation's runs
 * merged (at the same time, by installation id); one not configured is `400 unknown_installation`.
 */
export function makeRunsHandler(deps: RunsDeps) {
  return httpHandler(deps.observability)
    .use(requireApiKey(deps.apiKeys, 'usage:read'))
    .handler(async (event) => {
      const params = parseParams(event, { installation: installationParam, limit: limitParam(RUNS_PAGE.max).optional(), cursor: z.string().optional() });
      const { ids } = deps.installationStores;
      const only = params.installation === undefined ? undefined : chooseInstallation(ids, params.installation);
      const after = decodeRunsCursor(params.cursor, only);
      const sources = (only === undefined ? ids : [only]).map((installation) => deps.installationStores.of(installation).runs);
      const page = await listRuns(sources, params.limit ?? RUNS_PAGE.default, after);
      return jsonResponse(200, { runs: page.runs, ...(page.next === undefined ? {} : { nextCursor: encodeRunsCursor(page.next, only) }) });
    });
}

// Only the dependency families this function uses are built (and bundled).
export const handler = lambdaEntry(() => {
  const core = lambdaCoreDeps();
  return makeRunsHandler({ ...core, ...buildAuthDeps(core), ...buildInstallationStoreDeps(core, buildStoreDeps(core)) });
});
