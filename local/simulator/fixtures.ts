import { BASE_LOCATIONS, BASE_OS_IMAGES, defaultBackupSchedule, makePlanRecord, makeServerRecord, makeUserRecord, mergeBackupSchedule } from './factories';
import type { FixtureSet, Ipv6Fixture, PlanFixture, UserFixture } from './fixtureSchemas';
import { ipv4ForId, ipv6RangeForServer } from './ids';
import type { BackupRecord, Ipv4Record, Ipv6Record, PlanRecord, ServerRecord, SimState, UserRecord } from './types';
import { FieldErrors } from './validation';

/**
 * Fixtures to records: the state `POST /_sim/reset` installs (`buildState`) and the field mapping
 * the control-route patches (`patches.ts`) share. The schemas are in fixtureSchemas.ts.
 */

// --- field mapping ---------------------------------------------------------------------------

export const toIso = (iso: string): string => new Date(iso).toISOString();

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
export const refId = (ref: number | { id: number } | undefined): number | undefined => (typeof ref === 'object' ? ref.id : ref);

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

export function ipv6From(serverId: number, fixture: Ipv6Fixture | null | undefined): Ipv6Record | null {
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
