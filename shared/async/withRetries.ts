/**
 * Work that is worth another attempt: thrown by a step of `withRetries` (DynamoDB left items of a
 * batch unprocessed, a throttled request the SDK gave up on) to ask for one more attempt.
 */
export class RetryableError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'RetryableError';
  }
}

/** `withRetries` gave up: every attempt failed with a retryable error (the last one is the cause). */
export class RetriesExhaustedError extends Error {
  constructor(
    readonly what: string,
    readonly attempts: number,
    options: ErrorOptions,
  ) {
    super(`${what}: still failing after ${attempts} attempts (${options.cause instanceof Error ? options.cause.message : String(options.cause)})`, options);
    this.name = 'RetriesExhaustedError';
  }
}

export interface RetryOptions {
  /** Named in the error when the attempts run out. */
  readonly what: string;
  /** Attempts in all, the first included (default 10). */
  readonly attempts?: number;
  /** The backoff's base and cap (full jitter: a wait in `[0, min(max, base * 2^retry))`). */
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  /** Which errors are worth another attempt (default: `RetryableError` only; anything else is thrown at once). */
  readonly retryable?: (error: unknown) => boolean;
  readonly sleep?: (ms: number) => Promise<void>;
  /** In [0, 1), as `Math.random`. */
  readonly random?: () => number;
}

export const RETRY_DEFAULTS = { attempts: 10, baseDelayMs: 25, maxDelayMs: 1_000 } as const;

/** The process's own wait (tests pass a recording one instead). */
export const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `step` until it succeeds, throws an error that is not retryable (thrown as is), or has been
 * tried `attempts` times (then `RetriesExhaustedError`, the last error as its cause). Between
 * attempts it waits a full-jitter backoff, so many writers hit by the same throttling spread out.
 * `step` gets the attempt number (1 for the first) and keeps its own progress between attempts
 * (what a batch left unprocessed).
 */
export async function withRetries<T>(step: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const attempts = options.attempts ?? RETRY_DEFAULTS.attempts;
  if (!Number.isInteger(attempts) || attempts < 1) throw new RangeError(`attempts must be a positive integer, got ${attempts}`);
  const baseDelayMs = options.baseDelayMs ?? RETRY_DEFAULTS.baseDelayMs;
  const maxDelayMs = options.maxDelayMs ?? RETRY_DEFAULTS.maxDelayMs;
  const retryable = options.retryable ?? ((error: unknown) => error instanceof RetryableError);
  const sleep = options.sleep ?? realSleep;
  const random = options.random ?? Math.random;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await step(attempt);
    } catch (error) {
      if (!retryable(error)) throw error;
      if (attempt >= attempts) throw new RetriesExhaustedError(options.what, attempts, { cause: error });
      const r = random();
      // A broken random source must not make the wait negative or unbounded.
      const fraction = Number.isFinite(r) ? Math.min(Math.max(r, 0), 1) : 0;
      await sleep(fraction * Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1)));
    }
  }
}
