import { serversRunRecordSchema } from '../../shared/snapshots/runRecordSchema';
import type { BridgeDeps } from '../lib/deps';
import { lambdaCoreDeps } from '../lib/deps/lambda';
import { jsonResponse } from '../lib/http';
import { httpHandler } from '../lib/httpHandler';
import { lambdaEntry } from '../lib/lazyHandler';

type HealthDeps = Pick<BridgeDeps, 'runs' | 'observability'>;

/**
 * GET /v1/health: no key; proves the table answers, tells the latest complete snapshot run and
 * whether servers are held open by the mass-disappearance guard (ops alarm on `suspect`).
 */
export function makeHealthHandler(deps: HealthDeps) {
  return httpHandler(deps.observability)
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

export const handler = lambdaEntry(() => makeHealthHandler(lambdaCoreDeps()));
