import type { BridgeDeps } from '../lib/deps';
import { buildAuthDeps } from '../lib/deps/auth';
import { lambdaCoreDeps } from '../lib/deps/lambda';
import { headerValue, jsonResponse } from '../lib/http';
import { httpHandler } from '../lib/httpHandler';
import { lambdaEntry } from '../lib/lazyHandler';

type KeySelfDeps = Pick<BridgeDeps, 'apiKeys' | 'observability'>;

/**
 * GET /v1/keys/self (any valid key): the calling key's id, name and scopes, so a console shows only
 * what the key may do. `lastUsedAt` is as the key was last read (the verifier caches it briefly).
 */
export function makeKeySelfHandler(deps: KeySelfDeps) {
  return httpHandler(deps.observability).handler(async (event) => {
    const key = await deps.apiKeys.authenticate(headerValue(event, 'authorization'));
    return jsonResponse(200, {
      id: key.id,
      name: key.name,
      scopes: key.scopes,
      createdAt: key.createdAt,
      ...(key.lastUsedAt === undefined ? {} : { lastUsedAt: key.lastUsedAt }),
    });
  });
}

// Only the dependency families this function uses are built (and bundled).
export const handler = lambdaEntry(() => {
  const core = lambdaCoreDeps();
  return makeKeySelfHandler({ ...core, ...buildAuthDeps(core) });
});
