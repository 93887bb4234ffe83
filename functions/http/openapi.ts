import { openApiDocument } from '../../shared/openapi';
import type { BridgeDeps } from '../lib/deps';
import { jsonResponse } from '../lib/http';
import { httpHandler } from '../lib/httpHandler';
import { lambdaEntry } from '../lib/lazyHandler';
import { lambdaObservability } from '../lib/observability';

/** GET /v1/openapi.json: the OpenAPI 3.1 document, generated from the schemas that validate requests (no key). */
export function makeOpenApiHandler(deps: Pick<BridgeDeps, 'observability'>) {
  return httpHandler(deps.observability).handler(async () => jsonResponse(200, openApiDocument()));
}

// No table, no SolusIO: only the Powertools objects (not the whole dependency graph).
export const handler = lambdaEntry(() => makeOpenApiHandler({ observability: lambdaObservability() }));
