import middy from '@middy/core';
import { NotImplementedError } from '../../shared/errors';
import { lambdaDeps, type BridgeDeps } from '../lib/deps';
import type { HttpEvent, HttpResult } from '../lib/http';
import { lazyHandler } from '../lib/lazyHandler';
import { httpErrorHandler } from '../lib/middleware/httpErrorHandler';
import { requireApiKey } from '../lib/middleware/requireApiKey';

type UsageDeps = Pick<BridgeDeps, 'apiKeys'>;

/** GET /v1/usage: usage of a period per customer. The aggregation issue fills in the body. */
export function makeUsageHandler(deps: UsageDeps) {
  return middy<HttpEvent, HttpResult>()
    .use(httpErrorHandler())
    .use(requireApiKey(deps.apiKeys, 'usage:read'))
    .handler(async () => {
      throw new NotImplementedError('GET /v1/usage');
    });
}

export const handler = lazyHandler(() => makeUsageHandler(lambdaDeps()));
