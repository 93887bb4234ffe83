import * as z from 'zod';
import { DynamoServiceStore } from '../../shared/provisioning/DynamoServiceStore';
import { viewOf } from '../../shared/provisioning/context';
import { SERVICE_STATES } from '../../shared/provisioning/schemas';
import type { BridgeDeps } from '../lib/deps';
import { buildAuthDeps } from '../lib/deps/auth';
import { lambdaCoreDeps } from '../lib/deps/lambda';
import { jsonResponse } from '../lib/http';
import { httpHandler } from '../lib/httpHandler';
import { lambdaEntry } from '../lib/lazyHandler';
import { requireApiKey } from '../lib/middleware/requireApiKey';
import { decodePageCursor, encodePageCursor } from '../lib/pageCursor';
import { limitParam, parseParams } from '../lib/params';

type ServiceListDeps = Pick<BridgeDeps, 'apiKeys' | 'observability'> & { readonly serviceStore: Pick<DynamoServiceStore, 'list'> };

export const SERVICES_PAGE = { default: 50, max: 200 } as const;

/** A table key (DynamoDB's keys are at most 2 KB and 1 KB). */
const tableKeySchema = z.strictObject({ pk: z.string().min(1).max(2048), sk: z.string().min(1).max(1024) });

/**
 * GET /v1/services[?state=active][&limit=&cursor=] (scope provisioning): the stored services as
 * GET /v1/services/{ref} shows them, without asking SolusIO (so `state` and addresses are as last
 * observed). Not ordered; a page may hold fewer than `limit` services while `nextCursor` is set.
 */
export function makeServiceListHandler(deps: ServiceListDeps) {
  return httpHandler(deps.observability)
    .use(requireApiKey(deps.apiKeys, 'provisioning'))
    .handler(async (event) => {
      const params = parseParams(event, { state: z.enum(SERVICE_STATES).optional(), limit: limitParam(SERVICES_PAGE.max).optional(), cursor: z.string().optional() });
      const after = decodePageCursor(params.cursor, tableKeySchema);
      const page = await deps.serviceStore.list({ limit: params.limit ?? SERVICES_PAGE.default, ...(params.state === undefined ? {} : { state: params.state }), ...(after === undefined ? {} : { after }) });
      return jsonResponse(200, { services: page.services.map((record) => viewOf(record)), ...(page.next === undefined ? {} : { nextCursor: encodePageCursor(page.next) }) });
    });
}

// Reads the service items only: no SolusIO client is built.
export const handler = lambdaEntry(() => {
  const core = lambdaCoreDeps();
  return makeServiceListHandler({ ...core, ...buildAuthDeps(core), serviceStore: new DynamoServiceStore(core.db, core.config.tableName) });
});
