import * as z from 'zod';
import { ACTIVITY_EVENTS, TASK_ACTIONS } from '../constants';
import { NotFoundError } from '../errors';
import { BASE_APPLICATIONS, defaultBackupSchedule, makeServerRecord, mergeBackupSchedule } from '../factories';
import { renderServer, renderTask } from '../render';
import { created, filterParam, ok, pageOf, type RequestContext, type RouteDef, type SimResponse } from '../router';
import type { SimStore } from '../store/SimStore';
import type { PlanRecord, ServerRecord } from '../types';
import { backupSettingsSchema, FieldErrors, hostnameSchema, idSchema, parseWith } from '../validation';
import { API_PREFIX, type RouteDeps } from './deps';

const createServerSchema = z.object({
  name: hostnameSchema,
  plan: idSchema,
  location: idSchema,
  os: idSchema.optional(),
  application: idSchema.optional(),
  user: idSchema,
  additional_ip_count: z.int().min(0).max(64).optional(),
  backup_settings: backupSettingsSchema.optional(),
  fqdns: z.array(z.string()).optional(),
  description: z.string().optional(),
  boot_mode: z.enum(['disk', 'rescue']).optional(),
});

const updateServerSchema = z.object({
  name: hostnameSchema.optional(),
  description: z.string().optional(),
  fqdns: z.array(z.string()).optional(),
  boot_mode: z.enum(['disk', 'rescue']).optional(),
  backup_settings: backupSettingsSchema.optional(),
});

const resizeSchema = z.object({
  plan_id: idSchema,
  preserve_disk: z.boolean().optional(),
  backup_settings: backupSettingsSchema.optional(),
});

const reinstallSchema = z.object({ os: idSchema.optional(), application: idSchema.optional() });
const addIpsSchema = z.object({ count: z.int().min(1).max(16).optional() });
const deleteIpsSchema = z.object({ ids: z.array(idSchema).min(1) });

type BackupSettingsInput = z.infer<typeof backupSettingsSchema>;

function checkPlanFeatures(errors: FieldErrors, plan: PlanRecord | undefined, backups: BackupSettingsInput | undefined, ipCount: number, ipField: string): void {
  if (!plan) return;
  if (backups?.enabled && !plan.isBackupAvailable) errors.add('backup_settings.enabled', 'Backups are not available for the plan.');
  if (ipCount > 0 && !plan.isAdditionalIpsAvailable) errors.add(ipField, 'Additional IPs are not available for the plan.');
}

function applyBackupSettings(server: ServerRecord, input: BackupSettingsInput | undefined): void {
  if (input?.enabled !== undefined) server.backupsEnabled = input.enabled;
  server.backupSchedule = mergeBackupSchedule(input?.schedule, server.backupSchedule);
}

/** Runs fn on the server if it still exists (a task's change may land after a delete). */
const withServer = (store: SimStore, id: number, fn: (s: ServerRecord) => void) => () => {
  const server = store.findServer(id);
  if (server) fn(server);
};

export function serverRoutes({ store, faults, pageSize }: RouteDeps): RouteDef[] {
  const render = (s: ServerRecord) => renderServer(s, store);
  const outcomeOf = (ctx: RequestContext) => faults.takeTaskOutcome(ctx.method, ctx.path);

  /** A server action answered with its task (200 `{ data: task }`). */
  const action = (name: string, actionName: string, prepare: (ctx: RequestContext, server: ServerRecord) => (s: ServerRecord) => void): RouteDef => ({
    method: 'POST',
    pattern: `${API_PREFIX}/servers/{id}/${name}`,
    handler: (ctx) => {
      const server = store.server(ctx.param('id'));
      const change = prepare(ctx, server);
      const task = store.startTask({ serverId: server.id, action: actionName, outcome: outcomeOf(ctx), apply: withServer(store, server.id, change) });
      return ok({ data: renderTask(task) });
    },
  });
  const simple = (name: string, actionName: string, change: (s: ServerRecord) => void): RouteDef => action(name, actionName, () => change);

  const list = (ctx: RequestContext): SimResponse => {
    const userId = filterParam(ctx, 'user_id');
    const status = filterParam(ctx, 'status');
    const computeResourceId = filterParam(ctx, 'compute_resource_id');
    const items = store
      .servers()
      .filter(
        (s) =>
          (userId === undefined || String(s.userId) === userId) &&
          (status === undefined || s.status === status) &&
          (computeResourceId === undefined || String(s.computeResourceId) === computeResourceId),
      );
    return pageOf(ctx, pageSize, items, render);
  };

  const create = (ctx: RequestContext): SimResponse => {
    const body = parseWith(createServerSchema, ctx.json());
    const errors = new FieldErrors();
    const plan = store.findPlan(body.plan);
    errors.check(plan !== undefined, 'plan');
    errors.check(store.findLocation(body.location) !== undefined, 'location');
    errors.check(store.findUser(body.user) !== undefined, 'user');
    if (body.os === undefined && body.application === undefined) errors.add('os', 'The os field is required when application is not present.');
    if (body.os !== undefined) errors.check(store.hasOsVersion(body.os), 'os');
    if (body.application !== undefined) errors.check(BASE_APPLICATIONS.some((application) => application.id === body.application), 'application');
    checkPlanFeatures(errors, plan, body.backup_settings, body.additional_ip_count ?? 0, 'additional_ip_count');
    errors.throwIfAny();

    const outcome = outcomeOf(ctx);
    const server = makeServerRecord({
      id: store.nextServerId(),
      name: body.name,
      planId: body.plan,
      userId: body.user,
      locationId: body.location,
      osVersionId: body.os,
      createdAt: store.nowIso(),
      ipv4: [store.allocateIpv4(true)],
      status: 'processing',
      backupsEnabled: body.backup_settings?.enabled ?? false,
      backupSchedule: mergeBackupSchedule(body.backup_settings?.schedule, defaultBackupSchedule()),
      fqdns: body.fqdns,
      description: body.description,
      bootMode: body.boot_mode,
    });
    store.addAdditionalIps(server, body.additional_ip_count ?? 0, false);
    store.putServer(server);
    store.startTask({
      serverId: server.id,
      action: TASK_ACTIONS.create,
      outcome,
      apply: withServer(store, server.id, (s) => {
        s.status = 'started';
        store.log(ACTIVITY_EVENTS.created, s);
      }),
      fail: () => {
        server.status = 'not exists';
        store.removeServer(server.id);
      },
    });
    return created({ data: render(server) });
  };

  const update = (ctx: RequestContext): SimResponse => {
    const server = store.server(ctx.param('id'));
    const body = parseWith(updateServerSchema, ctx.json());
    const errors = new FieldErrors();
    checkPlanFeatures(errors, store.findPlan(server.planId), body.backup_settings, 0, 'ips');
    errors.throwIfAny();
    if (body.name !== undefined) server.name = body.name;
    if (body.description !== undefined) server.description = body.description;
    if (body.fqdns !== undefined) server.fqdns = body.fqdns;
    if (body.boot_mode !== undefined) server.bootMode = body.boot_mode;
    applyBackupSettings(server, body.backup_settings);
    return ok({ data: render(server) });
  };

  const remove = (ctx: RequestContext): SimResponse => {
    const server = store.server(ctx.param('id'));
    store.log(ACTIVITY_EVENTS.deleteRequested, server);
    const task = store.startTask({
      serverId: server.id,
      action: TASK_ACTIONS.delete,
      outcome: outcomeOf(ctx),
      apply: () => store.removeServer(server.id),
    });
    return ok({ data: renderTask(task) });
  };

  const ipTask = (ctx: RequestContext, server: ServerRecord, change: (s: ServerRecord) => void): SimResponse => {
    const task = store.startTask({ serverId: server.id, action: TASK_ACTIONS.updateNetwork, outcome: outcomeOf(ctx), apply: withServer(store, server.id, change) });
    return ok({ data: renderTask(task) });
  };

  const addIps = (ctx: RequestContext): SimResponse => {
    const server = store.server(ctx.param('id'));
    const body = parseWith(addIpsSchema, ctx.json());
    const n = body.count ?? 1;
    const errors = new FieldErrors();
    checkPlanFeatures(errors, store.findPlan(server.planId), undefined, n, 'count');
    errors.throwIfAny();
    return ipTask(ctx, server, (s) => store.addAdditionalIps(s, n, true));
  };

  const additionalIpIds = (server: ServerRecord, ids: readonly number[]): number[] => {
    const errors = new FieldErrors();
    ids.forEach((ipId, i) => {
      const ip = server.ipv4.find((candidate) => candidate.id === ipId);
      if (!ip) throw new NotFoundError('IP address not found.');
      if (ip.isPrimary) errors.add(ids.length === 1 ? 'ip' : `ids.${i}`, 'The primary IP address cannot be deleted.');
    });
    errors.throwIfAny();
    return [...ids];
  };

  const deleteIp = (ctx: RequestContext): SimResponse => {
    const server = store.server(ctx.param('id'));
    const [ipId] = additionalIpIds(server, [ctx.param('ipId')]);
    return ipTask(ctx, server, (s) => {
      if (ipId !== undefined) store.removeAdditionalIp(s, ipId, true);
    });
  };

  const deleteIps = (ctx: RequestContext): SimResponse => {
    const server = store.server(ctx.param('id'));
    const ids = additionalIpIds(server, parseWith(deleteIpsSchema, ctx.json()).ids);
    return ipTask(ctx, server, (s) => ids.forEach((ipId) => store.removeAdditionalIp(s, ipId, true)));
  };

  return [
    { method: 'GET', pattern: `${API_PREFIX}/servers`, handler: list },
    { method: 'POST', pattern: `${API_PREFIX}/servers`, handler: create },
    { method: 'GET', pattern: `${API_PREFIX}/servers/{id}`, handler: (ctx) => ok({ data: render(store.server(ctx.param('id'))) }) },
    { method: 'PATCH', pattern: `${API_PREFIX}/servers/{id}`, handler: update },
    { method: 'DELETE', pattern: `${API_PREFIX}/servers/{id}`, handler: remove },
    simple('start', TASK_ACTIONS.start, (s) => {
      s.status = 'started';
    }),
    simple('stop', TASK_ACTIONS.stop, (s) => {
      s.status = 'stopped';
    }),
    simple('restart', TASK_ACTIONS.restart, (s) => {
      s.status = 'started';
    }),
    simple('suspend', TASK_ACTIONS.suspend, (s) => {
      s.isSuspended = true;
      s.status = 'stopped';
    }),
    simple('resume', TASK_ACTIONS.resume, (s) => {
      s.isSuspended = false;
      s.status = 'started';
    }),
    simple('reset_password', TASK_ACTIONS.passwordChange, () => undefined),
    action('reinstall', TASK_ACTIONS.reinstall, (ctx) => {
      const body = parseWith(reinstallSchema, ctx.json());
      const errors = new FieldErrors();
      if (body.os !== undefined) errors.check(store.hasOsVersion(body.os), 'os');
      if (body.application !== undefined) errors.check(BASE_APPLICATIONS.some((application) => application.id === body.application), 'application');
      errors.throwIfAny();
      return (s) => {
        if (body.os !== undefined) s.osVersionId = body.os;
        s.status = 'started';
      };
    }),
    action('resize', TASK_ACTIONS.resize, (ctx) => {
      const body = parseWith(resizeSchema, ctx.json());
      const errors = new FieldErrors();
      const plan = store.findPlan(body.plan_id);
      errors.check(plan !== undefined, 'plan_id');
      checkPlanFeatures(errors, plan, body.backup_settings, 0, 'plan_id');
      errors.throwIfAny();
      return (s) => {
        s.planId = body.plan_id;
        applyBackupSettings(s, body.backup_settings);
      };
    }),
    { method: 'POST', pattern: `${API_PREFIX}/servers/{id}/ips`, handler: addIps },
    { method: 'DELETE', pattern: `${API_PREFIX}/servers/{id}/ips`, handler: deleteIps },
    { method: 'DELETE', pattern: `${API_PREFIX}/servers/{id}/ips/{ipId}`, handler: deleteIp },
  ];
}
