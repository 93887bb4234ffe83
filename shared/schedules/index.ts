export { SCHEDULED_JOBS, SCHEDULE_DEFINITIONS, isScheduledJobName } from './scheduleDefinitions';
export type { ScheduledJobName, ScheduleDefinition } from './scheduleDefinitions';
