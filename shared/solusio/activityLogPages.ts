import { compareExactInstants, parseExactInstant } from '../billing';
import type { Deadline } from './deadline';
import { SolusActivityLogOrderError, type SolusRequestInfo } from './errors';
import type { SolusioHttp } from './http';
import { pages } from './paging';
import { activityLogSchema, type SolusActivityLog, type SolusPage } from './schemas';

/**
 * `GET activity_logs` page by page, each page checked before it is yielded: every entry, across
 * pages too, must be as old as or older than the one listed before it (`created_at`, exactly). A
 * newer one is a `SolusActivityLogOrderError` (errors.ts): the caller reads down to the previous
 * run and stops at the first older entry, which only works newest first. SolusIO documents no sort
 * and no date filter for this list (the Go SDK's `activityLogs.go` has `filter[user_id]` and
 * `filter[event]` only), so the order is verified on every read instead of asked for. New entries
 * push older ones onto later pages while this walks (a repeat is as old as its first listing, so
 * it passes): the caller de-duplicates by id.
 */
export async function* activityLogPages(http: SolusioHttp, deadline: Deadline): AsyncGenerator<SolusPage<SolusActivityLog>> {
  const first = http.url('activity_logs');
  let previous: SolusActivityLog | undefined;
  for await (const page of pages(http, first, activityLogSchema, deadline)) {
    const request: SolusRequestInfo = { method: 'GET', path: first.pathname, page: page.page };
    for (const entry of page.items) {
      if (previous !== undefined && compareExactInstants(parseExactInstant(entry.createdAt), parseExactInstant(previous.createdAt)) > 0) {
        throw new SolusActivityLogOrderError(request, { id: previous.id, createdAt: previous.createdAt }, { id: entry.id, createdAt: entry.createdAt });
      }
      previous = entry;
    }
    yield page;
  }
}
