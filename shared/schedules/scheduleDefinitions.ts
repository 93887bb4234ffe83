/**
 * The scheduled jobs, described once: the CDK app turns each into an EventBridge Scheduler schedule
 * and the local stack into a timer. Both deliver `{"time": "<scheduled time>"}` to the handler.
 */
export const SCHEDULED_JOBS = ['snapshot-servers', 'snapshot-backups', 'aggregate-usage', 'close-period', 'retry-pushes'] as const;

export type ScheduledJobName = (typeof SCHEDULED_JOBS)[number];

export interface ScheduleDefinition {
  readonly name: ScheduledJobName;
  /** How often the job runs by default, in minutes. */
  readonly everyMinutes: number;
  readonly description: string;
}

export const SCHEDULE_DEFINITIONS: readonly ScheduleDefinition[] = [
  { name: 'snapshot-servers', everyMinutes: 5, description: 'Snapshot every SolusIO server into segments' },
  { name: 'snapshot-backups', everyMinutes: 24 * 60, description: 'Snapshot the backups of servers with backups enabled' },
  { name: 'aggregate-usage', everyMinutes: 60, description: 'Recompute the open billing period' },
  { name: 'close-period', everyMinutes: 60, description: 'Close every billing period that is due' },
  { name: 'retry-pushes', everyMinutes: 60, description: 'Push again closed periods whose invoice push is not complete (pending, unknown past settlesAt)' },
];

export function isScheduledJobName(name: string): name is ScheduledJobName {
  return (SCHEDULED_JOBS as readonly string[]).includes(name);
}
