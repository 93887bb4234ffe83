/** The SolusIO API client: reads with retries, a run deadline and schema-checked responses. */
export { ACTIVITY_EVENTS, readActivityLogEntry } from './activityLog';
export type { ActivityEventName, ActivityLogEntry } from './activityLog';
export { Deadline } from './deadline';
export type { MonotonicClock } from './deadline';
export {
  ACTIVITY_LOG_ORDER_ERROR,
  errorForResponse,
  reportsActivityLogOrderError,
  parseRetryAfter,
  SolusActivityLogOrderError,
  SolusApiError,
  SolusDeadlineExceededError,
  SolusNotFoundError,
  SolusRateLimitedError,
  SolusSchemaError,
  SolusServerError,
  SolusTimeoutError,
  SolusTransportError,
  SolusUnauthorizedError,
  SolusValidationError,
} from './errors';
export type { ActivityLogPosition, Redact, SchemaIssue, SolusApiErrorOptions, SolusRequestInfo, UpstreamResponse } from './errors';
export { backoffDelayMs, isRetryable, RETRY_DEFAULTS, withRetries } from './retry';
export type { RetryPolicy } from './retry';
export { BACKUP_SCHEDULE_TYPES, backupScheduleJsonSchema, backupScheduleSchema, DEFAULT_BACKUP_SCHEDULE_JSON } from './backupSchedule';
export type { SolusBackupSchedule } from './backupSchedule';
export { BACKUP_STATUSES, TASK_STATUSES } from './schemas';
export type {
  SolusActivityLog,
  SolusBackup,
  SolusBackupStatus,
  SolusIpv4,
  SolusPage,
  SolusPlan,
  SolusServer,
  SolusTask,
  SolusTaskStatus,
  SolusUser,
} from './schemas';
export { CLIENT_DEFAULTS, SolusioClient } from './SolusioClient';
export type { SolusioClientOptions } from './SolusioClient';
export type { UserCreateBody } from './users';
export type { SolusApplication, SolusLocation, SolusOsImage } from './catalog';
