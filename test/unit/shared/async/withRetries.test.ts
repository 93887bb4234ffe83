import { RetriesExhaustedError, RetryableError, withRetries } from '../../../../shared/async';

/** A sleep that records the waits instead of waiting. */
function recordingSleep(): { waits: number[]; sleep: (ms: number) => Promise<void> } {
  const waits: number[] = [];
  return { waits, sleep: async (ms) => void waits.push(ms) };
}

describe('withRetries', () => {
  it('answers the first success, after as many retryable failures as it took', async () => {
    const { waits, sleep } = recordingSleep();
    const seen: number[] = [];
    const value = await withRetries(
      async (attempt) => {
        seen.push(attempt);
        if (attempt < 3) throw new RetryableError('2 writes unprocessed');
        return 'done';
      },
      { what: 'BatchWriteItem', sleep, random: () => 0.5 },
    );
    expect(value).toBe('done');
    expect(seen).toEqual([1, 2, 3]);
    // Full jitter of an exponential ceiling: half of 25 ms, then half of 50 ms.
    expect(waits).toEqual([12.5, 25]);
  });

  it('keeps the step\'s own progress between attempts (what a batch left unprocessed)', async () => {
    const { sleep } = recordingSleep();
    let pending = ['a', 'b', 'c', 'd'];
    const sent: string[][] = [];
    await withRetries(
      async () => {
        sent.push(pending);
        pending = pending.slice(2); // DynamoDB takes two per request
        if (pending.length > 0) throw new RetryableError(`${pending.length} left`);
      },
      { what: 'batch', sleep },
    );
    expect(sent).toEqual([['a', 'b', 'c', 'd'], ['c', 'd']]);
  });

  it('gives up after the attempts, naming the work and keeping the last error as the cause', async () => {
    const { waits, sleep } = recordingSleep();
    let calls = 0;
    const failure = withRetries(
      async () => {
        calls += 1;
        throw new RetryableError(`unprocessed ${calls}`);
      },
      { what: 'BatchGetItem of 100 keys', attempts: 4, sleep, random: () => 0.999 },
    );
    await expect(failure).rejects.toThrow(RetriesExhaustedError);
    await expect(failure).rejects.toThrow('BatchGetItem of 100 keys: still failing after 4 attempts (unprocessed 4)');
    expect(calls).toBe(4);
    expect(waits).toHaveLength(3);
    const error = await failure.catch((caught: unknown) => caught);
    expect((error as Error).cause).toEqual(new RetryableError('unprocessed 4'));
  });

  it('throws an error that is not retryable at once', async () => {
    const { waits, sleep } = recordingSleep();
    let calls = 0;
    const broken = new Error('ValidationException');
    await expect(
      withRetries(
        async () => {
          calls += 1;
          throw broken;
        },
        { what: 'x', sleep },
      ),
    ).rejects.toBe(broken);
    expect([calls, waits]).toEqual([1, []]);
  });

  it('retries what `retryable` says, caps the wait at maxDelayMs and tolerates a broken random source', async () => {
    const { waits, sleep } = recordingSleep();
    const randoms = [1, Number.NaN, -3, 0.5, 0.5, 0.5, 0.5];
    let calls = 0;
    await withRetries(
      async () => {
        calls += 1;
        if (calls < 8) throw Object.assign(new Error('throttled'), { name: 'ProvisionedThroughputExceededException' });
      },
      { what: 'x', sleep, random: () => randoms.shift() ?? 0, baseDelayMs: 100, maxDelayMs: 1_000, retryable: (error) => error instanceof Error && error.name === 'ProvisionedThroughputExceededException' },
    );
    expect(waits).toEqual([100, 0, 0, 400, 500, 500, 500]);
  });

  it('refuses a count of attempts that is not a positive integer', async () => {
    await expect(withRetries(async () => 1, { what: 'x', attempts: 0 })).rejects.toThrow(RangeError);
  });

  it('waits for real by default', async () => {
    let calls = 0;
    const started = Date.now();
    await withRetries(
      async () => {
        calls += 1;
        if (calls < 2) throw new RetryableError('once');
      },
      { what: 'x', baseDelayMs: 40, random: () => 1 },
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(35);
  });
});
