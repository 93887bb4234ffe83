import { ConflictError, HttpError } from '../../../../shared/errors';
import { IdempotencyKeyReusedError, runIdempotently, type IdempotencyRecord, type IdempotencyRepository, type StoredResponse } from '../../../../shared/provisioning';

/** The idempotency records in memory, with the same conditions as the DynamoDB store. */
class FakeStore implements IdempotencyRepository {
  readonly records = new Map<string, IdempotencyRecord>();

  async getIdempotency(scope: string, key: string): Promise<IdempotencyRecord | undefined> {
    return this.records.get(`${scope}#${key}`);
  }

  async claimIdempotency(scope: string, key: string, requestHash: string, nowSeconds: number, token: string): Promise<boolean> {
    if (this.records.has(`${scope}#${key}`)) return false;
    this.records.set(`${scope}#${key}`, { requestHash, status: 'in_progress', claimedAtSeconds: nowSeconds, token });
    return true;
  }

  async takeOverIdempotency(scope: string, key: string, stale: IdempotencyRecord, nowSeconds: number, token: string): Promise<boolean> {
    const current = this.records.get(`${scope}#${key}`);
    if (current?.status !== 'in_progress' || current.claimedAtSeconds !== stale.claimedAtSeconds) return false;
    this.records.set(`${scope}#${key}`, { ...current, claimedAtSeconds: nowSeconds, token });
    return true;
  }

  async completeIdempotency(scope: string, key: string, token: string, response: StoredResponse): Promise<boolean> {
    const current = this.records.get(`${scope}#${key}`);
    if (current?.token !== token || current.status !== 'in_progress') return false;
    this.records.set(`${scope}#${key}`, { ...current, status: 'done', response });
    return true;
  }

  async releaseIdempotency(scope: string, key: string, token: string): Promise<boolean> {
    const current = this.records.get(`${scope}#${key}`);
    if (current?.token !== token || current.status !== 'in_progress') return false;
    this.records.delete(`${scope}#${key}`);
    return true;
  }
}

/** Lets every caller read, then holds them until all have read: the interleaving in which two retries see the same stale claim. */
class BarrierStore extends FakeStore {
  private waiting: (() => void)[] = [];
  private reads = 0;

  constructor(private readonly readers: number) {
    super();
  }

  override async getIdempotency(scope: string, key: string): Promise<IdempotencyRecord | undefined> {
    const record = await super.getIdempotency(scope, key);
    this.reads += 1;
    if (this.reads <= this.readers) {
      await new Promise<void>((resolve) => {
        this.waiting.push(resolve);
        if (this.waiting.length === this.readers) for (const release of this.waiting.splice(0)) release();
      });
    }
    return record;
  }
}

const ok = { statusCode: 202, body: '{"state":"active"}' };
let tokens = 0;
const newToken = () => `t${(tokens += 1)}`;

describe('runIdempotently', () => {
  it('runs once per key and answers the first answer again', async () => {
    const store = new FakeStore();
    const run = jest.fn().mockResolvedValue(ok);
    expect(await runIdempotently(store, 'POST /v1/services', 'k', 'h1', 1000, run)).toEqual(ok);
    expect(await runIdempotently(store, 'POST /v1/services', 'k', 'h1', 1001, run)).toEqual(ok);
    expect(run).toHaveBeenCalledTimes(1);
  });

  it('refuses the key with another request (422)', async () => {
    const store = new FakeStore();
    await runIdempotently(store, 's', 'k', 'h1', 1000, () => Promise.resolve(ok));
    await expect(runIdempotently(store, 's', 'k', 'h2', 1000, () => Promise.resolve(ok))).rejects.toThrow(IdempotencyKeyReusedError);
  });

  it('keeps a final 4xx answer, and frees the key after a "retry later" conflict or a 5xx', async () => {
    const store = new FakeStore();
    await expect(runIdempotently(store, 's', 'final', 'h', 1000, () => Promise.reject(new HttpError(422, 'solusio_rejected', 'no')))).rejects.toThrow('no');
    expect(store.records.get('s#final')).toMatchObject({ status: 'done', response: { statusCode: 422 } });
    for (const code of ['service_not_ready', 'service_in_progress', 'service_changed']) {
      await expect(runIdempotently(store, 's', code, 'h', 1000, () => Promise.reject(new ConflictError('busy', code)))).rejects.toThrow('busy');
      expect([code, store.records.has(`s#${code}`)]).toEqual([code, false]);
    }
    await expect(runIdempotently(store, 's', 'outage', 'h', 1000, () => Promise.reject(new HttpError(502, 'solusio_unavailable', 'down')))).rejects.toThrow();
    expect(store.records.has('s#outage')).toBe(false);
  });

  it('answers 409 while the key is held, and takes over a claim a crash left', async () => {
    const store = new FakeStore();
    store.records.set('s#k', { requestHash: 'h', status: 'in_progress', claimedAtSeconds: 1000, token: 'crashed' });
    await expect(runIdempotently(store, 's', 'k', 'h', 1030, () => Promise.resolve(ok))).rejects.toMatchObject({ code: 'request_in_progress' });
    expect(await runIdempotently(store, 's', 'k', 'h', 1000 + 121, () => Promise.resolve(ok), { newToken })).toEqual(ok);
    expect(store.records.get('s#k')).toMatchObject({ status: 'done', response: ok });
  });

  it('lets exactly one of two retries that read the same stale claim run the write', async () => {
    // Reproduced (#21): the stale claim was freed by an unconditional delete, so both retries re-claimed and ran.
    const store = new BarrierStore(2);
    store.records.set('s#k', { requestHash: 'h', status: 'in_progress', claimedAtSeconds: 1000, token: 'crashed' });
    const run = jest.fn(async () => {
      await new Promise((resolve) => setTimeout(resolve, 10));
      return ok;
    });
    const results = await Promise.allSettled([runIdempotently(store, 's', 'k', 'h', 1200, run, { newToken }), runIdempotently(store, 's', 'k', 'h', 1200, run, { newToken })]);
    expect(run).toHaveBeenCalledTimes(1);
    expect(results.map((result) => result.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(results.find((result) => result.status === 'rejected')).toMatchObject({ reason: { code: 'request_in_progress' } });
  });

  it('never lets a holder whose claim was taken over overwrite the new holder\'s answer or free its key', async () => {
    // Reproduced (#21): completion did not check who held the claim.
    const store = new FakeStore();
    let releaseSlow: () => void = () => undefined;
    const slow = runIdempotently(store, 's', 'k', 'h', 1000, () => new Promise<StoredResponse>((resolve) => (releaseSlow = () => resolve({ statusCode: 202, body: 'slow' }))), { newToken });
    await new Promise((resolve) => setImmediate(resolve));
    // The first holder looks crashed two minutes later: a retry takes over and answers.
    const fast = await runIdempotently(store, 's', 'k', 'h', 1000 + 121, () => Promise.resolve({ statusCode: 202, body: 'fast' }), { newToken });
    releaseSlow();
    await slow;
    expect(fast.body).toBe('fast');
    expect(store.records.get('s#k')).toMatchObject({ status: 'done', response: { body: 'fast' } });

    // A failing old holder does not free the new holder's key either.
    const failing = new FakeStore();
    let failSlow: () => void = () => undefined;
    const doomed = runIdempotently(failing, 's', 'k', 'h', 1000, () => new Promise<StoredResponse>((_, reject) => (failSlow = () => reject(new HttpError(502, 'x', 'down')))), { newToken });
    await new Promise((resolve) => setImmediate(resolve));
    failing.records.set('s#k', { ...(failing.records.get('s#k') as IdempotencyRecord), token: 'successor' });
    failSlow();
    await expect(doomed).rejects.toThrow('down');
    expect(failing.records.get('s#k')).toMatchObject({ token: 'successor', status: 'in_progress' });
  });
});
