import type { ActivityEvent, BackupCreationMethod, BackupScheduleJson, BackupStatus, BackupType, BootMode, ServerStatus, TaskStatus, UserStatus } from './types';

/**
 * The JSON shapes the simulator serves under /api/v1: SolusIO's field names and JSON types as the
 * public Go SDK (solusio/solus-go-sdk) declares them, and the WHMCS module (solusio/solusiovps)
 * where the SDK is silent (`ip_addresses`). docs/conformance.md names the source of each field the
 * bridge reads.
 */

export interface ShortRefJson {
  id: number;
  name: string;
}

export interface UnitLimitJson {
  is_enabled: boolean;
  limit: number;
  unit: string;
}

export interface PlanPriceJson {
  additional_ips_per_hour: string;
  additional_ips_per_month: string;
  per_hour: string;
  per_month: string;
  currency_code: string;
  taxes_inclusive: boolean;
  taxes: unknown[];
  total_price_without_backups: string;
  total_price: string;
  backup_price: string;
}

export interface PlanJson {
  id: number;
  name: string;
  virtualization_type: string;
  params: { disk: number; ram: number; vcpu: number; vcpu_units: number; vcpu_limit: number; io_priority: number; swap: number };
  storage_type: string;
  image_format: string;
  is_default: boolean;
  is_snapshot_available: boolean;
  is_snapshots_enabled: boolean;
  is_backup_available: boolean;
  is_additional_ips_available: boolean;
  backup_settings: { is_incremental_backup_enabled: boolean; incremental_backups_limit: number };
  backup_price: number;
  is_visible: boolean;
  limits: Record<string, UnitLimitJson>;
  tokens_per_hour: number;
  tokens_per_month: number;
  ip_tokens_per_hour: number;
  ip_tokens_per_month: number;
  position: number;
  price: PlanPriceJson;
  reset_limit_policy: string;
  network_traffic_limit_type: string;
  available_locations: ShortRefJson[];
  available_os_image_versions: ShortRefJson[];
  available_applications: ShortRefJson[];
  netfilter: { value: string; is_editable: boolean };
  ppp: { value: boolean; is_editable: boolean };
  tun_tap: { value: boolean; is_editable: boolean };
}

export interface UserJson {
  id: number;
  email: string;
  created_at: string;
  status: UserStatus;
  roles: ShortRefJson[];
  billing_user_id: number | null;
}

export interface LocationJson {
  id: number;
  name: string;
  icon: null;
  description: string;
  is_default: boolean;
  is_visible: boolean;
  compute_resources: ShortRefJson[];
  available_plans: ShortRefJson[];
}

export interface OsImageVersionJson {
  id: number;
  os_image_id: number;
  version: string;
  virtualization_type: string;
  position: number;
  url: string;
  cloud_init_version: string;
  is_visible: boolean;
  is_ssh_keys_supported: boolean;
  available_plans: ShortRefJson[];
}

export interface OsImageJson {
  id: number;
  name: string;
  icon: null;
  versions: OsImageVersionJson[];
  is_default: boolean;
  is_visible: boolean;
  position: number;
}

/** The Go SDK's `Application` (applications.go). */
export interface ApplicationJson {
  id: number;
  name: string;
  icon: null;
  url: string;
  cloud_init_version: string;
  user_data_template: string;
  login_link: { type: 'none' | 'url' | 'js_code' | 'info'; content: string };
  json_schema: string;
  is_default: boolean;
  is_visible: boolean;
  is_buildin: boolean;
  available_plans: ShortRefJson[];
}

export interface Ipv4Json {
  id: number;
  ip: string;
  is_primary: boolean;
  gateway: string;
  netmask: string;
  ip_block: ShortRefJson;
}

export interface Ipv6Json {
  id: number;
  range: string;
  primary_ip: string;
  gateway: string;
  ip_block: ShortRefJson;
}

export interface ServerBackupSettingsJson {
  enabled: boolean;
  schedule: BackupScheduleJson;
  limit: UnitLimitJson;
}

export interface ServerJson {
  id: number;
  name: string;
  description: string;
  virtualization_type: string;
  uuid: string;
  specifications: { disk: number; ram: number; vcpu: number };
  status: ServerStatus;
  ip_addresses: { ipv4: Ipv4Json[]; ipv6: Ipv6Json | null };
  location: LocationJson;
  plan: PlanJson;
  fqdns: string[];
  boot_mode: BootMode;
  is_suspended: boolean;
  is_processing: boolean;
  user: UserJson;
  backup_settings: ServerBackupSettingsJson;
  next_scheduled_backup_at: string | null;
  ssh_keys: ShortRefJson[];
  created_at: string;
}

export interface BackupJson {
  id: number;
  type: BackupType;
  creation_method: BackupCreationMethod;
  status: BackupStatus;
  size: number;
  compute_resource_vm: ServerJson;
  backup_node: { id: number; name: string; type: string };
  creator: UserJson;
  created_at: string;
  backup_progress: number;
  backup_fail_reason: string;
  disk: number;
}

/**
 * A task exactly as the Go SDK's `Task` (tasks.go) declares it: no server id and no times (a
 * server's tasks are found with `filter[compute_resource_vm_id]`).
 */
export interface TaskJson {
  id: number;
  compute_resource_id: number;
  queue: string;
  action: string;
  status: TaskStatus;
  output: string;
  progress: number;
  /** Seconds from start to finish; 0 while the task has not finished. */
  duration: number;
}

export interface ActivityLogJson {
  id: number;
  event: ActivityEvent;
  user_email: string;
  created_at: string;
  data: { compute_resource_vm: { id: number; uuid: string; name: string } };
}

export interface PageLinksJson {
  first: string;
  last: string;
  prev: string | null;
  next: string | null;
}

export interface PageMetaJson {
  current_page: number;
  from: number | null;
  last_page: number;
  path: string;
  per_page: number;
  to: number | null;
  total: number;
}

export interface PageJson<T> {
  data: T[];
  links: PageLinksJson;
  meta: PageMetaJson;
}

export interface ErrorJson {
  message: string;
  errors?: Record<string, string[]>;
}
