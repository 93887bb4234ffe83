import type { BridgeDeps } from '../lib/deps';
import { buildAuthDeps } from '../lib/deps/auth';
import { buildCatalogDeps } from '../lib/deps/catalog';
import { lambdaCoreDeps } from '../lib/deps/lambda';
import { jsonResponse } from '../lib/http';
import { httpHandler } from '../lib/httpHandler';
import { lambdaEntry } from '../lib/lazyHandler';
import { requireApiKey } from '../lib/middleware/requireApiKey';

type CatalogHandlerDeps = Pick<BridgeDeps, 'apiKeys' | 'catalog' | 'observability'>;

/** GET /v1/catalog (scope `provisioning`): the plans, locations, OS images and applications a create may name. */
export function makeCatalogHandler(deps: CatalogHandlerDeps) {
  return httpHandler(deps.observability)
    .use(requireApiKey(deps.apiKeys, 'provisioning'))
    .handler(async () => jsonResponse(200, await deps.catalog.read()));
}

// Only the dependency families this function uses are built (and bundled).
export const handler = lambdaEntry(() => {
  const core = lambdaCoreDeps();
  return makeCatalogHandler({ ...core, ...buildAuthDeps(core), ...buildCatalogDeps(core) });
});
