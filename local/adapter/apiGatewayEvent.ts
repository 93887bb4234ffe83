import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { APIGatewayProxyEventV2, APIGatewayRequestAuthorizerEventV2, Context } from 'aws-lambda';

export interface IncomingRequest {
  readonly method: string;
  /** The request target's path, as sent (never parsed as a URL: `//x/y` stays a path). */
  readonly path: string;
  /** The query string without its `?` (may be empty). */
  readonly rawQueryString: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  readonly sourceIp: string;
  /** `1.1` or `1.0`, as Node reports it. */
  readonly httpVersion: string;
}

export interface EventRoute {
  readonly routeKey: string;
  readonly pathParameters: Record<string, string>;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** API Gateway's `requestContext.time` format: `25/Nov/2026:10:00:00 +0000`. */
function gatewayTime(epochMs: number): string {
  const d = new Date(epochMs);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}

/** Builds the HTTP API payload v2 event that API Gateway would hand the same route's Lambda. */
export function buildApiGatewayEvent(request: IncomingRequest, route: EventRoute, timeEpochMs: number): APIGatewayProxyEventV2 {
  const headers: Record<string, string> = {};
  let cookies: string[] = [];
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    // API Gateway v2 moves cookies out of the headers into `cookies`.
    if (name.toLowerCase() === 'cookie') cookies = (Array.isArray(value) ? value : [value]).flatMap((line) => line.split(/;\s*/)).filter(Boolean);
    else headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  const query: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(request.rawQueryString)) {
    query[name] = name in query ? `${query[name]},${value}` : value;
  }
  const host = headers['host'] ?? '127.0.0.1';
  const requestId = randomUUID();
  return {
    version: '2.0',
    routeKey: route.routeKey,
    rawPath: request.path,
    rawQueryString: request.rawQueryString,
    ...(cookies.length > 0 ? { cookies } : {}),
    headers,
    ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
    ...(Object.keys(route.pathParameters).length > 0 ? { pathParameters: route.pathParameters } : {}),
    ...(request.body.length > 0 ? { body: request.body } : {}),
    isBase64Encoded: false,
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: host,
      domainPrefix: host.split('.')[0] ?? host,
      http: {
        method: request.method,
        path: request.path,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp: request.sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId,
      routeKey: route.routeKey,
      stage: '$default',
      time: gatewayTime(timeEpochMs),
      timeEpoch: timeEpochMs,
    },
  };
}

/**
 * The event API Gateway hands a REQUEST authorizer (payload 2.0) for a request, identity source
 * `$request.header.Authorization`.
 */
export function buildAuthorizerEvent(event: APIGatewayProxyEventV2): APIGatewayRequestAuthorizerEventV2 {
  const [method = '', path = ''] = event.routeKey.split(' ');
  const authorization = event.headers['authorization'];
  return {
    version: '2.0',
    type: 'REQUEST',
    routeArn: `arn:aws:execute-api:local:000000000000:${event.requestContext.apiId}/${event.requestContext.stage}/${method}${path}`,
    identitySource: authorization === undefined ? [] : [authorization],
    routeKey: event.routeKey,
    rawPath: event.rawPath,
    rawQueryString: event.rawQueryString,
    cookies: event.cookies ?? [],
    headers: event.headers,
    ...(event.queryStringParameters ? { queryStringParameters: event.queryStringParameters } : {}),
    ...(event.pathParameters ? { pathParameters: event.pathParameters } : {}),
    requestContext: event.requestContext,
  };
}

/** A Lambda context good enough for handlers that only log with it. */
export function localLambdaContext(functionName: string): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '256',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => 30_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
