import { renderPlan } from '../render';
import { ok, pageOf, type RouteDef } from '../router';
import { API_PREFIX, type RouteDeps } from './deps';

export function planRoutes({ store, pageSize }: RouteDeps): RouteDef[] {
  return [
    { method: 'GET', pattern: `${API_PREFIX}/plans`, handler: (ctx) => pageOf(ctx, pageSize, store.plans(), (p) => renderPlan(p, store)) },
    { method: 'GET', pattern: `${API_PREFIX}/plans/{id}`, handler: (ctx) => ok({ data: renderPlan(store.plan(ctx.param('id')), store) }) },
  ];
}
