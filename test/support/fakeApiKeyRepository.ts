import { ApiKeyExistsError, type ApiKeyRecord, type ApiKeyRepository, type NewApiKeyRecord } from '../../shared/auth';

/** An in-memory ApiKeyRepository for unit tests: counts reads, records touches, fails on demand. */
export class FakeApiKeyRepository implements ApiKeyRepository {
  readonly records = new Map<string, ApiKeyRecord>();
  gets = 0;
  readonly touches: { keyHash: string; now: string; notBefore: string }[] = [];
  /** Set to make the next get / every touch fail. */
  failGet: Error | undefined;
  failTouch: Error | undefined;
  /** Resolves pending gets only when released (concurrency tests). */
  private gate: Promise<void> | undefined;
  private openGate: (() => void) | undefined;

  hold(): void {
    this.gate = new Promise((resolve) => (this.openGate = resolve));
  }

  release(): void {
    this.openGate?.();
    this.gate = undefined;
  }

  async create(record: NewApiKeyRecord): Promise<void> {
    if (this.records.has(record.keyHash)) throw new ApiKeyExistsError('hash');
    if ([...this.records.values()].some((stored) => stored.id === record.id)) throw new ApiKeyExistsError('id');
    this.records.set(record.keyHash, record);
  }

  async get(keyHash: string): Promise<ApiKeyRecord | undefined> {
    this.gets += 1;
    if (this.gate) await this.gate;
    const failure = this.failGet;
    this.failGet = undefined;
    if (failure) throw failure;
    return this.records.get(keyHash);
  }

  async list(): Promise<ApiKeyRecord[]> {
    return [...this.records.values()];
  }

  async revoke(id: string, now: string): Promise<ApiKeyRecord | undefined> {
    const record = [...this.records.values()].find((stored) => stored.id === id);
    if (!record) return undefined;
    if (record.revokedAt !== undefined) return record;
    const revoked = { ...record, revokedAt: now };
    this.records.set(record.keyHash, revoked);
    return revoked;
  }

  async touch(keyHash: string, now: string, notBefore: string): Promise<boolean> {
    this.touches.push({ keyHash, now, notBefore });
    if (this.failTouch) throw this.failTouch;
    return true;
  }
}
