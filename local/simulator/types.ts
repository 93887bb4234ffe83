/**
 * Types of the SolusIO simulator: its options and handle, and the records it keeps; the JSON
 * shapes it serves are in jsonTypes.ts (re-exported below).
 */

export type SeedName = 'demo' | 'empty';

export interface SimulatorOptions {
  /** Items per page of every list (SolusIO chooses the page size, clients do not). Default 100. */
  pageSize?: number;
  /** When set, only `Authorization: Bearer <token>` is accepted; otherwise any non-empty token. */
  token?: string;
  /** Initial data. Default `demo`. */
  seed?: SeedName;
}

/** The simulated clock: real time until set, then held at the instant set. */
export interface SimClock {
  now(): Date;
  set(instant: Date): void;
}

export interface RunningSimulator {
  /** `http://127.0.0.1:PORT` */
  url: string;
  port: number;
  clock: SimClock;
  /** Stops listening and destroys every open socket. */
  close(): Promise<void>;
}

export type ServerStatus = 'not exists' | 'processing' | 'started' | 'stopped' | 'paused' | 'unavailable';
export type UserStatus = 'active' | 'locked' | 'suspended';
export type TaskStatus = 'pending' | 'queued' | 'running' | 'done' | 'done_with_errors' | 'failed' | 'canceled';
export type BackupStatus = 'pending' | 'in_progress' | 'created' | 'failed';
export type BackupType = 'full' | 'incremental';
export type BackupCreationMethod = 'auto' | 'manual';
export type BackupScheduleType = 'daily' | 'weekly' | 'monthly';
export type BootMode = 'disk' | 'rescue';
export type ActivityEvent =
  | 'compute_resource_vm_created'
  | 'compute_resource_vm_delete_requested'
  | 'additional_ip_created'
  | 'additional_ip_deleted';

// ---------------------------------------------------------------------------------------------
// Records: what the store keeps. Rendering turns them into the JSON shapes below.
// ---------------------------------------------------------------------------------------------

export interface PlanRecord {
  id: number;
  name: string;
  tokensPerHour: number;
  tokensPerMonth: number;
  ipTokensPerHour: number;
  ipTokensPerMonth: number;
  backupPrice: number;
  isBackupAvailable: boolean;
  isAdditionalIpsAvailable: boolean;
  isDefault: boolean;
  isVisible: boolean;
  position: number;
  disk: number;
  ram: number;
  vcpu: number;
}

export interface UserRecord {
  id: number;
  email: string;
  status: UserStatus;
  billingUserId: number | null;
  createdAt: string;
}

export interface BackupScheduleJson {
  type: BackupScheduleType;
  time: { hour: number; minutes: number };
  days: number[];
}

export interface Ipv4Record {
  id: number;
  ip: string;
  isPrimary: boolean;
}

export interface Ipv6Record {
  id: number;
  range: string;
  primaryIp: string;
}

export interface ServerRecord {
  id: number;
  uuid: string;
  name: string;
  description: string;
  planId: number;
  userId: number;
  locationId: number;
  osVersionId: number;
  computeResourceId: number;
  status: ServerStatus;
  isSuspended: boolean;
  /** Set by a fixture or `PATCH /_sim/servers`; a pending task also makes a server processing. */
  processingFlag: boolean;
  pendingTaskIds: Set<number>;
  backupsEnabled: boolean;
  backupSchedule: BackupScheduleJson;
  ipv4: Ipv4Record[];
  ipv6: Ipv6Record | null;
  fqdns: string[];
  bootMode: BootMode;
  createdAt: string;
}

export interface BackupRecord {
  id: number;
  serverId: number;
  type: BackupType;
  creationMethod: BackupCreationMethod;
  status: BackupStatus;
  size: number;
  progress: number;
  failReason: string;
  createdAt: string;
}

export interface TaskRecord {
  id: number;
  serverId: number | null;
  computeResourceId: number;
  action: string;
  status: TaskStatus;
  createdAt: string;
  finishedAt: string | null;
}

export interface ActivityLogRecord {
  id: number;
  event: ActivityEvent;
  userId: number;
  userEmail: string;
  createdAt: string;
  server: { id: number; uuid: string; name: string };
}

export interface LocationRecord {
  id: number;
  name: string;
}

export interface OsImageRecord {
  id: number;
  name: string;
  versions: { id: number; version: string }[];
}

/** A whole state, as a reset installs it. */
export interface SimState {
  locations: LocationRecord[];
  osImages: OsImageRecord[];
  plans: PlanRecord[];
  users: UserRecord[];
  servers: ServerRecord[];
  backups: BackupRecord[];
}

// The JSON shapes served under /api/v1 live in jsonTypes.ts; importers take every type from here.
export type * from './jsonTypes';
