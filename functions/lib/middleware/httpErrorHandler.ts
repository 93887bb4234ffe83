import type { MiddlewareObj } from '@middy/core';
import { HttpError } from '../../../shared/errors';
import { jsonResponse, type HttpEvent, type HttpResult } from '../http';
import { mapUpstreamError } from './errorMapping';

export interface ErrorLogger {
  error(message: string, details: Record<string, unknown>): void;
}

/** Maps any error to the bridge's JSON error body (upstream faults by UPSTREAM_ERROR_TABLE); an unknown error is a 500 with nothing leaked. */
export function errorToResponse(thrown: unknown, logger: ErrorLogger = console): HttpResult {
  const error = mapUpstreamError(thrown);
  if (error instanceof HttpError) return jsonResponse(error.statusCode, error.toJSON(), { ...error.headers });
  logger.error('unhandled error', { error: error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : String(error) });
  return jsonResponse(500, { error: { code: 'internal', message: 'Internal error' } });
}

export function httpErrorHandler(logger: ErrorLogger = console): MiddlewareObj<HttpEvent, HttpResult> {
  return {
    onError: async function renderError(request) {
      if (request.response !== undefined && request.response !== null) return;
      request.response = errorToResponse(request.error, logger);
    },
  };
}
