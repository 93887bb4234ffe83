import { ConflictError, HttpError } from '../../../../shared/errors';
import type { DynamoServiceStore, IdempotencyRecord } from '../../../../shared/provisioning';
import { IdempotencyKeyReusedError, runIdempotently } from '../../../../shared/provisioning';

/** The idempotency part of the service store, in memory. */
class FakeStore {
  readonly records = new Map<string, IdempotencyRecord>();

  async getIdempotency(scope: string, key: string): Promise<IdempotencyRecord | undefined> {
    return this.records.get(`${scope}#${key}`);
  }

  async claimIdempotency(scope: string, key: string, requestHash: string, nowSeconds: number): Promise<boolean> {
    if (this.records.has(`${scope}#${key}`)) return false;
    this.records.set(`${scope}#${key}`, { requestHash, status: 'in_progress', claimedAtSeconds: nowSeconds });
    return true;
  }

  async completeIdempotency(scope: string, key: string, response: { statusCode: number; body: string }): Promise<void> {
    const record = this.records.get(`${scope}#${key}`) as IdempotencyRecord;
    this.records.set(`${scope}#${key}`, { ...record, status: 'done', response });
  }

  async releaseIdempotency(scope: string, key: string): Promise<void> {
    this.records.delete(`${scope}#${key}`);
  }
}

const asStore = (fake: FakeStore): DynamoServiceStore => fake as unknown as DynamoServiceStore;
const ok = { statusCode: 202, body: '{"state":"active"}' };

describe('runIdempotently', () => {
  it('runs once per key and answers the first answer again', async () => {
    const store = new FakeStore();
    const run = jest.fn().mockResolvedValue(ok);
    expect(await runIdempotently(asStore(store), 'POST /v1/services', 'k', 'h1', 1000, run)).toEqual(ok);
    expect(await runIdempotently(asStore(store), 'POST /v1/services', 'k', 'h1', 1001, run)).toEqual(ok);
    expect(run).toHaveBeenCalledTimes(1);
  });

  it('refuses the key with another request (422)', async () => {
    const store = new FakeStore();
    await runIdempotently(asStore(store), 's', 'k', 'h1', 1000, () => Promise.resolve(ok));
    await expect(runIdempotently(asStore(store), 's', 'k', 'h2', 1000, () => Promise.resolve(ok))).rejects.toThrow(IdempotencyKeyReusedError);
  });

  it('keeps a final 4xx answer, and frees the key after a "retry later" conflict or a 5xx', async () => {
    const store = new FakeStore();
    await expect(runIdempotently(asStore(store), 's', 'final', 'h', 1000, () => Promise.reject(new HttpError(422, 'solusio_rejected', 'no')))).rejects.toThrow('no');
    expect(store.records.get('s#final')).toMatchObject({ status: 'done', response: { statusCode: 422 } });
    await expect(runIdempotently(asStore(store), 's', 'later', 'h', 1000, () => Promise.reject(new ConflictError('busy', 'service_not_ready')))).rejects.toThrow('busy');
    expect(store.records.has('s#later')).toBe(false);
    await expect(runIdempotently(asStore(store), 's', 'outage', 'h', 1000, () => Promise.reject(new HttpError(502, 'solusio_unavailable', 'down')))).rejects.toThrow();
    expect(store.records.has('s#outage')).toBe(false);
  });

  it('answers 409 while the key is held, and takes over a claim a crash left', async () => {
    const store = new FakeStore();
    store.records.set('s#k', { requestHash: 'h', status: 'in_progress', claimedAtSeconds: 1000 });
    await expect(runIdempotently(asStore(store), 's', 'k', 'h', 1030, () => Promise.resolve(ok))).rejects.toMatchObject({ code: 'request_in_progress' });
    expect(await runIdempotently(asStore(store), 's', 'k', 'h', 1000 + 121, () => Promise.resolve(ok))).toEqual(ok);
  });
});
