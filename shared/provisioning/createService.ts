import { createHash } from 'node:crypto';
import { ConflictError } from '../errors';
import { canonicalJson } from '../json';
import {
  Deadline,
  SolusNotFoundError,
  SolusRateLimitedError,
  SolusUnauthorizedError,
  SolusValidationError,
  type SolusServer,
  type SolusUser,
} from '../solusio';
import { ipAddressesOf, viewOf, withoutFields, type ProvisioningContext } from './context';
import { CatalogRejectedError, CreateUnconfirmedError, CustomerMismatchError, ServerNotOwnedError, ServiceInProgressError, ServiceTerminatedError } from './errors';
import type { ProvisioningSolusio } from './ports';
import type { CreateServiceRequest, ServiceView } from './schemas';
import { backupSettings } from './backupSettings';
import { carriesMarker, serverMarker } from './serverMarker';
import { DEFAULT_INSTALLATION, type ServiceRecord } from './types';

/**
 * The create request without its secrets, hashed: a replay must carry the same. The installation
 * counts as resolved, left out for the default one (so hashes stored before installations match).
 */
export function createRequestHash(request: CreateServiceRequest, installation: string = DEFAULT_INSTALLATION): string {
  // The secrets are left out: a retry must match on what was ordered, and no hash of a password is kept.
  const comparable: Record<string, unknown> = {
    ...request,
    installation: installation === DEFAULT_INSTALLATION ? undefined : installation,
    password: undefined,
    sshKeys: undefined,
    userData: undefined,
  };
  return createHash('sha256').update(canonicalJson(comparable)).digest('hex');
}

/** While a create's outcome is unknown, a retry is told to come back within this (the server may show up any moment). */
const MAX_RETRY_AFTER_SECONDS = 30;

/** SolusIO refused these before doing anything: nothing was created. Any other failure of a create leaves its outcome unknown. */
function refusedBeforeActing(error: unknown): boolean {
  return error instanceof SolusValidationError || error instanceof SolusUnauthorizedError || error instanceof SolusRateLimitedError || error instanceof SolusNotFoundError;
}

/**
 * POST /v1/services: one server per service, ever. The claim state machine:
 * - no record: claim the ref (conditional put), check the catalog, find or make the SolusIO user,
 *   record the attempt, create the server with the attempt's marker, own it, done;
 * - `creating` with a live attempt: wait for it (bounded), else 409 `service_in_progress`;
 * - `creating` whose attempt crashed or got no answer: adopt the server that carries the attempt's
 *   marker; none yet: 409 `service_in_progress` until the quarantine has passed, then `failed`;
 * - `failed`: delete the server it owns (if any) and start a new attempt;
 * - `terminated`: 409, final.
 * A refused create (catalog, customer mismatch, SolusIO's 422) leaves no claim and no user it made.
 */
export class CreateService {
  constructor(private readonly context: ProvisioningContext) {}

  private get deps() {
    return this.context.deps;
  }

  async create(request: CreateServiceRequest, now: string): Promise<ServiceView> {
    const installation = this.context.installationFor(request.installation);
    const requestHash = createRequestHash(request, installation);
    const { settings, services } = this.deps;
    const deadline = Deadline.after(settings.requestDeadlineMs);
    for (;;) {
      const existing = await services.get(request.serviceRef);
      if (existing === undefined) {
        const claim = this.newAttempt(request, installation, requestHash, now);
        if (await services.claim(claim)) return viewOf(await this.attempt(claim, request, deadline));
        continue; // lost the race: read the winner's claim
      }
      if (existing.state === 'terminated') throw new ServiceTerminatedError(request.serviceRef, '; use a new serviceRef');
      if (existing.state === 'failed') {
        // The failed attempt's server (its SolusIO task failed) goes first: a new one replaces it.
        if (existing.serverId !== undefined) await this.removeFailedServer(existing, now, deadline);
        const claim = this.newAttempt(request, installation, requestHash, now, existing);
        if (await services.replace(existing, claim)) return viewOf(await this.attempt({ ...claim, version: existing.version + 1 }, request, deadline));
        continue;
      }
      if (existing.installation !== installation) throw new ConflictError(`Service ${request.serviceRef} exists in installation ${existing.installation}`, 'service_exists');
      if (existing.requestHash !== requestHash) throw new ConflictError(`Service ${request.serviceRef} exists with another request`, 'service_exists');
      if (existing.serverId !== undefined) return viewOf(existing);
      const live = existing.attemptOutcome !== 'unknown' && this.context.wallClockMs() - existing.claimWallMs < settings.staleClaimMs;
      if (live) {
        if (deadline.remainingMs() < settings.pollMs) throw new ServiceInProgressError(`Service ${request.serviceRef} is being created by another request; retry shortly`, 1);
        await this.context.sleep(settings.pollMs);
        continue;
      }
      const recovered = await this.recover(existing, request, now, deadline);
      if (recovered !== undefined) return viewOf(recovered);
    }
  }

  private newAttempt(request: CreateServiceRequest, installation: string, requestHash: string, now: string, replacing?: ServiceRecord): ServiceRecord {
    return {
      serviceRef: request.serviceRef,
      installation,
      state: 'creating',
      billingMode: request.billingMode,
      requestHash,
      customer: request.customer,
      planId: request.planId,
      order: { planId: request.planId, backups: request.backups, additionalIps: request.additionalIps },
      hostname: request.hostname,
      claimedAt: now,
      claimWallMs: this.context.wallClockMs(),
      attemptId: this.context.newAttemptId(),
      createdAt: replacing?.createdAt ?? now,
      updatedAt: now,
      version: replacing?.version ?? 0,
    };
  }

  /**
   * An attempt that crashed or got no answer: its server is the one carrying its marker. None
   * found: an attempt that never reached the create starts again at once; otherwise retries wait
   * out the quarantine (SolusIO may still make the server), then the service fails for an
   * operator, never adopting a server it cannot prove its own. Undefined: another request moved first.
   */
  private async recover(existing: ServiceRecord, request: CreateServiceRequest, now: string, deadline: Deadline): Promise<ServiceRecord | undefined> {
    const { services, settings } = this.deps;
    const solusio = await this.context.solusioOf(existing.installation);
    if (existing.userId === undefined) {
      // The create was never sent (the user step records the user first): nothing to find.
      const next = this.newAttempt(request, existing.installation, existing.requestHash, now, existing);
      return (await services.replace(existing, next)) ? this.attempt({ ...next, version: existing.version + 1 }, request, deadline) : undefined;
    }
    const found = await this.findMarked(solusio, existing, deadline);
    if (found !== undefined) {
      this.deps.logger.warn('Adopted the server of a create whose answer was lost', { serviceRef: existing.serviceRef, server: found.id, attempt: existing.attemptId });
      return this.own(existing, found, deadline);
    }
    const settlesAtMs = Date.parse(existing.claimedAt) + settings.createQuarantineMs;
    const nowMs = Date.parse(now);
    if (nowMs < settlesAtMs) {
      throw new ServiceInProgressError(
        `The server create of service ${existing.serviceRef} (attempt ${existing.attemptId}, ${existing.claimedAt}) got no answer from SolusIO and its server is not there yet; ` +
          `retry: it is adopted once SolusIO shows it, and the service fails at ${new Date(settlesAtMs).toISOString()} if it never does`,
        Math.min(MAX_RETRY_AFTER_SECONDS, (settlesAtMs - nowMs) / 1000),
      );
    }
    const reason =
      `SolusIO did not confirm the server create of attempt ${existing.attemptId} (started ${existing.claimedAt}), and after ${Math.round(settings.createQuarantineMs / 60_000)} minutes ` +
      `no server of SolusIO user ${existing.userId} carries its marker. Check SolusIO for a server named ${existing.hostname}; creating the service again makes a new server.`;
    if (!(await services.replace(existing, { ...existing, state: 'failed', failureReason: reason, updatedAt: now }))) return undefined;
    throw new CreateUnconfirmedError(reason);
  }

  private async findMarked(solusio: ProvisioningSolusio, record: ServiceRecord, deadline: Deadline): Promise<SolusServer | undefined> {
    const identity = { installation: record.installation, serviceRef: record.serviceRef, attemptId: record.attemptId };
    for await (const page of solusio.serverPages(deadline, { user_id: record.userId ?? 0 })) {
      const found = page.items.find((server) => carriesMarker(server.description, identity));
      if (found) return found;
    }
    return undefined;
  }

  /** The claim holder's work, from the catalog check to the owned server. */
  private async attempt(claim: ServiceRecord, request: CreateServiceRequest, deadline: Deadline): Promise<ServiceRecord> {
    const solusio = await this.context.solusioOf(claim.installation);
    let user: SolusUser;
    let createdUserId: number | undefined;
    try {
      const problems = await this.catalogProblems(solusio, request, deadline);
      if (problems.length > 0) throw new CatalogRejectedError(problems);
      ({ user, createdUserId } = await this.ensureUser(solusio, request, deadline));
    } catch (error) {
      // Nothing was created in SolusIO: leave no claim, so a corrected request starts afresh.
      await this.deps.services.remove(claim);
      throw error;
    }
    const sending: ServiceRecord = { ...claim, userId: user.id, ...(createdUserId === undefined ? {} : { createdUserId }) };
    if (!(await this.deps.services.replace(claim, sending))) throw new ServiceInProgressError(`Service ${claim.serviceRef} changed while it was created; retry`, 1);
    const record = { ...sending, version: claim.version + 1 };
    let server: SolusServer;
    try {
      server = await solusio.createServer(this.createBody(request, record, user), deadline);
    } catch (error) {
      if (refusedBeforeActing(error)) {
        await this.undoRefused(solusio, record, deadline);
      } else {
        // SolusIO may still make the server: the next request adopts it by its marker, or waits.
        await this.deps.services.replace(record, { ...record, attemptOutcome: 'unknown' });
      }
      throw error;
    }
    return this.own(record, server, deadline);
  }

  private createBody(request: CreateServiceRequest, record: ServiceRecord, user: SolusUser): Record<string, unknown> {
    return {
      name: request.hostname,
      description: serverMarker({ installation: record.installation, serviceRef: record.serviceRef, attemptId: record.attemptId }),
      plan: request.planId,
      location: request.locationId,
      ...(request.osImageId === undefined ? {} : { os: request.osImageId }),
      ...(request.applicationId === undefined ? {} : { application: request.applicationId, application_data: request.applicationData ?? {} }),
      ...(request.password === undefined ? {} : { password: request.password }),
      ...(request.sshKeys === undefined ? {} : { ssh_keys: request.sshKeys }),
      ...(request.userData === undefined ? {} : { user_data: request.userData }),
      user: user.id,
      additional_ip_count: request.additionalIps,
      backup_settings: backupSettings(request.backups, this.deps.settings.backupSchedule),
    };
  }

  /** The plan, location and image or application exist: checked before any user is touched. */
  private async catalogProblems(solusio: ProvisioningSolusio, request: CreateServiceRequest, deadline: Deadline): Promise<string[]> {
    const [plan, location, os, application] = await Promise.all([
      solusio.getPlan(request.planId, deadline),
      solusio.hasLocation(request.locationId, deadline),
      request.osImageId === undefined ? true : solusio.hasOsImageVersion(request.osImageId, deadline),
      request.applicationId === undefined ? true : solusio.hasApplication(request.applicationId, deadline),
    ]);
    const problems: string[] = [];
    if (plan === undefined) problems.push(`plan: SolusIO has no plan ${request.planId}`);
    if (!location) problems.push(`location: SolusIO has no location ${request.locationId}`);
    if (!os) problems.push(`os: SolusIO has no OS image version ${request.osImageId ?? ''}`);
    if (!application) problems.push(`application: SolusIO has no application ${request.applicationId ?? ''}`);
    return problems;
  }

  /**
   * The SolusIO user of the customer: found by e-mail (its `billing_user_id` set when it has none,
   * refused when it bills to another client) or created.
   */
  private async ensureUser(solusio: ProvisioningSolusio, request: CreateServiceRequest, deadline: Deadline): Promise<{ user: SolusUser; createdUserId?: number }> {
    const { email, billingClientId } = request.customer;
    const found = await solusio.findUserByEmail(email, deadline);
    if (found === undefined) {
      try {
        // As the official module creates a user: active, with a password (the customer never uses it through the bridge).
        const user = await solusio.createUser({ email, password: this.context.newUserPassword(), status: 'active', billing_user_id: billingClientId }, deadline);
        return { user, createdUserId: user.id };
      } catch (error) {
        // Another create made the same customer in between (or our answer was lost): take that one.
        const again = await solusio.findUserByEmail(email, deadline);
        if (again === undefined) throw error;
        return { user: await this.checkBillingClient(solusio, again, billingClientId, deadline) };
      }
    }
    return { user: await this.checkBillingClient(solusio, found, billingClientId, deadline) };
  }

  private async checkBillingClient(solusio: ProvisioningSolusio, user: SolusUser, billingClientId: number, deadline: Deadline): Promise<SolusUser> {
    // SolusIO answers 0 or null for "not set".
    if (user.billingUserId === null || user.billingUserId === 0) return solusio.updateUser(user.id, { billing_user_id: billingClientId }, deadline);
    if (user.billingUserId !== billingClientId) throw new CustomerMismatchError(user.email, user.billingUserId, billingClientId);
    return user;
  }

  /** SolusIO refused the server: the user this attempt made goes again, and so does the claim. */
  private async undoRefused(solusio: ProvisioningSolusio, record: ServiceRecord, deadline: Deadline): Promise<void> {
    if (record.createdUserId !== undefined) {
      try {
        await solusio.deleteUser(record.createdUserId, deadline);
      } catch (error) {
        this.deps.logger.warn('Could not remove the SolusIO user a refused create made', { serviceRef: record.serviceRef, user: record.createdUserId, error: (error as Error).message });
      }
    }
    await this.deps.services.remove(record);
  }

  /** Makes the server this service's (conditional: one owner per server), then the service active or provisioning. */
  private async own(record: ServiceRecord, server: SolusServer, deadline: Deadline): Promise<ServiceRecord> {
    const ownership = await this.deps.ownership.claimServer(record.installation, server.id, record.serviceRef);
    if (!ownership.owned) throw new ServerNotOwnedError(record.serviceRef, server.id, ownership.owner);
    if (record.billingMode === 'prepaid') await this.deps.prepaid.addPrepaidServer(server.id, record.installation);
    if (record.billingMode === 'metered') await this.deps.metered.addMeteredServer(server.id, record.installation);
    const solusio = await this.context.solusioOf(record.installation);
    const tasks = await solusio.listTasks({ compute_resource_vm_id: server.id }, deadline).catch(() => []);
    const task = tasks.sort((a, b) => a.id - b.id)[0];
    const done: ServiceRecord = {
      ...withoutFields(record, 'attemptOutcome'),
      state: server.isProcessing ? 'provisioning' : 'active',
      serverId: server.id,
      ipAddresses: ipAddressesOf(server),
      ...(task === undefined ? {} : { taskId: task.id }),
      updatedAt: record.claimedAt,
    };
    if (!(await this.deps.services.replace(record, done))) {
      const current = await this.deps.services.get(record.serviceRef);
      if (current?.serverId === server.id) return current;
      throw new ServiceInProgressError(`Service ${record.serviceRef} changed while it was created; retry`, 1);
    }
    return { ...done, version: record.version + 1 };
  }

  /** Deletes the server a failed service owns (already gone is fine) and dates its end for billing. */
  private async removeFailedServer(record: ServiceRecord, now: string, deadline: Deadline): Promise<void> {
    const serverId = await this.context.assertOwnsServer(record);
    const solusio = await this.context.solusioOf(record.installation);
    try {
      await solusio.deleteServer(serverId, deadline);
    } catch (error) {
      if (!(error instanceof SolusNotFoundError)) throw error;
    }
    await this.context.changesOf(record.installation).recordApiChange(serverId, { at: now, field: 'deleted', value: true });
    this.deps.logger.warn('Deleted the server of a failed service before creating it again', { serviceRef: record.serviceRef, server: serverId });
  }
}
