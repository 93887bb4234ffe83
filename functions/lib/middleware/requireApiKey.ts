import type { MiddlewareObj } from '@middy/core';
import type { ApiKeyVerifier, Scope } from '../../../shared/auth';
import { headerValue, requestTimeMs, type HttpEvent, type HttpResult } from '../http';

/** Rejects the request (401/403) before the handler unless its bearer key holds `scope`. */
export function requireApiKey(verifier: ApiKeyVerifier, scope: Scope): MiddlewareObj<HttpEvent, HttpResult> {
  return {
    before: async function checkApiKey(request) {
      await verifier.verify(headerValue(request.event, 'authorization'), scope, requestTimeMs(request.event));
    },
  };
}
