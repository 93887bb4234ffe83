import { TASK_ACTIONS } from '../constants';
import { renderBackup, renderTask } from '../render';
import { created, noContent, ok, pageOf, type RequestContext, type RouteDef, type SimResponse } from '../router';
import { FieldErrors } from '../validation';
import { API_PREFIX, type RouteDeps } from './deps';

export function backupRoutes({ store, faults, pageSize }: RouteDeps): RouteDef[] {
  const create = (ctx: RequestContext): SimResponse => {
    const server = store.server(ctx.param('id'));
    const plan = store.plan(server.planId);
    const errors = new FieldErrors();
    if (!plan.isBackupAvailable) errors.add('backup', 'Backups are not available for the plan.');
    errors.throwIfAny();
    const size = Math.round(plan.disk * 12.5) / 100;
    const backup = store.addBackup({
      serverId: server.id,
      type: 'full',
      creationMethod: 'manual',
      status: 'pending',
      size: 0,
      progress: 0,
      failReason: '',
      createdAt: store.nowIso(),
    });
    store.startTask({
      serverId: server.id,
      action: TASK_ACTIONS.backupCreate,
      outcome: faults.takeTaskOutcome(ctx.method, ctx.path),
      apply: () => {
        backup.status = 'created';
        backup.size = size;
        backup.progress = 100;
      },
      fail: () => {
        backup.status = 'failed';
        backup.failReason = 'Simulated backup failure.';
      },
    });
    return created({ data: renderBackup(backup, store) });
  };

  return [
    {
      method: 'GET',
      pattern: `${API_PREFIX}/servers/{id}/backups`,
      handler: (ctx) => {
        const server = store.server(ctx.param('id'));
        return pageOf(ctx, pageSize, store.backupsOf(server.id), (b) => renderBackup(b, store));
      },
    },
    { method: 'POST', pattern: `${API_PREFIX}/servers/{id}/backups`, handler: create },
    { method: 'GET', pattern: `${API_PREFIX}/backups/{id}`, handler: (ctx) => ok({ data: renderBackup(store.backup(ctx.param('id')), store) }) },
    {
      method: 'DELETE',
      pattern: `${API_PREFIX}/backups/{id}`,
      handler: (ctx) => {
        store.removeBackup(store.backup(ctx.param('id')).id);
        return noContent();
      },
    },
    {
      method: 'POST',
      pattern: `${API_PREFIX}/backups/{id}/restore`,
      handler: (ctx) => {
        const backup = store.backup(ctx.param('id'));
        const task = store.startTask({ serverId: backup.serverId, action: TASK_ACTIONS.backupRestore, outcome: faults.takeTaskOutcome(ctx.method, ctx.path) });
        return ok({ data: renderTask(task) });
      },
    },
  ];
}
