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
import { DEFAULT_INSTALLATION } from '../../shared/installations';
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

interface Write {
  /** What the Idempotency-Key's request hash covers (no secret). */
  readonly body: unknown;
  readonly work: () => Promise<{ statusCode: number; view: ServiceView }>;
}

/** The write a route asks for, its body validated; a route this handler does not serve is a deployment error, never a termination. */
function writeOf(event: HttpEvent, routeKey: string, now: string, deps: ServicesDeps): Write {
  if (routeKey === 'POST /v1/services') {
    const parsed = parseBody(event, createServiceSchema);
    // Decided before anything is written: 400 installation_required / unknown_installation.
    const installation = deps.provisioning.installationFor(parsed.installation);
    const request = { ...parsed, installation };
    // No secret goes into the stored request hash (canonical JSON leaves undefined fields out); the
    // installation counts as resolved, left out for the default one (hashes stored before installations match).
    const hashed = { ...request, installation: installation === DEFAULT_INSTALLATION ? undefined : installation, password: undefined, sshKeys: undefined, userData: undefined };
    return { body: hashed, work: async () => ({ statusCode: 202, view: await deps.provisioning.create(request, now) }) };
  }
  const action = actionOf(routeKey);
  if (action !== undefined) {
    const { ref } = parseParams(event, refParams);
    return { body: parseBody(event, emptyBodySchema), work: async () => ({ statusCode: 202, view: await deps.provisioning.action(ref, action, now) }) };
  }
  if (routeKey === 'POST /v1/services/{ref}/change-plan') {
    const { ref } = parseParams(event, refParams);
    const request = parseBody(event, changePlanSchema);
    return { body: request, work: async () => ({ statusCode: 202, view: await deps.provisioning.changePlan(ref, request, now) }) };
  }
  if (routeKey === 'PATCH /v1/services/{ref}') {
    const { ref } = parseParams(event, refParams);
    const request = parseBody(event, updateServiceSchema);
    return { body: request, work: async () => ({ statusCode: 200, view: await deps.provisioning.update(ref, request, now) }) };
  }
  if (routeKey === 'DELETE /v1/services/{ref}') {
    const { ref } = parseParams(event, refParams);
    return { body: parseBody(event, emptyBodySchema), work: async () => ({ statusCode: 202, view: await deps.provisioning.terminate(ref, now) }) };
  }
  throw new UnroutedError(routeKey);
}

/** API Gateway sent a route the services function does not serve: a wiring error, logged as a 500. */
export class UnroutedError extends Error {
  constructor(routeKey: string) {
    super(`The services function does not serve route ${JSON.stringify(routeKey)}`);
    this.name = 'UnroutedError';
  }
}

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
      const { body, work } = writeOf(event, routeKey, now, deps);
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
