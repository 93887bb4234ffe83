import { Deadline, type SolusServer, type SolusTask } from '../solusio';
import { addressesChanged, ipAddressesOf, viewOf, type ProvisioningContext } from './context';
import type { ServiceView } from './schemas';
import type { ServiceRecord } from './types';

function taskFailure(task: SolusTask): string {
  return `SolusIO task ${task.id} (${task.action}) ${task.status}${task.output ? `: ${task.output}` : ''}`;
}

/** GET /v1/services/{ref}: the stored service brought up to date with SolusIO's view of its server (read only on SolusIO). */
export class RefreshService {
  constructor(private readonly context: ProvisioningContext) {}

  async get(serviceRef: string, now: string): Promise<ServiceView> {
    const record = await this.context.require(serviceRef);
    if (record.serverId === undefined || record.state === 'terminated' || record.state === 'failed') return viewOf(record);
    const solusio = await this.context.solusioOf(record.installation);
    const deadline = Deadline.after(this.context.deps.settings.requestDeadlineMs);
    const server = await solusio.getServer(record.serverId, deadline);
    const task = record.taskId === undefined ? undefined : (await solusio.listTasks({ compute_resource_vm_id: record.serverId }, deadline)).find((candidate) => candidate.id === record.taskId);
    const { state, failureReason } = observedState(record, server, task);
    // Kept on the record, so every other answer shows them without reading SolusIO; a server that is gone has none.
    const ipAddresses = server === undefined ? [] : ipAddressesOf(server);
    let current = record;
    if (state !== record.state || failureReason !== record.failureReason || addressesChanged(record, ipAddresses)) {
      const next = { ...record, state, ipAddresses, ...(failureReason === undefined ? {} : { failureReason }), updatedAt: now };
      // Conditional on the version read: an action that moved the service meanwhile wins.
      if (await this.context.deps.services.replace(record, next)) current = { ...next, version: record.version + 1 };
    }
    // The answer shows what SolusIO just said, even when a concurrent action won the write.
    return { ...viewOf(current, task), ...(current.state === 'terminated' ? {} : { ipAddresses }) };
  }
}

/** The service's state as SolusIO shows its server and the create task. */
export function observedState(record: ServiceRecord, server: SolusServer | undefined, task: SolusTask | undefined): Pick<ServiceRecord, 'state' | 'failureReason'> {
  if (server === undefined) {
    if (record.state === 'provisioning' || task?.status === 'failed') return { state: 'failed', failureReason: task ? taskFailure(task) : 'SolusIO no longer has the server' };
    return { state: 'terminated', ...(record.failureReason === undefined ? {} : { failureReason: record.failureReason }) };
  }
  if (task?.status === 'failed' || task?.status === 'canceled') return { state: 'failed', failureReason: taskFailure(task) };
  return { state: server.isProcessing ? 'provisioning' : server.isSuspended ? 'suspended' : 'active', ...(record.failureReason === undefined ? {} : { failureReason: record.failureReason }) };
}
