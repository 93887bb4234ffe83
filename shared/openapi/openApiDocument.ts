import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { API_SPEC, errorSchema } from './apiSpec';

type Document = ReturnType<OpenApiGeneratorV31['generateDocument']>;

let built: Document | undefined;

const ERRORS: Record<number, string> = {
  400: 'Malformed input (the message names the parameter or field)',
  401: 'No API key, or not a valid one',
  403: 'The key lacks the scope',
  404: 'Not found',
  409: 'Conflict: the `code` says which (e.g. `service_in_progress` with a `Retry-After` header, `service_terminated`, `customer_mismatch`, `server_not_owned`, `create_unconfirmed`; docs/billing-systems.md)',
  413: 'The body is too large',
  422: 'Refused (SolusIO rejected the data, or an Idempotency-Key reused with another body)',
  502: 'SolusIO or the billing system failed (after the retries)',
  504: 'SolusIO did not answer in time',
};

/** The OpenAPI 3.1 document of the HTTP API, generated from the schemas that validate requests. */
export function openApiDocument(): Document {
  if (built) return built;
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'apiKey', { type: 'http', scheme: 'bearer', description: 'Authorization: Bearer <API key>' });
  for (const [routeKey, spec] of Object.entries(API_SPEC)) {
    const [method = '', path = ''] = routeKey.split(' ');
    const needsKey = spec.scope !== undefined || spec.anyKey === true;
    const errors = Object.fromEntries(
      Object.entries(ERRORS)
        .filter(([status]) => (spec.scope !== undefined || status !== '403') && (needsKey || status === '400'))
        .map(([status, description]) => [status, { description, content: { 'application/json': { schema: errorSchema } } }]),
    );
    registry.registerPath({
      method: method.toLowerCase() as 'get' | 'post' | 'patch' | 'delete',
      path,
      summary: spec.summary,
      ...(needsKey ? { security: [{ apiKey: [] }], description: spec.scope === undefined ? 'Any valid key.' : `Scope: \`${spec.scope}\` (or \`admin\`).` } : {}),
      request: {
        ...(spec.params ? { params: spec.params } : {}),
        ...(spec.query ? { query: spec.query } : {}),
        ...(spec.headers ? { headers: spec.headers } : {}),
        ...(spec.body ? { body: { content: { 'application/json': { schema: spec.body } } } } : {}),
      },
      responses: {
        [spec.status]: { description: 'Success', ...(spec.response ? { content: { 'application/json': { schema: spec.response } } } : {}) },
        ...Object.fromEntries(
          Object.entries(spec.alternatives ?? {}).map(([status, { description, response }]) => [status, { description, content: { 'application/json': { schema: response } } }]),
        ),
        ...errors,
      },
    });
  }
  built = new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: { title: 'solus-billing-bridge', version: '1.0.0', description: 'Usage, invoices and provisioning hooks for billing systems on SolusIO (SolusVM 2).' },
    servers: [{ url: '/' }],
  });
  return built;
}
