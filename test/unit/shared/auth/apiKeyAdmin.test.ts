import { ApiKeyAdmin, ApiKeyNotFoundError, ApiKeyVerifier, hashApiKey, newApiKeyInput } from '../../../../shared/auth';
import { UnauthorizedError } from '../../../../shared/errors';
import { MemoryLogger } from '../../../../shared/logging';
import { FakeApiKeyRepository } from '../../../support/fakeApiKeyRepository';

const NOW = '2026-11-03T10:00:00.000Z';
const T0 = Date.parse(NOW);

describe('ApiKeyAdmin', () => {
  let repository: FakeApiKeyRepository;
  let verifier: ApiKeyVerifier;
  let logger: MemoryLogger;
  let admin: ApiKeyAdmin;

  beforeEach(() => {
    repository = new FakeApiKeyRepository();
    logger = new MemoryLogger();
    verifier = new ApiKeyVerifier(repository, { monotonicNow: () => 0, logger });
    admin = new ApiKeyAdmin(repository, { verifier, logger });
  });

  describe('create', () => {
    it('stores only the hash, with an id, the prefix and the creation time, and shows the key once', async () => {
      const created = await admin.create({ name: 'whmcs', scopes: ['provisioning', 'usage:read'] }, NOW);
      expect(created).toEqual({
        id: expect.stringMatching(/^key_/),
        name: 'whmcs',
        scopes: ['provisioning', 'usage:read'],
        prefix: created.key.slice(0, 12),
        key: expect.stringMatching(/^sbb_/),
        createdAt: NOW,
      });
      const stored = repository.records.get(hashApiKey(created.key));
      expect(stored).toMatchObject({ id: created.id, prefix: created.prefix });
      expect(JSON.stringify(stored)).not.toContain(created.key);
    });

    it('makes the key work at once in this process, without reading the table', async () => {
      const created = await admin.create({ name: 'whmcs', scopes: ['usage:read'] }, NOW);
      await expect(verifier.verify(`Bearer ${created.key}`, 'usage:read', T0)).resolves.toMatchObject({ id: created.id });
      expect(repository.gets).toBe(0);
    });

    it('stores a given key (the local admin key) and refuses it a second time', async () => {
      await admin.create({ name: 'local-admin', scopes: ['admin'] }, NOW, 'chosen-key-123456');
      await expect(admin.create({ name: 'again', scopes: ['admin'] }, NOW, 'chosen-key-123456')).rejects.toMatchObject({ name: 'ApiKeyExistsError', conflict: 'hash' });
      expect(repository.records.get(hashApiKey('chosen-key-123456'))?.name).toBe('local-admin');
    });
  });

  describe('list', () => {
    it('lists keys without key material', async () => {
      const created = await admin.create({ name: 'whmcs', scopes: ['usage:read'] }, NOW);
      const listed = await admin.list();
      expect(listed).toEqual([
        { id: created.id, name: 'whmcs', scopes: ['usage:read'], prefix: created.prefix, createdAt: NOW, lastUsedAt: null, revokedAt: null },
      ]);
      expect(JSON.stringify(listed)).not.toContain(created.key);
      expect(JSON.stringify(listed)).not.toContain(hashApiKey(created.key));
    });

    it('logs a key whose stored scopes include unknown ones', async () => {
      const created = await admin.create({ name: 'odd', scopes: ['usage:read'] }, NOW);
      const hash = hashApiKey(created.key);
      const stored = repository.records.get(hash);
      if (stored) repository.records.set(hash, { ...stored, unknownScopes: ['root'] });
      expect((await admin.list())[0]?.scopes).toEqual(['usage:read']);
      expect(logger.entries).toContainEqual(expect.objectContaining({ level: 'warn', details: { keyId: created.id, unknownScopes: ['root'] } }));
    });
  });

  describe('revoke', () => {
    it('revokes the key, and this process refuses it at once', async () => {
      const created = await admin.create({ name: 'whmcs', scopes: ['usage:read'] }, NOW);
      await verifier.verify(`Bearer ${created.key}`, 'usage:read', T0);
      expect(await admin.revoke(created.id, '2026-11-03T11:00:00.000Z')).toMatchObject({ id: created.id, revokedAt: '2026-11-03T11:00:00.000Z' });
      await expect(verifier.verify(`Bearer ${created.key}`, 'usage:read', T0)).rejects.toBeInstanceOf(UnauthorizedError);
    });

    it('keeps the first revocation time when revoked again', async () => {
      const created = await admin.create({ name: 'whmcs', scopes: ['usage:read'] }, NOW);
      await admin.revoke(created.id, '2026-11-03T11:00:00.000Z');
      expect((await admin.revoke(created.id, '2026-11-03T12:00:00.000Z')).revokedAt).toBe('2026-11-03T11:00:00.000Z');
    });

    it('answers ApiKeyNotFoundError for an unknown id', async () => {
      await expect(admin.revoke('key_nope', NOW)).rejects.toBeInstanceOf(ApiKeyNotFoundError);
    });
  });
});

describe('newApiKeyInput', () => {
  it.each([
    ['no name', { scopes: ['admin'] }],
    ['a blank name', { name: '  ', scopes: ['admin'] }],
    ['a name with a control character', { name: 'a\nb', scopes: ['admin'] }],
    ['a name too long', { name: 'x'.repeat(101), scopes: ['admin'] }],
    ['no scopes', { name: 'x' }],
    ['empty scopes', { name: 'x', scopes: [] }],
    ['an unknown scope', { name: 'x', scopes: ['root'] }],
    ['scopes as a string', { name: 'x', scopes: 'admin' }],
    ['an unknown field', { name: 'x', scopes: ['admin'], key: 'sbb_mine' }],
  ])('refuses %s', (_case, body) => {
    expect(newApiKeyInput.safeParse(body).success).toBe(false);
  });

  it('trims the name and drops repeated scopes', () => {
    expect(newApiKeyInput.parse({ name: ' whmcs ', scopes: ['usage:read', 'usage:read', 'provisioning'] })).toEqual({ name: 'whmcs', scopes: ['usage:read', 'provisioning'] });
  });
});
