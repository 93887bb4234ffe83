export { mapWithConcurrency } from './mapWithConcurrency';
export { realSleep, RetriesExhaustedError, RetryableError, RETRY_DEFAULTS, withRetries } from './withRetries';
export type { RetryOptions } from './withRetries';
