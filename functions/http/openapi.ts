import middy from '@middy/core';
import { openApiDocument } from '../../shared/openapi';
import { jsonResponse, type HttpEvent, type HttpResult } from '../lib/http';
import { lazyHandler } from '../lib/lazyHandler';
import { httpErrorHandler } from '../lib/middleware/httpErrorHandler';

/** GET /v1/openapi.json: the OpenAPI 3.1 document, generated from the schemas that validate requests (no key). */
export function makeOpenApiHandler() {
  return middy<HttpEvent, HttpResult>()
    .use(httpErrorHandler())
    .handler(async () => jsonResponse(200, openApiDocument()));
}

export const handler = lazyHandler(() => makeOpenApiHandler());
