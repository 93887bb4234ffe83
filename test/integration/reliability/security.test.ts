import { createHash } from 'node:crypto';
import type { LocalStack } from '../../../local/stack';
import { ApiKeyVerifier, DynamoApiKeyRepository, MAX_KEY_CACHE_MS } from '../../../shared/auth';
import { MemoryLogger } from '../../../shared/logging';
import { bearer, requestJson, startTestStack, TEST_ADMIN_KEY } from '../../support/localStack';
import { scanTable } from './replay';

/**
 * Issue #17, security. Every route's 401/403: test/integration/api/routeGuards.test.ts. No key in
 * any log line: test/integration/observability/secretsInLogs.test.ts. Here: keys never stored in
 * clear, and a key revoked elsewhere refused by another process's verifier once its 30 s cache
 * lifetime is over (on an injected monotonic clock, not by sleeping).
 */
describe('reliability: API key storage and revocation (issue #17)', () => {
  let stack: LocalStack;
  const logger = new MemoryLogger();

  beforeAll(async () => {
    stack = await startTestStack({ logger });
  }, 60_000);

  afterAll(async () => {
    await stack?.stop();
  });

  const createKey = async (name: string): Promise<{ id: string; key: string }> => {
    const created = await requestJson(`${stack.apiUrl}/v1/keys`, { method: 'POST', headers: bearer(TEST_ADMIN_KEY), body: { name, scopes: ['usage:read'] } });
    expect(created.status).toBe(201);
    return created.json as { id: string; key: string };
  };

  it('stores the admin key and a created key only as SHA-256, never in clear', async () => {
    const created = await createKey('whmcs');
    expect((await requestJson(`${stack.apiUrl}/v1/usage?period=2026-11`, { headers: bearer(created.key) })).status).toBe(200);
    const text = JSON.stringify(await scanTable(stack.db, stack.tableName));
    for (const raw of [TEST_ADMIN_KEY, created.key]) {
      expect(text).not.toContain(raw);
      expect(text).toContain(createHash('sha256').update(raw).digest('hex'));
    }
    // Nor in anything the handlers logged (the full check over every route: secretsInLogs.test.ts).
    expect(JSON.stringify(logger.entries)).not.toContain(created.key);
  });

  it('refuses a revoked key at once in the revoking process, and in another process once its cache lifetime is over', async () => {
    const created = await createKey('revoked-elsewhere');
    let monotonicMs = 1_000;
    // Another Lambda's verifier on the same table, with a clock this test moves.
    const elsewhere = new ApiKeyVerifier(new DynamoApiKeyRepository(stack.db, stack.tableName), { monotonicNow: () => monotonicMs, logger: new MemoryLogger(), touchEveryMs: Number.MAX_SAFE_INTEGER });
    const now = Date.parse('2026-11-03T10:00:00Z');
    await expect(elsewhere.verify(`Bearer ${created.key}`, 'usage:read', now)).resolves.toMatchObject({ id: created.id });

    expect((await requestJson(`${stack.apiUrl}/v1/keys/${created.id}`, { method: 'DELETE', headers: bearer(TEST_ADMIN_KEY) })).status).toBe(204);
    expect((await requestJson(`${stack.apiUrl}/v1/usage?period=2026-11`, { headers: bearer(created.key) })).status).toBe(401);

    // Within the lifetime the other process may still trust its cached answer: the documented bound.
    monotonicMs += MAX_KEY_CACHE_MS - 1;
    await expect(elsewhere.verify(`Bearer ${created.key}`, 'usage:read', now)).resolves.toMatchObject({ id: created.id });
    monotonicMs += 1;
    await expect(elsewhere.verify(`Bearer ${created.key}`, 'usage:read', now)).rejects.toMatchObject({ statusCode: 401 });
    expect(MAX_KEY_CACHE_MS).toBe(30_000);
  });
});
