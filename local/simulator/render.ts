import { SIM_DEFAULTS, SIM_NETWORK } from './constants';
import type { SimStore } from './store/SimStore';
import type {
  ActivityLogJson,
  ActivityLogRecord,
  ApplicationJson,
  BackupJson,
  BackupRecord,
  LocationJson,
  LocationRecord,
  OsImageJson,
  OsImageRecord,
  PlanJson,
  PlanPriceJson,
  PlanRecord,
  ServerJson,
  ServerRecord,
  TaskJson,
  TaskRecord,
  UnitLimitJson,
  UserJson,
  UserRecord,
} from './types';

/** Records to SolusIO JSON. A server embeds its full plan, user and location. */

const money = (tokens: number): string => (tokens * SIM_DEFAULTS.usdPerToken).toFixed(2);
const limit = (unit: string, value = 0): UnitLimitJson => ({ is_enabled: false, limit: value, unit });

function planPrice(p: PlanRecord): PlanPriceJson {
  const backupTokens = (p.tokensPerMonth * p.backupPrice) / 100;
  return {
    additional_ips_per_hour: money(p.ipTokensPerHour),
    additional_ips_per_month: money(p.ipTokensPerMonth),
    per_hour: money(p.tokensPerHour),
    per_month: money(p.tokensPerMonth),
    currency_code: 'USD',
    taxes_inclusive: false,
    taxes: [],
    total_price_without_backups: money(p.tokensPerMonth),
    total_price: money(p.tokensPerMonth + backupTokens),
    backup_price: money(backupTokens),
  };
}

export function renderPlan(p: PlanRecord, store: SimStore): PlanJson {
  return {
    id: p.id,
    name: p.name,
    virtualization_type: 'kvm',
    params: { disk: p.disk, ram: p.ram, vcpu: p.vcpu, vcpu_units: 1000, vcpu_limit: 100, io_priority: 4, swap: 0 },
    storage_type: 'fb',
    image_format: 'qcow2',
    is_default: p.isDefault,
    is_snapshot_available: false,
    is_snapshots_enabled: false,
    is_backup_available: p.isBackupAvailable,
    is_additional_ips_available: p.isAdditionalIpsAvailable,
    backup_settings: { is_incremental_backup_enabled: false, incremental_backups_limit: 3 },
    backup_price: p.backupPrice,
    is_visible: p.isVisible,
    limits: {
      disk_bandwidth: limit('Bps'),
      disk_iops: limit('iops'),
      network_incoming_bandwidth: limit('Kbps'),
      network_outgoing_bandwidth: limit('Kbps'),
      network_incoming_traffic: limit('KiB'),
      network_outgoing_traffic: limit('KiB'),
      network_total_traffic: limit('KiB'),
      network_reduce_bandwidth: limit('Kbps'),
      backups_number: limit('units', 7),
    },
    tokens_per_hour: p.tokensPerHour,
    tokens_per_month: p.tokensPerMonth,
    ip_tokens_per_hour: p.ipTokensPerHour,
    ip_tokens_per_month: p.ipTokensPerMonth,
    position: p.position,
    price: planPrice(p),
    reset_limit_policy: 'first_day_of_month',
    network_traffic_limit_type: 'separate',
    available_locations: store.locations().map((l) => ({ id: l.id, name: l.name })),
    available_os_image_versions: store
      .osImages()
      .flatMap((o) => o.versions.map((v) => ({ id: v.id, name: `${o.name} ${v.version}` }))),
    available_applications: [],
    netfilter: { value: 'full', is_editable: false },
    ppp: { value: false, is_editable: false },
    tun_tap: { value: false, is_editable: false },
  };
}

export function renderUser(u: UserRecord): UserJson {
  return {
    id: u.id,
    email: u.email,
    created_at: u.createdAt,
    status: u.status,
    roles: [{ id: 2, name: 'Client' }],
    billing_user_id: u.billingUserId,
  };
}

export function renderLocation(l: LocationRecord, store: SimStore): LocationJson {
  return {
    id: l.id,
    name: l.name,
    icon: null,
    description: '',
    is_default: l.id === 1,
    is_visible: true,
    compute_resources: [{ id: SIM_DEFAULTS.computeResourceId, name: 'Simulated compute resource' }],
    available_plans: store.plans().map((p) => ({ id: p.id, name: p.name })),
  };
}

export function renderOsImage(o: OsImageRecord): OsImageJson {
  return {
    id: o.id,
    name: o.name,
    icon: null,
    versions: o.versions.map((v, i) => ({
      id: v.id,
      os_image_id: o.id,
      version: v.version,
      virtualization_type: 'kvm',
      position: i + 1,
      url: `https://images.example.test/${o.name.toLowerCase()}-${v.version}.qcow2`,
      cloud_init_version: 'v2',
      is_visible: true,
      is_ssh_keys_supported: true,
      available_plans: [],
    })),
    is_default: o.id === 1,
    is_visible: true,
    position: o.id,
  };
}

/** The Go SDK's `Application` (applications.go). */
export function renderApplication(a: { readonly id: number; readonly name: string }): ApplicationJson {
  return {
    id: a.id,
    name: a.name,
    icon: null,
    url: `https://images.example.test/${a.name.toLowerCase()}.qcow2`,
    cloud_init_version: 'v2',
    user_data_template: '',
    login_link: { type: 'none', content: '' },
    json_schema: '',
    is_default: false,
    is_visible: true,
    is_buildin: true,
    available_plans: [],
  };
}

export function renderServer(s: ServerRecord, store: SimStore): ServerJson {
  const plan = store.plan(s.planId);
  return {
    id: s.id,
    name: s.name,
    description: s.description,
    virtualization_type: 'kvm',
    uuid: s.uuid,
    specifications: { disk: plan.disk, ram: plan.ram, vcpu: plan.vcpu },
    status: s.status,
    ip_addresses: {
      ipv4: s.ipv4.map((ip) => ({
        id: ip.id,
        ip: ip.ip,
        is_primary: ip.isPrimary,
        gateway: SIM_NETWORK.ipv4Gateway,
        netmask: SIM_NETWORK.ipv4Netmask,
        ip_block: { ...SIM_NETWORK.ipv4Block },
      })),
      ipv6: s.ipv6
        ? {
            id: s.ipv6.id,
            range: s.ipv6.range,
            primary_ip: s.ipv6.primaryIp,
            gateway: 'fe80::1',
            ip_block: { ...SIM_NETWORK.ipv6Block },
          }
        : null,
    },
    location: renderLocation(store.location(s.locationId), store),
    plan: renderPlan(plan, store),
    fqdns: [...s.fqdns],
    boot_mode: s.bootMode,
    is_suspended: s.isSuspended,
    is_processing: s.processingFlag || s.pendingTaskIds.size > 0,
    user: renderUser(store.user(s.userId)),
    backup_settings: {
      enabled: s.backupsEnabled,
      schedule: { type: s.backupSchedule.type, time: { ...s.backupSchedule.time }, days: [...s.backupSchedule.days] },
      limit: { is_enabled: false, limit: 7, unit: 'units' },
    },
    next_scheduled_backup_at: null,
    ssh_keys: [],
    created_at: s.createdAt,
  };
}

export function renderBackup(b: BackupRecord, store: SimStore): BackupJson {
  const server = store.server(b.serverId);
  return {
    id: b.id,
    type: b.type,
    creation_method: b.creationMethod,
    status: b.status,
    size: b.size,
    compute_resource_vm: renderServer(server, store),
    backup_node: { id: 1, name: 'Simulated backup node', type: 'ssh_rsync' },
    creator: renderUser(store.user(server.userId)),
    created_at: b.createdAt,
    backup_progress: b.progress,
    backup_fail_reason: b.failReason,
    disk: store.plan(server.planId).disk,
  };
}

/** The Go SDK's `Task` shape (docs/conformance.md, "tasks"). */
export function renderTask(t: TaskRecord): TaskJson {
  const finished = t.finishedAt !== null;
  return {
    id: t.id,
    compute_resource_id: t.computeResourceId,
    queue: 'default',
    action: t.action,
    status: t.status,
    output: '',
    progress: t.status === 'done' ? 100 : 0,
    duration: finished ? Math.max(0, Math.round((Date.parse(t.finishedAt ?? t.createdAt) - Date.parse(t.createdAt)) / 1000)) : 0,
  };
}

export function renderActivityLog(e: ActivityLogRecord): ActivityLogJson {
  return {
    id: e.id,
    event: e.event,
    user_email: e.userEmail,
    created_at: e.createdAt,
    data: { compute_resource_vm: { id: e.server.id, uuid: e.server.uuid, name: e.server.name } },
  };
}
