import {
  API_KEY_ID_PATTERN,
  ApiKeyVerifier,
  apiKeyPrefix,
  generateApiKey,
  generateApiKeyId,
  grants,
  hashApiKey,
  parseStoredScopes,
  type ApiKeyRecord,
} from '../../../../shared/auth';
import { ForbiddenError, UnauthorizedError } from '../../../../shared/errors';
import { MemoryLogger } from '../../../../shared/logging';
import { FakeApiKeyRepository } from '../../../support/fakeApiKeyRepository';

/** The request's billing time: held still in most tests, as a held simulator clock would be. */
const T0 = Date.parse('2026-11-03T10:00:00Z');

function keyRecord(rawKey: string, overrides: Partial<ApiKeyRecord> = {}): ApiKeyRecord {
  return {
    id: `key_${rawKey.slice(-8)}`,
    keyHash: hashApiKey(rawKey),
    name: 'reader',
    scopes: ['usage:read'],
    prefix: apiKeyPrefix(rawKey),
    createdAt: '2026-11-01T00:00:00.000Z',
    ...overrides,
  };
}

describe('ApiKeyVerifier', () => {
  const rawKey = 'sbb_test-key-usage';
  const header = `Bearer ${rawKey}`;
  let repository: FakeApiKeyRepository;
  let logger: MemoryLogger;
  let clockMs: number;
  let verifier: ApiKeyVerifier;

  const build = (options: { maxEntries?: number } = {}) =>
    new ApiKeyVerifier(repository, { cacheMs: 30_000, touchEveryMs: 60_000, monotonicNow: () => clockMs, logger, ...options });

  beforeEach(async () => {
    repository = new FakeApiKeyRepository();
    logger = new MemoryLogger();
    clockMs = 1_000;
    verifier = build();
    await repository.create(keyRecord(rawKey));
  });

  describe('verify', () => {
    it('accepts a stored key that holds the scope', async () => {
      const record = await verifier.verify(header, 'usage:read', T0);
      expect(record.name).toBe('reader');
    });

    it.each([
      ['no header', undefined],
      ['an empty header', ''],
      ['another scheme', `Basic ${rawKey}`],
      ['a bare key', rawKey],
    ])('answers 401 for %s', async (_case, value) => {
      await expect(verifier.verify(value, 'usage:read', T0)).rejects.toBeInstanceOf(UnauthorizedError);
    });

    it('answers 401 for an unknown key', async () => {
      await expect(verifier.verify('Bearer sbb_unknown', 'usage:read', T0)).rejects.toThrow('The API key is not valid');
    });

    it('answers 403 when the key lacks the scope', async () => {
      await expect(verifier.verify(header, 'provisioning', T0)).rejects.toBeInstanceOf(ForbiddenError);
    });

    it('answers 401 for a revoked key', async () => {
      await repository.revoke(keyRecord(rawKey).id, '2026-11-02T00:00:00.000Z');
      await expect(verifier.verify(header, 'usage:read', T0)).rejects.toBeInstanceOf(UnauthorizedError);
      expect(repository.touches).toHaveLength(0);
    });
  });

  describe('cache', () => {
    it('reads a key once within the cache time, and again after it, on the monotonic clock', async () => {
      await verifier.verify(header, 'usage:read', T0);
      clockMs += 29_999;
      await verifier.verify(header, 'usage:read', T0);
      expect(repository.gets).toBe(1);
      clockMs += 1;
      await verifier.verify(header, 'usage:read', T0);
      expect(repository.gets).toBe(2);
    });

    it('ignores the request time: a jump of the billing clock neither expires nor freezes the cache', async () => {
      await verifier.verify(header, 'usage:read', T0);
      await verifier.verify(header, 'usage:read', T0 + 3_600_000);
      await verifier.verify(header, 'usage:read', T0 - 3_600_000);
      expect(repository.gets).toBe(1);
    });

    it('stops accepting a key revoked elsewhere once the cache time has passed, even with the billing clock held', async () => {
      await verifier.verify(header, 'usage:read', T0);
      await repository.revoke(keyRecord(rawKey).id, '2026-11-03T10:00:00.000Z');
      clockMs += 29_000;
      await expect(verifier.verify(header, 'usage:read', T0)).resolves.toBeDefined();
      clockMs += 1_000;
      await expect(verifier.verify(header, 'usage:read', T0)).rejects.toBeInstanceOf(UnauthorizedError);
    });

    it('caches an unknown key too, so a flood of bad keys does not flood the table', async () => {
      await expect(verifier.verify('Bearer sbb_unknown', 'usage:read', T0)).rejects.toThrow();
      clockMs += 1_000;
      await expect(verifier.verify('Bearer sbb_unknown', 'usage:read', T0)).rejects.toThrow();
      expect(repository.gets).toBe(1);
    });

    it('holds at most maxEntries keys, evicting the least recently used', async () => {
      verifier = build({ maxEntries: 2 });
      const [a, b, c] = ['sbb_key-a', 'sbb_key-b', 'sbb_key-c'];
      for (const key of [a, b, c]) await repository.create(keyRecord(key));
      await verifier.verify(`Bearer ${a}`, 'usage:read', T0);
      await verifier.verify(`Bearer ${b}`, 'usage:read', T0);
      await verifier.verify(`Bearer ${a}`, 'usage:read', T0); // a is now the most recently used
      await verifier.verify(`Bearer ${c}`, 'usage:read', T0); // evicts b
      expect(repository.gets).toBe(3);
      await verifier.verify(`Bearer ${a}`, 'usage:read', T0);
      expect(repository.gets).toBe(3);
      await verifier.verify(`Bearer ${b}`, 'usage:read', T0);
      expect(repository.gets).toBe(4);
    });

    it('stays bounded under a flood of distinct unknown keys', async () => {
      verifier = build({ maxEntries: 10 });
      await verifier.verify(header, 'usage:read', T0);
      for (let i = 0; i < 50; i += 1) await expect(verifier.verify(`Bearer sbb_flood-${i}`, 'usage:read', T0)).rejects.toThrow();
      const before = repository.gets;
      await verifier.verify(header, 'usage:read', T0);
      expect(repository.gets).toBe(before + 1); // the good key was pushed out, not kept past the bound
    });

    it('shares one read between concurrent requests for the same key', async () => {
      repository.hold();
      const pending = [verifier.verify(header, 'usage:read', T0), verifier.verify(header, 'usage:read', T0)];
      repository.release();
      await Promise.all(pending);
      expect(repository.gets).toBe(1);
    });

    it('does not remember a failed read', async () => {
      repository.failGet = new Error('throttled');
      await expect(verifier.verify(header, 'usage:read', T0)).rejects.toThrow('throttled');
      await expect(verifier.verify(header, 'usage:read', T0)).resolves.toBeDefined();
      expect(repository.gets).toBe(2);
    });

    it('accepts a key remembered by this process at once, even after caching it as unknown', async () => {
      const fresh = 'sbb_created-here';
      await expect(verifier.verify(`Bearer ${fresh}`, 'usage:read', T0)).rejects.toBeInstanceOf(UnauthorizedError);
      const record = keyRecord(fresh);
      await repository.create(record);
      verifier.remember(record);
      await expect(verifier.verify(`Bearer ${fresh}`, 'usage:read', T0)).resolves.toMatchObject({ id: record.id });
      expect(repository.gets).toBe(1);
    });

    it('refuses a key forgotten after this process revoked it, at once', async () => {
      await verifier.verify(header, 'usage:read', T0);
      await repository.revoke(keyRecord(rawKey).id, '2026-11-03T10:00:00.000Z');
      verifier.forget(hashApiKey(rawKey));
      await expect(verifier.verify(header, 'usage:read', T0)).rejects.toBeInstanceOf(UnauthorizedError);
    });

    it('reads the key again after clear()', async () => {
      await verifier.verify(header, 'usage:read', T0);
      verifier.clear();
      await verifier.verify(header, 'usage:read', T0);
      expect(repository.gets).toBe(2);
    });

    it.each([
      ['a cache time above 30 s', { cacheMs: 30_001 }, /cacheMs/],
      ['a negative cache time', { cacheMs: -1 }, /cacheMs/],
      ['no room', { maxEntries: 0 }, /maxEntries/],
    ])('rejects %s', (_case, options, message) => {
      expect(() => new ApiKeyVerifier(repository, options)).toThrow(message);
    });
  });

  describe('authorize (the handlers behind the authorizer)', () => {
    it('accepts a live key holding the scope, and writes nothing', async () => {
      await expect(verifier.authorize(header, 'usage:read')).resolves.toMatchObject({ name: 'reader' });
      expect(repository.touches).toEqual([]);
    });

    it('refuses a missing scope (403) and an unknown key (401), writing nothing', async () => {
      await expect(verifier.authorize(header, 'provisioning')).rejects.toBeInstanceOf(ForbiddenError);
      await expect(verifier.authorize('Bearer sbb_unknown', 'usage:read')).rejects.toBeInstanceOf(UnauthorizedError);
      expect(repository.touches).toEqual([]);
    });
  });

  describe('last-used time', () => {
    it('writes it at most once a minute per key, measured on the monotonic clock, stamped with the request time', async () => {
      await verifier.verify(header, 'usage:read', T0);
      clockMs += 59_000;
      await verifier.verify(header, 'usage:read', T0 + 59_000);
      clockMs += 1_000;
      await verifier.verify(header, 'usage:read', T0 + 60_000);
      expect(repository.touches.map((touch) => touch.now)).toEqual(['2026-11-03T10:00:00.000Z', '2026-11-03T10:01:00.000Z']);
      expect(repository.touches[0]?.notBefore).toBe('2026-11-03T09:59:00.001Z');
    });

    it('keeps the once-a-minute limit across a cache refresh', async () => {
      await verifier.verify(header, 'usage:read', T0);
      clockMs += 31_000; // the record is read again; the last write is still recent
      await verifier.verify(header, 'usage:read', T0);
      expect(repository.gets).toBe(2);
      expect(repository.touches).toHaveLength(1);
    });

    it('never writes for an unknown key', async () => {
      await expect(verifier.verify('Bearer sbb_unknown', 'usage:read', T0)).rejects.toThrow();
      expect(repository.touches).toHaveLength(0);
    });

    it('answers the request when the write fails, and logs the failure without the key', async () => {
      repository.failTouch = new Error('ProvisionedThroughputExceededException');
      await expect(verifier.verify(header, 'usage:read', T0)).resolves.toMatchObject({ name: 'reader' });
      expect(logger.entries).toEqual([
        { level: 'error', message: 'could not record an API key use', details: { keyId: keyRecord(rawKey).id, error: 'ProvisionedThroughputExceededException' } },
      ]);
      expect(JSON.stringify(logger.entries)).not.toContain(rawKey);
    });
  });

  describe('unknown stored scopes', () => {
    it('ignores them, logs them once per read, and still grants the known ones', async () => {
      const odd = 'sbb_odd-scopes';
      repository.records.set(hashApiKey(odd), { ...keyRecord(odd), scopes: ['usage:read'], unknownScopes: ['billing:everything'] });
      await expect(verifier.verify(`Bearer ${odd}`, 'usage:read', T0)).resolves.toBeDefined();
      await expect(verifier.verify(`Bearer ${odd}`, 'provisioning', T0)).rejects.toBeInstanceOf(ForbiddenError);
      expect(logger.entries).toEqual([
        expect.objectContaining({ level: 'warn', details: { keyId: keyRecord(odd).id, unknownScopes: ['billing:everything'] } }),
      ]);
    });
  });

  describe('authenticate', () => {
    it('answers the record of a live key without a scope check or a write', async () => {
      await expect(verifier.authenticate(header)).resolves.toMatchObject({ id: keyRecord(rawKey).id, scopes: ['usage:read'] });
      expect(repository.touches).toHaveLength(0);
    });
  });
});

describe('grants', () => {
  it.each([
    [['admin'], 'provisioning', true],
    [['admin'], 'periods:write', true],
    [['usage:read'], 'usage:read', true],
    [['usage:read'], 'periods:write', false],
    [['provisioning'], 'admin', false],
    [[], 'usage:read', false],
  ] as const)('scopes %j grant %s: %s', (held, required, expected) => {
    expect(grants(held, required)).toBe(expected);
  });
});

describe('parseStoredScopes', () => {
  it('keeps the known scopes once each, in order, and sets the rest aside', () => {
    expect(parseStoredScopes(['usage:read', 'billing:all', 'usage:read', 'admin', ''])).toEqual({ scopes: ['usage:read', 'admin'], unknown: ['billing:all', ''] });
  });
});

describe('generateApiKey / generateApiKeyId / apiKeyPrefix / hashApiKey', () => {
  it('makes distinct keys and stores only a hex SHA-256', () => {
    const a = generateApiKey();
    expect(a).toMatch(/^sbb_[A-Za-z0-9_-]{43}$/);
    expect(generateApiKey()).not.toBe(a);
    expect(hashApiKey('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('makes ids of the form key_ and 16 characters', () => {
    expect(generateApiKeyId()).toMatch(/^key_[A-Za-z0-9_-]{16}$/);
    expect(API_KEY_ID_PATTERN.test(generateApiKeyId())).toBe(true);
  });

  it('shows sbb_ and 8 characters of a generated key, the first 8 of any other', () => {
    expect(apiKeyPrefix('sbb_AbCdEfGh1234567890')).toBe('sbb_AbCdEfGh');
    expect(apiKeyPrefix('test-admin-key-0123456789')).toBe('test-adm');
  });
});
