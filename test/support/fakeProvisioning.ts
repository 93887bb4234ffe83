import { MemoryLogger } from '../../shared/logging';
import {
  ProvisioningService,
  type ApiChangeRecorder,
  type CreateServiceRequest,
  type OwnershipClaim,
  type MeteredServerRegistry,
  type PrepaidServerRegistry,
  type ProvisioningSettings,
  type ProvisioningSolusio,
  type ServerOwnershipRepository,
  type ServiceRecord,
  type ServiceRepository,
} from '../../shared/provisioning';
import { SolusNotFoundError, SolusTimeoutError, SolusValidationError, type Deadline, type SolusPage, type SolusPlan, type SolusServer, type SolusTask, type SolusUser, type UserCreateBody } from '../../shared/solusio';
import type { ApiChange } from '../../shared/snapshots/types';

/** Services in memory with the DynamoDB store's conditions (version, terminated is final). */
export class FakeServices implements ServiceRepository {
  readonly records = new Map<string, ServiceRecord>();

  async get(serviceRef: string): Promise<ServiceRecord | undefined> {
    return this.records.get(serviceRef);
  }

  async claim(record: ServiceRecord): Promise<boolean> {
    if (this.records.has(record.serviceRef)) return false;
    this.records.set(record.serviceRef, record);
    return true;
  }

  async replace(expected: ServiceRecord, next: ServiceRecord): Promise<boolean> {
    const current = this.records.get(expected.serviceRef);
    if (current?.version !== expected.version || current.state === 'terminated') return false;
    this.records.set(expected.serviceRef, { ...next, version: expected.version + 1 });
    return true;
  }

  async remove(expected: ServiceRecord): Promise<boolean> {
    const current = this.records.get(expected.serviceRef);
    if (current?.version !== expected.version || current.state === 'terminated') return false;
    this.records.delete(expected.serviceRef);
    return true;
  }
}

export class FakeOwnership implements ServerOwnershipRepository {
  readonly owners = new Map<string, string>();

  async claimServer(installation: string, serverId: number, serviceRef: string): Promise<OwnershipClaim> {
    const key = `${installation}#${serverId}`;
    const owner = this.owners.get(key);
    if (owner !== undefined && owner !== serviceRef) return { owned: false, owner };
    this.owners.set(key, serviceRef);
    return { owned: true };
  }

  async ownerOf(installation: string, serverId: number): Promise<string | undefined> {
    return this.owners.get(`${installation}#${serverId}`);
  }
}

export class FakeChanges implements ApiChangeRecorder, PrepaidServerRegistry, MeteredServerRegistry {
  readonly changes: { serverId: number; change: ApiChange }[] = [];
  readonly prepaid = new Set<number>();
  readonly metered = new Set<number>();

  async recordApiChange(serverId: number, change: ApiChange): Promise<boolean> {
    this.changes.push({ serverId, change });
    return true;
  }

  async addPrepaidServer(serverId: number): Promise<void> {
    this.prepaid.add(serverId);
  }

  async addMeteredServer(serverId: number): Promise<void> {
    this.metered.add(serverId);
  }
}

const request = (method: string, path: string) => ({ method, path });

const PLAN: SolusPlan = { id: 1, name: 'Small', tokensPerHour: 7, tokensPerMonth: 5000, ipTokensPerHour: 1, ipTokensPerMonth: 500, backupPrice: 10 };

/**
 * A SolusIO in memory for the use cases: plans 1-2, location 1, OS image version 1. `onCreate`
 * decides what a create does: `ok`, `refuse` (422 before acting), or `timeout` (no answer, and the
 * server appears only when `commitLate()` is called: a late commit).
 */
export class FakeSolusio implements ProvisioningSolusio {
  readonly users = new Map<number, SolusUser>();
  readonly servers = new Map<number, SolusServer>();
  readonly calls: string[] = [];
  /** Every `POST users` body, in order. */
  readonly userBodies: UserCreateBody[] = [];
  /** Every `POST servers` and `PATCH servers/{id}` body, in order. */
  readonly serverBodies: Readonly<Record<string, unknown>>[] = [];
  readonly updateBodies: Readonly<Record<string, unknown>>[] = [];
  onCreate: 'ok' | 'refuse' | 'timeout' = 'ok';
  private lateBody: Readonly<Record<string, unknown>> | undefined;
  private nextId = 100;
  /** Runs inside an action call, before it returns (an interleaving point). */
  duringAction: (() => Promise<void>) | undefined;

  addUser(user: Omit<SolusUser, 'status'>): SolusUser {
    const full = { ...user, status: 'active' };
    this.users.set(user.id, full);
    return full;
  }

  commitLate(): SolusServer {
    if (!this.lateBody) throw new Error('no late create');
    const server = this.makeServer(this.lateBody);
    this.lateBody = undefined;
    return server;
  }

  async getPlan(id: number): Promise<SolusPlan | undefined> {
    return id <= 2 ? { ...PLAN, id } : undefined;
  }
  async hasLocation(id: number): Promise<boolean> {
    return id === 1;
  }
  async hasOsImageVersion(id: number): Promise<boolean> {
    return id === 1;
  }
  async hasApplication(): Promise<boolean> {
    return false;
  }
  async findUserByEmail(email: string): Promise<SolusUser | undefined> {
    return [...this.users.values()].find((user) => user.email === email);
  }
  async createUser(body: UserCreateBody): Promise<SolusUser> {
    this.calls.push('createUser');
    this.userBodies.push(body);
    return this.addUser({ id: (this.nextId += 1), email: body.email, billingUserId: body.billing_user_id ?? null });
  }
  async updateUser(id: number, body: { billing_user_id?: number }): Promise<SolusUser> {
    this.calls.push(`updateUser ${id}`);
    const user = { ...(this.users.get(id) as SolusUser), billingUserId: body.billing_user_id ?? null };
    this.users.set(id, user);
    return user;
  }
  async deleteUser(id: number): Promise<void> {
    this.calls.push(`deleteUser ${id}`);
    this.users.delete(id);
  }
  async createServer(body: Readonly<Record<string, unknown>>): Promise<SolusServer> {
    this.calls.push('createServer');
    this.serverBodies.push(body);
    if (this.onCreate === 'refuse') throw new SolusValidationError(request('POST', '/api/v1/servers'), { plan: ['refused'] }, '');
    if (this.onCreate === 'timeout') {
      this.lateBody = body;
      throw new SolusTimeoutError(request('POST', '/api/v1/servers'), 300);
    }
    return this.makeServer(body);
  }
  async getServer(id: number): Promise<SolusServer | undefined> {
    return this.servers.get(id);
  }
  async *serverPages(_deadline: Deadline, filter: Record<string, string | number> = {}): AsyncGenerator<SolusPage<SolusServer>> {
    const items = [...this.servers.values()].filter((server) => filter['user_id'] === undefined || server.user.id === Number(filter['user_id']));
    yield { page: 1, lastPage: 1, items };
  }
  async serverAction(id: number, action: string): Promise<SolusTask> {
    this.calls.push(`${action} ${id}`);
    if (this.duringAction) await this.duringAction();
    const server = this.servers.get(id);
    if (!server) throw new SolusNotFoundError(request('POST', `/api/v1/servers/${id}/${action}`), '');
    if (action === 'suspend' || action === 'resume') this.servers.set(id, { ...server, isSuspended: action === 'suspend' });
    return { id: 1, status: 'done', action, output: '' };
  }
  async updateServer(id: number, body: Readonly<Record<string, unknown>>): Promise<SolusServer> {
    this.updateBodies.push(body);
    return this.servers.get(id) as SolusServer;
  }
  async deleteServer(id: number): Promise<SolusTask> {
    this.calls.push(`deleteServer ${id}`);
    if (!this.servers.delete(id)) throw new SolusNotFoundError(request('DELETE', `/api/v1/servers/${id}`), '');
    return { id: 2, status: 'done', action: 'delete', output: '' };
  }
  async listTasks(): Promise<SolusTask[]> {
    return [];
  }

  private makeServer(body: Readonly<Record<string, unknown>>): SolusServer {
    const id = (this.nextId += 1);
    const user = this.users.get(Number(body['user'])) as SolusUser;
    const server: SolusServer = {
      id,
      uuid: `uuid-${id}`,
      name: String(body['name']),
      status: 'started',
      isSuspended: false,
      isProcessing: false,
      plan: PLAN,
      user,
      backupsEnabled: false,
      ipv4: [],
      additionalIpv4Count: 0,
      createdAt: '2026-11-03T10:00:00.000Z',
      description: String(body['description'] ?? ''),
    };
    this.servers.set(id, server);
    return server;
  }
}

export const FAKE_SETTINGS: ProvisioningSettings = {
  requestDeadlineMs: 1_000,
  staleClaimMs: 30_000,
  pollMs: 5,
  createQuarantineMs: 15 * 60_000,
  installations: ['default'],
  backupSchedule: { type: 'weekly', time: { hour: 2, minutes: 30 }, days: [1, 4] },
};

export interface FakeProvisioning {
  readonly service: ProvisioningService;
  readonly services: FakeServices;
  readonly ownership: FakeOwnership;
  readonly changes: FakeChanges;
  readonly solusio: FakeSolusio;
  /** The wall clock the claims read (ms); move it to make a claim stale. */
  wallMs: number;
}

export function fakeProvisioning(settings: Partial<ProvisioningSettings> = {}): FakeProvisioning {
  const services = new FakeServices();
  const ownership = new FakeOwnership();
  const changes = new FakeChanges();
  const solusio = new FakeSolusio();
  let attempts = 0;
  let passwords = 0;
  const fake: FakeProvisioning = {
    services,
    ownership,
    changes,
    solusio,
    wallMs: 1_000_000,
    service: new ProvisioningService({
      solusio: async () => solusio,
      services,
      ownership,
      changes,
      prepaid: changes,
      metered: changes,
      logger: new MemoryLogger(),
      settings: { ...FAKE_SETTINGS, ...settings },
      wallClockMs: () => fake.wallMs,
      newAttemptId: () => `attempt${(attempts += 1)}`,
      newUserPassword: () => `Fake-Passw0rd-${(passwords += 1)}`,
      sleep: async () => undefined,
    }),
  };
  return fake;
}

/** A valid create request for unit tests: one small prepaid server; `extra` overrides any field. */
export const testOrder = (serviceRef: string, extra: Partial<CreateServiceRequest> = {}): CreateServiceRequest => ({
  serviceRef,
  customer: { email: 'x@example.test', billingClientId: 42 },
  planId: 1,
  locationId: 1,
  osImageId: 1,
  hostname: 'h.example.test',
  backups: false,
  additionalIps: 0,
  billingMode: 'prepaid',
  ...extra,
});
