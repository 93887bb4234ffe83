import { renderActivityLog } from '../render';
import { filterParam, pageOf, type RouteDef } from '../router';
import { API_PREFIX, type RouteDeps } from './deps';

/**
 * The activity log: the one list not in ascending id order. `filter[user_id]` is the server
 * owner, `filter[event]` the event. Ids still grow with time.
 */
export function activityLogRoutes({ store, pageSize, listing }: RouteDeps): RouteDef[] {
  return [
    {
      method: 'GET',
      pattern: `${API_PREFIX}/activity_logs`,
      handler: (ctx) => {
        const userId = filterParam(ctx, 'user_id');
        const event = filterParam(ctx, 'event');
        const matching = store
          .activityLogs()
          .filter((e) => (userId === undefined || String(e.userId) === userId) && (event === undefined || e.event === event));
        // Newest first, as the simulator assumes SolusIO lists its activity log (no public document
        // says so: docs/conformance.md, "Activity log"). Keep it: the contract smoke
        // (../shared/contract-smoke.mjs) relies on the latest entries being on page 1. The bridge
        // checks the order on every page it reads and fails the run when it is not newest first;
        // `activityLogOrder: "oldest_first"` in a reset (listing.ts) lets a test prove that.
        const items = listing.activityLogOrder === 'newest_first' ? [...matching].reverse() : matching;
        return pageOf(ctx, pageSize, items, renderActivityLog);
      },
    },
  ];
}
