import type { z } from 'zod';
import type { Deadline } from './deadline';
import { SolusSchemaError, type SolusRequestInfo } from './errors';
import type { SolusioHttp } from './http';
import { pageSchema, parseResponse, type SolusPage } from './schemas';

/** Resolves a relative `links.next`; the host never matters, only the page number. */
const ANY_ORIGIN = 'http://links.invalid/';

/**
 * `links.next` must name page `expected`. SolusIO builds its links from the hostname it believes it has
 * (Laravel's paginator uses the request's or the configured app URL), which need not be the URL
 * the bridge reaches it by (a proxy, a private address): only the `page` parameter is read.
 */
function checkNextLink(next: string, expected: number, request: SolusRequestInfo): void {
  let page: string | null = null;
  try {
    page = new URL(next, ANY_ORIGIN).searchParams.get('page');
  } catch {
    page = null;
  }
  if (page === null || !/^\d+$/.test(page) || Number(page) !== expected) {
    throw new SolusSchemaError(request, [{ path: 'links.next', message: `expected a link to page ${expected}, got ${JSON.stringify(next.slice(0, 200))}` }]);
  }
}

/** Page `page` of the list at `first`: its query (filters) kept, `page` set from 2 on. */
function pageUrl(first: URL, page: number): URL {
  const url = new URL(first);
  if (page > 1) url.searchParams.set('page', String(page));
  return url;
}

/**
 * Walks a SolusIO list (`data`, `links`, `meta`) page by page, as the Go SDK's generated `Next()`
 * does (`activityLogs_gen.go` and the other `*_gen.go`: until `meta.current_page ==
 * meta.last_page`), but every request goes to the configured base URL with `?page=N`: `links.next`
 * only says that there is a next page and that it is page N (a link to any other page is refused,
 * as is a page that is not the one asked for, so a server repeating a page cannot loop). The token
 * therefore never leaves the configured origin. A page that still fails after its retries throws
 * after the earlier pages were yielded.
 */
export async function* pages<T>(http: SolusioHttp, first: URL, schema: z.ZodType<T>, deadline: Deadline): AsyncGenerator<SolusPage<T>> {
  const envelope = pageSchema(schema);
  for (let page = 1; ; page++) {
    const url = pageUrl(first, page);
    const request: SolusRequestInfo = { method: 'GET', path: url.pathname, page };
    if (page > http.maxPages) throw new SolusSchemaError(request, [{ path: 'links.next', message: `still not the last page after ${http.maxPages} pages` }]);
    const body = await http.getJson(url, request, deadline);
    const parsed = parseResponse(envelope, body, request);
    const { current_page: current, last_page: last } = parsed.meta;
    if (current !== page) throw new SolusSchemaError(request, [{ path: 'meta.current_page', message: `expected page ${page}, got ${current}` }]);
    const next = current < last ? parsed.links.next : null;
    if (next !== null) checkNextLink(next, page + 1, request);
    yield { page, lastPage: last, items: parsed.data };
    if (next === null) return;
  }
}

/** Every item of every page, in order. */
export async function allItems<T>(walk: AsyncGenerator<SolusPage<T>>): Promise<T[]> {
  const items: T[] = [];
  for await (const page of walk) items.push(...page.items);
  return items;
}
