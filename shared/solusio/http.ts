import { inspect } from 'node:util';
import type { z } from 'zod';
import type { Deadline } from './deadline';
import {
  SolusApiError,
  SolusDeadlineExceededError,
  SolusNotFoundError,
  SolusRateLimitedError,
  SolusSchemaError,
  SolusTimeoutError,
  SolusTransportError,
  errorForResponse,
  type Redact,
  type SolusRequestInfo,
} from './errors';
import { realSleep, RETRY_DEFAULTS, withRetries, type RetryPolicy } from './retry';
import { itemSchema, parseResponse } from './schemas';

export interface SolusioClientOptions {
  /** e.g. `http://127.0.0.1:4010/api/v1`, with or without a trailing slash. Every request goes here, list pages included. */
  baseUrl: string;
  /** Bearer token; never appears in a message, log line or error field. */
  token: string;
  /** Per request (connection to the end of the body), default 10 000; capped by the deadline's remaining time. */
  requestTimeoutMs?: number;
  /** Retries after the first attempt, default 4 (up to 5 attempts). */
  maxRetries?: number;
  /** Default 200: the wait before retry n is `random() * min(maxDelayMs, baseDelayMs * 2^n)`. */
  baseDelayMs?: number;
  /** Default 5 000. */
  maxDelayMs?: number;
  /** Guard against a server whose `links.next` never ends; default 100 000 pages per list. */
  maxPages?: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  fetch?: typeof fetch;
}

export const CLIENT_DEFAULTS = { requestTimeoutMs: 10_000, maxPages: 100_000, ...RETRY_DEFAULTS } as const;

/** `all` retries a write as reads are retried; `rejectedOnly` retries only a 429 (SolusIO refused it before doing anything). */
export type WriteRetry = 'all' | 'rejectedOnly';

/** setTimeout's largest delay; a longer timeout would fire at once. */
const MAX_TIMER_MS = 2_147_483_647;

const REDACTED = '[redacted]';

function checkNumber(name: string, value: number, { integer, min, max }: { integer: boolean; min: number; max: number }): number {
  const ok = typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max && (!integer || Number.isInteger(value));
  if (!ok) throw new RangeError(`SolusioClientOptions.${name} must be ${integer ? 'an integer' : 'a number'} in [${min}, ${max}], got ${String(value)}`);
  return value;
}

/** `fetch failed: other side closed (UND_ERR_SOCKET)` from undici's error and its cause. */
function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause;
  if (!(cause instanceof Error)) return error.message;
  const code = (cause as Error & { code?: unknown }).code;
  return `${error.message}: ${cause.message}${typeof code === 'string' ? ` (${code})` : ''}`;
}

function parseBaseUrl(baseUrl: string): URL {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new TypeError(`SolusioClientOptions.baseUrl is not a URL: ${JSON.stringify(baseUrl)}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new TypeError(`SolusioClientOptions.baseUrl must be http(s), got ${url.protocol}`);
  if (url.username || url.password || url.search || url.hash) {
    throw new TypeError('SolusioClientOptions.baseUrl must not carry credentials, a query or a fragment');
  }
  // A trailing slash makes `new URL('servers', base)` append instead of replacing the last segment.
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url;
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

/** A SolusIO id in a path: a positive safe integer, else a RangeError naming what it is. */
export function checkId(what: string, id: number): number {
  if (!Number.isSafeInteger(id) || id < 1) throw new RangeError(`A SolusIO ${what} must be a positive integer, got ${String(id)}`);
  return id;
}

/** Sets `filter[key]=value` on a list URL (SolusIO's filter syntax, as the Go SDK's `filter.go` writes it). */
export function withFilter(url: URL, filter: Readonly<Record<string, string | number>>): URL {
  for (const [key, value] of Object.entries(filter)) url.searchParams.set(`filter[${key}]`, String(value));
  return url;
}

/**
 * The HTTP core every resource module uses: the base URL, the token (never exposed), bounded
 * retries (transport errors, 5xx, 429 with `Retry-After`), a per-request timeout capped by the
 * run's deadline, and JSON bodies checked against their schema.
 */
export class SolusioHttp {
  readonly maxPages: number;
  readonly #base: URL;
  // Private fields: unlike `private` properties they are neither enumerable nor shown by inspect/JSON.
  readonly #authorization: string;
  readonly #redact: Redact;
  readonly #requestTimeoutMs: number;
  readonly #retry: RetryPolicy;
  readonly #fetch: typeof fetch;

  constructor(options: SolusioClientOptions) {
    this.#base = parseBaseUrl(options.baseUrl);
    const token = options.token;
    // The message names the problem, never the value.
    if (typeof token !== 'string' || token === '' || /\s/.test(token)) {
      throw new TypeError('SolusioClientOptions.token must be a non-empty token without whitespace');
    }
    this.#authorization = `Bearer ${token}`;
    this.#redact = (text) => text.split(token).join(REDACTED);
    this.#requestTimeoutMs = checkNumber('requestTimeoutMs', options.requestTimeoutMs ?? CLIENT_DEFAULTS.requestTimeoutMs, { integer: false, min: 1, max: MAX_TIMER_MS });
    this.maxPages = checkNumber('maxPages', options.maxPages ?? CLIENT_DEFAULTS.maxPages, { integer: true, min: 1, max: Number.MAX_SAFE_INTEGER });
    this.#retry = {
      maxRetries: checkNumber('maxRetries', options.maxRetries ?? CLIENT_DEFAULTS.maxRetries, { integer: true, min: 0, max: 100 }),
      baseDelayMs: checkNumber('baseDelayMs', options.baseDelayMs ?? CLIENT_DEFAULTS.baseDelayMs, { integer: false, min: 0, max: MAX_TIMER_MS }),
      maxDelayMs: checkNumber('maxDelayMs', options.maxDelayMs ?? CLIENT_DEFAULTS.maxDelayMs, { integer: false, min: 0, max: MAX_TIMER_MS }),
      sleep: options.sleep ?? realSleep,
      random: options.random ?? Math.random,
    };
    // Resolved per call, so the global is looked up when used, not when the client is built.
    this.#fetch = options.fetch ?? ((input, init) => fetch(input, init));
  }

  /** A URL below the base URL (`servers/4`); a fresh object each time, the caller may change its query. */
  url(relative: string): URL {
    return new URL(relative, this.#base);
  }

  /** GET with retries: the parsed JSON of a 2xx. */
  getJson(url: URL, request: SolusRequestInfo, deadline: Deadline): Promise<unknown> {
    return withRetries(request, deadline, this.#retry, (remainingMs) => this.attempt(url, request, remainingMs));
  }

  /** `GET <relative>` answering `{ "data": {...} }`. */
  async getItem<T>(relative: string, schema: z.ZodType<T>, deadline: Deadline): Promise<T> {
    const url = this.url(relative);
    const request: SolusRequestInfo = { method: 'GET', path: url.pathname };
    const body = await this.getJson(url, request, deadline);
    return parseResponse(itemSchema(schema), body, request).data;
  }

  /** As `getItem`, but undefined when SolusIO answers 404. */
  async getOptional<T>(relative: string, schema: z.ZodType<T>, deadline: Deadline): Promise<T | undefined> {
    try {
      return await this.getItem(relative, schema, deadline);
    } catch (error) {
      if (error instanceof SolusNotFoundError) return undefined;
      throw error;
    }
  }

  /** A write answering `{ "data": {...} }`. */
  async write<T>(method: string, relative: string, body: unknown, schema: z.ZodType<T>, deadline: Deadline, retry: WriteRetry): Promise<T> {
    const url = this.url(relative);
    const request: SolusRequestInfo = { method, path: url.pathname };
    const policy = retry === 'all' ? this.#retry : { ...this.#retry, retryable: (error: SolusApiError) => error instanceof SolusRateLimitedError };
    const reply = await withRetries(request, deadline, policy, (remainingMs) => this.attempt(url, request, remainingMs, body));
    return parseResponse(itemSchema(schema), reply, request).data;
  }

  /** A `DELETE` whose answer may be empty (204); 404 is a `SolusNotFoundError`. Repeats safely, so retried as a read. */
  async deleteWithoutBody(relative: string, deadline: Deadline): Promise<void> {
    const url = this.url(relative);
    const request: SolusRequestInfo = { method: 'DELETE', path: url.pathname };
    await withRetries(request, deadline, this.#retry, (remainingMs) => this.attempt(url, request, remainingMs, undefined, true));
  }

  /** One HTTP attempt: the parsed JSON of a 2xx, or the error `errorForResponse` maps the status to. */
  private async attempt(url: URL, request: SolusRequestInfo, remainingMs: number, payload?: unknown, emptyBodyOk = false): Promise<unknown> {
    const deadlineBinds = remainingMs < this.#requestTimeoutMs;
    const timeoutMs = Math.ceil(Math.min(this.#requestTimeoutMs, remainingMs));
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    let status: number;
    let retryAfter: string | null;
    let text: string;
    try {
      const response = await this.#fetch(url, {
        method: request.method,
        headers: {
          authorization: this.#authorization,
          accept: 'application/json',
          ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(payload === undefined ? {} : { body: JSON.stringify(payload) }),
        // Never follow a redirect: the Authorization header must not travel to another place.
        redirect: 'manual',
        signal: controller.signal,
      });
      status = response.status;
      retryAfter = response.headers.get('retry-after');
      text = await response.text();
    } catch (error) {
      if (controller.signal.aborted) {
        const timeout = new SolusTimeoutError(request, timeoutMs);
        // The deadline, not the request timeout, cut this attempt short: say so, and stop retrying.
        if (deadlineBinds) throw new SolusDeadlineExceededError(request, { cause: timeout });
        throw timeout;
      }
      throw new SolusTransportError(request, this.#redact(describeFailure(error)), { cause: this.safeCause(error) });
    } finally {
      clearTimeout(timer);
    }

    const body = parseJson(text);
    if (status < 200 || status > 299) throw errorForResponse(request, { status, retryAfter, body: body.ok ? body.value : undefined }, Date.now(), this.#redact);
    if (!body.ok) {
      // A delete may answer 204 with no body.
      if (emptyBodyOk && text.trim() === '') return undefined;
      throw new SolusSchemaError(request, [{ path: '(body)', message: `not JSON (status ${status})` }]);
    }
    return body.value;
  }

  /** The original error, unless anything in it (message, stack, causes) holds the token. */
  private safeCause(error: unknown): unknown {
    const rendered = inspect(error, { depth: 6 });
    return this.#redact(rendered) === rendered ? error : new Error(this.#redact(describeFailure(error)));
  }
}
