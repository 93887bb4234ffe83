import middy from '@middy/core';
import type { APIGatewayRequestAuthorizerEventV2, Context } from 'aws-lambda';
import type { Scope } from '../../shared/auth/scopes';
import { UnauthorizedError } from '../../shared/errors';
import type { BridgeDeps } from '../lib/deps';
import { buildAuthDeps } from '../lib/deps/auth';
import { lambdaCoreDeps } from '../lib/deps/lambda';
import { contextOutsideLambda } from '../lib/contextOutsideLambda';
import { headerValue } from '../lib/http';
import { lambdaEntry } from '../lib/lazyHandler';

/** What the handlers find in `requestContext.authorizer.lambda`. */
export interface ApiKeyAuthorizerContext {
  readonly keyId: string;
  readonly scopes: readonly Scope[];
}

/** An HTTP API Lambda authorizer's simple response (payload format 2.0). */
export type ApiKeyAuthorizerResult = { readonly isAuthorized: true; readonly context: ApiKeyAuthorizerContext } | { readonly isAuthorized: false };

export type ApiKeyAuthorizer = (event: APIGatewayRequestAuthorizerEventV2, context?: Context) => Promise<ApiKeyAuthorizerResult>;

/**
 * The API Gateway authorizer: allows a request whose bearer key is stored and not revoked, and
 * records the key's last use (at most once a minute per key; a failed write is logged, never a
 * denial). It proves the key only: API Gateway caches its answer per Authorization header for every
 * route, so the handler checks the route's scope itself (without writing). A failed table read
 * throws (API Gateway answers 500) rather than denying a valid key.
 */
export function makeAuthorizerHandler(deps: Pick<BridgeDeps, 'apiKeys' | 'observability'>): ApiKeyAuthorizer {
  const handler = middy<APIGatewayRequestAuthorizerEventV2, ApiKeyAuthorizerResult>()
    .use(deps.observability.middlewares())
    .handler(async function authorize(event): Promise<ApiKeyAuthorizerResult> {
      deps.observability.setInvocationKeys({ correlationId: event.requestContext.requestId });
      try {
        const record = await deps.apiKeys.authenticate(headerValue(event, 'authorization'));
        await deps.apiKeys.recordUse(record, event.requestContext.timeEpoch);
        return { isAuthorized: true, context: { keyId: record.id, scopes: record.scopes } };
      } catch (error) {
        if (error instanceof UnauthorizedError) return { isAuthorized: false };
        throw error;
      }
    });
  return (event, context) => handler(event, context ?? contextOutsideLambda('authorizer'));
}

// Only the dependency families this function uses are built (and bundled).
export const handler = lambdaEntry(() => {
  const core = lambdaCoreDeps();
  return makeAuthorizerHandler({ ...core, ...buildAuthDeps(core) });
});
