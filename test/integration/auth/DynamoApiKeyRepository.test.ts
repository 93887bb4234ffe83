import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ApiKeyExistsError, DynamoApiKeyRepository, hashApiKey, type NewApiKeyRecord } from '../../../shared/auth';
import { countRequests, keys } from '../../../shared/storage';
import { createTestTable, type TestTable } from '../../support/testTable';

const NOW = '2026-11-03T10:00:00.000Z';

function newKey(n: number, overrides: Partial<NewApiKeyRecord> = {}): NewApiKeyRecord {
  return {
    id: `key_${String(n).padStart(16, '0')}`,
    keyHash: hashApiKey(`sbb_key-${n}`),
    name: `key ${n}`,
    scopes: ['usage:read'],
    prefix: `sbb_key-${n}`.slice(0, 12),
    createdAt: `2026-11-01T00:00:${String(n % 60).padStart(2, '0')}.${String(n).padStart(3, '0')}Z`,
    ...overrides,
  };
}

describe('DynamoApiKeyRepository on DynamoDB Local', () => {
  let table: TestTable;
  let repository: DynamoApiKeyRepository;

  beforeEach(async () => {
    table = await createTestTable();
    repository = new DynamoApiKeyRepository(table.db, table.tableName);
  }, 60_000);

  afterEach(async () => {
    await table?.drop();
  });

  const item = async (key: { pk: string; sk: string }) => (await table.db.send(new GetCommand({ TableName: table.tableName, Key: key }))).Item;

  describe('create', () => {
    it('writes the hash item and the listing item in one transaction', async () => {
      const counts = countRequests(table.db);
      await repository.create(newKey(1));
      expect(counts.byCommand()).toEqual({ TransactWriteItemsCommand: 1 });
      counts.detach();
      expect(await item(keys.apiKey(newKey(1).keyHash))).toMatchObject({ id: newKey(1).id, name: 'key 1', scopes: ['usage:read'] });
      expect(await item(keys.apiKeyIndex(newKey(1).id))).toMatchObject({ keyHash: newKey(1).keyHash, prefix: newKey(1).prefix });
    });

    it('refuses a put over an existing hash, and changes nothing', async () => {
      await repository.create(newKey(1));
      const intruder = { ...newKey(2), keyHash: newKey(1).keyHash, scopes: ['admin' as const] };
      await expect(repository.create(intruder)).rejects.toEqual(expect.objectContaining({ name: 'ApiKeyExistsError', conflict: 'hash' }));
      expect(await repository.get(newKey(1).keyHash)).toMatchObject({ id: newKey(1).id, scopes: ['usage:read'] });
      expect(await item(keys.apiKeyIndex(newKey(2).id))).toBeUndefined();
    });

    it('refuses an id already taken, and changes nothing', async () => {
      await repository.create(newKey(1));
      const error = await repository.create({ ...newKey(2), id: newKey(1).id }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ApiKeyExistsError);
      expect(error).toMatchObject({ conflict: 'id' });
      expect(await repository.get(newKey(2).keyHash)).toBeUndefined();
    });
  });

  describe('get', () => {
    it('answers undefined for an unknown hash', async () => {
      expect(await repository.get(hashApiKey('nope'))).toBeUndefined();
    });

    it('keeps the known scopes and sets unknown ones aside', async () => {
      await table.db.send(
        new PutCommand({
          TableName: table.tableName,
          Item: { ...keys.apiKey('h1'), kind: 'apiKey', id: 'key_1', keyHash: 'h1', name: 'n', scopes: ['admin', 'root'], prefix: 'p', createdAt: NOW },
        }),
      );
      expect(await repository.get('h1')).toEqual({ id: 'key_1', keyHash: 'h1', name: 'n', scopes: ['admin'], unknownScopes: ['root'], prefix: 'p', createdAt: NOW });
    });
  });

  describe('list', () => {
    it('lists every key oldest first, with last-used times from the hash items, across batches of 100', async () => {
      const all = Array.from({ length: 105 }, (_, i) => newKey(i + 1));
      for (const key of all) await repository.create(key);
      await repository.touch(all[0]?.keyHash ?? '', NOW, '2026-11-03T09:59:00.001Z');
      await repository.touch(all[104]?.keyHash ?? '', NOW, '2026-11-03T09:59:00.001Z');
      const listed = await repository.list();
      expect(listed).toHaveLength(105);
      expect(listed.map((key) => key.id)).toEqual([...all].sort((a, b) => a.createdAt.localeCompare(b.createdAt)).map((key) => key.id));
      expect(listed.filter((key) => key.lastUsedAt === NOW).map((key) => key.id).sort()).toEqual([all[0]?.id, all[104]?.id].sort());
    }, 60_000);
  });

  describe('revoke', () => {
    it('marks both items revoked at once', async () => {
      await repository.create(newKey(1));
      expect(await repository.revoke(newKey(1).id, NOW)).toMatchObject({ id: newKey(1).id, revokedAt: NOW });
      expect(await repository.get(newKey(1).keyHash)).toMatchObject({ revokedAt: NOW });
      const listing = await table.db.send(
        new QueryCommand({ TableName: table.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.apiKeysPartition } }),
      );
      expect(listing.Items).toEqual([expect.objectContaining({ id: newKey(1).id, revokedAt: NOW })]);
    });

    it('keeps the first revocation time', async () => {
      await repository.create(newKey(1));
      await repository.revoke(newKey(1).id, NOW);
      expect((await repository.revoke(newKey(1).id, '2026-11-04T00:00:00.000Z'))?.revokedAt).toBe(NOW);
      expect((await repository.get(newKey(1).keyHash))?.revokedAt).toBe(NOW);
    });

    it('answers undefined for an unknown id', async () => {
      expect(await repository.revoke('key_unknown', NOW)).toBeUndefined();
    });
  });

  describe('touch', () => {
    it('writes the last-used time at most once a minute, and never creates an item', async () => {
      await repository.create(newKey(1));
      expect(await repository.touch(newKey(1).keyHash, NOW, '2026-11-03T09:59:00.001Z')).toBe(true);
      expect(await repository.touch(newKey(1).keyHash, '2026-11-03T10:00:59.000Z', '2026-11-03T09:59:59.001Z')).toBe(false);
      expect(await repository.touch(newKey(1).keyHash, '2026-11-03T10:01:00.000Z', '2026-11-03T10:00:00.001Z')).toBe(true);
      expect((await repository.get(newKey(1).keyHash))?.lastUsedAt).toBe('2026-11-03T10:01:00.000Z');
      expect(await repository.touch(hashApiKey('nope'), NOW, NOW)).toBe(false);
      expect(await item(keys.apiKey(hashApiKey('nope')))).toBeUndefined();
    });
  });
});
