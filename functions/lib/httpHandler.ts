import middy, { type MiddyfiedHandler } from '@middy/core';
import type { Context } from 'aws-lambda';
import type { HttpEvent, HttpResult } from './http';
import { apiObservability } from './middleware/apiObservability';
import { httpErrorHandler } from './middleware/httpErrorHandler';
import type { Observability } from './observability';

export type HttpMiddy = MiddyfiedHandler<HttpEvent, HttpResult, Error, Context>;

/**
 * Every HTTP handler's chain, outermost first: Powertools (logger context, tracer, metrics flush),
 * request metrics and correlation id, the JSON error renderer. Handlers add their own (API key) after it.
 */
export function httpHandler(observability: Observability): HttpMiddy {
  return middy<HttpEvent, HttpResult>()
    .use(observability.middlewares())
    .use(apiObservability(observability))
    .use(httpErrorHandler(observability.logger));
}
