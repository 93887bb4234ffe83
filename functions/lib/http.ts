import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

export type HttpEvent = APIGatewayProxyEventV2;
export type HttpResult = APIGatewayProxyStructuredResultV2;

export function jsonResponse(statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResult {
  return { statusCode, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };
}

/** "Now" for an HTTP request: the API Gateway request time, never the process clock. */
export function requestTimeMs(event: HttpEvent): number {
  return event.requestContext.timeEpoch;
}

/** A header by its case-insensitive name (of a request event, or of an authorizer event). */
export function headerValue(event: { readonly headers?: Record<string, string | undefined> }, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(event.headers ?? {})) {
    if (key.toLowerCase() === wanted) return value;
  }
  return undefined;
}
