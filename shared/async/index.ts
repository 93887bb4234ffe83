export { mapWithConcurrency } from './mapWithConcurrency';
export { RetriesExhaustedError, RetryableError, RETRY_DEFAULTS, withRetries } from './withRetries';
export type { RetryOptions } from './withRetries';
