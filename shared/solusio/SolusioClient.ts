import { inspect } from 'node:util';
import type { z } from 'zod';
import type { Deadline } from './deadline';
import {
  SolusApiError,
  SolusRateLimitedError,
  errorForResponse,
  SolusDeadlineExceededError,
  SolusNotFoundError,
  SolusSchemaError,
  SolusTimeoutError,
  SolusTransportError,
  type Redact,
  type SolusRequestInfo,
} from './errors';
import { realSleep, RETRY_DEFAULTS, withRetries, type RetryPolicy } from './retry';
import {
  activityLogSchema,
  backupSchema,
  catalogEntrySchema,
  itemSchema,
  pageSchema,
  parseResponse,
  planSchema,
  serverSchema,
  taskSchema,
  userSchema,
  type SolusActivityLog,
  type SolusBackup,
  type SolusPage,
  type SolusPlan,
  type SolusServer,
  type SolusTask,
  type SolusUser,
} from './schemas';

export interface SolusioClientOptions {
  /** e.g. `http://127.0.0.1:4010/api/v1`, with or without a trailing slash. */
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

/**
 * Reads SolusIO: servers, plans, users, backups, activity log and tasks, with bounded retries
 * (transport errors, 5xx, 429 with `Retry-After`), a per-request timeout and a run deadline, and
 * every response checked against its schema. Read-only by design for now: the snapshot runs only
 * read; mutations (provisioning) come with their own idempotency rules.
 */
export class SolusioClient {
  private readonly base: URL;
  // A private field: unlike a `private` property it is neither enumerable nor shown by inspect/JSON.
  readonly #authorization: string;
  readonly #redact: Redact;
  private readonly requestTimeoutMs: number;
  private readonly maxPages: number;
  private readonly retry: RetryPolicy;
  private readonly fetchFn: typeof fetch;

  constructor(options: SolusioClientOptions) {
    this.base = SolusioClient.parseBaseUrl(options.baseUrl);
    const token = options.token;
    // The message names the problem, never the value.
    if (typeof token !== 'string' || token === '' || /\s/.test(token)) {
      throw new TypeError('SolusioClientOptions.token must be a non-empty token without whitespace');
    }
    this.#authorization = `Bearer ${token}`;
    this.#redact = (text) => text.split(token).join(REDACTED);
    this.requestTimeoutMs = checkNumber('requestTimeoutMs', options.requestTimeoutMs ?? CLIENT_DEFAULTS.requestTimeoutMs, { integer: false, min: 1, max: MAX_TIMER_MS });
    this.maxPages = checkNumber('maxPages', options.maxPages ?? CLIENT_DEFAULTS.maxPages, { integer: true, min: 1, max: Number.MAX_SAFE_INTEGER });
    this.retry = {
      maxRetries: checkNumber('maxRetries', options.maxRetries ?? CLIENT_DEFAULTS.maxRetries, { integer: true, min: 0, max: 100 }),
      baseDelayMs: checkNumber('baseDelayMs', options.baseDelayMs ?? CLIENT_DEFAULTS.baseDelayMs, { integer: false, min: 0, max: MAX_TIMER_MS }),
      maxDelayMs: checkNumber('maxDelayMs', options.maxDelayMs ?? CLIENT_DEFAULTS.maxDelayMs, { integer: false, min: 0, max: MAX_TIMER_MS }),
      sleep: options.sleep ?? realSleep,
      random: options.random ?? Math.random,
    };
    // Resolved per call, so the global is looked up when used, not when the client is built.
    this.fetchFn = options.fetch ?? ((input, init) => fetch(input, init));
  }

  /** Walks `GET servers` page by page; a page that still fails after its retries throws after the earlier pages were yielded. */
  serverPages(deadline: Deadline, filter: Record<string, string | number> = {}): AsyncGenerator<SolusPage<SolusServer>> {
    const url = this.url('servers');
    for (const [key, value] of Object.entries(filter)) url.searchParams.set(`filter[${key}]`, String(value));
    return this.pages(url, serverSchema, deadline);
  }

  /** `GET servers/{id}`; undefined once the server is gone (404). */
  async getServer(id: number, deadline: Deadline): Promise<SolusServer | undefined> {
    const url = this.url(`servers/${SolusioClient.checkId('server id', id)}`);
    try {
      return await this.getItem(url, serverSchema, deadline);
    } catch (error) {
      if (error instanceof SolusNotFoundError) return undefined;
      throw error;
    }
  }

  listPlans(deadline: Deadline): Promise<SolusPlan[]> {
    return this.all(this.pages(this.url('plans'), planSchema, deadline));
  }

  /** `GET plans/{id}`; undefined when SolusIO has no such plan. */
  getPlan(id: number, deadline: Deadline): Promise<SolusPlan | undefined> {
    return this.getOptional(`plans/${SolusioClient.checkId('plan id', id)}`, planSchema, deadline);
  }

  /** `GET locations/{id}`; undefined when SolusIO has no such location. */
  async hasLocation(id: number, deadline: Deadline): Promise<boolean> {
    return (await this.getOptional(`locations/${SolusioClient.checkId('location id', id)}`, catalogEntrySchema, deadline)) !== undefined;
  }

  /** `GET os_image_versions/{id}` (a create's `os` is an OS image version, as in the Go SDK). */
  async hasOsImageVersion(id: number, deadline: Deadline): Promise<boolean> {
    return (await this.getOptional(`os_image_versions/${SolusioClient.checkId('OS image version id', id)}`, catalogEntrySchema, deadline)) !== undefined;
  }

  /** `GET applications` (the Go SDK lists them; it has no read by id). */
  async hasApplication(id: number, deadline: Deadline): Promise<boolean> {
    const applications = await this.all(this.pages(this.url('applications'), catalogEntrySchema, deadline));
    return applications.some((application) => application.id === id);
  }

  listUsers(deadline: Deadline): Promise<SolusUser[]> {
    return this.all(this.pages(this.url('users'), userSchema, deadline));
  }

  /** `GET servers/{id}/backups`, every page; a server that is gone is a `SolusNotFoundError`. */
  listServerBackups(serverId: number, deadline: Deadline): Promise<SolusBackup[]> {
    const url = this.url(`servers/${SolusioClient.checkId('server id', serverId)}/backups`);
    return this.all(this.pages(url, backupSchema, deadline));
  }

  /**
   * `GET activity_logs`, newest first as SolusIO lists them, page by page. New entries push older
   * ones onto later pages while this walks: the caller de-duplicates by id.
   */
  activityLogPages(deadline: Deadline): AsyncGenerator<SolusPage<SolusActivityLog>> {
    return this.pages(this.url('activity_logs'), activityLogSchema, deadline);
  }

  getTask(id: number, deadline: Deadline): Promise<SolusTask> {
    return this.getItem(this.url(`tasks/${SolusioClient.checkId('task id', id)}`), taskSchema, deadline);
  }

  /** `GET tasks?filter[...]`, every page (the tasks of a server: `{ compute_resource_vm_id: id }`). */
  listTasks(filter: Record<string, string | number>, deadline: Deadline): Promise<SolusTask[]> {
    const url = this.url('tasks');
    for (const [key, value] of Object.entries(filter)) url.searchParams.set(`filter[${key}]`, String(value));
    return this.all(this.pages(url, taskSchema, deadline));
  }

  /** The user with exactly this e-mail (`filter[search]` matches substrings), or undefined. */
  async findUserByEmail(email: string, deadline: Deadline): Promise<SolusUser | undefined> {
    const url = this.url('users');
    url.searchParams.set('filter[search]', email);
    const users = await this.all(this.pages(url, userSchema, deadline));
    return users.find((user) => user.email.toLowerCase() === email.toLowerCase());
  }

  /** `POST users`. Not retried on an ambiguous failure (5xx, timeout): the caller looks the user up again. */
  createUser(body: { email: string; billing_user_id?: number }, deadline: Deadline): Promise<SolusUser> {
    return this.write('POST', 'users', body, userSchema, deadline, 'rejectedOnly');
  }

  /** `DELETE users/{id}`: a user the bridge created for a create SolusIO then refused. Gone already is fine. */
  async deleteUser(id: number, deadline: Deadline): Promise<void> {
    const url = this.url(`users/${SolusioClient.checkId('user id', id)}`);
    const request: SolusRequestInfo = { method: 'DELETE', path: url.pathname };
    try {
      await withRetries(request, deadline, this.retry, (remainingMs) => this.attempt(url, request, remainingMs, undefined, true));
    } catch (error) {
      if (!(error instanceof SolusNotFoundError)) throw error;
    }
  }

  /** `PATCH users/{id}` (e.g. `billing_user_id`). */
  updateUser(id: number, body: { billing_user_id?: number }, deadline: Deadline): Promise<SolusUser> {
    return this.write('PATCH', `users/${SolusioClient.checkId('user id', id)}`, body, userSchema, deadline, 'all');
  }

  /**
   * `POST servers`. Not retried on an ambiguous failure (5xx, timeout, dropped connection): SolusIO
   * may have created the server, and a retry could make a second one; the caller adopts instead.
   */
  createServer(body: Readonly<Record<string, unknown>>, deadline: Deadline): Promise<SolusServer> {
    return this.write('POST', 'servers', body, serverSchema, deadline, 'rejectedOnly');
  }

  /** `POST servers/{id}/{action}` (suspend, resume, start, stop, restart, reset_password, resize): the task. */
  serverAction(id: number, action: string, body: Readonly<Record<string, unknown>>, deadline: Deadline): Promise<SolusTask> {
    return this.write('POST', `servers/${SolusioClient.checkId('server id', id)}/${action}`, body, taskSchema, deadline, 'all');
  }

  /** `PATCH servers/{id}` (name, backup_settings). */
  updateServer(id: number, body: Readonly<Record<string, unknown>>, deadline: Deadline): Promise<SolusServer> {
    return this.write('PATCH', `servers/${SolusioClient.checkId('server id', id)}`, body, serverSchema, deadline, 'all');
  }

  /** `DELETE servers/{id}`: the delete task. */
  deleteServer(id: number, deadline: Deadline): Promise<SolusTask> {
    return this.write('DELETE', `servers/${SolusioClient.checkId('server id', id)}`, undefined, taskSchema, deadline, 'all');
  }

  /**
   * A write. `rejectedOnly` retries only a 429 (SolusIO refused it before doing anything); `all`
   * retries as reads do, for writes that repeat safely (an action on a server, an update).
   */
  private async write<T>(method: string, relative: string, body: unknown, schema: z.ZodType<T>, deadline: Deadline, retry: 'all' | 'rejectedOnly'): Promise<T> {
    const url = this.url(relative);
    const request: SolusRequestInfo = { method, path: url.pathname };
    const policy = retry === 'all' ? this.retry : { ...this.retry, retryable: (error: SolusApiError) => error instanceof SolusRateLimitedError };
    const reply = await withRetries(request, deadline, policy, (remainingMs) => this.attempt(url, request, remainingMs, body));
    return parseResponse(itemSchema(schema), reply, request).data;
  }

  private static parseBaseUrl(baseUrl: string): URL {
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

  private static checkId(what: string, id: number): number {
    if (!Number.isSafeInteger(id) || id < 1) throw new RangeError(`A SolusIO ${what} must be a positive integer, got ${String(id)}`);
    return id;
  }

  private url(relative: string): URL {
    return new URL(relative, this.base);
  }

  private async all<T>(pages: AsyncGenerator<SolusPage<T>>): Promise<T[]> {
    const items: T[] = [];
    for await (const page of pages) items.push(...page.items);
    return items;
  }

  private async getOptional<T>(relative: string, schema: z.ZodType<T>, deadline: Deadline): Promise<T | undefined> {
    try {
      return await this.getItem(this.url(relative), schema, deadline);
    } catch (error) {
      if (error instanceof SolusNotFoundError) return undefined;
      throw error;
    }
  }

  private async getItem<T>(url: URL, schema: z.ZodType<T>, deadline: Deadline): Promise<T> {
    const request: SolusRequestInfo = { method: 'GET', path: url.pathname };
    const body = await this.getJson(url, request, deadline);
    return parseResponse(itemSchema(schema), body, request).data;
  }

  /**
   * Follows `links.next` from `first` until `meta.current_page >= meta.last_page` or `next` is
   * null. Each page must be the one after the previous (a server that repeats a page would
   * otherwise loop until the page cap), and `next` must stay on the base URL's origin (the token
   * goes with every request).
   */
  private async *pages<T>(first: URL, schema: z.ZodType<T>, deadline: Deadline): AsyncGenerator<SolusPage<T>> {
    const envelope = pageSchema(schema);
    let url: URL | undefined = first;
    for (let page = 1; url !== undefined; page++) {
      const request: SolusRequestInfo = { method: 'GET', path: url.pathname, page };
      if (page > this.maxPages) throw new SolusSchemaError(request, [{ path: 'links.next', message: `still not the last page after ${this.maxPages} pages` }]);
      const body = await this.getJson(url, request, deadline);
      const parsed = parseResponse(envelope, body, request);
      const { current_page: current, last_page: last } = parsed.meta;
      if (current !== page) throw new SolusSchemaError(request, [{ path: 'meta.current_page', message: `expected page ${page}, got ${current}` }]);
      const next = current >= last || parsed.links.next === null ? undefined : this.nextUrl(parsed.links.next, request);
      yield { page, lastPage: last, items: parsed.data };
      url = next;
    }
  }

  private nextUrl(next: string, request: SolusRequestInfo): URL {
    let url: URL | undefined;
    try {
      url = new URL(next);
    } catch {
      url = undefined;
    }
    if (url === undefined || url.origin !== this.base.origin) {
      throw new SolusSchemaError(request, [{ path: 'links.next', message: `not a URL on ${this.base.origin}` }]);
    }
    return url;
  }

  private getJson(url: URL, request: SolusRequestInfo, deadline: Deadline): Promise<unknown> {
    return withRetries(request, deadline, this.retry, (remainingMs) => this.attempt(url, request, remainingMs));
  }

  /** One HTTP attempt: the parsed JSON of a 2xx, or the error `errorForResponse` maps the status to. */
  private async attempt(url: URL, request: SolusRequestInfo, remainingMs: number, payload?: unknown, emptyBodyOk = false): Promise<unknown> {
    const deadlineBinds = remainingMs < this.requestTimeoutMs;
    const timeoutMs = Math.ceil(Math.min(this.requestTimeoutMs, remainingMs));
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    let status: number;
    let retryAfter: string | null;
    let text: string;
    try {
      const response = await this.fetchFn(url, {
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

    const body = SolusioClient.parseJson(text);
    if (status < 200 || status > 299) throw errorForResponse(request, { status, retryAfter, body: body.ok ? body.value : undefined }, Date.now(), this.#redact);
    if (!body.ok) {
      // A delete may answer 204 with no body.
      if (emptyBodyOk && text.trim() === '') return undefined;
      throw new SolusSchemaError(request, [{ path: '(body)', message: `not JSON (status ${status})` }]);
    }
    return body.value;
  }

  private static parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
    try {
      return { ok: true, value: JSON.parse(text) as unknown };
    } catch {
      return { ok: false };
    }
  }

  /** The original error, unless anything in it (message, stack, causes) holds the token. */
  private safeCause(error: unknown): unknown {
    const rendered = inspect(error, { depth: 6 });
    return this.#redact(rendered) === rendered ? error : new Error(this.#redact(describeFailure(error)));
  }
}
