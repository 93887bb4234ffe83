import { createHash } from 'node:crypto';
import { ConflictError, HttpError } from '../errors';
import { canonicalJson } from '../json';
import type { DynamoServiceStore } from './DynamoServiceStore';

export interface StoredResponse {
  readonly statusCode: number;
  readonly body: string;
}

export class IdempotencyKeyReusedError extends HttpError {
  constructor() {
    super(422, 'idempotency_key_reused', 'This Idempotency-Key was used with another request');
    this.name = 'IdempotencyKeyReusedError';
  }
}

/** Answers that say "try again later": kept, they would replay a stale refusal for a day. */
const RETRY_LATER_CODES: ReadonlySet<string> = new Set(['service_in_progress', 'service_not_ready', 'request_in_progress']);

/** A claim older than this (request time) outlived any request (API Gateway gives up after 30 s). */
const STALE_CLAIM_SECONDS = 120;

export function requestHashOf(method: string, path: string, body: unknown): string {
  return createHash('sha256').update(canonicalJson({ method, path, body: body ?? null })).digest('hex');
}

/**
 * Runs a write once per `Idempotency-Key` (design.md): the same key and request answer the first
 * answer again; the same key with another request is a 422; a key still being worked on is a 409.
 * A 4xx answer is kept (a retry would get the same) unless it says to retry later; a 5xx frees the
 * key so a retry can succeed; a claim a crash left is freed after two minutes.
 * Called after validation, so a rejected request writes nothing. Our own records on the table
 * rather than Powertools idempotency: the answer to keep is the HTTP response after our error
 * mapping, and the scope is the route, both simplest where the handler already has them.
 */
export async function runIdempotently(
  store: DynamoServiceStore,
  scope: string,
  key: string | undefined,
  requestHash: string,
  nowSeconds: number,
  run: () => Promise<StoredResponse>,
): Promise<StoredResponse> {
  if (key === undefined) return run();
  let claimed = false;
  for (let attempt = 0; attempt < 3 && !claimed; attempt += 1) {
    const existing = await store.getIdempotency(scope, key);
    if (existing) {
      if (existing.requestHash !== requestHash) throw new IdempotencyKeyReusedError();
      if (existing.status === 'done' && existing.response) return existing.response;
      // A claim older than any request may run was left by a crash: free it and claim again.
      if (existing.claimedAtSeconds !== undefined && nowSeconds - existing.claimedAtSeconds > STALE_CLAIM_SECONDS) {
        await store.releaseIdempotency(scope, key);
        continue;
      }
      throw new ConflictError('A request with this Idempotency-Key is still in progress; retry shortly', 'request_in_progress');
    }
    claimed = await store.claimIdempotency(scope, key, requestHash, nowSeconds);
  }
  if (!claimed) throw new ConflictError('A request with this Idempotency-Key is still in progress; retry shortly', 'request_in_progress');
  let response: StoredResponse;
  try {
    response = await run();
  } catch (error) {
    if (error instanceof HttpError && error.statusCode < 500 && !RETRY_LATER_CODES.has(error.code)) {
      await store.completeIdempotency(scope, key, { statusCode: error.statusCode, body: JSON.stringify(error.toJSON()) });
    } else {
      await store.releaseIdempotency(scope, key);
    }
    throw error;
  }
  await store.completeIdempotency(scope, key, response);
  return response;
}
