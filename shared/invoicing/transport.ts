import { backoffDelayMs, realSleep } from '../solusio/retry';
import { BillingRejectedError, BillingTransportError, BillingUnavailableError } from './errors';
import type { BillingSystemName } from './types';

export interface BillingRetryPolicy {
  /** Retries after the first attempt of an idempotent request. */
  readonly maxRetries: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly sleep: (ms: number) => Promise<void>;
  /** In [0, 1), as `Math.random`. */
  readonly random: () => number;
}

export const BILLING_RETRY_DEFAULTS = { maxRetries: 3, baseDelayMs: 200, maxDelayMs: 3_000 } as const;

export interface BillingHttpConfig {
  readonly system: BillingSystemName;
  /** The system's root, without a trailing slash: `https://billing.example.com/whmcs`. */
  readonly baseUrl: string;
  /** Every credential the requests carry: replaced by `[redacted]` in any message. */
  readonly secrets: readonly string[];
  readonly timeoutMs?: number;
  readonly retry?: Partial<BillingRetryPolicy>;
  readonly fetch?: typeof fetch;
}

export interface BillingHttpRequest {
  /** The system's name for the call, for errors and logs (`CreateInvoice`, `invoices/add`). */
  readonly operation: string;
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Appended to the base URL: `/includes/api.php`. */
  readonly path: string;
  readonly query?: Readonly<Record<string, string>>;
  /** Sent as `application/x-www-form-urlencoded`. */
  readonly form?: Readonly<Record<string, string>>;
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * Reads and writes that are safe to repeat are retried on transport errors, 5xx and 429; a
   * create is tried once, because a lost answer may hide a created invoice.
   */
  readonly idempotent: boolean;
}

export interface BillingHttpResponse {
  readonly status: number;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  readonly json: unknown;
  readonly text: string;
}

const REDACTED = '[redacted]';
const DEFAULT_TIMEOUT_MS = 10_000;
/** Characters of an upstream answer quoted in an error message. */
const EXCERPT_CHARS = 200;

/**
 * The HTTP layer the connectors share: form or query encoding, a per-request timeout, retries
 * with full-jitter backoff for idempotent requests, and credentials kept out of every error. It
 * throws only for faults (no answer, 5xx, 429); any other status is the connector's to map, since
 * each system words its errors differently.
 */
export class BillingHttp {
  readonly system: BillingSystemName;
  readonly #baseUrl: string;
  readonly #secrets: readonly string[];
  readonly #timeoutMs: number;
  readonly #retry: BillingRetryPolicy;
  readonly #fetch: typeof fetch;

  constructor(config: BillingHttpConfig) {
    this.system = config.system;
    this.#baseUrl = config.baseUrl.replace(/\/+$/, '');
    this.#secrets = config.secrets.filter((secret) => secret.length > 0);
    this.#timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#retry = { ...BILLING_RETRY_DEFAULTS, sleep: realSleep, random: Math.random, ...config.retry };
    this.#fetch = config.fetch ?? fetch;
  }

  /** Replaces every credential in `text`; connectors run upstream messages through it too. */
  redact(text: string): string {
    return this.#secrets.reduce((result, secret) => result.split(secret).join(REDACTED), text);
  }

  /**
   * The start of an upstream answer for an error message: credentials redacted first, then cut
   * (a cut must not leave part of one behind); '' for an empty answer, else `prefix` + the text.
   */
  excerpt(text: string, prefix = ''): string {
    const trimmed = this.redact(text).trim().slice(0, EXCERPT_CHARS);
    return trimmed === '' ? '' : `${prefix}${trimmed}`;
  }

  async request(request: BillingHttpRequest): Promise<BillingHttpResponse> {
    const attempts = request.idempotent ? this.#retry.maxRetries + 1 : 1;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.attempt(request);
      } catch (error) {
        const retryable = error instanceof BillingTransportError || error instanceof BillingUnavailableError;
        if (!retryable || attempt >= attempts) throw error;
        await this.#retry.sleep(backoffDelayMs(attempt - 1, this.#retry));
      }
    }
  }

  private async attempt(request: BillingHttpRequest): Promise<BillingHttpResponse> {
    const url = new URL(`${this.#baseUrl}${request.path}`);
    for (const [key, value] of Object.entries(request.query ?? {})) url.searchParams.set(key, value);
    const headers: Record<string, string> = { accept: 'application/json', ...request.headers };
    let body: string | undefined;
    if (request.form !== undefined) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(request.form as Record<string, string>).toString();
    }
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.#timeoutMs);
    let status: number;
    let text: string;
    try {
      // No redirects: one to another origin would carry the credentials (form or headers) there.
      const response = await this.#fetch(url, { method: request.method, headers, ...(body === undefined ? {} : { body }), signal: controller.signal, redirect: 'manual' });
      status = response.status;
      text = await response.text();
    } catch (error) {
      const message = controller.signal.aborted ? `no complete answer within ${this.#timeoutMs} ms` : `no answer: ${describe(error)}`;
      throw new BillingTransportError(this.system, request.operation, this.redact(message));
    } finally {
      clearTimeout(timer);
    }
    if (status >= 300 && status < 400) {
      throw new BillingRejectedError(this.system, request.operation, this.redact(`HTTP ${status}: redirected; set the billing URL to where the API answers (${url.origin}${url.pathname} is not)`), { status });
    }
    if (status >= 500 || status === 429) {
      throw new BillingUnavailableError(this.system, request.operation, `HTTP ${status}${this.excerpt(text, ': ')}`, { status });
    }
    return { status, text, json: parseJson(text) };
  }
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}


function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
