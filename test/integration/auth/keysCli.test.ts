import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { freePort } from '../../../local/ports';
import { ApiKeyVerifier, DynamoApiKeyRepository, hashApiKey } from '../../../shared/auth';
import { UnauthorizedError } from '../../../shared/errors';
import { MemoryLogger } from '../../../shared/logging';
import { bearer, requestJson, startTestStack } from '../../support/localStack';
import { createTestTable, type TestTable } from '../../support/testTable';

const ROOT = path.resolve(__dirname, '..', '..', '..');

interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command from the project root (environment: this one's, with `env` on top); never throws on a non-zero exit. */
function run(file: string, args: readonly string[], env: Readonly<Record<string, string | undefined>> = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(file, args, { cwd: ROOT, timeout: 60_000, env: { ...process.env, ...env } }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

describe('npm run keys (local/keysCli.ts) against DynamoDB Local', () => {
  let table: TestTable;
  let where: string[];

  const keysCli = (...args: string[]) => run(process.execPath, ['--import', 'tsx', 'local/keysCli.ts', ...args, ...where]);

  beforeAll(async () => {
    table = await createTestTable();
    where = ['--endpoint', table.endpoint, '--table', table.tableName];
  }, 60_000);

  afterAll(async () => {
    await table?.drop();
  });

  it('creates a key, lists it without key material, and revokes it', async () => {
    const created = await keysCli('create', '--name', 'whmcs', '--scopes', 'provisioning,usage:read');
    expect(created.code).toBe(0);
    const key = JSON.parse(created.stdout) as { id: string; key: string; prefix: string; scopes: string[]; name: string };
    expect(key).toMatchObject({ name: 'whmcs', scopes: ['provisioning', 'usage:read'], prefix: key.key.slice(0, 12) });
    expect(created.stderr).toContain('shown this once');

    // The stored hash is the printed key's: the bridge would accept it.
    const repository = new DynamoApiKeyRepository(table.db, table.tableName);
    const verifier = new ApiKeyVerifier(repository, { logger: new MemoryLogger() });
    await expect(verifier.verify(`Bearer ${key.key}`, 'provisioning', Date.now())).resolves.toMatchObject({ id: key.id });

    const listed = await keysCli('list');
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual({
      keys: [expect.objectContaining({ id: key.id, name: 'whmcs', prefix: key.prefix, revokedAt: null })],
    });
    expect(listed.stdout).not.toContain(key.key);
    expect(listed.stdout).not.toContain(hashApiKey(key.key));

    const revoked = await keysCli('revoke', key.id);
    expect(revoked.code).toBe(0);
    expect(JSON.parse(revoked.stdout)).toMatchObject({ id: key.id, revokedAt: expect.any(String) });
    verifier.clear();
    await expect(verifier.verify(`Bearer ${key.key}`, 'provisioning', Date.now())).rejects.toBeInstanceOf(UnauthorizedError);
  }, 60_000);

  it('runs as the package script', async () => {
    const listed = await run('npm', ['run', '--silent', 'keys', '--', 'list', ...where]);
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual({ keys: expect.any(Array) });
  }, 60_000);

  it.each([
    ['no command', []],
    ['an unknown command', ['rotate']],
    ['an unknown scope', ['create', '--name', 'x', '--scopes', 'usage:read,root']],
    ['no scopes', ['create', '--name', 'x']],
    ['no name', ['create', '--scopes', 'admin']],
    ['an unknown option', ['list', '--force']],
    ['revoke without an id', ['revoke']],
  ])('exits 2 with the usage for %s, and stores nothing', async (_case, args) => {
    const before = (await new DynamoApiKeyRepository(table.db, table.tableName).list()).length;
    const result = await keysCli(...args);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Usage: npm run keys');
    expect(result.stdout).toBe('');
    expect(await new DynamoApiKeyRepository(table.db, table.tableName).list()).toHaveLength(before);
  }, 60_000);

  it('exits 1 naming the id when revoking an unknown key', async () => {
    const result = await keysCli('revoke', 'key_AAAAAAAAAAAAAAAA');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('key_AAAAAAAAAAAAAAAA');
  }, 60_000);

  describe('without --endpoint: the DynamoDB npm start uses', () => {
    // As `npm start` resolves it: DYNAMODB_ENDPOINT when set, else 127.0.0.1:DYNAMODB_PORT.
    const withoutEndpoint = (env: Record<string, string | undefined>, ...args: string[]) =>
      run(process.execPath, ['--import', 'tsx', 'local/keysCli.ts', ...args, '--table', table.tableName], { DYNAMODB_ENDPOINT: undefined, ...env });

    it('finds it on DYNAMODB_PORT', async () => {
      const created = await keysCli('create', '--name', 'by-port', '--scopes', 'usage:read');
      const { id } = JSON.parse(created.stdout) as { id: string };
      const listed = await withoutEndpoint({ DYNAMODB_PORT: new URL(table.endpoint).port }, 'list');
      expect([listed.code, listed.stderr]).toEqual([0, '']);
      expect((JSON.parse(listed.stdout) as { keys: { id: string }[] }).keys.map((key) => key.id)).toContain(id);
    }, 60_000);

    it('names the port it tried when nothing answers there', async () => {
      const port = await freePort();
      const result = await withoutEndpoint({ DYNAMODB_PORT: String(port) }, 'list');
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`No DynamoDB answers at http://127.0.0.1:${port}`);
    }, 60_000);

    it('prefers DYNAMODB_ENDPOINT, and refuses a malformed port (exit 2)', async () => {
      const port = await freePort();
      const listed = await withoutEndpoint({ DYNAMODB_ENDPOINT: table.endpoint, DYNAMODB_PORT: String(port) }, 'list');
      expect(listed.code).toBe(0);
      const malformed = await withoutEndpoint({ DYNAMODB_PORT: 'eighty' }, 'list');
      expect(malformed.code).toBe(2);
      expect(malformed.stderr).toContain('DYNAMODB_PORT');
    }, 60_000);
  });

  it('exits 1 naming the table when it does not exist', async () => {
    const result = await run(process.execPath, ['--import', 'tsx', 'local/keysCli.ts', 'list', '--endpoint', table.endpoint, '--table', 'no-such-table']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('No table no-such-table');
  }, 60_000);
});

describe('npm run keys against a running local stack', () => {
  it('creates a key the running API accepts at once', async () => {
    const stack = await startTestStack();
    try {
      const created = await run(process.execPath, ['--import', 'tsx', 'local/keysCli.ts', 'create', '--name', 'whmcs', '--scopes', 'usage:read', '--endpoint', stack.dynamoDbEndpoint, '--table', stack.tableName]);
      expect(created.code).toBe(0);
      const { key } = JSON.parse(created.stdout) as { key: string };
      expect((await requestJson(`${stack.apiUrl}/v1/usage?period=2026-11`, { headers: bearer(key) })).status).toBe(200);
    } finally {
      await stack.stop();
    }
  }, 60_000);
});
