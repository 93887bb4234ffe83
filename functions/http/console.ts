import path from 'node:path';
import { NotFoundError } from '../../shared/errors';
import { lambdaObservability, type Observability } from '../lib/observability';
import type { HttpResult } from '../lib/http';
import { httpHandler } from '../lib/httpHandler';
import { lazyHandler } from '../lib/lazyHandler';
import { readConsoleAssets, type ConsoleAssets } from '../lib/console/consoleAssets';

/**
 * What every console answer carries. The page's script, styles and every datum come from this
 * origin only (`connect-src 'self'`: the /v1 API); no inline script or style, no framing, no
 * referrer (the key never travels in a URL anyway: it lives in sessionStorage).
 */
export const CONSOLE_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

export interface ConsoleDeps {
  readonly observability: Observability;
  /** The built console; called at the first request (the local stack builds it then). */
  readonly consoleAssets: () => Promise<ConsoleAssets>;
}

/**
 * GET /console and GET /console/{asset}: the operator console's static files, no key (the page
 * asks for one and sends it only to /v1). Answers no datum of its own. `no-cache`: a deploy's new
 * script is picked up at the next load; an unknown file is `404 not_found`.
 */
export function makeConsoleHandler(deps: ConsoleDeps) {
  let assets: Promise<ConsoleAssets> | undefined;
  return httpHandler(deps.observability).handler(async (event): Promise<HttpResult> => {
    assets ??= deps.consoleAssets().catch((error: unknown) => {
      assets = undefined;
      throw error;
    });
    const name = event.pathParameters?.['asset'] ?? 'index.html';
    const asset = (await assets).get(name);
    if (asset === undefined) throw new NotFoundError(`The console has no file "${name}"`);
    return {
      statusCode: 200,
      headers: { 'content-type': asset.contentType, 'cache-control': 'no-cache', ...CONSOLE_SECURITY_HEADERS },
      body: asset.body,
    };
  });
}

// No table, no secret, no configuration: only the files beside the bundle.
export const handler = lazyHandler(() =>
  makeConsoleHandler({ observability: lambdaObservability(), consoleAssets: () => Promise.resolve(readConsoleAssets(path.join(__dirname, 'console'))) }),
);
