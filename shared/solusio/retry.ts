import type { Deadline } from './deadline';
import {
  SolusApiError,
  SolusDeadlineExceededError,
  SolusRateLimitedError,
  SolusServerError,
  SolusTransportError,
  type SolusRequestInfo,
} from './errors';

export interface RetryPolicy {
  /** Retries after the first attempt (4: up to 5 attempts). */
  readonly maxRetries: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly sleep: (ms: number) => Promise<void>;
  /** In [0, 1), as `Math.random`. */
  readonly random: () => number;
  /** Which errors are worth another attempt (default `isRetryable`). */
  readonly retryable?: (error: SolusApiError) => boolean;
}

export const RETRY_DEFAULTS = { maxRetries: 4, baseDelayMs: 200, maxDelayMs: 5_000 } as const;

export { realSleep } from '../async';

/**
 * The wait before retry number `retry` (0 for the first retry): full jitter,
 * `random() * min(maxDelayMs, baseDelayMs * 2^retry)`. Full jitter spreads the retries of many
 * clients hit by the same outage instead of synchronising them.
 */
export function backoffDelayMs(retry: number, policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs' | 'random'>): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  const r = policy.random();
  // A broken random source must not make the wait negative or unbounded.
  const fraction = Number.isFinite(r) ? Math.min(Math.max(r, 0), 1) : 0;
  return fraction * ceiling;
}

/**
 * Transport errors, 5xx and 429 may succeed when tried again; other 4xx and schema errors will
 * not, and a deadline error means there is no time left anyway.
 */
export function isRetryable(error: SolusApiError): boolean {
  return error instanceof SolusTransportError || error instanceof SolusServerError || error instanceof SolusRateLimitedError;
}

/**
 * Runs `attempt` until it succeeds, fails with an error that is not retryable, or has been retried
 * `maxRetries` times (then its last error is thrown). `attempt` gets the deadline's remaining
 * milliseconds to cap its own timeout. A 429's `Retry-After` replaces the backoff. When the deadline
 * cannot fit the next wait plus an attempt, a `SolusDeadlineExceededError` with the last error as
 * `cause` is thrown instead of waiting.
 */
export async function withRetries<T>(
  request: SolusRequestInfo,
  deadline: Deadline,
  policy: RetryPolicy,
  attempt: (remainingMs: number) => Promise<T>,
): Promise<T> {
  let lastError: SolusApiError | undefined;
  for (let retry = 0; ; retry++) {
    if (deadline.expired()) throw new SolusDeadlineExceededError(request, lastError === undefined ? {} : { cause: lastError });
    try {
      return await attempt(deadline.remainingMs());
    } catch (error) {
      if (!(error instanceof SolusApiError) || !(policy.retryable ?? isRetryable)(error)) throw error;
      lastError = error;
      if (retry >= policy.maxRetries) throw error;
      const waitMs =
        error instanceof SolusRateLimitedError && error.retryAfterMs !== undefined ? error.retryAfterMs : backoffDelayMs(retry, policy);
      // Waiting up to the deadline only to give up then would waste the run's remaining time.
      if (waitMs >= deadline.remainingMs()) throw new SolusDeadlineExceededError(request, { cause: error });
      await policy.sleep(waitMs);
    }
  }
}
