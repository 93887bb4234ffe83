import type { z } from 'zod';
import type { Deadline } from './deadline';
import { SolusSchemaError, type SolusRequestInfo } from './errors';
import type { SolusioHttp } from './http';
import { pageSchema, parseResponse, type SolusPage } from './schemas';

function nextUrl(next: string, origin: string, request: SolusRequestInfo): URL {
  let url: URL | undefined;
  try {
    url = new URL(next);
  } catch {
    url = undefined;
  }
  if (url === undefined || url.origin !== origin) {
    throw new SolusSchemaError(request, [{ path: 'links.next', message: `not a URL on ${origin}` }]);
  }
  return url;
}

/**
 * Follows `links.next` from `first` until `meta.current_page >= meta.last_page` or `next` is
 * null. Each page must be the one after the previous (a server that repeats a page would
 * otherwise loop until the page cap), and `next` must stay on the base URL's origin (the token
 * goes with every request). A page that still fails after its retries throws after the earlier
 * pages were yielded.
 */
export async function* pages<T>(http: SolusioHttp, first: URL, schema: z.ZodType<T>, deadline: Deadline): AsyncGenerator<SolusPage<T>> {
  const envelope = pageSchema(schema);
  const origin = http.url('').origin;
  let url: URL | undefined = first;
  for (let page = 1; url !== undefined; page++) {
    const request: SolusRequestInfo = { method: 'GET', path: url.pathname, page };
    if (page > http.maxPages) throw new SolusSchemaError(request, [{ path: 'links.next', message: `still not the last page after ${http.maxPages} pages` }]);
    const body = await http.getJson(url, request, deadline);
    const parsed = parseResponse(envelope, body, request);
    const { current_page: current, last_page: last } = parsed.meta;
    if (current !== page) throw new SolusSchemaError(request, [{ path: 'meta.current_page', message: `expected page ${page}, got ${current}` }]);
    const next = current >= last || parsed.links.next === null ? undefined : nextUrl(parsed.links.next, origin, request);
    yield { page, lastPage: last, items: parsed.data };
    url = next;
  }
}

/** Every item of every page, in order. */
export async function allItems<T>(walk: AsyncGenerator<SolusPage<T>>): Promise<T[]> {
  const items: T[] = [];
  for await (const page of walk) items.push(...page.items);
  return items;
}
