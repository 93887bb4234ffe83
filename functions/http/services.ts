import * as z from 'zod';
import { requestHashOf, runIdempotently } from '../../shared/provisioning/idempotency';
import {
  changePlanSchema,
  createServiceSchema,
  emptyBodySchema,
  idempotencyKeySchema,
  SERVICE_ACTIONS,
  serviceRefSchema,
  updateServiceSchema,
  type ServiceAction,
  type ServiceView,
} from '../../shared/provisioning/schemas';
import { BadRequestError } from '../../shared/errors';
import { parseBody } from '../lib/body';
import type { BridgeDeps } from '../lib/deps';
import { buildAuthDeps } from '../lib/deps/auth';
import { buildStoreDeps } from '../lib/deps/stores';
import { buildProvisioningDeps } from '../lib/deps/provisioning';
import { lambdaCoreDeps } from '../lib/deps/lambda';
import { headerValue, jsonResponse, requestTimeMs, type HttpEvent } from '../lib/http';
import { httpHandler } from '../lib/httpHandler';
import { lambdaEntry } from '../lib/lazyHandler';
import { requireApiKey } from '../lib/middleware/requireApiKey';
import { parseParams } from '../lib/params';

type ServicesDeps = Pick<BridgeDeps, 'apiKeys' | 'provisioning' | 'serviceStore' | 'observability'>;

const refParams = { ref: serviceRefSchema };

function idempotencyKey(event: HttpEvent): string | undefined {
  const value = headerValue(event, 'idempotency-key');
  if (value === undefined) return undefined;
  const parsed = idempotencyKeySchema.safeParse(value);
  if (!parsed.success) throw new BadRequestError(`Invalid header Idempotency-Key: ${parsed.error.issues[0]?.message ?? 'invalid'}`, 'invalid_header');
  return parsed.data;
}

const actionOf = (routeKey: string): ServiceAction | undefined => SERVICE_ACTIONS.find((action) => routeKey === `POST /v1/services/{ref}/${action}`);

/** The lifecycle hooks (scope `provisioning`): create, read, act on and terminate services by `serviceRef`. */
export function makeServicesHandler(deps: ServicesDeps) {
  return httpHandler(deps.observability)
    .use(requireApiKey(deps.apiKeys, 'provisioning'))
    .handler(async (event) => {
      const nowMs = requestTimeMs(event);
      const now = new Date(nowMs).toISOString();
      const { routeKey } = event;
      if (routeKey === 'GET /v1/services/{ref}') {
        const { ref } = parseParams(event, refParams);
        return jsonResponse(200, await deps.provisioning.get(ref, now));
      }
      // Every write: validated first (nothing is written for a rejected request), then run once per Idempotency-Key.
      const key = idempotencyKey(event);
      let work: () => Promise<{ statusCode: number; view: ServiceView }>;
      let body: unknown;
      if (routeKey === 'POST /v1/services') {
        const request = parseBody(event, createServiceSchema);
        // No secret goes into the stored request hash (canonical JSON leaves undefined fields out).
        body = { ...request, password: undefined, sshKeys: undefined, userData: undefined };
        work = async () => ({ statusCode: 202, view: await deps.provisioning.create(request, now) });
      } else {
        const { ref } = parseParams(event, refParams);
        const action = actionOf(routeKey);
        if (action !== undefined) {
          body = parseBody(event, emptyBodySchema);
          work = async () => ({ statusCode: 202, view: await deps.provisioning.action(ref, action, now) });
        } else if (routeKey === 'POST /v1/services/{ref}/change-plan') {
          const request = parseBody(event, changePlanSchema);
          body = request;
          work = async () => ({ statusCode: 202, view: await deps.provisioning.changePlan(ref, request, now) });
        } else if (routeKey === 'PATCH /v1/services/{ref}') {
          const request = parseBody(event, updateServiceSchema);
          body = request;
          work = async () => ({ statusCode: 200, view: await deps.provisioning.update(ref, request, now) });
        } else {
          body = parseBody(event, z.strictObject({}));
          work = async () => ({ statusCode: 202, view: await deps.provisioning.terminate(ref, now) });
        }
      }
      const response = await runIdempotently(
        deps.serviceStore,
        routeKey.replace('{ref}', event.pathParameters?.['ref'] ?? ''),
        key,
        requestHashOf(event.requestContext.http.method, event.rawPath, body),
        Math.floor(nowMs / 1000),
        async () => {
          const { statusCode, view } = await work();
          return { statusCode, body: JSON.stringify(view) };
        },
      );
      return { statusCode: response.statusCode, headers: { 'content-type': 'application/json' }, body: response.body };
    });
}

// Only the dependency families this function uses are built (and bundled).
export const handler = lambdaEntry(() => {
  const core = lambdaCoreDeps();
  return makeServicesHandler({ ...core, ...buildAuthDeps(core), ...buildProvisioningDeps(core, buildStoreDeps(core)) });
});
