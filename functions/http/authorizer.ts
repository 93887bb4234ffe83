import type { APIGatewayRequestAuthorizerEventV2 } from 'aws-lambda';
import type { Scope } from '../../shared/auth';
import { UnauthorizedError } from '../../shared/errors';
import { lambdaDeps, type BridgeDeps } from '../lib/deps';
import { headerValue } from '../lib/http';
import { lazyHandler } from '../lib/lazyHandler';

/** What the handlers find in `requestContext.authorizer.lambda`. */
export interface ApiKeyAuthorizerContext {
  readonly keyId: string;
  readonly scopes: readonly Scope[];
}

/** An HTTP API Lambda authorizer's simple response (payload format 2.0). */
export type ApiKeyAuthorizerResult = { readonly isAuthorized: true; readonly context: ApiKeyAuthorizerContext } | { readonly isAuthorized: false };

export type ApiKeyAuthorizer = (event: APIGatewayRequestAuthorizerEventV2) => Promise<ApiKeyAuthorizerResult>;

/**
 * The API Gateway authorizer: allows a request whose bearer key is stored and not revoked. It proves
 * the key only: API Gateway caches its answer per Authorization header for every route, so the
 * handler checks the route's scope itself. A failed table read throws (API Gateway answers 500)
 * rather than denying a valid key.
 */
export function makeAuthorizerHandler(deps: Pick<BridgeDeps, 'apiKeys'>): ApiKeyAuthorizer {
  return async function authorize(event) {
    try {
      const record = await deps.apiKeys.authenticate(headerValue(event, 'authorization'));
      return { isAuthorized: true, context: { keyId: record.id, scopes: record.scopes } };
    } catch (error) {
      if (error instanceof UnauthorizedError) return { isAuthorized: false };
      throw error;
    }
  };
}

export const handler = lazyHandler(() => makeAuthorizerHandler(lambdaDeps()));
