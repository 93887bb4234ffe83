import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { APIGatewayProxyEventV2, APIGatewayProxyEventV2WithLambdaAuthorizer } from 'aws-lambda';
import { EVENT_FUNCTIONS, httpRoutes, type EventFunctionName, type HttpFunctionName } from '../../functions/catalog';
import type { ApiKeyAuthorizer, ApiKeyAuthorizerContext } from '../../functions/http/authorizer';
import type { ScheduledHandler } from '../../functions/lib/scheduledHandler';
import { errorToResponse } from '../../functions/lib/middleware/httpErrorHandler';
import { BadRequestError, HttpError, NotFoundError, UnauthorizedError } from '../../shared/errors';
import type { BridgeEvent } from '../../shared/events';
import { isScheduledJobName, type ScheduledJobName } from '../../shared/schedules';
import type { HttpHandler } from '../handlers';
import { buildApiGatewayEvent, buildAuthorizerEvent, localLambdaContext } from './apiGatewayEvent';
import { decodePathSegment, RouteMatcher } from './routeMatcher';

/** API Gateway's HTTP API payload limit: larger requests are refused before any handler runs. */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;

export interface BridgeServerOptions {
  readonly httpHandlers: Record<HttpFunctionName, HttpHandler>;
  readonly scheduledHandlers: Record<ScheduledJobName, ScheduledHandler<unknown>>;
  /** Event-triggered functions, invokable by hand too (`push-invoices`). */
  readonly eventHandlers: Record<EventFunctionName, ScheduledHandler<unknown>>;
  /** The API Gateway authorizer's code: run before every route that needs a key, as on AWS. */
  readonly authorize: ApiKeyAuthorizer;
  /** The stack's notion of now: the simulator's clock when the simulator runs in-process. */
  readonly now: () => Date;
  readonly listEvents: () => readonly BridgeEvent[];
  readonly reset: () => Promise<void>;
}

interface Reply {
  readonly statusCode: number;
  readonly headers?: Record<string, string | number>;
  readonly body?: string;
}

const json = (statusCode: number, body: unknown): Reply => ({
  statusCode,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

function isEventFunctionName(name: string): name is EventFunctionName {
  return Object.hasOwn(EVENT_FUNCTIONS, name);
}

/**
 * The local stand-in for API Gateway: routes `/v1/*` to the real handlers through real payload v2
 * events, and serves the local-only `/_local/*` test controls.
 */
export function createBridgeServer(options: BridgeServerOptions): Server {
  const matcher = new RouteMatcher(httpRoutes().map((route) => ({ method: route.method, path: route.path, target: route })));

  async function handleLocal(method: string, path: string, body: string): Promise<Reply> {
    const invoke = /^\/_local\/invoke\/([^/]+)$/.exec(path);
    if (invoke?.[1] && method === 'POST') {
      const name = decodePathSegment(invoke[1]);
      if (isScheduledJobName(name)) return json(200, await options.scheduledHandlers[name](parseJson(body || '{}')));
      if (isEventFunctionName(name)) return json(200, await options.eventHandlers[name](parseJson(body || '{}')));
      throw new NotFoundError(`No function named "${name}" can be invoked`);
    }
    if (path === '/_local/events' && method === 'GET') return json(200, options.listEvents());
    if (path === '/_local/reset' && method === 'POST') {
      await options.reset();
      return json(200, { reset: true });
    }
    throw new NotFoundError(`No local route ${method} ${path}`);
  }

  async function handle(request: IncomingMessage, body: string): Promise<Reply> {
    // The target is split by hand, not parsed as a URL: a bad Host header or a path like `//x`
    // must not change which route answers.
    const target = request.url ?? '/';
    const queryAt = target.indexOf('?');
    const path = queryAt < 0 ? target : target.slice(0, queryAt);
    const rawQueryString = queryAt < 0 ? '' : target.slice(queryAt + 1);
    const method = request.method ?? 'GET';
    if (path.startsWith('/_local/')) return handleLocal(method, path, body);
    const match = matcher.match(method, path);
    if (!match) throw new NotFoundError(`No route ${method} ${path}`);
    const event = buildApiGatewayEvent(
      {
        method,
        path,
        rawQueryString,
        headers: request.headers,
        body,
        sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
        httpVersion: request.httpVersion,
      },
      match,
      options.now().getTime(),
    );
    const { functionName, requiresKey } = match.target;
    const result = await options.httpHandlers[functionName](requiresKey ? await authorized(event) : event, localLambdaContext(functionName));
    const headers: Record<string, string | number> = {};
    for (const [name, value] of Object.entries(result.headers ?? {})) headers[name] = typeof value === 'boolean' ? String(value) : value;
    return { statusCode: result.statusCode ?? 200, headers, body: result.body ?? '' };
  }

  /**
   * What API Gateway does before a guarded route: no Authorization header, 401 without calling the
   * authorizer; a denied key, refused; else the authorizer's context in `requestContext.authorizer`.
   * Locally both refusals use the bridge's JSON error (API Gateway answers its own fixed bodies:
   * see docs/architecture.md, "API keys"). No result cache here: the verifier's cache stands in.
   */
  async function authorized(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyEventV2> {
    if (!event.headers['authorization']) throw new UnauthorizedError();
    const result = await options.authorize(buildAuthorizerEvent(event));
    if (!result.isAuthorized) throw new UnauthorizedError('The API key is not valid');
    const withAuthorizer: APIGatewayProxyEventV2WithLambdaAuthorizer<ApiKeyAuthorizerContext> = {
      ...event,
      requestContext: { ...event.requestContext, authorizer: { lambda: result.context } },
    };
    return withAuthorizer;
  }

  const toReply = (error: unknown): Reply => {
    const result = errorToResponse(error);
    return { statusCode: result.statusCode ?? 500, headers: { 'content-type': 'application/json' }, body: result.body ?? '' };
  };

  return createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    request.on('end', () => {
      const replied =
        size > MAX_BODY_BYTES
          ? Promise.resolve(toReply(new HttpError(413, 'payload_too_large', `The body is larger than ${MAX_BODY_BYTES} bytes`)))
          : handle(request, Buffer.concat(chunks).toString('utf8')).catch(toReply);
      void replied.then((reply) => send(response, reply, toReply));
    });
  });
}

/** Writes a reply; one a handler built wrongly (bad status or header) becomes a 500, not a crash. */
function send(response: ServerResponse, reply: Reply, toReply: (error: unknown) => Reply): void {
  try {
    response.writeHead(reply.statusCode, reply.headers);
    response.end(reply.body);
  } catch (error) {
    if (response.headersSent) {
      response.destroy();
      return;
    }
    const fallback = toReply(error);
    response.writeHead(fallback.statusCode, fallback.headers);
    response.end(fallback.body);
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new BadRequestError('The body is not valid JSON', 'invalid_json');
  }
}
