import type { Deadline } from './deadline';
import type { SolusioHttp } from './http';
import { pages } from './paging';
import { activityLogSchema, type SolusActivityLog, type SolusPage } from './schemas';

/**
 * `GET activity_logs`, newest first as SolusIO lists it, page by page. New entries push older
 * ones onto later pages while this walks: the caller de-duplicates by id.
 */
export function activityLogPages(http: SolusioHttp, deadline: Deadline): AsyncGenerator<SolusPage<SolusActivityLog>> {
  return pages(http, http.url('activity_logs'), activityLogSchema, deadline);
}
