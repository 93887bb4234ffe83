import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** One static file of the operator console, as served. */
export interface ConsoleAsset {
  readonly body: string;
  readonly contentType: string;
}

/** The console's files by name (`index.html`, `app.js`, `app.css`): built once, then served from memory. */
export type ConsoleAssets = ReadonlyMap<string, ConsoleAsset>;

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.txt': 'text/plain; charset=utf-8',
};

/** What a served name may look like: one path segment, no dot first (no `..`, no hidden files). */
export const CONSOLE_ASSET_NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;

export function contentTypeOf(name: string): string | undefined {
  return CONTENT_TYPES[path.extname(name)];
}

/** Files by name to served assets; a file of a type the console does not serve is left out. */
export function consoleAssetsOf(files: Readonly<Record<string, string>>): ConsoleAssets {
  const assets = new Map<string, ConsoleAsset>();
  for (const [name, body] of Object.entries(files)) {
    const contentType = contentTypeOf(name);
    if (contentType !== undefined && CONSOLE_ASSET_NAME.test(name)) assets.set(name, { body, contentType });
  }
  return assets;
}

/**
 * On Lambda: the files the deploy's bundling step put in `console/` beside the handler
 * (infra/lib/constructs/Api.ts), read once at the first request.
 */
export function readConsoleAssets(directory: string): ConsoleAssets {
  const files: Record<string, string> = {};
  for (const name of readdirSync(directory)) files[name] = readFileSync(path.join(directory, name), 'utf8');
  return consoleAssetsOf(files);
}
