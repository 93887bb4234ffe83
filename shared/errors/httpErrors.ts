/** The JSON error body every API answer uses: `{ "error": { "code", "message" } }`. */
export interface ErrorBody {
  readonly error: { readonly code: string; readonly message: string };
}

/** Base of the bridge's own errors; `cause` is kept for logs, never rendered. */
export class BridgeError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'BridgeError';
  }
}

/** An error that maps to an HTTP status. `expose` says whether its message may reach the client. */
export class HttpError extends BridgeError {
  readonly statusCode: number;
  readonly code: string;
  readonly expose: boolean;
  /** Headers the answer carries (`Retry-After` of a 409 that says "later"). */
  readonly headers: Readonly<Record<string, string>> = {};

  constructor(statusCode: number, code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'HttpError';
    this.statusCode = statusCode;
    this.code = code;
    this.expose = statusCode < 500 || statusCode === 501;
  }

  toJSON(): ErrorBody {
    return { error: { code: this.code, message: this.expose ? this.message : 'Internal error' } };
  }
}

export class BadRequestError extends HttpError {
  constructor(message: string, code = 'bad_request', options?: ErrorOptions) {
    super(400, code, message, options);
    this.name = 'BadRequestError';
  }
}

export class UnauthorizedError extends HttpError {
  constructor(message = 'A valid API key is required: send "Authorization: Bearer <key>"') {
    super(401, 'unauthorized', message);
    this.name = 'UnauthorizedError';
  }
}

export class ForbiddenError extends HttpError {
  constructor(message: string) {
    super(403, 'forbidden', message);
    this.name = 'ForbiddenError';
  }
}

export class NotFoundError extends HttpError {
  constructor(message: string) {
    super(404, 'not_found', message);
    this.name = 'NotFoundError';
  }
}

export class ConflictError extends HttpError {
  constructor(message: string, code = 'conflict') {
    super(409, code, message);
    this.name = 'ConflictError';
  }
}

/** A 409 that says when to come back: the work it waits for is under way (`Retry-After`, whole seconds). */
export class RetryLaterError extends HttpError {
  override readonly headers: Readonly<Record<string, string>>;
  readonly retryAfterSeconds: number;

  constructor(message: string, code: string, retryAfterSeconds: number) {
    super(409, code, message);
    this.name = 'RetryLaterError';
    this.retryAfterSeconds = Math.max(1, Math.ceil(retryAfterSeconds));
    this.headers = { 'retry-after': String(this.retryAfterSeconds) };
  }
}

export class NotImplementedError extends HttpError {
  constructor(what: string) {
    super(501, 'not_implemented', `${what} is not implemented yet`);
    this.name = 'NotImplementedError';
  }
}
