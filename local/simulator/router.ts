import { NotFoundError, ValidationError } from './errors';
import { paginate, parsePage } from './paging';
import type { PageJson } from './types';

export interface RequestContext {
  method: string;
  /** The URL path without query or trailing slash. */
  path: string;
  query: URLSearchParams;
  /** `http://<host>` as the client addressed the simulator. */
  baseUrl: string;
  /** A numeric path parameter (`{id}` in the route pattern). */
  param(name: string): number;
  /** The JSON body (`{}` when empty); bad JSON is a 422. */
  json(): unknown;
}

export interface SimResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type RouteHandler = (ctx: RequestContext) => SimResponse | Promise<SimResponse>;

export interface RouteDef {
  method: string;
  /** e.g. `/api/v1/servers/{id}/ips/{ipId}`; each `{name}` matches a positive integer. */
  pattern: string;
  handler: RouteHandler;
}

export interface RouteMatch {
  route: RouteDef;
  params: Map<string, number>;
}

const ID_SEGMENT = /^[1-9]\d{0,14}$/;

export function normalisePath(pathname: string): string {
  return pathname.length > 1 && pathname.endsWith('/') ? pathname.replace(/\/+$/, '') || '/' : pathname;
}

export class Router {
  private readonly compiled: { route: RouteDef; segments: string[] }[];

  constructor(routes: readonly RouteDef[]) {
    this.compiled = routes.map((route) => ({ route, segments: route.pattern.split('/') }));
  }

  match(method: string, path: string): RouteMatch | undefined {
    const parts = path.split('/');
    for (const { route, segments } of this.compiled) {
      if (route.method !== method || segments.length !== parts.length) continue;
      const params = new Map<string, number>();
      const ok = segments.every((segment, i) => {
        const part = parts[i] ?? '';
        if (!segment.startsWith('{')) return segment === part;
        if (!ID_SEGMENT.test(part)) return false;
        params.set(segment.slice(1, -1), Number(part));
        return true;
      });
      if (ok) return { route, params };
    }
    return undefined;
  }
}

export function makeContext(input: {
  method: string;
  path: string;
  query: URLSearchParams;
  baseUrl: string;
  params: Map<string, number>;
  bodyText: string;
}): RequestContext {
  let parsed: { value: unknown } | undefined;
  return {
    method: input.method,
    path: input.path,
    query: input.query,
    baseUrl: input.baseUrl,
    param(name) {
      const value = input.params.get(name);
      if (value === undefined) throw new NotFoundError();
      return value;
    },
    json() {
      if (!parsed) {
        const text = input.bodyText.trim();
        try {
          parsed = { value: text ? (JSON.parse(text) as unknown) : {} };
        } catch (err) {
          throw new ValidationError({ body: ['The body must be valid JSON.'] }, { cause: err });
        }
      }
      return parsed.value;
    },
  };
}

export const ok = (body: unknown): SimResponse => ({ status: 200, body });
export const created = (body: unknown): SimResponse => ({ status: 201, body });
export const noContent = (): SimResponse => ({ status: 204 });

/** A paged list of already ordered items, as SolusIO pages it. */
export function pageOf<T, R>(ctx: RequestContext, pageSize: number, items: readonly T[], render: (item: T) => R): SimResponse {
  const page: PageJson<R> = paginate(items, { page: parsePage(ctx.query), pageSize, path: ctx.baseUrl + ctx.path, query: ctx.query }, render);
  return ok(page);
}

/** `filter[<key>]` from the query, or undefined. */
export function filterParam(ctx: RequestContext, key: string): string | undefined {
  return ctx.query.get(`filter[${key}]`) ?? undefined;
}
