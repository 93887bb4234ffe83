import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { LocalStack } from '../../../local/stack';
import { hashApiKey } from '../../../shared/auth';
import { MemoryLogger } from '../../../shared/logging';
import { keys } from '../../../shared/storage';
import { bearer, requestJson, startTestStack, TEST_ADMIN_KEY, type JsonReply } from '../../support/localStack';

interface CreatedKey {
  id: string;
  name: string;
  scopes: string[];
  prefix: string;
  key: string;
  createdAt: string;
}

const errorBody = (code: string) => ({ error: { code, message: expect.any(String) } });

describe('API keys through the local stack', () => {
  let stack: LocalStack;
  let logger: MemoryLogger;

  const call = (method: string, path: string, key: string | undefined, body?: unknown): Promise<JsonReply> =>
    requestJson(`${stack.apiUrl}${path}`, { method, ...(key === undefined ? {} : { headers: bearer(key) }), ...(body === undefined ? {} : { body }) });

  async function createKey(name: string, scopes: string[]): Promise<CreatedKey> {
    const reply = await call('POST', '/v1/keys', TEST_ADMIN_KEY, { name, scopes });
    expect(reply.status).toBe(201);
    return reply.json as CreatedKey;
  }

  const usage = (key: string | undefined) => call('GET', '/v1/usage?period=2026-11', key);

  beforeAll(async () => {
    logger = new MemoryLogger();
    stack = await startTestStack({ logger });
  }, 60_000);

  afterAll(async () => {
    await stack?.stop();
  });

  beforeEach(async () => {
    await fetch(`${stack.apiUrl}/_local/reset`, { method: 'POST' });
    logger.entries.length = 0;
  });

  describe('POST /v1/keys', () => {
    it('answers 201 with the key once, and the key works at once', async () => {
      const reply = await call('POST', '/v1/keys', TEST_ADMIN_KEY, { name: 'whmcs', scopes: ['provisioning', 'usage:read'] });
      expect(reply.status).toBe(201);
      const created = reply.json as CreatedKey;
      expect(created).toEqual({
        id: expect.stringMatching(/^key_[A-Za-z0-9_-]{16}$/),
        name: 'whmcs',
        scopes: ['provisioning', 'usage:read'],
        prefix: created.key.slice(0, 12),
        key: expect.stringMatching(/^sbb_[A-Za-z0-9_-]{43}$/),
        createdAt: expect.any(String),
      });
      expect((await usage(created.key)).status).toBe(200);
    });

    it.each([
      ['invalid JSON', '{"name":', 'invalid_json'],
      ['no body', '', 'invalid_body'],
      ['an array', [], 'invalid_body'],
      ['no name', { scopes: ['admin'] }, 'invalid_body'],
      ['a blank name', { name: ' ', scopes: ['admin'] }, 'invalid_body'],
      ['no scopes', { name: 'x' }, 'invalid_body'],
      ['empty scopes', { name: 'x', scopes: [] }, 'invalid_body'],
      ['an unknown scope', { name: 'x', scopes: ['usage:read', 'root'] }, 'invalid_body'],
      ['scopes as a string', { name: 'x', scopes: 'admin' }, 'invalid_body'],
      ['an unknown field', { name: 'x', scopes: ['admin'], key: 'sbb_chosen' }, 'invalid_body'],
    ])('answers 400 for %s, and stores nothing', async (_case, body, code) => {
      const reply = await call('POST', '/v1/keys', TEST_ADMIN_KEY, body);
      expect(reply.status).toBe(400);
      expect(reply.json).toEqual(errorBody(code));
      expect(((await call('GET', '/v1/keys', TEST_ADMIN_KEY)).json as { keys: unknown[] }).keys).toHaveLength(1);
    });
  });

  describe('GET /v1/keys', () => {
    it('lists every key with its metadata and no key material', async () => {
      const created = await createKey('whmcs', ['usage:read']);
      await usage(created.key);
      const reply = await call('GET', '/v1/keys', TEST_ADMIN_KEY);
      expect(reply.status).toBe(200);
      const listed = (reply.json as { keys: Record<string, unknown>[] }).keys;
      expect(listed).toHaveLength(2);
      expect(listed.find((key) => key['id'] === created.id)).toEqual({
        id: created.id,
        name: 'whmcs',
        scopes: ['usage:read'],
        prefix: created.prefix,
        createdAt: created.createdAt,
        lastUsedAt: expect.any(String),
        revokedAt: null,
      });
      expect(listed.find((key) => key['name'] === 'local-admin')).toMatchObject({ scopes: ['provisioning', 'usage:read', 'periods:write', 'admin'] });
      const text = JSON.stringify(reply.json);
      for (const secret of [created.key, hashApiKey(created.key), TEST_ADMIN_KEY, hashApiKey(TEST_ADMIN_KEY)]) expect(text).not.toContain(secret);
    });
  });

  describe('DELETE /v1/keys/{id}', () => {
    it('answers 204, and the key is refused at once by the process that revoked it', async () => {
      const created = await createKey('whmcs', ['usage:read']);
      expect((await usage(created.key)).status).toBe(200); // now cached as valid
      const reply = await call('DELETE', `/v1/keys/${created.id}`, TEST_ADMIN_KEY);
      expect(reply.status).toBe(204);
      const refused = await usage(created.key);
      expect(refused.status).toBe(401);
      expect(refused.json).toEqual(errorBody('unauthorized'));
      const listed = ((await call('GET', '/v1/keys', TEST_ADMIN_KEY)).json as { keys: { id: string; revokedAt: string | null }[] }).keys;
      expect(listed.find((key) => key.id === created.id)?.revokedAt).toEqual(expect.any(String));
    });

    it('answers 204 again for a key already revoked, keeping the first time', async () => {
      const created = await createKey('whmcs', ['usage:read']);
      await call('DELETE', `/v1/keys/${created.id}`, TEST_ADMIN_KEY);
      const first = ((await call('GET', '/v1/keys', TEST_ADMIN_KEY)).json as { keys: { id: string; revokedAt: string }[] }).keys.find((k) => k.id === created.id);
      expect((await call('DELETE', `/v1/keys/${created.id}`, TEST_ADMIN_KEY)).status).toBe(204);
      const second = ((await call('GET', '/v1/keys', TEST_ADMIN_KEY)).json as { keys: { id: string; revokedAt: string }[] }).keys.find((k) => k.id === created.id);
      expect(second?.revokedAt).toBe(first?.revokedAt);
    });

    it('answers 404 JSON for an unknown id', async () => {
      const reply = await call('DELETE', '/v1/keys/key_AAAAAAAAAAAAAAAA', TEST_ADMIN_KEY);
      expect(reply.status).toBe(404);
      expect(reply.json).toEqual(errorBody('not_found'));
    });

    it.each(['not-an-id', '%20', 'key_short', '%E2%9C%93'])('answers 400 JSON for a malformed id (%s)', async (id) => {
      const reply = await call('DELETE', `/v1/keys/${id}`, TEST_ADMIN_KEY);
      expect(reply.status).toBe(400);
      expect(reply.json).toEqual(errorBody('invalid_parameter'));
    });
  });

  describe('scopes and authentication', () => {
    it.each([
      ['POST', '/v1/keys', { name: 'x', scopes: ['admin'] }],
      ['GET', '/v1/keys', undefined],
      ['DELETE', '/v1/keys/key_AAAAAAAAAAAAAAAA', undefined],
    ])('answers 401 JSON to %s %s without a key or with an unknown one', async (method, path, body) => {
      for (const key of [undefined, 'sbb_unknown']) {
        const reply = await call(method, path, key, body);
        expect(reply.status).toBe(401);
        expect(reply.json).toEqual(errorBody('unauthorized'));
      }
    });

    it('answers 403 JSON to a key without the admin scope, and to one without the route\'s scope', async () => {
      const reader = await createKey('reader', ['usage:read', 'periods:write', 'provisioning']);
      const listing = await call('GET', '/v1/keys', reader.key);
      expect(listing.status).toBe(403);
      expect(listing.json).toEqual(errorBody('forbidden'));
      expect((await call('POST', '/v1/keys', reader.key, { name: 'escalate', scopes: ['admin'] })).status).toBe(403);
      const provisioner = await createKey('whmcs', ['provisioning']);
      const reply = await usage(provisioner.key);
      expect(reply.status).toBe(403);
      expect(reply.json).toEqual(errorBody('forbidden'));
    });

    it('lets an admin key do what every other scope allows', async () => {
      const admin = await createKey('ops', ['admin']);
      expect((await usage(admin.key)).status).toBe(200);
      expect((await call('GET', '/v1/keys', admin.key)).status).toBe(200);
    });

    it('ignores and logs an unknown stored scope instead of failing the request', async () => {
      const rawKey = 'sbb_stored-by-a-newer-version-000000000000000';
      await stack.db.send(
        new PutCommand({
          TableName: stack.tableName,
          Item: {
            ...keys.apiKey(hashApiKey(rawKey)),
            kind: 'apiKey',
            id: 'key_newerversion00',
            keyHash: hashApiKey(rawKey),
            name: 'newer',
            scopes: ['usage:read', 'billing:everything'],
            prefix: 'sbb_stored-b',
            createdAt: '2026-11-01T00:00:00.000Z',
          },
        }),
      );
      expect((await usage(rawKey)).status).toBe(200);
      expect((await call('GET', '/v1/keys', rawKey)).status).toBe(403); // the unknown scope grants nothing
      expect(logger.entries).toContainEqual(
        expect.objectContaining({ level: 'warn', details: { correlationId: expect.any(String), keyId: 'key_newerversion00', unknownScopes: ['billing:everything'] } }),
      );
      expect(JSON.stringify(logger.entries)).not.toContain(rawKey);
    });

    it('answers the request when the last-used write fails, and logs it', async () => {
      const created = await createKey('whmcs', ['usage:read']);
      // The document client shares the low-level client's middleware stack (as countRequests relies on).
      const stackOfClient: DynamoDBClient['middlewareStack'] = stack.db.middlewareStack;
      stackOfClient.add(
        (next, context) => async (args) => {
          const input = args.input as { UpdateExpression?: string };
          if (context.commandName === 'UpdateItemCommand' && input.UpdateExpression?.includes('lastUsedAt')) throw new Error('simulated throttling');
          return next(args);
        },
        { step: 'initialize', name: 'failLastUsedWrites' },
      );
      try {
        const reply = await usage(created.key);
        expect(reply.status).toBe(200);
      } finally {
        stackOfClient.remove('failLastUsedWrites');
      }
      expect(logger.entries).toContainEqual(
        expect.objectContaining({ level: 'error', message: 'could not record an API key use', details: { correlationId: expect.any(String), keyId: created.id, error: 'simulated throttling' } }),
      );
    });
  });

  describe('the local reset', () => {
    it('drops created keys and keeps the admin key, listed', async () => {
      const created = await createKey('whmcs', ['usage:read']);
      await fetch(`${stack.apiUrl}/_local/reset`, { method: 'POST' });
      expect((await usage(created.key)).status).toBe(401);
      const listed = ((await call('GET', '/v1/keys', TEST_ADMIN_KEY)).json as { keys: { name: string }[] }).keys;
      expect(listed.map((key) => key.name)).toEqual(['local-admin']);
    });
  });
});
