// Over 300 lines: every transport failure class (timeouts, retries, redaction) of the one billing HTTP transport.
import { inspect } from 'node:util';
import { BillingTransportError, BillingUnavailableError } from '../../../../shared/invoicing/errors';
import { BillingHttp, type BillingHttpConfig, type BillingHttpRequest } from '../../../../shared/invoicing/transport';

const IDENTIFIER = 'api-ident-4d1e9a';
const SECRET = 'api-secret-7bc20f55';
const BASE_URL = 'https://billing.example.test/whmcs';

interface SentRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Headers;
  readonly body: string | undefined;
}

/** What the fake fetch does for one call: answer, or throw. */
type Reply = { status: number; text: string } | { error: unknown };

/** A fetch that plays `replies` in order (the last one again when they run out) and records every request. */
function fakeFetch(replies: Reply[]): { fetch: typeof fetch; sent: SentRequest[] } {
  const sent: SentRequest[] = [];
  const fake = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    sent.push({
      url: String(input),
      method: init?.method ?? 'GET',
      headers: new Headers(init?.headers),
      body: typeof init?.body === 'string' ? init.body : undefined,
    });
    const reply = replies[Math.min(sent.length - 1, replies.length - 1)] ?? { status: 200, text: '' };
    if ('error' in reply) throw reply.error;
    return new Response(reply.text, { status: reply.status });
  };
  return { fetch: fake as typeof fetch, sent };
}

function http(replies: Reply[], config: Partial<BillingHttpConfig> = {}) {
  const fake = fakeFetch(replies);
  const sleeps: number[] = [];
  const client = new BillingHttp({
    system: 'whmcs',
    baseUrl: BASE_URL,
    secrets: [IDENTIFIER, SECRET],
    fetch: fake.fetch,
    ...config,
    retry: { sleep: async (ms) => void sleeps.push(ms), random: () => 0.5, ...config.retry },
  });
  return { client, sent: fake.sent, sleeps };
}

const READ: BillingHttpRequest = { operation: 'GetInvoices', method: 'POST', path: '/includes/api.php', form: { action: 'GetInvoices' }, idempotent: true };
const CREATE: BillingHttpRequest = { operation: 'CreateInvoice', method: 'POST', path: '/includes/api.php', form: { action: 'CreateInvoice' }, idempotent: false };

const ok = (json: unknown): Reply => ({ status: 200, text: JSON.stringify(json) });
const connectionReset = (): Reply => ({ error: new TypeError('fetch failed', { cause: new Error('ECONNRESET') }) });

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('BillingHttp', () => {
  describe('encoding', () => {
    it('sends a form url-encoded with its content type, asking for JSON', async () => {
      // Prepare
      const { client, sent } = http([ok({ result: 'success' })]);

      // Act
      await client.request({ ...CREATE, form: { action: 'CreateInvoice', notes: 'a b&c=d', 'itemamount[0]': '12.30' } });

      // Assess
      expect(sent).toHaveLength(1);
      expect(sent[0]?.method).toBe('POST');
      expect(sent[0]?.headers.get('content-type')).toBe('application/x-www-form-urlencoded');
      expect(sent[0]?.headers.get('accept')).toBe('application/json');
      expect(sent[0]?.body).toBe('action=CreateInvoice&notes=a+b%26c%3Dd&itemamount%5B0%5D=12.30');
      expect(Object.fromEntries(new URLSearchParams(sent[0]?.body))).toEqual({ action: 'CreateInvoice', notes: 'a b&c=d', 'itemamount[0]': '12.30' });
    });

    it('sends no body and no content type without a form', async () => {
      // Prepare
      const { client, sent } = http([ok([])]);

      // Act
      await client.request({ operation: 'invoices/get', method: 'GET', path: '/api/invoices/get.json', idempotent: true });

      // Assess
      expect(sent[0]?.method).toBe('GET');
      expect(sent[0]?.body).toBeUndefined();
      expect(sent[0]?.headers.get('content-type')).toBeNull();
    });

    it('adds the request headers', async () => {
      // Prepare
      const { client, sent } = http([ok([])]);

      // Act
      await client.request({ ...READ, headers: { 'blesta-api-user': 'u' } });

      // Assess
      expect(sent[0]?.headers.get('blesta-api-user')).toBe('u');
    });

    it('appends the path and the encoded query to the base URL', async () => {
      // Prepare
      const { client, sent } = http([ok([])]);

      // Act
      await client.request({ operation: 'invoices/get', method: 'GET', path: '/api/invoices/get.json', query: { client_id: '7', search: 'sbb 2026&x' }, idempotent: true });

      // Assess
      const url = new URL(sent[0]?.url ?? '');
      expect(`${url.origin}${url.pathname}`).toBe(`${BASE_URL}/api/invoices/get.json`);
      expect(Object.fromEntries(url.searchParams)).toEqual({ client_id: '7', search: 'sbb 2026&x' });
    });

    it.each([`${BASE_URL}/`, `${BASE_URL}//`])('drops the trailing slashes of the base URL %p', async (baseUrl) => {
      // Prepare
      const { client, sent } = http([ok([])], { baseUrl });

      // Act
      await client.request(READ);

      // Assess
      expect(sent[0]?.url).toBe(`${BASE_URL}/includes/api.php`);
    });
  });

  describe('answers', () => {
    it('returns a 2xx answer with its text and parsed JSON', async () => {
      // Prepare
      const { client } = http([ok({ result: 'success', invoiceid: 41 })]);

      // Act
      const response = await client.request(READ);

      // Assess
      expect(response).toEqual({ status: 200, text: '{"result":"success","invoiceid":41}', json: { result: 'success', invoiceid: 41 } });
    });

    it.each([400, 401, 403, 404, 422])('returns a %i answer with its parsed JSON instead of throwing, without retrying', async (status) => {
      // Prepare
      const { client, sent, sleeps } = http([{ status, text: '{"result":"error","message":"nope"}' }]);

      // Act
      const response = await client.request(READ);

      // Assess
      expect(response).toEqual({ status, text: '{"result":"error","message":"nope"}', json: { result: 'error', message: 'nope' } });
      expect(sent).toHaveLength(1);
      expect(sleeps).toEqual([]);
    });

    it.each(['<html>Maintenance</html>', '', '{"truncated":'])('answers json undefined for the body %p, which is not JSON', async (text) => {
      // Prepare
      const { client } = http([{ status: 200, text }]);

      // Act
      const response = await client.request(READ);

      // Assess
      expect(response.json).toBeUndefined();
      expect(response.text).toBe(text);
    });
  });

  describe('retries', () => {
    it.each([
      ['a thrown fetch error', connectionReset()],
      ['a 500', { status: 500, text: 'oops' }],
      ['a 503', { status: 503, text: '' }],
      ['a 429', { status: 429, text: 'slow down' }],
    ])('retries an idempotent request after %s, sleeping the backoff', async (_case, failure) => {
      // Prepare
      const { client, sent, sleeps } = http([failure, failure, ok({ result: 'success' })]);

      // Act
      const response = await client.request(READ);

      // Assess
      expect(response.json).toEqual({ result: 'success' });
      expect(sent).toHaveLength(3);
      expect(sleeps).toEqual([100, 200]);
    });

    it('throws the transport error after maxRetries retries of a failing connection', async () => {
      // Prepare
      const { client, sent, sleeps } = http([connectionReset()]);

      // Act
      const error = await caught(client.request(READ));

      // Assess
      expect(error).toBeInstanceOf(BillingTransportError);
      expect(error).toMatchObject({ system: 'whmcs', operation: 'GetInvoices', retryable: true, message: 'whmcs GetInvoices: no answer: fetch failed: ECONNRESET' });
      expect(sent).toHaveLength(4);
      expect(sleeps).toEqual([100, 200, 400]);
    });

    it.each([500, 502, 429])('throws BillingUnavailableError with the status after maxRetries retries of a %i', async (status) => {
      // Prepare
      const { client, sent, sleeps } = http([{ status, text: 'down for maintenance' }], { retry: { maxRetries: 2 } });

      // Act
      const error = await caught(client.request(READ));

      // Assess
      expect(error).toBeInstanceOf(BillingUnavailableError);
      expect(error).toMatchObject({ status, message: `whmcs GetInvoices: HTTP ${status}: down for maintenance` });
      expect(sent).toHaveLength(3);
      expect(sleeps).toEqual([100, 200]);
    });

    it('tries an idempotent request once when maxRetries is 0', async () => {
      // Prepare
      const { client, sent, sleeps } = http([{ status: 500, text: '' }], { retry: { maxRetries: 0 } });

      // Act
      const error = await caught(client.request(READ));

      // Assess
      expect(error).toBeInstanceOf(BillingUnavailableError);
      expect(sent).toHaveLength(1);
      expect(sleeps).toEqual([]);
    });

    it.each([
      ['a thrown fetch error', connectionReset(), BillingTransportError],
      ['a 500', { status: 500, text: '' }, BillingUnavailableError],
      ['a 429', { status: 429, text: '' }, BillingUnavailableError],
    ])('tries a non-idempotent request exactly once on %s', async (_case, failure, errorClass) => {
      // Prepare
      const { client, sent, sleeps } = http([failure, ok({ result: 'success' })]);

      // Act
      const error = await caught(client.request(CREATE));

      // Assess
      expect(error).toBeInstanceOf(errorClass);
      expect(sent).toHaveLength(1);
      expect(sleeps).toEqual([]);
    });
  });

  describe('timeout', () => {
    /** A fetch that never answers: it rejects only when its signal aborts. */
    const hangingFetch = jest.fn(
      (_input: string | URL | Request, init?: RequestInit) =>
        new Promise<Response>((_resolve, reject) => {
          init?.signal?.addEventListener('abort', () => reject(new DOMException('This operation was aborted', 'AbortError')));
        }),
    );

    beforeEach(() => hangingFetch.mockClear());

    it('gives up after timeoutMs with a transport error naming the milliseconds', async () => {
      // Prepare
      const { client } = http([], { fetch: hangingFetch as typeof fetch, timeoutMs: 20 });

      // Act
      const error = await caught(client.request(CREATE));

      // Assess
      expect(error).toBeInstanceOf(BillingTransportError);
      expect((error as Error).message).toBe('whmcs CreateInvoice: no complete answer within 20 ms');
      expect(hangingFetch).toHaveBeenCalledTimes(1);
    });

    it('retries an idempotent request that timed out', async () => {
      // Prepare
      const { client, sleeps } = http([], { fetch: hangingFetch as typeof fetch, timeoutMs: 20, retry: { maxRetries: 1 } });

      // Act
      const error = await caught(client.request(READ));

      // Assess
      expect(error).toBeInstanceOf(BillingTransportError);
      expect((error as Error).message).toContain('20 ms');
      expect(hangingFetch).toHaveBeenCalledTimes(2);
      expect(sleeps).toEqual([100]);
    });
  });

  describe('credentials', () => {
    const leaks = (error: unknown): boolean => {
      const text = `${String(error)}\n${inspect(error, { depth: 5 })}\n${JSON.stringify(error)}`;
      return text.includes(IDENTIFIER) || text.includes(SECRET);
    };

    it('keeps them out of the error when a 500 body echoes them', async () => {
      // Prepare
      const body = `Fatal: authentication ${IDENTIFIER}:${SECRET} failed; retry with secret=${SECRET}`;
      const { client } = http([{ status: 500, text: body }]);

      // Act
      const error = await caught(client.request(READ));

      // Assess
      expect(error).toBeInstanceOf(BillingUnavailableError);
      expect(leaks(error)).toBe(false);
      expect((error as Error).message).toBe('whmcs GetInvoices: HTTP 500: Fatal: authentication [redacted]:[redacted] failed; retry with secret=[redacted]');
    });

    it('keeps them out of the error when the fetch error message carries them', async () => {
      // Prepare
      const failure = new TypeError(`fetch failed for ${BASE_URL}?secret=${SECRET}`, { cause: new Error(`connect ECONNREFUSED (identifier ${IDENTIFIER})`) });
      const { client } = http([{ error: failure }], { retry: { maxRetries: 0 } });

      // Act
      const error = await caught(client.request(READ));

      // Assess
      expect(error).toBeInstanceOf(BillingTransportError);
      expect(leaks(error)).toBe(false);
      expect((error as Error).message).toContain('[redacted]');
    });

    it('keeps them out of the error when a thrown non-Error carries them', async () => {
      // Prepare
      const { client } = http([{ error: `socket hang up ${SECRET}` }], { retry: { maxRetries: 0 } });

      // Act
      const error = await caught(client.request(READ));

      // Assess
      expect(leaks(error)).toBe(false);
      expect((error as Error).message).toBe('whmcs GetInvoices: no answer: socket hang up [redacted]');
    });

    it('redacts every credential in a text and ignores an empty one', () => {
      // Prepare
      const client = new BillingHttp({ system: 'blesta', baseUrl: BASE_URL, secrets: ['', 'abc'] });

      // Act
      const text = client.redact('xabcx abc');

      // Assess
      expect(text).toBe('x[redacted]x [redacted]');
    });
  });
});
