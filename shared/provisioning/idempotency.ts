import { createHash, randomBytes } from 'node:crypto';
import { ConflictError, HttpError } from '../errors';
import { canonicalJson } from '../json';

export interface StoredResponse {
  readonly statusCode: number;
  readonly body: string;
}

export interface IdempotencyRecord {
  readonly requestHash: string;
  /** When the request that holds it claimed it (request time, epoch seconds). */
  readonly claimedAtSeconds?: number;
  /** The holder's token: only it may complete or release the claim. */
  readonly token?: string;
  readonly status: 'in_progress' | 'done';
  readonly response?: StoredResponse;
}

/** Idempotency records; every change after the claim is conditional on the holder's token. */
export interface IdempotencyRepository {
  getIdempotency(scope: string, key: string): Promise<IdempotencyRecord | undefined>;
  /** Claims a free key; false when it is taken. */
  claimIdempotency(scope: string, key: string, requestHash: string, nowSeconds: number, token: string): Promise<boolean>;
  /** Takes over the stale claim exactly as read (same claim time, still in progress); false when another request did first. */
  takeOverIdempotency(scope: string, key: string, stale: IdempotencyRecord, nowSeconds: number, token: string): Promise<boolean>;
  /** Stores the answer; false when the claim is no longer this token's. */
  completeIdempotency(scope: string, key: string, token: string, response: StoredResponse): Promise<boolean>;
  /** Frees the key; false when the claim is no longer this token's. */
  releaseIdempotency(scope: string, key: string, token: string): Promise<boolean>;
}

export class IdempotencyKeyReusedError extends HttpError {
  constructor() {
    super(422, 'idempotency_key_reused', 'This Idempotency-Key was used with another request');
    this.name = 'IdempotencyKeyReusedError';
  }
}

/** Answers that say "try again later": kept, they would replay a stale refusal for a day. */
const RETRY_LATER_CODES: ReadonlySet<string> = new Set(['service_in_progress', 'service_not_ready', 'service_changed', 'request_in_progress']);

/** A claim older than this (request time) outlived any request (API Gateway gives up after 30 s). */
const STALE_CLAIM_SECONDS = 120;

export function requestHashOf(method: string, path: string, body: unknown): string {
  return createHash('sha256').update(canonicalJson({ method, path, body: body ?? null })).digest('hex');
}

const inProgress = () => new ConflictError('A request with this Idempotency-Key is still in progress; retry shortly', 'request_in_progress');

export interface IdempotencyOptions {
  /** The claim's token (random unless a test names it). */
  readonly newToken?: () => string;
}

/**
 * Runs a write once per `Idempotency-Key` (design.md): the same key and request answer the first
 * answer again; the same key with another request is a 422; a key still being worked on is a 409.
 * A 4xx answer is kept (a retry would get the same) unless it says to retry later; a 5xx frees the
 * key so a retry can succeed; a claim a crash left is taken over after two minutes, by one request
 * only (conditional on the claim as read), and only the holder's token completes or frees it.
 * Called after validation, so a rejected request writes nothing.
 */
export async function runIdempotently(
  store: IdempotencyRepository,
  scope: string,
  key: string | undefined,
  requestHash: string,
  nowSeconds: number,
  run: () => Promise<StoredResponse>,
  options: IdempotencyOptions = {},
): Promise<StoredResponse> {
  if (key === undefined) return run();
  const token = (options.newToken ?? (() => randomBytes(12).toString('hex')))();
  let claimed = false;
  for (let attempt = 0; attempt < 3 && !claimed; attempt += 1) {
    const existing = await store.getIdempotency(scope, key);
    if (existing === undefined) {
      claimed = await store.claimIdempotency(scope, key, requestHash, nowSeconds, token);
      continue;
    }
    if (existing.requestHash !== requestHash) throw new IdempotencyKeyReusedError();
    if (existing.status === 'done' && existing.response) return existing.response;
    const stale = existing.claimedAtSeconds !== undefined && nowSeconds - existing.claimedAtSeconds > STALE_CLAIM_SECONDS;
    if (!stale) throw inProgress();
    // A claim a crash left: exactly one retry takes it over; a loser sees the winner's fresh claim.
    claimed = await store.takeOverIdempotency(scope, key, existing, nowSeconds, token);
  }
  if (!claimed) throw inProgress();
  let response: StoredResponse;
  try {
    response = await run();
  } catch (error) {
    if (error instanceof HttpError && error.statusCode < 500 && !RETRY_LATER_CODES.has(error.code)) {
      await store.completeIdempotency(scope, key, token, { statusCode: error.statusCode, body: JSON.stringify(error.toJSON()) });
    } else {
      await store.releaseIdempotency(scope, key, token);
    }
    throw error;
  }
  await store.completeIdempotency(scope, key, token, response);
  return response;
}
