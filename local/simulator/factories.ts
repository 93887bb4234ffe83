import { SIM_DEFAULTS } from './constants';
import { deterministicUuid, ipv4ForId, ipv6RangeForServer } from './ids';
import type {
  BackupScheduleJson,
  BootMode,
  Ipv4Record,
  LocationRecord,
  OsImageRecord,
  PlanRecord,
  ServerRecord,
  ServerStatus,
  UserRecord,
} from './types';

/** The location and OS image every state has (id 1 each; OS image version 1). */
export const BASE_LOCATIONS: readonly LocationRecord[] = [{ id: 1, name: 'Simulated Location' }];
export const BASE_OS_IMAGES: readonly OsImageRecord[] = [{ id: 1, name: 'Ubuntu', versions: [{ id: 1, version: '22.04' }] }];
/** Applications in every state (ids from 3, so that id 1 names none; three, so a page of 2 is not all). */
export const BASE_APPLICATIONS: readonly { readonly id: number; readonly name: string }[] = [
  { id: 3, name: 'WordPress' },
  { id: 4, name: 'LAMP' },
  { id: 5, name: 'Docker' },
];

export function defaultBackupSchedule(): BackupScheduleJson {
  return { type: 'daily', time: { hour: 3, minutes: 0 }, days: [] };
}

/** A schedule from a request's partial one over a base (SolusIO's `backup_settings.schedule`). */
export function mergeBackupSchedule(
  input: { type: BackupScheduleJson['type']; time?: BackupScheduleJson['time']; days?: number[] } | undefined,
  base: BackupScheduleJson,
): BackupScheduleJson {
  return input ? { type: input.type, time: input.time ?? base.time, days: input.days ?? base.days } : base;
}

export function makePlanRecord(id: number, partial: Partial<Omit<PlanRecord, 'id'>> = {}): PlanRecord {
  return {
    id,
    name: `Plan ${id}`,
    tokensPerHour: 7,
    tokensPerMonth: 5000,
    ipTokensPerHour: 1,
    ipTokensPerMonth: 500,
    backupPrice: 10,
    isBackupAvailable: true,
    isAdditionalIpsAvailable: true,
    isDefault: false,
    isVisible: true,
    position: id,
    disk: 20,
    ram: 1_073_741_824,
    vcpu: 1,
    ...partial,
  };
}

export function makeUserRecord(id: number, createdAt: string, partial: Partial<Omit<UserRecord, 'id'>> = {}): UserRecord {
  return { id, email: `user${id}@example.test`, status: 'active', billingUserId: null, createdAt, ...partial };
}

export function makeIpv4(ipId: number, isPrimary: boolean): Ipv4Record {
  return { id: ipId, ip: ipv4ForId(ipId), isPrimary };
}

export interface ServerRecordInput {
  id: number;
  name: string;
  planId: number;
  userId: number;
  createdAt: string;
  ipv4: Ipv4Record[];
  locationId?: number;
  osVersionId?: number;
  computeResourceId?: number;
  uuid?: string;
  description?: string;
  status?: ServerStatus;
  isSuspended?: boolean;
  processingFlag?: boolean;
  backupsEnabled?: boolean;
  backupSchedule?: BackupScheduleJson;
  fqdns?: string[];
  bootMode?: BootMode;
}

export function makeServerRecord(input: ServerRecordInput): ServerRecord {
  const isSuspended = input.isSuspended ?? false;
  const v6 = ipv6RangeForServer(input.id);
  return {
    id: input.id,
    uuid: input.uuid ?? deterministicUuid('server', input.id),
    name: input.name,
    description: input.description ?? '',
    planId: input.planId,
    userId: input.userId,
    locationId: input.locationId ?? 1,
    osVersionId: input.osVersionId ?? 1,
    computeResourceId: input.computeResourceId ?? SIM_DEFAULTS.computeResourceId,
    status: input.status ?? (isSuspended ? 'stopped' : 'started'),
    isSuspended,
    processingFlag: input.processingFlag ?? false,
    pendingTaskIds: new Set<number>(),
    backupsEnabled: input.backupsEnabled ?? false,
    backupSchedule: input.backupSchedule ?? defaultBackupSchedule(),
    ipv4: input.ipv4,
    ipv6: { id: input.id, range: v6.range, primaryIp: v6.primaryIp },
    fqdns: input.fqdns ?? [input.name],
    bootMode: input.bootMode ?? 'disk',
    createdAt: input.createdAt,
  };
}
