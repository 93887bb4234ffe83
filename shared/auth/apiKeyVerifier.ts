import { UnauthorizedError, ForbiddenError } from '../errors';
import { JsonLineLogger, type Logger } from '../logging';
import { hashApiKey } from './apiKeyHash';
import type { ApiKeyRecord, ApiKeyRepository } from './apiKeyRepository';
import { grants, type Scope } from './scopes';

/** The longest a key check may be cached: a revoked key stops working within this (design: 30 s). */
export const MAX_KEY_CACHE_MS = 30_000;

export interface ApiKeyVerifierOptions {
  /** How long a looked-up key is trusted without reading it again; at most MAX_KEY_CACHE_MS (the default). */
  readonly cacheMs?: number;
  /** How many keys (known or not) the cache holds; the least recently used goes first. Default 1,000. */
  readonly maxEntries?: number;
  /** The least time between two last-used writes of one key. Default one minute. */
  readonly touchEveryMs?: number;
  /**
   * The process's monotonic clock in ms (default `performance.now()`). Cache ages are measured on it,
   * never on the request's billing time: a held or rewound simulator clock must not keep a revoked
   * key alive.
   */
  readonly monotonicNow?: () => number;
  readonly logger?: Logger;
}

interface CacheEntry {
  /** The lookup, shared by concurrent requests for the same key while it runs. */
  readonly record: Promise<ApiKeyRecord | undefined>;
  readonly fetchedAtMs: number;
  /** When this process last wrote the key's last-used time (monotonic). */
  touchedAtMs: number | undefined;
}

/** Checks a bearer key against the stored hashes, with a short, bounded in-memory cache. */
export class ApiKeyVerifier {
  private readonly cache = new Map<string, CacheEntry>();
  private readonly cacheMs: number;
  private readonly maxEntries: number;
  private readonly touchEveryMs: number;
  private readonly monotonicNow: () => number;
  private readonly logger: Logger;

  constructor(
    private readonly repository: ApiKeyRepository,
    options: ApiKeyVerifierOptions = {},
  ) {
    this.cacheMs = options.cacheMs ?? MAX_KEY_CACHE_MS;
    this.maxEntries = options.maxEntries ?? 1_000;
    this.touchEveryMs = options.touchEveryMs ?? 60_000;
    this.monotonicNow = options.monotonicNow ?? (() => performance.now());
    this.logger = options.logger ?? new JsonLineLogger();
    if (!(this.cacheMs >= 0 && this.cacheMs <= MAX_KEY_CACHE_MS)) throw new RangeError(`cacheMs must be between 0 and ${MAX_KEY_CACHE_MS}`);
    if (!(Number.isInteger(this.maxEntries) && this.maxEntries >= 1)) throw new RangeError('maxEntries must be a positive integer');
  }

  /**
   * Both steps at once, for a caller with no authorizer in front: the key's record, its use
   * recorded, or 401 (no, unknown or revoked key) / 403 (missing scope). `requestTimeMs` is the
   * request's time: what the last-used write stores.
   */
  async verify(authorization: string | undefined, required: Scope, requestTimeMs: number): Promise<ApiKeyRecord> {
    const record = await this.authenticate(authorization);
    await this.recordUse(record, requestTimeMs);
    return this.withScope(record, required);
  }

  /**
   * The handlers' check behind the authorizer (which records the use): the key's record, or 401 /
   * 403; it writes nothing, so a read-only function can serve the request.
   */
  async authorize(authorization: string | undefined, required: Scope): Promise<ApiKeyRecord> {
    return this.withScope(await this.authenticate(authorization), required);
  }

  /** The key's record when the header holds a live key, else 401; no scope check and no write. */
  async authenticate(authorization: string | undefined): Promise<ApiKeyRecord> {
    const rawKey = parseBearer(authorization);
    if (!rawKey) throw new UnauthorizedError();
    const record = await this.lookUp(hashApiKey(rawKey));
    if (!record || record.revokedAt !== undefined) throw new UnauthorizedError('The API key is not valid');
    return record;
  }

  /** Caches a key this process has just stored, so it works at once even if it was looked up before. */
  remember(record: ApiKeyRecord): void {
    this.store(record.keyHash, { record: Promise.resolve(record), fetchedAtMs: this.monotonicNow(), touchedAtMs: undefined });
  }

  /** Drops a key from the cache (this process revoked it: it stops working here at once). */
  forget(keyHash: string): void {
    this.cache.delete(keyHash);
  }

  /** Forgets every cached key (the local reset uses it). */
  clear(): void {
    this.cache.clear();
  }

  private async lookUp(keyHash: string): Promise<ApiKeyRecord | undefined> {
    const now = this.monotonicNow();
    const cached = this.cache.get(keyHash);
    if (cached && now - cached.fetchedAtMs < this.cacheMs) {
      // Refresh its place: the least recently used entry is the one evicted.
      this.cache.delete(keyHash);
      this.cache.set(keyHash, cached);
      return cached.record;
    }
    const entry: CacheEntry = { record: this.fetch(keyHash), fetchedAtMs: now, touchedAtMs: cached?.touchedAtMs };
    this.store(keyHash, entry);
    // A failed read is not remembered: the next request asks the table again.
    entry.record.catch(() => {
      if (this.cache.get(keyHash) === entry) this.cache.delete(keyHash);
    });
    return entry.record;
  }

  private async fetch(keyHash: string): Promise<ApiKeyRecord | undefined> {
    const record = await this.repository.get(keyHash);
    if (record?.unknownScopes) {
      this.logger.warn('API key holds unknown scopes; they are ignored', { keyId: record.id, unknownScopes: record.unknownScopes });
    }
    return record;
  }

  private store(keyHash: string, entry: CacheEntry): void {
    this.cache.delete(keyHash);
    this.cache.set(keyHash, entry);
    while (this.cache.size > this.maxEntries) {
      const oldest = this.cache.keys().next();
      if (oldest.done) break;
      this.cache.delete(oldest.value);
    }
  }

  private withScope(record: ApiKeyRecord, required: Scope): ApiKeyRecord {
    if (!grants(record.scopes, required)) throw new ForbiddenError(`The API key lacks the scope "${required}"`);
    return record;
  }

  /**
   * Writes the key's last-used time (`requestTimeMs`, the request's time) at most once per
   * `touchEveryMs` per key; a failure is logged, never thrown (the authorizer, and `verify`).
   */
  async recordUse(record: ApiKeyRecord, requestTimeMs: number): Promise<void> {
    const entry = this.cache.get(record.keyHash);
    const now = this.monotonicNow();
    if (entry?.touchedAtMs !== undefined && now - entry.touchedAtMs < this.touchEveryMs) return;
    if (entry) entry.touchedAtMs = now;
    try {
      await this.repository.touch(
        record.keyHash,
        new Date(requestTimeMs).toISOString(),
        new Date(requestTimeMs - this.touchEveryMs + 1).toISOString(),
      );
    } catch (error) {
      // Bookkeeping only: the request it came with must still be answered.
      this.logger.error('could not record an API key use', { keyId: record.id, error: error instanceof Error ? error.message : String(error) });
    }
  }
}

function parseBearer(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}
