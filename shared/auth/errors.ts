import { BridgeError } from '../errors';

/** Base of the key store's own errors (the HTTP layer maps them). */
export class ApiKeyError extends BridgeError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ApiKeyError';
  }
}

/** A new key whose hash (or id) is already stored: refused, never overwritten. */
export class ApiKeyExistsError extends ApiKeyError {
  constructor(
    readonly conflict: 'hash' | 'id',
    options?: ErrorOptions,
  ) {
    super(conflict === 'hash' ? 'An API key with this hash is already stored' : 'An API key with this id is already stored', options);
    this.name = 'ApiKeyExistsError';
  }
}

export class ApiKeyNotFoundError extends ApiKeyError {
  constructor(readonly id: string) {
    super(`No API key has the id "${id}"`);
    this.name = 'ApiKeyNotFoundError';
  }
}
