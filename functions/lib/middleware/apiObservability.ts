import type { MiddlewareObj } from '@middy/core';
import type { HttpEvent, HttpResult } from '../http';
import { METRIC, type Observability } from '../observability';

/** The status class an answer counts under: `Api4xx`, `Api5xx`, or none. */
export function statusMetric(statusCode: number | undefined): typeof METRIC.api4xx | typeof METRIC.api5xx | undefined {
  if (statusCode === undefined || statusCode >= 500) return METRIC.api5xx;
  if (statusCode >= 400) return METRIC.api4xx;
  return undefined;
}

/**
 * Per HTTP request: the correlation id (API Gateway's request id) on every log line, then
 * `ApiLatencyMs` and `Api4xx`/`Api5xx` once the response is known. Used outside the error handler
 * so it sees the rendered error response.
 */
export function apiObservability(observability: Pick<Observability, 'metrics' | 'setInvocationKeys'>): MiddlewareObj<HttpEvent, HttpResult> {
  const started = new WeakMap<object, number>();
  const record = (event: HttpEvent, response: HttpResult | undefined | null): void => {
    const start = started.get(event);
    if (start !== undefined) observability.metrics.milliseconds(METRIC.apiLatencyMs, performance.now() - start);
    const name = statusMetric(response?.statusCode);
    if (name !== undefined) observability.metrics.count(name, 1);
  };
  return {
    before: async function startRequest(request) {
      started.set(request.event, performance.now());
      observability.setInvocationKeys({ correlationId: request.event.requestContext.requestId });
    },
    after: async function recordResponse(request) {
      record(request.event, request.response);
    },
    onError: async function recordError(request) {
      record(request.event, request.response);
    },
  };
}
