import { NotFoundError } from './errors';
import { makePlanRecord, makeUserRecord, mergeBackupSchedule } from './factories';
import { ipv6From, planFields, refId, toIso, userFields } from './fixtures';
import { planFixtureSchema, serverFixtureSchema, userFixtureSchema } from './fixtureSchemas';
import { ipv4ForId } from './ids';
import type { SimStore } from './store/SimStore';
import type { PlanRecord, ServerRecord, UserRecord } from './types';
import { FieldErrors, parseWith } from './validation';

/** The `PATCH /_sim/*` control routes: what SolusIO changes without a public route the bridge relies on. */

export const serverPatchSchema = serverFixtureSchema.omit({ id: true });
export const planPatchSchema = planFixtureSchema.omit({ id: true });
export const userPatchSchema = userFixtureSchema.omit({ id: true });

/** Applies a partial server (`PATCH /_sim/servers/{id}`): silent, no task, no activity log. */
export function patchServer(store: SimStore, id: number, body: unknown): ServerRecord {
  const server = store.findServer(id);
  if (!server) throw new NotFoundError('Server not found.');
  const patch = parseWith(serverPatchSchema, body);
  const errors = new FieldErrors();

  if (typeof patch.plan === 'object' && !store.findPlan(patch.plan.id)) store.putPlan(makePlanRecord(patch.plan.id, planFields(patch.plan)));
  if (typeof patch.user === 'object' && !store.findUser(patch.user.id)) {
    store.putUser(makeUserRecord(patch.user.id, store.nowIso(), userFields(patch.user)));
  }
  const planId = refId(patch.plan);
  const userId = refId(patch.user);
  const locationId = refId(patch.location);
  if (planId !== undefined) errors.check(store.findPlan(planId) !== undefined, 'plan');
  if (userId !== undefined) errors.check(store.findUser(userId) !== undefined, 'user');
  if (locationId !== undefined) errors.check(store.findLocation(locationId) !== undefined, 'location');
  if (patch.os !== undefined) errors.check(store.hasOsVersion(patch.os), 'os');
  const explicitIpIds = new Set<number>();
  (patch.ip_addresses?.ipv4 ?? []).forEach((ip, j) => {
    if (ip.id === undefined) return;
    if (explicitIpIds.has(ip.id) || store.ipv4IdHeldByOther(ip.id, server.id)) errors.add(`ip_addresses.ipv4.${j}.id`, 'The id has already been taken.');
    explicitIpIds.add(ip.id);
  });
  errors.throwIfAny();

  if (planId !== undefined) server.planId = planId;
  if (userId !== undefined) server.userId = userId;
  if (locationId !== undefined) server.locationId = locationId;
  if (patch.os !== undefined) server.osVersionId = patch.os;
  if (patch.name !== undefined) server.name = patch.name;
  if (patch.uuid !== undefined) server.uuid = patch.uuid;
  if (patch.description !== undefined) server.description = patch.description;
  if (patch.fqdns !== undefined) server.fqdns = patch.fqdns;
  if (patch.boot_mode !== undefined) server.bootMode = patch.boot_mode;
  if (patch.compute_resource_id !== undefined) server.computeResourceId = patch.compute_resource_id;
  if (patch.is_suspended !== undefined) server.isSuspended = patch.is_suspended;
  if (patch.status !== undefined) server.status = patch.status;
  if (patch.is_processing !== undefined) server.processingFlag = patch.is_processing;
  if (patch.created_at !== undefined) server.createdAt = toIso(patch.created_at);
  if (patch.backup_settings?.enabled !== undefined) server.backupsEnabled = patch.backup_settings.enabled;
  server.backupSchedule = mergeBackupSchedule(patch.backup_settings?.schedule, server.backupSchedule);
  if (patch.ip_addresses?.ipv4) {
    // Explicit ids first move the counter past them; only the addresses without one allocate.
    explicitIpIds.forEach((ipId) => store.claimIpv4Id(ipId));
    server.ipv4 = patch.ip_addresses.ipv4.map((ip, j) => {
      const isPrimary = ip.is_primary ?? j === 0;
      const base = ip.id === undefined ? store.allocateIpv4(isPrimary) : { id: ip.id, ip: ipv4ForId(ip.id), isPrimary };
      return { ...base, ip: ip.ip ?? base.ip };
    });
  }
  if (patch.ip_addresses?.ipv6 !== undefined) server.ipv6 = ipv6From(server.id, patch.ip_addresses.ipv6);
  if (patch.additional_ip_count !== undefined) {
    const additional = server.ipv4.filter((ip) => !ip.isPrimary);
    const diff = patch.additional_ip_count - additional.length;
    if (diff > 0) store.addAdditionalIps(server, diff, false);
    for (const ip of additional.slice(additional.length + Math.min(0, diff)).reverse()) store.removeAdditionalIp(server, ip.id, false);
  }
  return server;
}

/** Applies a partial plan (`PATCH /_sim/plans/{id}`), e.g. a price change. */
export function patchPlan(store: SimStore, id: number, body: unknown): PlanRecord {
  const plan = store.findPlan(id);
  if (!plan) throw new NotFoundError('Plan not found.');
  const updated = { ...plan, ...planFields(parseWith(planPatchSchema, body)) };
  store.putPlan(updated);
  return updated;
}

/** Applies a partial user (`PATCH /_sim/users/{id}`), e.g. a billing_user_id change. */
export function patchUser(store: SimStore, id: number, body: unknown): UserRecord {
  const user = store.findUser(id);
  if (!user) throw new NotFoundError('User not found.');
  const patch = parseWith(userPatchSchema, body);
  if (patch.email !== undefined) store.assertEmailFree(patch.email, id);
  const updated = { ...user, ...userFields(patch) };
  store.putUser(updated);
  return updated;
}
