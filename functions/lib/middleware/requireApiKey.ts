import type { MiddlewareObj } from '@middy/core';
import type { ApiKeyVerifier, Scope } from '../../../shared/auth';
import { headerValue, type HttpEvent, type HttpResult } from '../http';

/**
 * Rejects the request (401/403) before the handler unless its bearer key holds `scope`. It writes
 * nothing: every guarded route is behind the authorizer (`functions/http/authorizer.ts`), which
 * records the key's last use, so a read-only function can serve the request.
 */
export function requireApiKey(verifier: ApiKeyVerifier, scope: Scope): MiddlewareObj<HttpEvent, HttpResult> {
  return {
    before: async function checkApiKey(request) {
      await verifier.authorize(headerValue(request.event, 'authorization'), scope);
    },
  };
}
