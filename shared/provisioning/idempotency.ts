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

export function requestHashOf(method: string, path: string, body: unknown): string {
  return createHash('sha256').update(canonicalJson({ method, path, body: body ?? null })).digest('hex');
}

/**
 * Runs a write once per `Idempotency-Key` (design.md): the same key and request answer the first
 * answer again; the same key with another request is a 422; a key still being worked on is a 409.
 * A 4xx answer is kept (a retry would get the same); a 5xx frees the key so a retry can succeed.
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
  for (let attempt = 0; attempt < 2; attempt += 1) {
    const existing = await store.getIdempotency(scope, key);
    if (existing) {
      if (existing.requestHash !== requestHash) throw new IdempotencyKeyReusedError();
      if (existing.status === 'done' && existing.response) return existing.response;
      throw new ConflictError('A request with this Idempotency-Key is still in progress; retry shortly', 'request_in_progress');
    }
    if (await store.claimIdempotency(scope, key, requestHash, nowSeconds)) break;
  }
  let response: StoredResponse;
  try {
    response = await run();
  } catch (error) {
    if (error instanceof HttpError && error.statusCode < 500) {
      await store.completeIdempotency(scope, key, { statusCode: error.statusCode, body: JSON.stringify(error.toJSON()) });
    } else {
      await store.releaseIdempotency(scope, key);
    }
    throw error;
  }
  await store.completeIdempotency(scope, key, response);
  return response;
}
