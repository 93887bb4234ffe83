import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { CONSOLE_SECURITY_HEADERS, makeConsoleHandler } from '../../../functions/http/console';
import { consoleAssetsOf, readConsoleAssets } from '../../../functions/lib/console/consoleAssets';
import { localObservability } from '../../../functions/lib/observability';
import { MemoryLogger } from '../../../shared/logging';

const event = (asset?: string): APIGatewayProxyEventV2 =>
  ({
    version: '2.0',
    routeKey: asset === undefined ? 'GET /console' : 'GET /console/{asset}',
    rawPath: asset === undefined ? '/console' : `/console/${asset}`,
    rawQueryString: '',
    headers: {},
    ...(asset === undefined ? {} : { pathParameters: { asset } }),
    isBase64Encoded: false,
    requestContext: { http: { method: 'GET', path: '/console', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: '' }, requestId: 'r', routeKey: '', stage: '$default', timeEpoch: 0 },
  }) as unknown as APIGatewayProxyEventV2;
const context = {} as Context;

describe('console handler', () => {
  const files = { 'index.html': '<!doctype html><title>x</title>', 'app.js': 'void 0;', 'app.css': 'body{}', 'notes.md': '# not served', '.hidden.js': 'x' };

  it('serves the page at /console and its files by name, with the security headers and no caching of stale code', async () => {
    const handler = makeConsoleHandler({ observability: localObservability(new MemoryLogger()), consoleAssets: () => Promise.resolve(consoleAssetsOf(files)) });
    const page = await handler(event(), context);
    expect(page).toMatchObject({ statusCode: 200, body: files['index.html'], headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache', ...CONSOLE_SECURITY_HEADERS } });
    expect(await handler(event('app.js'), context)).toMatchObject({ statusCode: 200, body: 'void 0;', headers: { 'content-type': 'text/javascript; charset=utf-8' } });
    expect(await handler(event('app.css'), context)).toMatchObject({ statusCode: 200, headers: { 'content-type': 'text/css; charset=utf-8' } });
  });

  it('answers 404 with the JSON error for a file it does not serve: unknown, of an unserved type, or hidden', async () => {
    const handler = makeConsoleHandler({ observability: localObservability(new MemoryLogger()), consoleAssets: () => Promise.resolve(consoleAssetsOf(files)) });
    for (const name of ['nothing.js', 'notes.md', '.hidden.js', '..']) {
      const reply = await handler(event(name), context);
      expect([name, reply.statusCode, JSON.parse(reply.body ?? '{}')]).toEqual([name, 404, { error: { code: 'not_found', message: expect.any(String) } }]);
    }
  });

  it('builds the files once, and tries again after a failed build', async () => {
    let builds = 0;
    const handler = makeConsoleHandler({
      observability: localObservability(new MemoryLogger()),
      consoleAssets: () => {
        builds += 1;
        return builds === 1 ? Promise.reject(new Error('esbuild failed')) : Promise.resolve(consoleAssetsOf(files));
      },
    });
    expect((await handler(event(), context)).statusCode).toBe(500);
    expect((await handler(event(), context)).statusCode).toBe(200);
    expect((await handler(event('app.js'), context)).statusCode).toBe(200);
    expect(builds).toBe(2);
  });

  it('reads the files a deploy put beside the bundle', () => {
    const directory = mkdtempSync(path.join(tmpdir(), 'console-'));
    try {
      for (const [name, text] of Object.entries(files)) writeFileSync(path.join(directory, name), text);
      expect([...readConsoleAssets(directory).keys()].sort()).toEqual(['app.css', 'app.js', 'index.html']);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
