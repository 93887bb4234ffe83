import { UnauthorizedError } from '../../shared/errors';
import type { BridgeDeps } from '../lib/deps';
import { buildAuthDeps } from '../lib/deps/auth';
import { lambdaCoreDeps } from '../lib/deps/lambda';
import { headerValue, jsonResponse } from '../lib/http';
import { httpHandler } from '../lib/httpHandler';
import { lambdaEntry } from '../lib/lazyHandler';

type KeySelfDeps = Pick<BridgeDeps, 'apiKeys' | 'apiKeyAdmin' | 'observability'>;

/**
 * GET /v1/keys/self (any valid key): the calling key's id, name and scopes, so a console shows only
 * what the key may do. The key is proven as on every route, then read afresh: the verifier's cached
 * record may predate the last use the authorizer recorded.
 */
export function makeKeySelfHandler(deps: KeySelfDeps) {
  return httpHandler(deps.observability).handler(async (event) => {
    const { keyHash } = await deps.apiKeys.authenticate(headerValue(event, 'authorization'));
    const key = await deps.apiKeyAdmin.describe(keyHash);
    // Revoked since the cached lookup: not valid any more.
    if (key === undefined || key.revokedAt !== null) throw new UnauthorizedError('The API key is not valid');
    return jsonResponse(200, { id: key.id, name: key.name, scopes: key.scopes, createdAt: key.createdAt, ...(key.lastUsedAt === null ? {} : { lastUsedAt: key.lastUsedAt }) });
  });
}

// Only the dependency families this function uses are built (and bundled).
export const handler = lambdaEntry(() => {
  const core = lambdaCoreDeps();
  return makeKeySelfHandler({ ...core, ...buildAuthDeps(core) });
});
