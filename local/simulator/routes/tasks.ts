import { renderTask } from '../render';
import { filterParam, ok, pageOf, type RequestContext, type RouteDef, type SimResponse } from '../router';
import { API_PREFIX, type RouteDeps } from './deps';

export function taskRoutes({ store, pageSize }: RouteDeps): RouteDef[] {
  const list = (ctx: RequestContext): SimResponse => {
    const action = filterParam(ctx, 'action');
    const status = filterParam(ctx, 'status');
    const serverId = filterParam(ctx, 'compute_resource_vm_id');
    const computeResourceId = filterParam(ctx, 'compute_resource_id');
    const items = store
      .tasks()
      .filter(
        (t) =>
          (action === undefined || t.action === action) &&
          (status === undefined || t.status === status) &&
          (serverId === undefined || String(t.serverId) === serverId) &&
          (computeResourceId === undefined || String(t.computeResourceId) === computeResourceId),
      );
    return pageOf(ctx, pageSize, items, renderTask);
  };
  return [
    { method: 'GET', pattern: `${API_PREFIX}/tasks`, handler: list },
    { method: 'GET', pattern: `${API_PREFIX}/tasks/{id}`, handler: (ctx) => ok({ data: renderTask(store.task(ctx.param('id'))) }) },
  ];
}
