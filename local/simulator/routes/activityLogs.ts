import { renderActivityLog } from '../render';
import { filterParam, pageOf, type RouteDef } from '../router';
import { API_PREFIX, type RouteDeps } from './deps';

/**
 * The activity log: the one list not in ascending id order. `filter[user_id]` is the server
 * owner, `filter[event]` the event. Ids still grow with time.
 */
export function activityLogRoutes({ store, pageSize }: RouteDeps): RouteDef[] {
  return [
    {
      method: 'GET',
      pattern: `${API_PREFIX}/activity_logs`,
      handler: (ctx) => {
        const userId = filterParam(ctx, 'user_id');
        const event = filterParam(ctx, 'event');
        const items = store
          .activityLogs()
          .filter((e) => (userId === undefined || String(e.userId) === userId) && (event === undefined || e.event === event))
          // The order is decided here: newest first, as SolusIO's activity log lists it. Keep it:
          // the contract smoke (../shared/contract-smoke.mjs) relies on the latest entries being
          // on page 1. A reader such as the bridge must not depend on the order: it walks every
          // page and de-duplicates entries by id (docs/local-stack.md), since new entries shift
          // older ones onto later pages while it reads.
          .reverse();
        return pageOf(ctx, pageSize, items, renderActivityLog);
      },
    },
  ];
}
