import { randomBytes } from 'node:crypto';
import { realSleep } from '../async';
import { BadRequestError, NotFoundError } from '../errors';
import { InstallationChoiceError, resolveInstallation } from '../installations';
import type { Logger } from '../logging';
import type { SolusBackupSchedule, SolusServer, SolusTask } from '../solusio';
import type { ApiChangeRecorder, MeteredServerRegistry, PrepaidServerRegistry, ProvisioningSolusio, ServerOwnershipRepository, ServiceRepository } from './ports';
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
  /** The configured SolusIO installations (ids) a create may name; with one, a create may leave it out. */
  readonly installations: readonly string[];
  /** Sent as `backup_settings.schedule` whenever the bridge turns a server's backups on. */
  readonly backupSchedule: SolusBackupSchedule;
}

export interface ProvisioningDeps {
  /** The one SolusIO of a single-installation setup (tests); used for every installation when `solusioOf` is absent. */
  readonly solusio?: () => Promise<ProvisioningSolusio>;
  /** Each installation's SolusIO: a service's every call goes to the installation that holds its server. */
  readonly solusioOf?: (installation: string) => () => Promise<ProvisioningSolusio>;
  readonly services: ServiceRepository;
  readonly ownership: ServerOwnershipRepository;
  /** Where API changes are recorded; `changesOf` (when given) names each installation's. */
  readonly changes: ApiChangeRecorder;
  readonly changesOf?: (installation: string) => ApiChangeRecorder;
  readonly prepaid: PrepaidServerRegistry;
  readonly metered: MeteredServerRegistry;
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

  /** The SolusIO of an installation (a service's record names it). */
  solusioOf(installation: string): Promise<ProvisioningSolusio> {
    if (this.deps.solusioOf !== undefined) return this.deps.solusioOf(installation)();
    if (this.deps.solusio !== undefined) return this.deps.solusio();
    return Promise.reject(new Error('Provisioning has no SolusIO client'));
  }

  /** Where the exact times of an installation's API changes are recorded. */
  changesOf(installation: string): ApiChangeRecorder {
    return this.deps.changesOf?.(installation) ?? this.deps.changes;
  }

  /**
   * The installation a create means (`resolveInstallation`); an ambiguous or unknown one is a 400
   * with its code (`installation_required`, `unknown_installation`).
   */
  installationFor(named: string | undefined): string {
    try {
      return resolveInstallation(this.deps.settings.installations, named);
    } catch (error) {
      if (error instanceof InstallationChoiceError) throw new BadRequestError(error.message, error.code);
      throw error;
    }
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
    installation: record.installation,
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
