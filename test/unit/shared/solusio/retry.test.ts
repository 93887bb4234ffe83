import {
  backoffDelayMs,
  Deadline,
  isRetryable,
  SolusApiError,
  SolusDeadlineExceededError,
  SolusNotFoundError,
  SolusRateLimitedError,
  SolusSchemaError,
  SolusServerError,
  SolusTransportError,
  SolusUnauthorizedError,
  SolusValidationError,
  withRetries,
  type RetryPolicy,
} from '../../../../shared/solusio';

describe('retry', () => {
  const request = { method: 'GET', path: '/api/v1/plans' };
  const serverError = () => new SolusServerError(request, 503, '');

  /** A fake monotonic clock that the fake sleep moves forward. */
  const harness = (overrides: Partial<RetryPolicy> = {}) => {
    const clock = { now: 0 };
    const sleeps: number[] = [];
    const policy: RetryPolicy = {
      maxRetries: 4,
      baseDelayMs: 200,
      maxDelayMs: 5_000,
      random: () => 0.5,
      sleep: async (ms) => {
        sleeps.push(ms);
        clock.now += ms;
      },
      ...overrides,
    };
    const deadline = (ms: number) => Deadline.after(ms, () => clock.now);
    return { clock, sleeps, policy, deadline };
  };

  /** An attempt that fails with each error in turn, then answers 'ok'; records the remaining ms it was given. */
  const script = (errors: Error[]) => {
    const budgets: number[] = [];
    const attempt = async (remainingMs: number): Promise<string> => {
      budgets.push(remainingMs);
      const error = errors.shift();
      if (error) throw error;
      return 'ok';
    };
    return { attempt, budgets };
  };

  describe('backoffDelayMs', () => {
    it.each([
      [0, 0.5, 100],
      [1, 0.5, 200],
      [2, 0.5, 400],
      [3, 0.5, 800],
      [5, 0.5, 2_500],
      [10, 0.5, 2_500],
      [2, 0, 0],
      [2, 0.999, 799.2],
    ])('waits random() * min(max, base * 2^%i) with random %p: %p ms', (retry, random, expected) => {
      // Act
      const delay = backoffDelayMs(retry, { baseDelayMs: 200, maxDelayMs: 5_000, random: () => random });

      // Assess
      expect(delay).toBeCloseTo(expected, 9);
    });

    it.each([Number.NaN, -1, 7])('keeps a broken random value (%p) within [0, ceiling]', (random) => {
      // Act
      const delay = backoffDelayMs(0, { baseDelayMs: 200, maxDelayMs: 5_000, random: () => random });

      // Assess
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThanOrEqual(200);
    });
  });

  describe('isRetryable', () => {
    it.each([
      [new SolusTransportError(request, 'x'), true],
      [serverError(), true],
      [new SolusRateLimitedError(request, undefined, ''), true],
      [new SolusNotFoundError(request, ''), false],
      [new SolusUnauthorizedError(request, 401, ''), false],
      [new SolusValidationError(request, {}, ''), false],
      [new SolusSchemaError(request, []), false],
      [new SolusDeadlineExceededError(request), false],
      [new SolusApiError(request, 'unexpected status 400', { status: 400 }), false],
    ])('says %p is retryable: %p', (error, expected) => {
      // Assess
      expect(isRetryable(error)).toBe(expected);
    });
  });

  describe('withRetries', () => {
    it('retries until success, sleeping the full-jitter backoff between attempts', async () => {
      // Prepare
      const { sleeps, policy } = harness();
      const { attempt, budgets } = script([serverError(), new SolusTransportError(request, 'reset'), serverError()]);

      // Act
      const result = await withRetries(request, Deadline.none(), policy, attempt);

      // Assess
      expect(result).toBe('ok');
      expect(budgets).toHaveLength(4);
      expect(sleeps).toEqual([100, 200, 400]);
    });

    it('throws the last error after maxRetries retries', async () => {
      // Prepare
      const { sleeps, policy } = harness({ maxRetries: 2 });
      const last = serverError();
      const { attempt, budgets } = script([serverError(), serverError(), last, serverError()]);

      // Act
      const act = withRetries(request, Deadline.none(), policy, attempt);

      // Assess
      await expect(act).rejects.toBe(last);
      expect(budgets).toHaveLength(3);
      expect(sleeps).toEqual([100, 200]);
    });

    it('does not retry an error that is not retryable', async () => {
      // Prepare
      const { sleeps, policy } = harness();
      const notFound = new SolusNotFoundError(request, '');
      const { attempt, budgets } = script([notFound]);

      // Act
      const act = withRetries(request, Deadline.none(), policy, attempt);

      // Assess
      await expect(act).rejects.toBe(notFound);
      expect(budgets).toHaveLength(1);
      expect(sleeps).toEqual([]);
    });

    it('lets an error that is not a SolusApiError through at once', async () => {
      // Prepare
      const { policy } = harness();
      const bug = new TypeError('bug');
      const { attempt, budgets } = script([bug]);

      // Act
      const act = withRetries(request, Deadline.none(), policy, attempt);

      // Assess
      await expect(act).rejects.toBe(bug);
      expect(budgets).toHaveLength(1);
    });

    it("waits a 429's Retry-After instead of the backoff", async () => {
      // Prepare
      const { sleeps, policy } = harness();
      const { attempt } = script([new SolusRateLimitedError(request, 3_000, ''), new SolusRateLimitedError(request, undefined, '')]);

      // Act
      await withRetries(request, Deadline.none(), policy, attempt);

      // Assess
      expect(sleeps).toEqual([3_000, 200]);
    });

    it('passes the remaining time to each attempt', async () => {
      // Prepare
      const { sleeps, policy, deadline } = harness();
      const { attempt, budgets } = script([serverError()]);

      // Act
      await withRetries(request, deadline(1_000), policy, attempt);

      // Assess
      expect(sleeps).toEqual([100]);
      expect(budgets).toEqual([1_000, 900]);
    });

    it("throws a deadline error instead of waiting past the deadline for a Retry-After", async () => {
      // Prepare
      const { sleeps, policy, deadline } = harness();
      const limited = new SolusRateLimitedError(request, 5_000, '');
      const { attempt } = script([limited]);

      // Act
      const error = await withRetries(request, deadline(4_000), policy, attempt).catch((caught: unknown) => caught);

      // Assess
      expect(error).toBeInstanceOf(SolusDeadlineExceededError);
      expect((error as Error).cause).toBe(limited);
      expect(sleeps).toEqual([]);
    });

    it('throws a deadline error when the backoff does not fit the time left', async () => {
      // Prepare
      const { clock, sleeps, policy, deadline } = harness();
      const run = deadline(350);
      const errors = [serverError(), serverError(), serverError()];
      let calls = 0;
      // Each attempt takes 100 ms of the deadline.
      const attempt = async (): Promise<string> => {
        calls += 1;
        clock.now += 100;
        throw errors[calls - 1];
      };

      // Act
      const error = await withRetries(request, run, policy, attempt).catch((caught: unknown) => caught);

      // Assess: attempt (100) + wait 100 + attempt (100) leaves 50 ms, less than the next wait of 200.
      expect(calls).toBe(2);
      expect(sleeps).toEqual([100]);
      expect(error).toBeInstanceOf(SolusDeadlineExceededError);
      expect((error as Error).cause).toBe(errors[1]);
    });

    it('does not start when the deadline has already passed', async () => {
      // Prepare
      const { policy, deadline } = harness();
      const { attempt, budgets } = script([]);

      // Act
      const error = await withRetries(request, deadline(0), policy, attempt).catch((caught: unknown) => caught);

      // Assess
      expect(error).toBeInstanceOf(SolusDeadlineExceededError);
      expect((error as Error).cause).toBeUndefined();
      expect(budgets).toEqual([]);
    });
  });
});
