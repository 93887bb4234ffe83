import { ForbiddenError, UnauthorizedError } from '../errors';
import { hashApiKey } from './apiKeyHash';
import type { ApiKeyRecord, ApiKeyRepository } from './apiKeyRepository';
import { grants, type Scope } from './scopes';

export interface ApiKeyVerifierOptions {
  /** How long a looked-up key is trusted without reading it again (as API Gateway caches authorizers). */
  readonly cacheMs?: number;
  /** The least time between two last-used writes of one key. */
  readonly touchEveryMs?: number;
}

interface CachedKey {
  readonly record: ApiKeyRecord | undefined;
  readonly fetchedAtMs: number;
}

/** Checks a bearer key against the stored hashes, with a short in-memory cache. */
export class ApiKeyVerifier {
  private readonly cache = new Map<string, CachedKey>();
  private readonly lastTouchMs = new Map<string, number>();
  private readonly cacheMs: number;
  private readonly touchEveryMs: number;

  constructor(
    private readonly repository: ApiKeyRepository,
    options: ApiKeyVerifierOptions = {},
  ) {
    this.cacheMs = options.cacheMs ?? 30_000;
    this.touchEveryMs = options.touchEveryMs ?? 60_000;
  }

  /** Returns the key's record, or throws 401 (no or unknown key) / 403 (missing scope). */
  async verify(authorization: string | undefined, required: Scope, nowMs: number): Promise<ApiKeyRecord> {
    const rawKey = parseBearer(authorization);
    if (!rawKey) throw new UnauthorizedError();
    const keyHash = hashApiKey(rawKey);
    const record = await this.lookUp(keyHash, nowMs);
    if (!record) throw new UnauthorizedError('The API key is not valid');
    await this.touch(keyHash, nowMs);
    if (!grants(record.scopes, required)) throw new ForbiddenError(`The API key lacks the scope "${required}"`);
    return record;
  }

  /** Forgets cached keys (the local reset uses it). */
  clear(): void {
    this.cache.clear();
    this.lastTouchMs.clear();
  }

  private async lookUp(keyHash: string, nowMs: number): Promise<ApiKeyRecord | undefined> {
    const cached = this.cache.get(keyHash);
    if (cached && nowMs - cached.fetchedAtMs < this.cacheMs && nowMs >= cached.fetchedAtMs) return cached.record;
    const record = await this.repository.get(keyHash);
    this.cache.set(keyHash, { record, fetchedAtMs: nowMs });
    return record;
  }

  private async touch(keyHash: string, nowMs: number): Promise<void> {
    const last = this.lastTouchMs.get(keyHash);
    if (last !== undefined && nowMs - last < this.touchEveryMs && nowMs >= last) return;
    this.lastTouchMs.set(keyHash, nowMs);
    await this.repository.touch(keyHash, new Date(nowMs).toISOString(), new Date(nowMs - this.touchEveryMs + 1).toISOString());
  }
}

function parseBearer(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}
