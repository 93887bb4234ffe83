import * as z from 'zod';
import { newApiKeyInput } from '../../shared/auth/apiKeyAdmin';
import { API_KEY_ID_PATTERN } from '../../shared/auth/apiKeyHash';
import { ApiKeyExistsError, ApiKeyNotFoundError } from '../../shared/auth/errors';
import { ConflictError, NotFoundError } from '../../shared/errors';
import { parseBody } from '../lib/body';
import type { BridgeDeps } from '../lib/deps';
import { buildAuthDeps } from '../lib/deps/auth';
import { lambdaCoreDeps } from '../lib/deps/lambda';
import { jsonResponse, requestTimeMs } from '../lib/http';
import { httpHandler } from '../lib/httpHandler';
import { lambdaEntry } from '../lib/lazyHandler';
import { requireApiKey } from '../lib/middleware/requireApiKey';
import { parseParams } from '../lib/params';

type KeysDeps = Pick<BridgeDeps, 'apiKeys' | 'apiKeyAdmin' | 'observability'>;

/** POST /v1/keys, GET /v1/keys, DELETE /v1/keys/{id} (scope admin). */
export function makeKeysHandler(deps: KeysDeps) {
  return httpHandler(deps.observability)
    .use(requireApiKey(deps.apiKeys, 'admin'))
    .handler(async (event) => {
      const now = new Date(requestTimeMs(event)).toISOString();
      if (event.routeKey === 'GET /v1/keys') return jsonResponse(200, { keys: await deps.apiKeyAdmin.list() });
      if (event.routeKey === 'POST /v1/keys') {
        const input = parseBody(event, newApiKeyInput);
        try {
          return jsonResponse(201, await deps.apiKeyAdmin.create(input, now));
        } catch (error) {
          // Two random 256-bit keys colliding: refuse rather than overwrite (practically never happens).
          if (error instanceof ApiKeyExistsError) throw new ConflictError(error.message, 'key_exists');
          throw error;
        }
      }
      // A malformed id is a 400; a well-formed one that names no key, a 404.
      const { id } = parseParams(event, { id: z.string().regex(API_KEY_ID_PATTERN, 'must be a key id (key_ and 16 characters)') });
      try {
        await deps.apiKeyAdmin.revoke(id, now);
      } catch (error) {
        if (error instanceof ApiKeyNotFoundError) throw new NotFoundError(error.message);
        throw error;
      }
      return { statusCode: 204, body: '' };
    });
}

// Only the dependency families this function uses are built (and bundled).
export const handler = lambdaEntry(() => {
  const core = lambdaCoreDeps();
  return makeKeysHandler({ ...core, ...buildAuthDeps(core) });
});
