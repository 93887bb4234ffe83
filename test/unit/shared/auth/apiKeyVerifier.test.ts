import { ApiKeyVerifier, hashApiKey, generateApiKey, grants, type ApiKeyRecord, type ApiKeyRepository } from '../../../../shared/auth';
import { ForbiddenError, UnauthorizedError } from '../../../../shared/errors';

class FakeKeyRepository implements ApiKeyRepository {
  readonly records = new Map<string, ApiKeyRecord>();
  gets = 0;
  touches: { keyHash: string; now: string; notBefore: string }[] = [];

  async put(record: ApiKeyRecord): Promise<void> {
    this.records.set(record.keyHash, record);
  }

  async get(keyHash: string): Promise<ApiKeyRecord | undefined> {
    this.gets += 1;
    return this.records.get(keyHash);
  }

  async touch(keyHash: string, now: string, notBefore: string): Promise<boolean> {
    this.touches.push({ keyHash, now, notBefore });
    return true;
  }
}

const T0 = Date.parse('2026-11-03T10:00:00Z');

describe('ApiKeyVerifier', () => {
  let repository: FakeKeyRepository;
  let verifier: ApiKeyVerifier;
  const rawKey = 'sbb_test-key-usage';

  beforeEach(async () => {
    repository = new FakeKeyRepository();
    verifier = new ApiKeyVerifier(repository, { cacheMs: 30_000, touchEveryMs: 60_000 });
    await repository.put({ keyHash: hashApiKey(rawKey), name: 'reader', scopes: ['usage:read'], createdAt: '2026-11-01T00:00:00Z' });
  });

  describe('verify', () => {
    it('accepts a stored key that holds the scope', async () => {
      const record = await verifier.verify(`Bearer ${rawKey}`, 'usage:read', T0);
      expect(record.name).toBe('reader');
    });

    it.each([
      ['no header', undefined],
      ['an empty header', ''],
      ['another scheme', `Basic ${rawKey}`],
      ['a bare key', rawKey],
    ])('answers 401 for %s', async (_case, header) => {
      await expect(verifier.verify(header, 'usage:read', T0)).rejects.toBeInstanceOf(UnauthorizedError);
    });

    it('answers 401 for an unknown key', async () => {
      await expect(verifier.verify('Bearer sbb_unknown', 'usage:read', T0)).rejects.toThrow('The API key is not valid');
    });

    it('answers 403 when the key lacks the scope', async () => {
      await expect(verifier.verify(`Bearer ${rawKey}`, 'provisioning', T0)).rejects.toBeInstanceOf(ForbiddenError);
    });

    it('reads a key once within the cache time, and again after it', async () => {
      await verifier.verify(`Bearer ${rawKey}`, 'usage:read', T0);
      await verifier.verify(`Bearer ${rawKey}`, 'usage:read', T0 + 29_999);
      expect(repository.gets).toBe(1);
      await verifier.verify(`Bearer ${rawKey}`, 'usage:read', T0 + 30_000);
      expect(repository.gets).toBe(2);
    });

    it('caches an unknown key too, so a flood of bad keys does not flood the table', async () => {
      await expect(verifier.verify('Bearer sbb_unknown', 'usage:read', T0)).rejects.toThrow();
      await expect(verifier.verify('Bearer sbb_unknown', 'usage:read', T0 + 1000)).rejects.toThrow();
      expect(repository.gets).toBe(1);
    });

    it('writes the last-used time at most once a minute per key', async () => {
      await verifier.verify(`Bearer ${rawKey}`, 'usage:read', T0);
      await verifier.verify(`Bearer ${rawKey}`, 'usage:read', T0 + 59_000);
      await verifier.verify(`Bearer ${rawKey}`, 'usage:read', T0 + 60_000);
      expect(repository.touches.map((touch) => touch.now)).toEqual(['2026-11-03T10:00:00.000Z', '2026-11-03T10:01:00.000Z']);
      expect(repository.touches[0]?.notBefore).toBe('2026-11-03T09:59:00.001Z');
    });

    it('never writes for an unknown key', async () => {
      await expect(verifier.verify('Bearer sbb_unknown', 'usage:read', T0)).rejects.toThrow();
      expect(repository.touches).toHaveLength(0);
    });

    it('reads the key again after clear()', async () => {
      await verifier.verify(`Bearer ${rawKey}`, 'usage:read', T0);
      verifier.clear();
      await verifier.verify(`Bearer ${rawKey}`, 'usage:read', T0 + 1);
      expect(repository.gets).toBe(2);
    });
  });
});

describe('grants', () => {
  it.each([
    [['admin'], 'provisioning', true],
    [['usage:read'], 'usage:read', true],
    [['usage:read'], 'periods:write', false],
    [[], 'usage:read', false],
  ] as const)('scopes %j grant %s: %s', (held, required, expected) => {
    expect(grants(held, required)).toBe(expected);
  });
});

describe('generateApiKey / hashApiKey', () => {
  it('makes distinct keys and stores only a hex SHA-256', () => {
    const a = generateApiKey();
    expect(a).toMatch(/^sbb_[A-Za-z0-9_-]{43}$/);
    expect(generateApiKey()).not.toBe(a);
    expect(hashApiKey('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
