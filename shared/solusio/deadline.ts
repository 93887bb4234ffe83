/** A monotonic clock in milliseconds; `performance.now()` unless a test passes its own. */
export type MonotonicClock = () => number;

const processClock: MonotonicClock = () => performance.now();

/**
 * The time a whole run may take (a Lambda's remaining time minus a margin), on the process's
 * monotonic clock: the billing clock (the event's `time`, the simulator's clock) can be set and
 * held, and the wall clock can jump, neither of which may stretch or shrink a run's budget.
 */
export class Deadline {
  private constructor(
    private readonly at: number,
    private readonly clock: MonotonicClock,
  ) {}

  /**
   * A deadline `ms` from now. A negative budget (a caller subtracting a margin from too little
   * time) is a deadline already expired rather than an error, so the run stops cleanly.
   * `clock` is for tests; production code leaves it out.
   */
  static after(ms: number, clock: MonotonicClock = processClock): Deadline {
    if (Number.isNaN(ms)) throw new RangeError('Deadline.after needs a number of milliseconds, got NaN');
    return new Deadline(clock() + Math.max(0, ms), clock);
  }

  /** No deadline: `remainingMs()` is `Infinity` (scripts and tests that do not care). */
  static none(): Deadline {
    return new Deadline(Number.POSITIVE_INFINITY, processClock);
  }

  /** Milliseconds left, never negative; `Infinity` for `none()`. */
  remainingMs(): number {
    if (this.at === Number.POSITIVE_INFINITY) return Number.POSITIVE_INFINITY;
    return Math.max(0, this.at - this.clock());
  }

  expired(): boolean {
    return this.remainingMs() <= 0;
  }
}
