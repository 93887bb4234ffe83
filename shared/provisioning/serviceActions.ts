import { ConflictError } from '../errors';
import { Deadline, SolusNotFoundError } from '../solusio';
import type { ApiChange } from '../snapshots/types';
import { backupSettings } from './backupSettings';
import { viewOf, type ProvisioningContext } from './context';
import { ServerGoneError, ServiceChangedError, ServiceInProgressError, ServiceTerminatedError } from './errors';
import type { ProvisioningSolusio } from './ports';
import type { ChangePlanRequest, ServiceAction, ServiceView, UpdateServiceRequest } from './schemas';
import type { ServiceRecord } from './types';

interface ActionOutcome {
  readonly change?: ApiChange | undefined;
  readonly state?: ServiceRecord['state'];
  readonly planId?: number;
  readonly hostname?: string;
}

type SolusCall = (solusio: ProvisioningSolusio, serverId: number, deadline: Deadline) => Promise<ActionOutcome>;

const ACTIONS: Record<ServiceAction, { solusio: string; change?: (at: string) => ApiChange; state?: 'active' | 'suspended' }> = {
  suspend: { solusio: 'suspend', change: (at) => ({ at, field: 'suspended', value: true }), state: 'suspended' },
  unsuspend: { solusio: 'resume', change: (at) => ({ at, field: 'suspended', value: false }), state: 'active' },
  start: { solusio: 'start' },
  stop: { solusio: 'stop' },
  restart: { solusio: 'restart' },
  'reset-password': { solusio: 'reset_password' },
};

/** Writes of one action retried over versions that changed for another reason (a refresh) before giving up. */
const MAX_STATE_WRITES = 5;

/**
 * The hooks on an existing server: suspend, unsuspend, power, reset password, change plan,
 * update, terminate. Each touches only the server the service owns; each state write is
 * conditional on the state it was computed from; `terminated` is final.
 */
export class ServiceActions {
  constructor(private readonly context: ProvisioningContext) {}

  action(serviceRef: string, action: ServiceAction, now: string): Promise<ServiceView> {
    const spec = ACTIONS[action];
    return this.act(serviceRef, now, async (solusio, serverId, deadline) => {
      await solusio.serverAction(serverId, spec.solusio, {}, deadline);
      return { change: spec.change?.(now), ...(spec.state === undefined ? {} : { state: spec.state }) };
    });
  }

  changePlan(serviceRef: string, request: ChangePlanRequest, now: string): Promise<ServiceView> {
    return this.act(serviceRef, now, async (solusio, serverId, deadline) => {
      await solusio.serverAction(serverId, 'resize', { plan_id: request.planId, preserve_disk: true }, deadline);
      return { change: { at: now, field: 'planId', value: request.planId }, planId: request.planId };
    });
  }

  update(serviceRef: string, request: UpdateServiceRequest, now: string): Promise<ServiceView> {
    return this.act(serviceRef, now, async (solusio, serverId, deadline) => {
      await solusio.updateServer(
        serverId,
        {
          ...(request.hostname === undefined ? {} : { name: request.hostname }),
          ...(request.backups === undefined ? {} : { backup_settings: backupSettings(request.backups, this.context.deps.settings.backupSchedule) }),
        },
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
    const record = await this.context.require(serviceRef);
    if (record.state === 'terminated') return viewOf(record);
    return this.act(serviceRef, now, async (solusio, serverId, deadline) => {
      try {
        await solusio.deleteServer(serverId, deadline);
      } catch (error) {
        if (!(error instanceof SolusNotFoundError)) throw error;
      }
      return { change: { at: now, field: 'deleted', value: true }, state: 'terminated' };
    });
  }

  /**
   * One hook: ownership proven, the SolusIO call, its exact time recorded for billing (the snapshot
   * run that observes the change dates it by this), then the service's new state, written only
   * over the state it was computed from. A termination wins over any other action: it is final.
   */
  private async act(serviceRef: string, now: string, call: SolusCall): Promise<ServiceView> {
    const record = await this.context.require(serviceRef);
    if (record.state === 'terminated') throw new ServiceTerminatedError(serviceRef);
    if (record.serverId === undefined) throw new ConflictError(`Service ${serviceRef} has no server yet (state ${record.state})`, 'service_not_ready');
    const serverId = await this.context.assertOwnsServer(record);
    const solusio = await this.context.solusioOf(record.installation);
    let outcome: ActionOutcome;
    try {
      outcome = await call(solusio, serverId, Deadline.after(this.context.deps.settings.requestDeadlineMs));
    } catch (error) {
      // The server is gone: a termination won the race (or SolusIO lost it). Say which, never a bare 404.
      if (error instanceof SolusNotFoundError) {
        if ((await this.context.deps.services.get(serviceRef))?.state === 'terminated') throw new ServiceTerminatedError(serviceRef, ' (terminated while this action ran)');
        throw new ServerGoneError(serviceRef, serverId);
      }
      throw error;
    }
    if (outcome.change && !(await this.context.changesOf(record.installation).recordApiChange(serverId, outcome.change))) {
      this.context.deps.logger.warn('The server\'s month holds as many API changes as it may: the next snapshot run dates this one', { serviceRef, server: serverId, field: outcome.change.field });
    }
    let current = record;
    for (let write = 0; write < MAX_STATE_WRITES; write += 1) {
      if (write > 0) {
        current = await this.context.require(serviceRef);
        if (current.state === 'terminated') {
          if (outcome.state === 'terminated') return viewOf(current);
          throw new ServiceTerminatedError(serviceRef, ' (terminated while this action ran)');
        }
        if (current.serverId !== record.serverId || (current.state !== record.state && outcome.state !== 'terminated')) {
          throw new ServiceChangedError(serviceRef, record.state, current.state);
        }
      }
      const next: ServiceRecord = {
        ...current,
        ...(outcome.state === undefined ? {} : { state: outcome.state }),
        ...(outcome.planId === undefined ? {} : { planId: outcome.planId }),
        ...(outcome.hostname === undefined ? {} : { hostname: outcome.hostname }),
        updatedAt: now,
      };
      if (await this.context.deps.services.replace(current, next)) return viewOf({ ...next, version: current.version + 1 });
    }
    throw new ServiceInProgressError(`Service ${serviceRef} keeps changing; retry`, 1);
  }
}
