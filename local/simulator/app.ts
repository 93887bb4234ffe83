import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { SIM_DEFAULTS } from './constants';
import { NotFoundError, SimHttpError, UnauthorizedError } from './errors';
import type { FaultEffect } from './faults';
import { parsePage } from './paging';
import { makeContext, normalisePath, Router, type SimResponse } from './router';
import { activityLogRoutes } from './routes/activityLogs';
import { backupRoutes } from './routes/backups';
import { catalogRoutes } from './routes/catalog';
import { controlRoutes } from './routes/control';
import { API_PREFIX, type RouteDeps } from './routes/deps';
import { planRoutes } from './routes/plans';
import { serverRoutes } from './routes/servers';
import { taskRoutes } from './routes/tasks';
import { userRoutes } from './routes/users';
import { FaultDelays } from '../faultDelays';

export interface SimApp {
  listener: RequestListener;
  /** Stops pending fault delays; the caller closes the sockets. */
  dispose(): void;
}

const FAULT_MESSAGES: Record<number, string> = {
  429: 'Too Many Attempts.',
  500: 'Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

class PayloadTooLargeError extends SimHttpError {
  constructor() {
    super(413, 'Payload Too Large');
    this.name = 'PayloadTooLargeError';
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= SIM_DEFAULTS.maxBodyBytes) chunks.push(chunk);
    });
    req.on('end', () => (size > SIM_DEFAULTS.maxBodyBytes ? reject(new PayloadTooLargeError()) : resolve(Buffer.concat(chunks).toString('utf8'))));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, response: SimResponse): void {
  if (res.headersSent || res.destroyed) return;
  const headers: Record<string, string> = { ...response.headers };
  if (response.status === 204 || response.body === undefined) {
    res.writeHead(response.status, headers).end();
    return;
  }
  const text = JSON.stringify(response.body);
  headers['content-type'] = 'application/json';
  headers['content-length'] = String(Buffer.byteLength(text));
  res.writeHead(response.status, headers).end(text);
}

/** `Authorization: Bearer <token>`: any non-empty token, or exactly the configured one. */
function authorised(header: string | undefined, token: string | undefined): boolean {
  const match = /^Bearer\s+(\S.*)$/i.exec(header ?? '');
  const given = match?.[1]?.trim();
  if (!given) return false;
  return token === undefined || given === token;
}

export function createSimApp(deps: RouteDeps, token: string | undefined): SimApp {
  const api = new Router([
    ...serverRoutes(deps),
    ...backupRoutes(deps),
    ...planRoutes(deps),
    ...userRoutes(deps),
    ...taskRoutes(deps),
    ...activityLogRoutes(deps),
    ...catalogRoutes(deps),
  ]);
  const control = new Router(controlRoutes(deps));
  const delays = new FaultDelays();
  let disposed = false;


  /** Applies a fault; true when the fault answered (or dropped) the request. */
  async function applyFault(effect: FaultEffect, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    deps.stats.countFault();
    if (effect.delayMs) await delays.sleep(effect.delayMs);
    if (disposed) return true;
    if (effect.dropConnection) {
      req.socket.destroy();
      return true;
    }
    if (effect.status === undefined) return false;
    const headers: Record<string, string> = effect.retryAfter === undefined ? {} : { 'retry-after': String(effect.retryAfter) };
    send(res, { status: effect.status, body: { message: FAULT_MESSAGES[effect.status] ?? 'Simulated fault.' }, headers });
    return true;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', 'http://simulator.invalid');
    const path = normalisePath(url.pathname);
    // Links name the public URL a reset set (listing.ts), else the address the request came to.
    const baseUrl = deps.listing.publicUrl ?? `http://${req.headers.host ?? SIM_DEFAULTS.host}`;
    const bodyText = await readBody(req);
    const isApi = path === API_PREFIX || path.startsWith(`${API_PREFIX}/`);
    const match = isApi ? api.match(method, path) : control.match(method, path);

    if (isApi) {
      deps.stats.count(match ? `${method} ${match.route.pattern}` : `${method} (unmatched)`);
      const effect = deps.faults.takeEffect(method, path, parsePage(url.searchParams));
      if (effect && (await applyFault(effect, req, res))) return;
    }
    if (!match) throw new NotFoundError(`The route ${path} could not be found.`);
    if (isApi && !authorised(req.headers.authorization, token)) throw new UnauthorizedError();
    const ctx = makeContext({ method, path, query: url.searchParams, baseUrl, params: match.params, bodyText });
    send(res, await match.route.handler(ctx));
  }

  const listener: RequestListener = (req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (err instanceof SimHttpError) {
        send(res, { status: err.statusCode, body: err.toJSON() });
        return;
      }
      console.error('[solusio-simulator] unexpected error', err);
      send(res, { status: 500, body: { message: `Simulator error: ${err instanceof Error ? err.message : String(err)}` } });
    });
  };

  return {
    listener,
    dispose() {
      disposed = true;
      delays.cancelAll();
    },
  };
}
