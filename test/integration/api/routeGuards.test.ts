import { httpRoutes } from '../../../functions/catalog';
import type { LocalStack } from '../../../local/stack';
import type { Scope } from '../../../shared/auth';
import { MemoryLogger } from '../../../shared/logging';
import { API_SPEC } from '../../../shared/openapi';
import { countRequests } from '../../../shared/storage';
import { bearer, requestJson, startTestStack, TEST_ADMIN_KEY } from '../../support/localStack';

/** A request per route that is malformed in its path, query, header or body; null where a route takes no input. */
const MALFORMED: Record<string, { path: string; body?: string; headers?: Record<string, string> } | null> = {
  'GET /v1/usage': { path: '/v1/usage?period=2026-13' },
  'GET /v1/periods': null,
  'GET /v1/periods/{period}': { path: '/v1/periods/26-11' },
  'GET /v1/periods/{period}/invoices': { path: '/v1/periods/2026-00/invoices' },
  'POST /v1/periods/{period}/close': { path: '/v1/periods/november/close' },
  'POST /v1/periods/{period}/push': { path: '/v1/periods/2026-11/push', body: '{"dryRun":"yes"}' },
  'GET /v1/periods/{period}/pushes': { path: '/v1/periods/2026-1/pushes' },
  'GET /v1/servers/{serverId}/history': { path: '/v1/servers/abc/history?period=2026-11' },
  'POST /v1/runs/{time}/confirm-deletions': { path: '/v1/runs/yesterday/confirm-deletions' },
  'POST /v1/keys': { path: '/v1/keys', body: '{"name":"x","scopes":["root"]}' },
  'GET /v1/keys': null,
  'DELETE /v1/keys/{id}': { path: '/v1/keys/%20' },
  'GET /v1/catalog': null,
  'POST /v1/services': { path: '/v1/services', body: '{"serviceRef":"1","unknown":true}' },
  'GET /v1/services/{ref}': { path: '/v1/services/%24%24' },
  'PATCH /v1/services/{ref}': { path: '/v1/services/1', body: '{"backups":"yes"}' },
  'DELETE /v1/services/{ref}': { path: '/v1/services/1', body: '{"force":true}' },
  'POST /v1/services/{ref}/suspend': { path: '/v1/services/1/suspend', body: '{not json' },
  'POST /v1/services/{ref}/unsuspend': { path: '/v1/services/1/unsuspend', body: '[]' },
  'POST /v1/services/{ref}/start': { path: '/v1/services/1/start', headers: { 'idempotency-key': 'has spaces' } },
  'POST /v1/services/{ref}/stop': { path: '/v1/services/1/stop', body: '{"now":1}' },
  'POST /v1/services/{ref}/restart': { path: '/v1/services/1/restart', body: 'x'.repeat(65 * 1024) },
  'POST /v1/services/{ref}/reset-password': { path: '/v1/services/1/reset-password', body: '{"password":"x"}' },
  'POST /v1/services/{ref}/change-plan': { path: '/v1/services/1/change-plan', body: '{"planId":"two"}' },
  'GET /v1/runs': { path: '/v1/runs?limit=0' },
  'GET /v1/services': { path: '/v1/services?state=sleeping' },
  'GET /v1/keys/self': null,
};

/** A scope that does not grant `required` (admin grants everything, so it is never the wrong one). */
const wrongScope = (required: Scope): Scope => (required === 'usage:read' ? 'provisioning' : 'usage:read');

const concretePath = (path: string): string =>
  path.replace('{period}', '2026-11').replace('{serverId}', '1').replace('{time}', '2026-11-03T10:05:00Z').replace('{id}', 'key_unknown').replace('{ref}', 'svc-1');

describe('every route that needs a key (all but health, openapi and the console\'s static files)', () => {
  let stack: LocalStack;
  const keys = new Map<Scope, string>();

  beforeAll(async () => {
    stack = await startTestStack({ logger: new MemoryLogger() });
    for (const scope of ['provisioning', 'usage:read', 'periods:write'] as Scope[]) {
      const created = await requestJson(`${stack.apiUrl}/v1/keys`, { method: 'POST', body: { name: `only-${scope}`, scopes: [scope] }, headers: bearer(TEST_ADMIN_KEY) });
      expect(created.status).toBe(201);
      keys.set(scope, (created.json as { key: string }).key);
    }
  }, 60_000);

  afterAll(async () => {
    await stack?.stop();
  });

  const guarded = httpRoutes().filter((route) => route.requiresKey);

  it('guards every /v1 route but health and openapi', () => {
    expect(httpRoutes().filter((route) => route.path.startsWith('/v1/') && !route.requiresKey).map((route) => route.routeKey)).toEqual(['GET /v1/health', 'GET /v1/openapi.json']);
  });

  it('covers every guarded route in this table', () => {
    expect(Object.keys(MALFORMED).sort()).toEqual(guarded.map((route) => route.routeKey).sort());
  });

  it.each(guarded.map((route) => [route.routeKey, route]))('%s: 401 without a key, 401 for an unknown one, 403 with a key of another scope (unless any key will do)', async (_key, route) => {
    const required = API_SPEC[route.routeKey]?.scope as Scope;
    const url = `${stack.apiUrl}${concretePath(route.path)}`;
    const none = await requestJson(url, { method: route.method });
    expect([none.status, none.json]).toEqual([401, { error: { code: 'unauthorized', message: expect.any(String) } }]);
    const unknown = await requestJson(url, { method: route.method, headers: bearer('sbb_not-a-key') });
    expect(unknown.status).toBe(401);
    if (API_SPEC[route.routeKey]?.anyKey === true) {
      // Any valid key will do: one of the narrowest scope is served.
      const narrow = await requestJson(url, { method: route.method, headers: bearer(keys.get('periods:write') as string) });
      expect(narrow.status).toBe(200);
      return;
    }
    const wrong = await requestJson(url, { method: route.method, headers: bearer(keys.get(wrongScope(required)) as string) });
    expect([wrong.status, wrong.json]).toEqual([403, { error: { code: 'forbidden', message: expect.stringContaining(required) } }]);
  });

  it.each(guarded.filter((route) => MALFORMED[route.routeKey]).map((route) => [route.routeKey, route]))(
    '%s: malformed input is a 4xx JSON error and writes nothing but the key\'s last use',
    async (_key, route) => {
      const malformed = MALFORMED[route.routeKey] as { path: string; body?: string; headers?: Record<string, string> };
      const counts = countRequests(stack.db);
      const reply = await requestJson(`${stack.apiUrl}${malformed.path}`, {
        method: route.method,
        ...(malformed.body === undefined ? {} : { body: malformed.body }),
        headers: { ...bearer(TEST_ADMIN_KEY), ...(malformed.headers ?? {}) },
      });
      const writes = counts.itemWrites();
      counts.detach();
      expect([reply.status >= 400 && reply.status < 500, reply.json]).toEqual([true, { error: { code: expect.any(String), message: expect.any(String) } }]);
      expect([400, 413, 422]).toContain(reply.status);
      expect(writes).toBeLessThanOrEqual(1);
    },
  );
});
