import * as z from 'zod';
import type { BridgeDeps } from '../lib/deps';
import { buildAuthDeps } from '../lib/deps/auth';
import { buildCatalogDeps } from '../lib/deps/catalog';
import { lambdaCoreDeps } from '../lib/deps/lambda';
import { jsonResponse } from '../lib/http';
import { httpHandler } from '../lib/httpHandler';
import { lambdaEntry } from '../lib/lazyHandler';
import { requireApiKey } from '../lib/middleware/requireApiKey';
import { parseParams } from '../lib/params';

// Any text: one that names no configured installation is `400 unknown_installation`.
const catalogParams = { installation: z.string().min(1).max(100).optional() };

type CatalogHandlerDeps = Pick<BridgeDeps, 'apiKeys' | 'catalog' | 'observability'>;

/**
 * GET /v1/catalog[?installation=eu] (scope `provisioning`): the installations, plans, locations, OS
 * images and applications a create may name: every installation's, or only the one asked for.
 */
export function makeCatalogHandler(deps: CatalogHandlerDeps) {
  return httpHandler(deps.observability)
    .use(requireApiKey(deps.apiKeys, 'provisioning'))
    .handler(async (event) => {
      const { installation } = parseParams(event, catalogParams);
      return jsonResponse(200, await deps.catalog.read(installation));
    });
}

// Only the dependency families this function uses are built (and bundled).
export const handler = lambdaEntry(() => {
  const core = lambdaCoreDeps();
  return makeCatalogHandler({ ...core, ...buildAuthDeps(core), ...buildCatalogDeps(core) });
});
