import * as z from 'zod';
import { NotFoundError } from './errors';
import {
  BASE_LOCATIONS,
  BASE_OS_IMAGES,
  defaultBackupSchedule,
  makePlanRecord,
  makeServerRecord,
  makeUserRecord,
  mergeBackupSchedule,
} from './factories';
import { ipv4ForId, ipv6RangeForServer } from './ids';
import type { SimStore } from './store/SimStore';
import type {
  BackupRecord,
  Ipv4Record,
  Ipv6Record,
  PlanRecord,
  ServerRecord,
  SimState,
  UserRecord,
} from './types';
import { backupSettingsSchema, FieldErrors, idSchema, isoInstantSchema, parseWith } from './validation';

/**
 * Fixtures: partial SolusIO objects (SolusIO's field names) that `POST /_sim/reset` and the
 * `PATCH /_sim/*` control routes accept. Omitted fields get defaults; in servers, `plan` and
 * `user` may be ids or objects. Unknown fields are ignored.
 */

const count = z.int().nonnegative();

export const planFixtureSchema = z.object({
  id: z.int().positive().optional(),
  name: z.string().min(1).optional(),
  tokens_per_hour: count.optional(),
  tokens_per_month: count.optional(),
  ip_tokens_per_hour: count.optional(),
  ip_tokens_per_month: count.optional(),
  backup_price: z.number().nonnegative().optional(),
  is_backup_available: z.boolean().optional(),
  is_additional_ips_available: z.boolean().optional(),
  is_default: z.boolean().optional(),
  is_visible: z.boolean().optional(),
  position: z.number().optional(),
  params: z.object({ disk: count.optional(), ram: count.optional(), vcpu: count.optional() }).optional(),
});

export const userFixtureSchema = z.object({
  id: z.int().positive().optional(),
  email: z.string().min(1).optional(),
  status: z.enum(['active', 'locked', 'suspended']).optional(),
  billing_user_id: count.nullable().optional(),
  created_at: isoInstantSchema.optional(),
});

const ipv4FixtureSchema = z.object({
  id: z.int().positive().optional(),
  ip: z.string().min(1).optional(),
  is_primary: z.boolean().optional(),
});

const ipv6FixtureSchema = z.object({ range: z.string().min(1).optional(), primary_ip: z.string().min(1).optional() });

const planRefSchema = z.union([idSchema, planFixtureSchema.extend({ id: z.int().positive() })]);
const userRefSchema = z.union([idSchema, userFixtureSchema.extend({ id: z.int().positive() })]);

export const serverFixtureSchema = z.object({
  id: z.int().positive().optional(),
  uuid: z.string().min(1).optional(),
  name: z.string().min(1).optional(),
  description: z.string().optional(),
  plan: planRefSchema.optional(),
  user: userRefSchema.optional(),
  location: z.union([idSchema, z.object({ id: z.int().positive() })]).optional(),
  os: idSchema.optional(),
  compute_resource_id: z.int().positive().optional(),
  status: z.enum(['not exists', 'processing', 'started', 'stopped', 'paused', 'unavailable']).optional(),
  is_suspended: z.boolean().optional(),
  is_processing: z.boolean().optional(),
  backup_settings: backupSettingsSchema.optional(),
  additional_ip_count: count.max(256).optional(),
  ip_addresses: z
    .object({ ipv4: z.array(ipv4FixtureSchema).min(1).optional(), ipv6: ipv6FixtureSchema.nullable().optional() })
    .optional(),
  created_at: isoInstantSchema.optional(),
  fqdns: z.array(z.string()).optional(),
  boot_mode: z.enum(['disk', 'rescue']).optional(),
});

export const backupFixtureSchema = z.object({
  id: z.int().positive().optional(),
  server: idSchema,
  type: z.enum(['full', 'incremental']).optional(),
  creation_method: z.enum(['auto', 'manual']).optional(),
  status: z.enum(['pending', 'in_progress', 'created', 'failed']).optional(),
  size: z.number().nonnegative().optional(),
  backup_progress: z.number().min(0).max(100).optional(),
  backup_fail_reason: z.string().optional(),
  created_at: isoInstantSchema.optional(),
});

export const resetBodySchema = z
  .object({
    seed: z.enum(['demo', 'empty']).optional(),
    plans: z.array(planFixtureSchema).optional(),
    users: z.array(userFixtureSchema).optional(),
    servers: z.array(serverFixtureSchema).optional(),
    backups: z.array(backupFixtureSchema).optional(),
  })
  .refine((b) => b.seed === undefined || (!b.plans && !b.users && !b.servers && !b.backups), {
    message: 'give either a seed or fixtures, not both',
  });

export type PlanFixture = z.infer<typeof planFixtureSchema>;
export type UserFixture = z.infer<typeof userFixtureSchema>;
export type ServerFixture = z.infer<typeof serverFixtureSchema>;
export type BackupFixture = z.infer<typeof backupFixtureSchema>;
export type ResetBody = z.infer<typeof resetBodySchema>;

export interface FixtureSet {
  plans?: PlanFixture[];
  users?: UserFixture[];
  servers?: ServerFixture[];
  backups?: BackupFixture[];
}

// --- field mapping ---------------------------------------------------------------------------

const toIso = (iso: string): string => new Date(iso).toISOString();

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export function planFields(p: PlanFixture): Partial<Omit<PlanRecord, 'id'>> {
  return definedOnly({
    name: p.name,
    tokensPerHour: p.tokens_per_hour,
    tokensPerMonth: p.tokens_per_month,
    ipTokensPerHour: p.ip_tokens_per_hour,
    ipTokensPerMonth: p.ip_tokens_per_month,
    backupPrice: p.backup_price,
    isBackupAvailable: p.is_backup_available,
    isAdditionalIpsAvailable: p.is_additional_ips_available,
    isDefault: p.is_default,
    isVisible: p.is_visible,
    position: p.position,
    disk: p.params?.disk,
    ram: p.params?.ram,
    vcpu: p.params?.vcpu,
  });
}

export function userFields(u: UserFixture): Partial<Omit<UserRecord, 'id'>> {
  const createdAt = u.created_at === undefined ? undefined : toIso(u.created_at);
  return definedOnly({ email: u.email, status: u.status, billingUserId: u.billing_user_id, createdAt });
}

/** The id of a reference given as an id or as an object with an id. */
const refId = (ref: number | { id: number } | undefined): number | undefined => (typeof ref === 'object' ? ref.id : ref);

/** Sequential ids that skip the ones given explicitly (as auto-increment after explicit inserts). */
class IdAllocator {
  private nextId = 1;
  private readonly taken = new Set<number>();

  reserve(id: number): boolean {
    if (this.taken.has(id)) return false;
    this.taken.add(id);
    return true;
  }

  take(explicit: number | undefined): number {
    if (explicit !== undefined) {
      this.nextId = Math.max(this.nextId, explicit + 1);
      return explicit;
    }
    while (this.taken.has(this.nextId)) this.nextId++;
    this.taken.add(this.nextId);
    return this.nextId++;
  }
}

function ipv6From(serverId: number, fixture: z.infer<typeof ipv6FixtureSchema> | null | undefined): Ipv6Record | null {
  if (fixture === null) return null;
  const derived = ipv6RangeForServer(serverId);
  return { id: serverId, range: fixture?.range ?? derived.range, primaryIp: fixture?.primary_ip ?? derived.primaryIp };
}

// --- reset -----------------------------------------------------------------------------------

/** Builds a whole state from fixtures, at `nowIso` for every omitted time. Throws 422 on bad references. */
export function buildState(set: FixtureSet, nowIso: string): SimState {
  const errors = new FieldErrors();
  const plans = new Map<number, PlanRecord>();
  const users = new Map<number, UserRecord>();
  const planIds = new IdAllocator();
  const userIds = new IdAllocator();
  const serverIds = new IdAllocator();
  const ipIds = new IdAllocator();
  const backupIds = new IdAllocator();

  const reserveAll = (alloc: IdAllocator, ids: (number | undefined)[], field: string): void =>
    ids.forEach((id, i) => {
      if (id !== undefined && !alloc.reserve(id)) errors.add(`${field}.${i}.id`, 'The id has already been taken.');
    });
  reserveAll(planIds, (set.plans ?? []).map((p) => p.id), 'plans');
  reserveAll(userIds, (set.users ?? []).map((u) => u.id), 'users');
  reserveAll(serverIds, (set.servers ?? []).map((s) => s.id), 'servers');
  reserveAll(backupIds, (set.backups ?? []).map((b) => b.id), 'backups');
  (set.servers ?? []).forEach((s, i) =>
    (s.ip_addresses?.ipv4 ?? []).forEach((ip, j) => {
      if (ip.id !== undefined && !ipIds.reserve(ip.id)) errors.add(`servers.${i}.ip_addresses.ipv4.${j}.id`, 'The id has already been taken.');
    }),
  );
  errors.throwIfAny();

  for (const p of set.plans ?? []) {
    const id = planIds.take(p.id);
    plans.set(id, makePlanRecord(id, planFields(p)));
  }
  for (const u of set.users ?? []) {
    const id = userIds.take(u.id);
    users.set(id, makeUserRecord(id, nowIso, userFields(u)));
  }
  // Plans and users embedded as objects in servers join the lists when their id is new.
  for (const s of set.servers ?? []) {
    if (typeof s.plan === 'object' && !plans.has(s.plan.id)) {
      planIds.reserve(s.plan.id);
      plans.set(s.plan.id, makePlanRecord(s.plan.id, planFields(s.plan)));
    }
    if (typeof s.user === 'object' && !users.has(s.user.id)) {
      userIds.reserve(s.user.id);
      users.set(s.user.id, makeUserRecord(s.user.id, nowIso, userFields(s.user)));
    }
  }

  const firstId = (ids: Iterable<number>): number | undefined => {
    const sorted = [...ids].sort((a, b) => a - b);
    return sorted[0];
  };
  const servers: ServerRecord[] = [];
  (set.servers ?? []).forEach((s, i) => {
    const id = serverIds.take(s.id);
    const planId = refId(s.plan) ?? firstId(plans.keys());
    const userId = refId(s.user) ?? firstId(users.keys());
    const locationId = refId(s.location) ?? 1;
    if (planId === undefined) errors.add(`servers.${i}.plan`, 'The plan field is required (the fixtures have no plan).');
    else errors.check(plans.has(planId), `servers.${i}.plan`);
    if (userId === undefined) errors.add(`servers.${i}.user`, 'The user field is required (the fixtures have no user).');
    else errors.check(users.has(userId), `servers.${i}.user`);
    errors.check(BASE_LOCATIONS.some((l) => l.id === locationId), `servers.${i}.location`);
    errors.check(s.os === undefined || BASE_OS_IMAGES.some((o) => o.versions.some((v) => v.id === s.os)), `servers.${i}.os`);
    if (planId === undefined || userId === undefined) return;

    const ipv4: Ipv4Record[] = s.ip_addresses?.ipv4
      ? s.ip_addresses.ipv4.map((ip, j) => {
          const ipId = ipIds.take(ip.id);
          return { id: ipId, ip: ip.ip ?? ipv4ForId(ipId), isPrimary: ip.is_primary ?? j === 0 };
        })
      : Array.from({ length: 1 + (s.additional_ip_count ?? 0) }, (_, j) => {
          const ipId = ipIds.take(undefined);
          return { id: ipId, ip: ipv4ForId(ipId), isPrimary: j === 0 };
        });
    const server = makeServerRecord({
      id,
      name: s.name ?? `server${id}.example.test`,
      planId,
      userId,
      locationId,
      osVersionId: s.os,
      computeResourceId: s.compute_resource_id,
      uuid: s.uuid,
      description: s.description,
      status: s.status,
      isSuspended: s.is_suspended,
      processingFlag: s.is_processing,
      backupsEnabled: s.backup_settings?.enabled,
      backupSchedule: mergeBackupSchedule(s.backup_settings?.schedule, defaultBackupSchedule()),
      fqdns: s.fqdns,
      bootMode: s.boot_mode,
      createdAt: s.created_at ? toIso(s.created_at) : nowIso,
      ipv4,
    });
    server.ipv6 = ipv6From(id, s.ip_addresses?.ipv6);
    servers.push(server);
  });

  const serverIdSet = new Set(servers.map((s) => s.id));
  const backups: BackupRecord[] = [];
  (set.backups ?? []).forEach((b, i) => {
    errors.check(serverIdSet.has(b.server), `backups.${i}.server`);
    const status = b.status ?? 'created';
    backups.push({
      id: backupIds.take(b.id),
      serverId: b.server,
      type: b.type ?? 'full',
      creationMethod: b.creation_method ?? 'auto',
      status,
      size: b.size ?? (status === 'created' ? 1.5 : 0),
      progress: b.backup_progress ?? (status === 'created' ? 100 : 0),
      failReason: b.backup_fail_reason ?? '',
      createdAt: b.created_at ? toIso(b.created_at) : nowIso,
    });
  });
  errors.throwIfAny();

  return {
    locations: BASE_LOCATIONS.map((l) => ({ ...l })),
    osImages: BASE_OS_IMAGES.map((o) => ({ ...o, versions: o.versions.map((v) => ({ ...v })) })),
    plans: [...plans.values()],
    users: [...users.values()],
    servers,
    backups,
  };
}

// --- control-route patches -------------------------------------------------------------------

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
