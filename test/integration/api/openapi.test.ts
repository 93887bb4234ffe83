import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { httpRoutes } from '../../../functions/catalog';
import type { LocalStack } from '../../../local/stack';
import { MemoryLogger } from '../../../shared/logging';
import { openApiDocument } from '../../../shared/openapi';
import { requestJson, startTestStack } from '../../support/localStack';

describe('GET /v1/openapi.json', () => {
  let stack: LocalStack;

  beforeAll(async () => {
    stack = await startTestStack({ logger: new MemoryLogger() });
  }, 60_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('serves, without a key, a document whose operations are exactly the /v1 routes of functions/catalog.ts', async () => {
    const reply = await requestJson(`${stack.apiUrl}/v1/openapi.json`);
    expect(reply.status).toBe(200);
    const document = reply.json as { openapi: string; paths: Record<string, Record<string, unknown>> };
    const served = Object.entries(document.paths).flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`));
    // The console's static files (/console) are a page, not API operations.
    const apiRoutes = httpRoutes().filter((route) => route.path.startsWith('/v1/'));
    expect(served.sort()).toEqual(apiRoutes.map((route) => route.routeKey).sort());
    expect(httpRoutes().filter((route) => !route.path.startsWith('/v1/')).map((route) => route.routeKey)).toEqual(['GET /console', 'GET /console/{asset}']);
  });

  it('is valid OpenAPI 3.1', () => {
    // The validator is an ES module Jest cannot load here: its CLI checks a copy of the served document.
    const file = join(mkdtempSync(join(tmpdir(), 'openapi-')), 'openapi.json');
    writeFileSync(file, JSON.stringify(openApiDocument()));
    const cli = join(__dirname, '..', '..', '..', 'node_modules', '@seriousme', 'openapi-schema-validator', 'bin', 'validate-api-cli.js');
    const result = spawnSync(process.execPath, [cli, file], { encoding: 'utf8' });
    expect([result.status, JSON.parse(result.stdout) as unknown]).toEqual([0, { valid: true }]);
    expect(openApiDocument().openapi).toBe('3.1.0');
  });

  it('the validator refuses a broken document (so the check above can fail)', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'openapi-')), 'openapi.json');
    writeFileSync(file, JSON.stringify({ ...openApiDocument(), info: undefined }));
    const cli = join(__dirname, '..', '..', '..', 'node_modules', '@seriousme', 'openapi-schema-validator', 'bin', 'validate-api-cli.js');
    const result = spawnSync(process.execPath, [cli, file], { encoding: 'utf8' });
    expect((JSON.parse(result.stdout) as { valid: boolean }).valid).toBe(false);
  });

  it('is what docs/openapi.json holds (run `npm run openapi` after changing a schema)', () => {
    const written = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'docs', 'openapi.json'), 'utf8')) as unknown;
    expect(written).toEqual(JSON.parse(JSON.stringify(openApiDocument())));
  });

  it('describes the create body with the contract\'s camelCase names and rejects unknown fields', () => {
    const document = openApiDocument() as unknown as { paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { properties: Record<string, unknown>; additionalProperties?: unknown } }> } }>> };
    const schema = document.paths['/v1/services']?.['post']?.requestBody?.content['application/json']?.schema;
    expect(Object.keys(schema?.properties ?? {}).sort()).toEqual(
      ['serviceRef', 'installation', 'customer', 'planId', 'locationId', 'osImageId', 'applicationId', 'applicationData', 'hostname', 'password', 'sshKeys', 'userData', 'backups', 'additionalIps', 'billingMode'].sort(),
    );
    expect(schema?.additionalProperties).toBe(false);
  });
});
