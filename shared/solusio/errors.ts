import * as z from 'zod';
import { BridgeError } from '../errors';

/**
 * Errors of the SolusIO client: one base class, one subclass per kind of fault. Every message
 * starts with the request (`GET /api/v1/servers (page 2): ...`, no host) so a log line alone says
 * which call failed. Nothing here ever holds the API token: texts that come from SolusIO pass
 * through the client's redaction before they reach a message or a field.
 */

/** The request an error is about: method, path without host or query, and the list page if any. */
export interface SolusRequestInfo {
  readonly method: string;
  readonly path: string;
  readonly page?: number;
}

/** Removes secrets from a text that came from outside (an upstream message, a socket error). */
export type Redact = (text: string) => string;

const keepText: Redact = (text) => text;

const describeRequest = ({ method, path, page }: SolusRequestInfo): string =>
  `${method} ${path}${page === undefined ? '' : ` (page ${page})`}`;

export interface SolusApiErrorOptions extends ErrorOptions {
  /** The upstream HTTP status, when SolusIO answered. */
  readonly status?: number;
}

/** Base of every SolusIO client error; also the error for an upstream status no subclass covers. */
export class SolusApiError extends BridgeError {
  readonly status?: number;
  readonly method: string;
  readonly path: string;
  readonly page?: number;

  constructor(request: SolusRequestInfo, detail: string, options: SolusApiErrorOptions = {}) {
    const { status, ...errorOptions } = options;
    super(`${describeRequest(request)}: ${detail}`, errorOptions);
    this.name = 'SolusApiError';
    this.method = request.method;
    this.path = request.path;
    this.page = request.page;
    this.status = status;
  }
}

/** 401 or 403: the token is wrong, expired or lacks the permission. */
export class SolusUnauthorizedError extends SolusApiError {
  constructor(request: SolusRequestInfo, status: number, upstreamMessage: string) {
    super(request, `SolusIO refused the API token (${status}${upstreamMessage ? `: ${upstreamMessage}` : ''})`, { status });
    this.name = 'SolusUnauthorizedError';
  }
}

/** 404: the resource (or, for a list below a resource, its parent) does not exist. */
export class SolusNotFoundError extends SolusApiError {
  constructor(request: SolusRequestInfo, upstreamMessage: string) {
    super(request, `not found (404${upstreamMessage ? `: ${upstreamMessage}` : ''})`, { status: 404 });
    this.name = 'SolusNotFoundError';
  }
}

/** 429: too many requests. `retryAfterMs` is SolusIO's `Retry-After`, when it sent a readable one. */
export class SolusRateLimitedError extends SolusApiError {
  readonly retryAfterMs?: number;

  constructor(request: SolusRequestInfo, retryAfterMs: number | undefined, upstreamMessage: string) {
    const wait = retryAfterMs === undefined ? '' : `, retry after ${retryAfterMs} ms`;
    super(request, `rate limited (429${upstreamMessage ? `: ${upstreamMessage}` : ''}${wait})`, { status: 429 });
    this.name = 'SolusRateLimitedError';
    this.retryAfterMs = retryAfterMs;
  }
}

/** 422: SolusIO rejected the request's data; `fieldErrors` is its `errors` object (field -> messages). */
export class SolusValidationError extends SolusApiError {
  readonly fieldErrors: Readonly<Record<string, readonly string[]>>;

  constructor(request: SolusRequestInfo, fieldErrors: Readonly<Record<string, readonly string[]>>, upstreamMessage: string) {
    const fields = Object.entries(fieldErrors).map(([field, messages]) => `${field}: ${messages.join(' ')}`);
    const detail = fields.length ? fields.join('; ') : upstreamMessage || 'no field errors given';
    super(request, `rejected as invalid (422: ${detail})`, { status: 422 });
    this.name = 'SolusValidationError';
    this.fieldErrors = fieldErrors;
  }
}

/** 5xx: SolusIO (or a proxy in front of it) failed. */
export class SolusServerError extends SolusApiError {
  constructor(request: SolusRequestInfo, status: number, upstreamMessage: string) {
    super(request, `SolusIO failed (${status}${upstreamMessage ? `: ${upstreamMessage}` : ''})`, { status });
    this.name = 'SolusServerError';
  }
}

/** No HTTP answer: connection refused or dropped, DNS, TLS, or no answer within the request timeout. */
export class SolusTransportError extends SolusApiError {
  constructor(request: SolusRequestInfo, detail: string, options?: ErrorOptions) {
    super(request, `no answer from SolusIO: ${detail}`, options);
    this.name = 'SolusTransportError';
  }
}

/**
 * No complete answer within the request timeout. For a write the outcome is unknown: SolusIO may
 * still carry it out after the bridge gave up (a slow create commits late).
 */
export class SolusTimeoutError extends SolusTransportError {
  constructor(request: SolusRequestInfo, timeoutMs: number) {
    super(request, `no complete answer within ${timeoutMs} ms`);
    this.name = 'SolusTimeoutError';
  }
}

/** One mismatch between a response and its schema; `path` is the field path (`data.3.ip_addresses.ipv4`). */
export interface SchemaIssue {
  readonly path: string;
  readonly message: string;
}

/** Shown in a message; all of them stay in `issues`. */
const ISSUES_IN_MESSAGE = 5;

/** A 2xx response that is not what the client expects: never defaulted, always this error. */
export class SolusSchemaError extends SolusApiError {
  readonly issues: readonly SchemaIssue[];
  /** The path of the first issue, the one a reader looks at first. */
  readonly field: string;

  constructor(request: SolusRequestInfo, issues: readonly SchemaIssue[]) {
    const shown = issues.slice(0, ISSUES_IN_MESSAGE).map((issue) => `${issue.path}: ${issue.message}`);
    const more = issues.length > ISSUES_IN_MESSAGE ? ` (and ${issues.length - ISSUES_IN_MESSAGE} more)` : '';
    super(request, `unexpected response: ${shown.join('; ')}${more}`);
    this.name = 'SolusSchemaError';
    this.issues = issues;
    this.field = issues[0]?.path ?? '(body)';
  }
}

/** The run's deadline leaves no time for another attempt or wait; `cause` is the last error, if any. */
export class SolusDeadlineExceededError extends SolusApiError {
  constructor(request: SolusRequestInfo, options: { readonly cause?: SolusApiError } = {}) {
    const last = options.cause;
    const lastText = last === undefined ? '' : `; last error: ${last.name}${last.status === undefined ? '' : ` (${last.status})`}`;
    super(request, `the run's deadline leaves no time for another attempt${lastText}`, last === undefined ? {} : { cause: last });
    this.name = 'SolusDeadlineExceededError';
  }
}

/** The order error's name, as a run record's `error` text carries it (`activity log: SolusActivityLogOrderError: ...`). */
export const ACTIVITY_LOG_ORDER_ERROR = 'SolusActivityLogOrderError';

/** An activity-log entry as an order error names it. */
export interface ActivityLogPosition {
  readonly id: number;
  readonly createdAt: string;
}

/**
 * The activity log is not listed newest first: an entry is newer than one listed before it. The
 * bridge reads the log newest first down to the previous complete run and stops at the first older
 * entry; on a log in any other order it would date nothing and say nothing, so the read fails
 * instead (no public document states SolusIO's order, and it has no sort or date filter to ask for
 * one: docs/conformance.md, "Activity log"). Not retried: the same order comes back.
 */
export class SolusActivityLogOrderError extends SolusApiError {
  readonly listedBefore: ActivityLogPosition;
  readonly newer: ActivityLogPosition;

  constructor(request: SolusRequestInfo, listedBefore: ActivityLogPosition, newer: ActivityLogPosition) {
    super(
      request,
      `the activity log is not listed newest first: entry ${newer.id} (${newer.createdAt}) comes after entry ${listedBefore.id} (${listedBefore.createdAt}), which is older; deletions and additional IPs cannot be dated from it`,
    );
    this.name = ACTIVITY_LOG_ORDER_ERROR;
    this.listedBefore = listedBefore;
    this.newer = newer;
  }
}

/** Whether an error text (a run record's `error`) reports a `SolusActivityLogOrderError`. */
export function reportsActivityLogOrderError(text: string | undefined): boolean {
  return text !== undefined && text.includes(`${ACTIVITY_LOG_ORDER_ERROR}: `);
}

/** What `errorForResponse` needs of a non-2xx response. */
export interface UpstreamResponse {
  readonly status: number;
  /** The `Retry-After` header as sent, or null. */
  readonly retryAfter: string | null;
  /** The body parsed as JSON, or undefined when it was empty or not JSON. */
  readonly body: unknown;
}

const MAX_UPSTREAM_MESSAGE = 300;

const upstreamBodySchema = z.object({
  message: z.string().optional(),
  errors: z.record(z.string(), z.union([z.array(z.string()), z.string()])).optional(),
});

/**
 * `Retry-After` in milliseconds: whole seconds (`120`) or an HTTP-date (a wait until then, 0 if it
 * is past). Anything else is undefined: the caller falls back to its own backoff.
 */
export function parseRetryAfter(value: string | null, nowMs: number): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // A date has letters (day and month names, GMT); without that check Date.parse would read "1.5" as 2001-01-05.
  if (!/[a-z]/i.test(text)) return undefined;
  const at = Date.parse(text);
  return Number.isFinite(at) ? Math.max(0, at - nowMs) : undefined;
}

/**
 * The one mapping from an upstream status to an error. `nowMs` is the wall clock, only used to
 * turn a `Retry-After` HTTP-date into a wait; `redact` cleans texts SolusIO sent (it may echo
 * anything, including the request's header).
 */
export function errorForResponse(request: SolusRequestInfo, response: UpstreamResponse, nowMs: number, redact: Redact = keepText): SolusApiError {
  const { status } = response;
  const body = upstreamBodySchema.safeParse(response.body);
  const rawMessage = body.success ? (body.data.message ?? '') : '';
  const message = redact(rawMessage.length > MAX_UPSTREAM_MESSAGE ? `${rawMessage.slice(0, MAX_UPSTREAM_MESSAGE)}...` : rawMessage);

  if (status === 401 || status === 403) return new SolusUnauthorizedError(request, status, message);
  if (status === 404) return new SolusNotFoundError(request, message);
  if (status === 429) return new SolusRateLimitedError(request, parseRetryAfter(response.retryAfter, nowMs), message);
  if (status === 422) {
    const errors = body.success ? (body.data.errors ?? {}) : {};
    const fieldErrors = Object.fromEntries(
      Object.entries(errors).map(([field, messages]) => [redact(field), (Array.isArray(messages) ? messages : [messages]).map(redact)]),
    );
    return new SolusValidationError(request, fieldErrors, message);
  }
  if (status >= 500 && status <= 599) return new SolusServerError(request, status, message);
  // 3xx (redirects are not followed: the token must not travel elsewhere), 400, 405, 409, ...
  return new SolusApiError(request, `unexpected status ${status}${message ? `: ${message}` : ''}`, { status });
}
