import type { Deadline, SolusPlan, SolusServer, SolusTask, SolusUser, SolusPage, UserCreateBody } from '../solusio';
import type { ApiChange } from '../snapshots/types';
import type { ServiceRecord } from './types';

/**
 * What provisioning needs of the outside world, as interfaces beside the domain: DynamoDB stores
 * and the SolusIO client implement them; unit tests pass fakes.
 */

/** Services by `serviceRef`; every change is conditional on the version it was computed from. */
export interface ServiceRepository {
  get(serviceRef: string): Promise<ServiceRecord | undefined>;
  /** Writes a new service; false when the ref is taken. */
  claim(record: ServiceRecord): Promise<boolean>;
  /** Replaces the record still at `expected.version` (stored as version + 1); false when it changed meanwhile. */
  replace(expected: ServiceRecord, next: ServiceRecord): Promise<boolean>;
  /** Deletes the record still at `expected.version` (a refused create leaves no claim); false when it changed. */
  remove(expected: ServiceRecord): Promise<boolean>;
}

export type OwnershipClaim = { readonly owned: true } | { readonly owned: false; readonly owner: string };

/** Which service owns a SolusIO server: at most one, ever, written by a conditional put. */
export interface ServerOwnershipRepository {
  /** Makes `serviceRef` the owner unless another service is; idempotent for the same owner. */
  claimServer(installation: string, serverId: number, serviceRef: string): Promise<OwnershipClaim>;
  ownerOf(installation: string, serverId: number): Promise<string | undefined>;
}

/** Exact times of changes the API made, for the snapshot run that observes them. */
export interface ApiChangeRecorder {
  /** False when the change was not recorded (the server's month holds as many as it may): the run that observes it dates it. */
  recordApiChange(serverId: number, change: ApiChange): Promise<boolean>;
}

export interface PrepaidServerRegistry {
  addPrepaidServer(serverId: number, installation?: string): Promise<void>;
}

/** Servers whose usage the billing system prices itself (never pushed). */
export interface MeteredServerRegistry {
  addMeteredServer(serverId: number, installation?: string): Promise<void>;
}

/** The SolusIO calls provisioning makes. */
export interface ProvisioningSolusio {
  getPlan(id: number, deadline: Deadline): Promise<SolusPlan | undefined>;
  hasLocation(id: number, deadline: Deadline): Promise<boolean>;
  hasOsImageVersion(id: number, deadline: Deadline): Promise<boolean>;
  hasApplication(id: number, deadline: Deadline): Promise<boolean>;
  findUserByEmail(email: string, deadline: Deadline): Promise<SolusUser | undefined>;
  createUser(body: UserCreateBody, deadline: Deadline): Promise<SolusUser>;
  updateUser(id: number, body: { billing_user_id?: number }, deadline: Deadline): Promise<SolusUser>;
  deleteUser(id: number, deadline: Deadline): Promise<void>;
  createServer(body: Readonly<Record<string, unknown>>, deadline: Deadline): Promise<SolusServer>;
  getServer(id: number, deadline: Deadline): Promise<SolusServer | undefined>;
  serverPages(deadline: Deadline, filter?: Record<string, string | number>): AsyncGenerator<SolusPage<SolusServer>>;
  serverAction(id: number, action: string, body: Readonly<Record<string, unknown>>, deadline: Deadline): Promise<SolusTask>;
  updateServer(id: number, body: Readonly<Record<string, unknown>>, deadline: Deadline): Promise<SolusServer>;
  deleteServer(id: number, deadline: Deadline): Promise<SolusTask>;
  listTasks(filter: Record<string, string | number>, deadline: Deadline): Promise<SolusTask[]>;
}
