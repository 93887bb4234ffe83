import { randomBytes } from 'node:crypto';
import { realSleep } from '../async';
import { NotFoundError } from '../errors';
import type { Logger } from '../logging';
import type { SolusBackupSchedule, SolusServer, SolusTask } from '../solusio';
import type { ApiChangeRecorder, PrepaidServerRegistry, ProvisioningSolusio, ServerOwnershipRepository, ServiceRepository } from './ports';
import type { ServiceView } from './schemas';
import type { ServiceRecord } from './types';
import { ServerNotOwnedError } from './errors';
import { newUserPassword } from './userPassword';

export interface ProvisioningSettings {
  /** How long one API request may spend on SolusIO and on waiting for a concurrent create. */
  readonly requestDeadlineMs: number;
  /** An attempt older than this (wall clock) with no outcome was left by a crash. */
  readonly staleClaimMs: number;
  /** How often a request that lost the claim looks for the winner's server. */
  readonly pollMs: number;
  /** A create whose outcome is unknown: how long (request time) retries wait for its server before the service fails. */
  readonly createQuarantineMs: number;
  /** The SolusIO installation services are created in. */
  readonly installation: string;
  /** Sent as `backup_settings.schedule` whenever the bridge turns a server's backups on. */
  readonly backupSchedule: SolusBackupSchedule;
}

export interface ProvisioningDeps {
  readonly solusio: () => Promise<ProvisioningSolusio>;
  readonly services: ServiceRepository;
  readonly ownership: ServerOwnershipRepository;
  readonly changes: ApiChangeRecorder;
  readonly prepaid: PrepaidServerRegistry;
  readonly logger: Logger;
  readonly settings: ProvisioningSettings;
  /** The process's wall clock for claims (never billing time). */
  readonly wallClockMs?: () => number;
  /** A fresh create attempt's id (random; tests pass their own). */
  readonly newAttemptId?: () => string;
  /** The password of a SolusIO user the bridge creates (random; tests pass their own). */
  readonly newUserPassword?: () => string;
  readonly sleep?: (ms: number) => Promise<void>;
}

/** What every provisioning use case shares: its ports with their defaults filled in. */
export class ProvisioningContext {
  readonly wallClockMs: () => number;
  readonly newAttemptId: () => string;
  readonly newUserPassword: () => string;
  readonly sleep: (ms: number) => Promise<void>;

  constructor(readonly deps: ProvisioningDeps) {
    this.wallClockMs = deps.wallClockMs ?? Date.now;
    this.newAttemptId = deps.newAttemptId ?? (() => randomBytes(8).toString('hex'));
    this.newUserPassword = deps.newUserPassword ?? (() => newUserPassword());
    this.sleep = deps.sleep ?? realSleep;
  }

  async require(serviceRef: string): Promise<ServiceRecord> {
    const record = await this.deps.services.get(serviceRef);
    if (!record) throw new NotFoundError(`No service ${serviceRef}`);
    return record;
  }

  /**
   * Proves the service owns its server before anything touches it: the ownership item names it
   * (written when the server was made, or now for a record from before ownership items, unless
   * another service holds it).
   */
  async assertOwnsServer(record: ServiceRecord): Promise<number> {
    const serverId = record.serverId;
    if (serverId === undefined) throw new Error(`Service ${record.serviceRef} has no server`);
    const claim = await this.deps.ownership.claimServer(record.installation, serverId, record.serviceRef);
    if (!claim.owned) throw new ServerNotOwnedError(record.serviceRef, serverId, claim.owner);
    return serverId;
  }
}

export function viewOf(record: ServiceRecord, task?: SolusTask): ServiceView {
  return {
    serviceRef: record.serviceRef,
    state: record.state,
    billingMode: record.billingMode,
    serverId: record.serverId ?? null,
    userId: record.userId ?? null,
    customer: record.customer,
    planId: record.planId,
    hostname: record.hostname,
    ipAddresses: record.state === 'terminated' ? [] : [...(record.ipAddresses ?? [])],
    failureReason: record.failureReason ?? null,
    task: task ? { id: task.id, status: task.status, action: task.action } : record.taskId === undefined ? null : { id: record.taskId, status: 'unknown', action: 'unknown' },
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}

/** A server's IPv4 addresses as the service view shows them: the primary first, the others in SolusIO's order. */
export function ipAddressesOf(server: SolusServer): string[] {
  return [...server.ipv4.filter((ip) => ip.isPrimary), ...server.ipv4.filter((ip) => !ip.isPrimary)].map((ip) => ip.ip);
}

const sameAddresses = (a: readonly string[] | undefined, b: readonly string[]): boolean => a !== undefined && a.length === b.length && a.every((ip, index) => ip === b[index]);

/** Whether the record's addresses differ from these (absent counts as different, so they get written). */
export function addressesChanged(record: ServiceRecord, addresses: readonly string[]): boolean {
  return !sameAddresses(record.ipAddresses, addresses);
}

/** The record without the fields named (optional fields a transition clears). */
export function withoutFields<K extends keyof ServiceRecord>(record: ServiceRecord, ...fields: readonly K[]): ServiceRecord {
  const dropped = new Set<string>(fields);
  return Object.fromEntries(Object.entries(record).filter(([field]) => !dropped.has(field))) as unknown as ServiceRecord;
}
