import { renderActivityLog } from '../render';
import { filterParam, pageOf, type RouteDef } from '../router';
import { API_PREFIX, type RouteDeps } from './deps';

/**
 * The activity log, newest first (the one list not in ascending id order: a log reader sees
 * the latest entries on page 1, as the contract smoke test expects). Ids still grow with time.
 * `filter[user_id]` is the server owner, `filter[event]` the event.
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
          .reverse();
        return pageOf(ctx, pageSize, items, renderActivityLog);
      },
    },
  ];
}
