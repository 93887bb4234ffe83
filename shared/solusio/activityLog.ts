import * as z from 'zod';
import type { SolusActivityLog } from './schemas';

/** The activity-log events the bridge reads (SolusIO's names). */
export const ACTIVITY_EVENTS = {
  serverCreated: 'compute_resource_vm_created',
  deleteRequested: 'compute_resource_vm_delete_requested',
  ipCreated: 'additional_ip_created',
  ipDeleted: 'additional_ip_deleted',
} as const;

export type ActivityEventName = (typeof ACTIVITY_EVENTS)[keyof typeof ACTIVITY_EVENTS];

export interface ActivityLogEntry {
  readonly id: number;
  readonly event: string;
  readonly createdAt: string;
  /** The server the entry is about, or undefined when `data` does not say it in the assumed shape. */
  readonly serverId: number | undefined;
}

/**
 * The assumed shape of `data`: no public document shows it, so this is a guess
 * (`compute_resource_vm` is what SolusIO calls a server inside a backup). Unknown keys are ignored.
 */
const entryDataSchema = z.object({ compute_resource_vm: z.object({ id: z.int().positive() }) });

/**
 * The one place that reads an activity-log entry's `data`: when a real SolusIO shows another
 * shape, this is the one edit. An entry it cannot read has `serverId: undefined` and never throws,
 * so the caller falls back to the times its own runs observed.
 */
export function readActivityLogEntry(entry: SolusActivityLog): ActivityLogEntry {
  const data = entryDataSchema.safeParse(entry.data);
  return {
    id: entry.id,
    event: entry.event,
    createdAt: entry.createdAt,
    serverId: data.success ? data.data.compute_resource_vm.id : undefined,
  };
}
