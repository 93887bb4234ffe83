import { createHash } from 'node:crypto';
import { ConflictError, HttpError, NotFoundError } from '../errors';
import { canonicalJson } from '../json';
import type { Logger } from '../logging';
import type { DynamoSnapshotStore } from '../snapshots/DynamoSnapshotStore';
import type { ApiChange } from '../snapshots/types';
import {
  Deadline,
  SolusDeadlineExceededError,
  SolusNotFoundError,
  SolusServerError,
  SolusTransportError,
  SolusValidationError,
  SolusApiError,
  type SolusioClient,
  type SolusServer,
  type SolusTask,
  type SolusUser,
} from '../solusio';
import type { DynamoServiceStore, ServiceRecord } from './DynamoServiceStore';
import type { ChangePlanRequest, CreateServiceRequest, ServiceAction, ServiceView, UpdateServiceRequest } from './schemas';

export type ProvisioningSolusio = Pick<
  SolusioClient,
  'findUserByEmail' | 'createUser' | 'updateUser' | 'createServer' | 'serverAction' | 'updateServer' | 'deleteServer' | 'getServer' | 'serverPages' | 'listTasks'
>;

export interface ProvisioningSettings {
  /** How long one API request may spend on SolusIO and on waiting for a concurrent create. */
  readonly requestDeadlineMs: number;
  /** A claim older than this (wall clock) was left by a crash and may be recovered. */
  readonly staleClaimMs: number;
  /** How often a request that lost the claim looks for the winner's server. */
  readonly pollMs: number;
}

export interface ProvisioningDeps {
  readonly solusio: () => Promise<ProvisioningSolusio>;
  readonly services: DynamoServiceStore;
  readonly snapshots: DynamoSnapshotStore;
  readonly logger: Logger;
  readonly settings: ProvisioningSettings;
  /** The process's wall clock for claims (never billing time). */
  readonly wallClockMs?: () => number;
}

export class BadGatewayError extends HttpError {
  constructor(message: string, options?: ErrorOptions) {
    super(502, 'solusio_unavailable', message, options);
    this.name = 'BadGatewayError';
    // The message says what failed upstream, never a secret: let it through.
    Object.defineProperty(this, 'expose', { value: true });
  }
}

export class GatewayTimeoutError extends HttpError {
  constructor(message: string, options?: ErrorOptions) {
    super(504, 'solusio_timeout', message, options);
    this.name = 'GatewayTimeoutError';
    Object.defineProperty(this, 'expose', { value: true });
  }
}

/** SolusIO's answers as the billing system should see them: its 422 and 404 as such, outages as 502/504. */
export function mapSolusioError(error: unknown, what: string): unknown {
  if (!(error instanceof SolusApiError)) return error;
  if (error instanceof SolusValidationError) {
    const fields = Object.entries(error.fieldErrors ?? {}).map(([field, messages]) => `${field}: ${messages.join(' ')}`);
    return new HttpError(422, 'solusio_rejected', `SolusIO refused ${what}${fields.length ? `: ${fields.join('; ')}` : ''}`, { cause: error });
  }
  if (error instanceof SolusNotFoundError) return new NotFoundError(`SolusIO does not know ${what}`);
  if (error instanceof SolusDeadlineExceededError) return new GatewayTimeoutError(`SolusIO did not answer ${what} in time`, { cause: error });
  if (error instanceof SolusServerError || error instanceof SolusTransportError) return new BadGatewayError(`SolusIO failed ${what}: ${error.message}`, { cause: error });
  return new BadGatewayError(`SolusIO answered ${what} unexpectedly: ${error.message}`, { cause: error });
}

/** The create request without its secrets, hashed: a replay must carry the same. */
export function createRequestHash(request: CreateServiceRequest): string {
  // The secrets are left out: a retry must match on what was ordered, and no hash of a password is kept.
  const comparable: Record<string, unknown> = { ...request, password: undefined, sshKeys: undefined, userData: undefined };
  return createHash('sha256').update(canonicalJson(comparable)).digest('hex');
}

const ACTIONS: Record<ServiceAction, { solusio: string; body?: Record<string, unknown>; change?: (at: string) => ApiChange; state?: 'active' | 'suspended' }> = {
  suspend: { solusio: 'suspend', change: (at) => ({ at, field: 'suspended', value: true }), state: 'suspended' },
  unsuspend: { solusio: 'resume', change: (at) => ({ at, field: 'suspended', value: false }), state: 'active' },
  start: { solusio: 'start' },
  stop: { solusio: 'stop' },
  restart: { solusio: 'restart' },
  'reset-password': { solusio: 'reset_password' },
};

/** How far SolusIO's clock may lag the request time for a crashed create's server to be adopted. */
const ADOPTION_CLOCK_SKEW_MS = 5 * 60_000;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * The lifecycle hooks billing systems call (prepaid), idempotent by `serviceRef`: a retried or
 * concurrent create never makes a second server (design.md "The HTTP API").
 */
export class ProvisioningService {
  private readonly wallClockMs: () => number;

  constructor(private readonly deps: ProvisioningDeps) {
    this.wallClockMs = deps.wallClockMs ?? Date.now;
  }

  async create(request: CreateServiceRequest, now: string): Promise<ServiceView> {
    const requestHash = createRequestHash(request);
    const deadline = Deadline.after(this.deps.settings.requestDeadlineMs);
    for (;;) {
      const existing = await this.deps.services.get(request.serviceRef);
      if (existing === undefined) {
        const claim = this.newClaim(request, requestHash, now);
        if (await this.deps.services.claim(claim)) return this.view(await this.provision(claim, request, deadline, false));
        continue; // lost the race: read the winner's claim
      }
      if (existing.state === 'terminated') throw new ConflictError(`Service ${request.serviceRef} was terminated; use a new serviceRef`, 'service_terminated');
      if (existing.state === 'failed') {
        // A server the failed attempt left (its SolusIO task failed) goes first: a new one replaces it.
        if (existing.serverId !== undefined) await this.removeFailedServer(existing, now);
        const claim = { ...this.newClaim(request, requestHash, now), createdAt: existing.createdAt, version: existing.version };
        if (await this.deps.services.replace(existing, claim)) return this.view(await this.provision({ ...claim, version: existing.version + 1 }, request, deadline, false));
        continue;
      }
      if (existing.requestHash !== requestHash) throw new ConflictError(`Service ${request.serviceRef} exists with another request`, 'service_exists');
      if (existing.serverId !== undefined) return this.view(existing);
      // Claimed and not done: a concurrent request is at work, or a crash left the claim.
      if (this.wallClockMs() - existing.claimWallMs >= this.deps.settings.staleClaimMs) {
        const reclaimed = { ...existing, claimWallMs: this.wallClockMs(), updatedAt: now };
        if (await this.deps.services.replace(existing, reclaimed)) return this.view(await this.provision({ ...reclaimed, version: existing.version + 1 }, request, deadline, true));
        continue;
      }
      if (deadline.remainingMs() < this.deps.settings.pollMs) {
        throw new ConflictError(`Service ${request.serviceRef} is being created by another request; retry shortly`, 'service_in_progress');
      }
      await sleep(this.deps.settings.pollMs);
    }
  }

  /** Deletes the server of a failed service in SolusIO (already gone is fine) and dates its end for billing. */
  private async removeFailedServer(record: ServiceRecord, now: string): Promise<void> {
    const serverId = record.serverId as number;
    const solusio = await this.deps.solusio();
    try {
      await solusio.deleteServer(serverId, Deadline.after(this.deps.settings.requestDeadlineMs));
    } catch (error) {
      if (!(error instanceof SolusNotFoundError)) throw mapSolusioError(error, `the failed server ${serverId}`);
    }
    await this.deps.snapshots.recordApiChange(serverId, { at: now, field: 'deleted', value: true });
    this.deps.logger.warn('Deleted the server of a failed service before creating it again', { serviceRef: record.serviceRef, server: serverId });
  }

  private newClaim(request: CreateServiceRequest, requestHash: string, now: string): ServiceRecord {
    return {
      serviceRef: request.serviceRef,
      state: 'creating',
      billingMode: request.billingMode,
      requestHash,
      customer: request.customer,
      planId: request.planId,
      hostname: request.hostname,
      claimedAt: now,
      claimWallMs: this.wallClockMs(),
      createdAt: now,
      updatedAt: now,
      version: 0,
    };
  }

  /**
   * The claim holder's work: the SolusIO user (found by e-mail or created, `billing_user_id` set),
   * then the server, unless one with the requested host name was created since the claim (a
   * crashed attempt's: adopted, never duplicated).
   */
  private async provision(claim: ServiceRecord, request: CreateServiceRequest, deadline: Deadline, recovering: boolean): Promise<ServiceRecord> {
    const solusio = await this.deps.solusio();
    let server: SolusServer;
    let user: SolusUser;
    try {
      user = await this.ensureUser(solusio, request, deadline);
      const adopted = await this.findCreatedSince(solusio, user.id, request.hostname, claim.claimedAt, deadline);
      if (adopted) {
        this.deps.logger.warn('Adopted a server a crashed create left', { serviceRef: claim.serviceRef, server: adopted.id, recovering });
        server = adopted;
      } else {
        server = await solusio.createServer(
          {
            name: request.hostname,
            plan: request.planId,
            location: request.locationId,
            ...(request.osImageId === undefined ? {} : { os: request.osImageId }),
            ...(request.applicationId === undefined ? {} : { application: request.applicationId, application_data: request.applicationData ?? {} }),
            ...(request.password === undefined ? {} : { password: request.password }),
            ...(request.sshKeys === undefined ? {} : { ssh_keys: request.sshKeys }),
            ...(request.userData === undefined ? {} : { user_data: request.userData }),
            user: user.id,
            additional_ip_count: request.additionalIps,
            backup_settings: { enabled: request.backups },
          },
          deadline,
        );
      }
    } catch (error) {
      if (error instanceof SolusValidationError) {
        // SolusIO refused the request itself: the ref may be created again with a corrected one.
        await this.deps.services.replace(claim, { ...claim, state: 'failed', failureReason: (mapSolusioError(error, 'the server') as Error).message });
      }
      throw mapSolusioError(error, 'the server');
    }
    if (request.billingMode === 'prepaid') await this.deps.services.addPrepaidServer(server.id);
    const task = await this.createTask(solusio, server.id, deadline);
    const done: ServiceRecord = {
      ...claim,
      state: server.isProcessing ? 'provisioning' : 'active',
      userId: user.id,
      serverId: server.id,
      ...(task === undefined ? {} : { taskId: task.id }),
      updatedAt: claim.claimedAt,
    };
    if (!(await this.deps.services.replace(claim, done))) {
      const current = await this.deps.services.get(claim.serviceRef);
      if (current?.serverId !== undefined) return current;
      throw new ConflictError(`Service ${claim.serviceRef} changed while it was created`, 'service_in_progress');
    }
    return { ...done, version: claim.version + 1 };
  }

  private async ensureUser(solusio: ProvisioningSolusio, request: CreateServiceRequest, deadline: Deadline): Promise<SolusUser> {
    const { email, billingClientId } = request.customer;
    let user = await solusio.findUserByEmail(email, deadline);
    if (user === undefined) {
      try {
        user = await solusio.createUser({ email, billing_user_id: billingClientId }, deadline);
      } catch (error) {
        // Another create made the same customer in between: take that one.
        const again = await solusio.findUserByEmail(email, deadline);
        if (again === undefined) throw error;
        user = again;
      }
    }
    if (user.billingUserId !== billingClientId) user = await solusio.updateUser(user.id, { billing_user_id: billingClientId }, deadline);
    return user;
  }

  private async findCreatedSince(solusio: ProvisioningSolusio, userId: number, hostname: string, since: string, deadline: Deadline): Promise<SolusServer | undefined> {
    for await (const page of solusio.serverPages(deadline, { user_id: userId })) {
      // SolusIO's clock is not ours: a server created up to a few minutes "before" the claim can still be the crashed attempt's.
      const found = page.items.find((server) => server.name === hostname && Date.parse(server.createdAt) >= Date.parse(since) - ADOPTION_CLOCK_SKEW_MS);
      if (found) return found;
    }
    return undefined;
  }

  private async createTask(solusio: ProvisioningSolusio, serverId: number, deadline: Deadline): Promise<SolusTask | undefined> {
    const tasks = await solusio.listTasks({ compute_resource_vm_id: serverId }, deadline).catch(() => []);
    return tasks.sort((a, b) => a.id - b.id)[0];
  }

  /** GET /v1/services/{ref}: the stored service brought up to date with SolusIO's view of its server. */
  async get(serviceRef: string, now: string): Promise<ServiceView> {
    const record = await this.require(serviceRef);
    if (record.serverId === undefined || record.state === 'terminated' || record.state === 'failed') return this.view(record);
    const solusio = await this.deps.solusio();
    const deadline = Deadline.after(this.deps.settings.requestDeadlineMs);
    let server: SolusServer | undefined;
    let task: SolusTask | undefined;
    try {
      server = await solusio.getServer(record.serverId, deadline);
      if (record.taskId !== undefined) task = (await solusio.listTasks({ compute_resource_vm_id: record.serverId }, deadline)).find((candidate) => candidate.id === record.taskId);
    } catch (error) {
      throw mapSolusioError(error, `server ${record.serverId}`);
    }
    let state: ServiceRecord['state'] = record.state;
    let failureReason = record.failureReason;
    if (server === undefined) {
      state = record.state === 'provisioning' || task?.status === 'failed' ? 'failed' : 'terminated';
      if (state === 'failed') failureReason = task ? `SolusIO task ${task.id} (${task.action}) ${task.status}${task.output ? `: ${task.output}` : ''}` : 'SolusIO no longer has the server';
    } else if (task?.status === 'failed' || task?.status === 'canceled') {
      state = 'failed';
      failureReason = `SolusIO task ${task.id} (${task.action}) ${task.status}${task.output ? `: ${task.output}` : ''}`;
    } else state = server.isProcessing ? 'provisioning' : server.isSuspended ? 'suspended' : 'active';
    let current = record;
    if (state !== record.state || failureReason !== record.failureReason) {
      const next = { ...record, state, ...(failureReason === undefined ? {} : { failureReason }), updatedAt: now };
      if (await this.deps.services.replace(record, next)) current = { ...next, version: record.version + 1 };
    }
    return this.view(current, task);
  }

  async action(serviceRef: string, action: ServiceAction, now: string): Promise<ServiceView> {
    const spec = ACTIONS[action];
    return this.act(serviceRef, now, `${action} of server`, async (solusio, record, deadline) => {
      const serverId = record.serverId as number;
      await solusio.serverAction(serverId, spec.solusio, spec.body ?? {}, deadline);
      return { change: spec.change?.(now), ...(spec.state === undefined ? {} : { state: spec.state }) };
    });
  }

  async changePlan(serviceRef: string, request: ChangePlanRequest, now: string): Promise<ServiceView> {
    return this.act(serviceRef, now, 'the plan change', async (solusio, record, deadline) => {
      await solusio.serverAction(record.serverId as number, 'resize', { plan_id: request.planId, preserve_disk: true }, deadline);
      return { change: { at: now, field: 'planId', value: request.planId }, planId: request.planId };
    });
  }

  async update(serviceRef: string, request: UpdateServiceRequest, now: string): Promise<ServiceView> {
    return this.act(serviceRef, now, 'the update', async (solusio, record, deadline) => {
      await solusio.updateServer(
        record.serverId as number,
        { ...(request.hostname === undefined ? {} : { name: request.hostname }), ...(request.backups === undefined ? {} : { backup_settings: { enabled: request.backups } }) },
        deadline,
      );
      return {
        change: request.backups === undefined ? undefined : { at: now, field: 'backupsEnabled', value: request.backups },
        ...(request.hostname === undefined ? {} : { hostname: request.hostname }),
      };
    });
  }

  /** DELETE /v1/services/{ref}: terminates; terminating a terminated service answers it again. */
  async terminate(serviceRef: string, now: string): Promise<ServiceView> {
    const record = await this.require(serviceRef);
    if (record.state === 'terminated') return this.view(record);
    return this.act(serviceRef, now, 'the termination', async (solusio, current, deadline) => {
      try {
        await solusio.deleteServer(current.serverId as number, deadline);
      } catch (error) {
        if (!(error instanceof SolusNotFoundError)) throw error;
      }
      return { change: { at: now, field: 'deleted', value: true }, state: 'terminated' };
    });
  }

  /**
   * One hook on an existing server: the SolusIO call, then its exact time recorded for billing
   * (the snapshot run that observes the change dates it by this), then the service's new state.
   */
  private async act(
    serviceRef: string,
    now: string,
    what: string,
    call: (solusio: ProvisioningSolusio, record: ServiceRecord, deadline: Deadline) => Promise<{ change?: ApiChange | undefined; state?: ServiceRecord['state']; planId?: number; hostname?: string }>,
  ): Promise<ServiceView> {
    const record = await this.require(serviceRef);
    if (record.state === 'terminated') throw new ConflictError(`Service ${serviceRef} is terminated`, 'service_terminated');
    if (record.serverId === undefined) throw new ConflictError(`Service ${serviceRef} has no server yet (state ${record.state})`, 'service_not_ready');
    const solusio = await this.deps.solusio();
    const deadline = Deadline.after(this.deps.settings.requestDeadlineMs);
    let outcome: Awaited<ReturnType<typeof call>>;
    try {
      outcome = await call(solusio, record, deadline);
    } catch (error) {
      throw mapSolusioError(error, what);
    }
    if (outcome.change) await this.deps.snapshots.recordApiChange(record.serverId, outcome.change);
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const current = attempt === 0 ? record : await this.require(serviceRef);
      const next: ServiceRecord = {
        ...current,
        ...(outcome.state === undefined ? {} : { state: outcome.state }),
        ...(outcome.planId === undefined ? {} : { planId: outcome.planId }),
        ...(outcome.hostname === undefined ? {} : { hostname: outcome.hostname }),
        updatedAt: now,
      };
      if (await this.deps.services.replace(current, next)) return this.view({ ...next, version: current.version + 1 });
    }
    throw new ConflictError(`Service ${serviceRef} keeps changing; retry`, 'service_in_progress');
  }

  private async require(serviceRef: string): Promise<ServiceRecord> {
    const record = await this.deps.services.get(serviceRef);
    if (!record) throw new NotFoundError(`No service ${serviceRef}`);
    return record;
  }

  private view(record: ServiceRecord, task?: SolusTask): ServiceView {
    return {
      serviceRef: record.serviceRef,
      state: record.state,
      billingMode: record.billingMode,
      serverId: record.serverId ?? null,
      userId: record.userId ?? null,
      customer: record.customer,
      planId: record.planId,
      hostname: record.hostname,
      failureReason: record.failureReason ?? null,
      task: task ? { id: task.id, status: task.status, action: task.action } : record.taskId === undefined ? null : { id: record.taskId, status: 'unknown', action: 'unknown' },
      createdAt: record.createdAt,
      updatedAt: record.updatedAt,
    };
  }
}
