// Over 300 lines: every SolusIO call of the client against one recorded fetch.
import { inspect } from 'node:util';
import {
  Deadline,
  reportsActivityLogOrderError,
  SolusActivityLogOrderError,
  SolusApiError,
  SolusDeadlineExceededError,
  SolusNotFoundError,
  SolusRateLimitedError,
  SolusSchemaError,
  SolusServerError,
  SolusTransportError,
  SolusUnauthorizedError,
  SolusValidationError,
  SolusioClient,
  type SolusioClientOptions,
  type SolusPage,
} from '../../../../shared/solusio';
import { activityLogJson, BASE, backupJson, pageJson, planJson, serverJson, taskJson, userJson } from './fixtures';

const TOKEN = 'tok-3f9a1c77e2b04d6f';

/** What a fake answer is: a JSON body with a status and headers, a raw text, or a thrown error. */
type Answer =
  | { status?: number; json?: unknown; text?: string; headers?: Record<string, string> }
  | { error: unknown }
  | { hang: true };

interface Call {
  url: string;
  init: RequestInit;
}

/**
 * A fake `fetch` that answers from a list (one answer per call, the last one repeats) and records
 * each call; `hang` waits until the request's signal aborts, as a silent server would.
 */
function fakeFetch(answers: Answer[]) {
  const calls: Call[] = [];
  const fetchFn: typeof fetch = async (input, init = {}) => {
    calls.push({ url: String(input), init });
    const answer = answers.length > 1 ? answers.shift() : answers[0];
    if (answer === undefined) throw new Error('fakeFetch: no answer');
    if ('error' in answer) throw answer.error;
    if ('hang' in answer) {
      return new Promise<Response>((_resolve, reject) => {
        init.signal?.addEventListener('abort', () => reject(new DOMException('This operation was aborted', 'AbortError')));
      });
    }
    const body = answer.text ?? (answer.json === undefined ? null : JSON.stringify(answer.json));
    return new Response(body, { status: answer.status ?? 200, headers: { 'content-type': 'application/json', ...answer.headers } });
  };
  return { fetchFn, calls };
}

/** A client on the fake fetch with a fake sleep that moves a fake monotonic clock. */
function setup(answers: Answer[], options: Partial<SolusioClientOptions> = {}) {
  const { fetchFn, calls } = fakeFetch(answers);
  const clock = { now: 0 };
  const sleeps: number[] = [];
  const client = new SolusioClient({
    baseUrl: BASE,
    token: TOKEN,
    fetch: fetchFn,
    random: () => 0.5,
    sleep: async (ms) => {
      sleeps.push(ms);
      clock.now += ms;
    },
    ...options,
  });
  const deadline = (ms: number) => Deadline.after(ms, () => clock.now);
  return { client, calls, sleeps, clock, deadline };
}

async function collect<T>(pages: AsyncGenerator<SolusPage<T>>): Promise<{ pages: SolusPage<T>[]; error: unknown }> {
  const seen: SolusPage<T>[] = [];
  try {
    for await (const page of pages) seen.push(page);
  } catch (error) {
    return { pages: seen, error };
  }
  return { pages: seen, error: undefined };
}

const caught = (promise: Promise<unknown>): Promise<unknown> => promise.then(
  () => {
    throw new Error('expected a rejection');
  },
  (error: unknown) => error,
);

const serversPage = (page: number, last: number, ids: number[], next?: string | null) =>
  ({ json: pageJson('servers', ids.map((id) => serverJson(id)), page, last, next === undefined ? {} : { next }) }) satisfies Answer;

describe('SolusioClient', () => {
  describe('constructor', () => {
    it.each([
      ['a baseUrl that is not a URL', { baseUrl: 'solus.test/api' }, TypeError],
      ['a non-http baseUrl', { baseUrl: 'ftp://solus.test/api/v1' }, TypeError],
      ['a baseUrl with credentials', { baseUrl: 'https://u:p@solus.test/api/v1' }, TypeError],
      ['an empty token', { token: '' }, TypeError],
      ['a token with a newline', { token: 'abc\ndef' }, TypeError],
      ['negative retries', { maxRetries: -1 }, RangeError],
      ['fractional retries', { maxRetries: 1.5 }, RangeError],
      ['a zero request timeout', { requestTimeoutMs: 0 }, RangeError],
      ['a NaN base delay', { baseDelayMs: Number.NaN }, RangeError],
      ['zero pages', { maxPages: 0 }, RangeError],
    ])('rejects %s', (_name, options, type) => {
      // Act
      const act = () => new SolusioClient({ baseUrl: BASE, token: TOKEN, ...options });

      // Assess
      expect(act).toThrow(type);
    });

    it('never shows the token when the client is inspected or serialised', () => {
      // Act
      const client = new SolusioClient({ baseUrl: BASE, token: TOKEN });

      // Assess
      expect(inspect(client, { depth: 10, showHidden: true })).not.toContain(TOKEN);
      expect(JSON.stringify(client)).not.toContain(TOKEN);
    });
  });

  describe('requests', () => {
    it.each([BASE, `${BASE}/`])('sends a GET with the bearer token and Accept: application/json below %s', async (baseUrl) => {
      // Prepare
      const { client, calls } = setup([{ json: { data: taskJson() } }], { baseUrl });

      // Act
      await client.getTask(9, Deadline.none());

      // Assess
      expect(calls).toHaveLength(1);
      expect(calls[0]?.url).toBe('http://solus.test/api/v1/tasks/9');
      expect(calls[0]?.init).toMatchObject({
        method: 'GET',
        redirect: 'manual',
        headers: { authorization: `Bearer ${TOKEN}`, accept: 'application/json' },
      });
    });

    it('does not follow a redirect and does not retry it', async () => {
      // Prepare
      const { client, calls } = setup([{ status: 302, headers: { location: 'https://elsewhere.test/' } }]);

      // Act
      const error = await caught(client.getTask(9, Deadline.none()));

      // Assess
      expect(error).toBeInstanceOf(SolusApiError);
      expect(error).toMatchObject({ name: 'SolusApiError', status: 302, path: '/api/v1/tasks/9' });
      expect(calls).toHaveLength(1);
    });

    it.each([0, -1, 1.5, Number.NaN])('rejects the id %p before any request', async (id) => {
      // Prepare
      const { client, calls } = setup([{ json: {} }]);

      // Act
      const act = client.getServer(id, Deadline.none());

      // Assess
      await expect(act).rejects.toThrow(RangeError);
      expect(calls).toHaveLength(0);
    });
  });

  describe('getServer', () => {
    it('reads the server', async () => {
      // Prepare
      const { client } = setup([{ json: { data: serverJson(4) } }]);

      // Act
      const server = await client.getServer(4, Deadline.none());

      // Assess
      expect(server).toMatchObject({ id: 4, name: 's4.example.test', additionalIpv4Count: 1 });
    });

    it('gives undefined for a 404, without retrying', async () => {
      // Prepare
      const { client, calls } = setup([{ status: 404, json: { message: 'Not found.' } }]);

      // Act
      const server = await client.getServer(4, Deadline.none());

      // Assess
      expect(server).toBeUndefined();
      expect(calls).toHaveLength(1);
    });

    it('fails with a schema error naming the field when ip_addresses.ipv4 is missing', async () => {
      // Prepare
      const { client, calls } = setup([{ json: { data: serverJson(4, { ip_addresses: { ipv6: null } }) } }]);

      // Act
      const error = await caught(client.getServer(4, Deadline.none()));

      // Assess
      expect(error).toBeInstanceOf(SolusSchemaError);
      expect(error).toMatchObject({ field: 'data.ip_addresses.ipv4', method: 'GET', path: '/api/v1/servers/4' });
      expect(calls).toHaveLength(1);
    });

    it('fails with a schema error when a 2xx body is not JSON', async () => {
      // Prepare
      const { client } = setup([{ text: '<html>maintenance</html>' }]);

      // Act
      const error = await caught(client.getServer(4, Deadline.none()));

      // Assess
      expect(error).toBeInstanceOf(SolusSchemaError);
      expect((error as SolusSchemaError).message).toBe('GET /api/v1/servers/4: unexpected response: (body): not JSON (status 200)');
    });
  });

  describe('serverPages', () => {
    it('walks the pages links.next announces, with the filter on every request', async () => {
      // Prepare
      const { client, calls } = setup([serversPage(1, 3, [1, 2]), serversPage(2, 3, [3, 4]), serversPage(3, 3, [5])]);

      // Act
      const { pages, error } = await collect(client.serverPages(Deadline.none(), { user_id: 7, status: 'started' }));

      // Assess
      expect(error).toBeUndefined();
      expect(pages.map((p) => [p.page, p.lastPage, p.items.map((s) => s.id)])).toEqual([
        [1, 3, [1, 2]],
        [2, 3, [3, 4]],
        [3, 3, [5]],
      ]);
      expect(calls.map((c) => c.url)).toEqual([
        'http://solus.test/api/v1/servers?filter%5Buser_id%5D=7&filter%5Bstatus%5D=started',
        'http://solus.test/api/v1/servers?filter%5Buser_id%5D=7&filter%5Bstatus%5D=started&page=2',
        'http://solus.test/api/v1/servers?filter%5Buser_id%5D=7&filter%5Bstatus%5D=started&page=3',
      ]);
    });

    it('yields an empty list as one empty page', async () => {
      // Prepare
      const { client, calls } = setup([serversPage(1, 1, [])]);

      // Act
      const { pages } = await collect(client.serverPages(Deadline.none()));

      // Assess
      expect(pages).toEqual([{ page: 1, lastPage: 1, items: [] }]);
      expect(calls).toHaveLength(1);
    });

    it('stops at the last page even when links.next is still set', async () => {
      // Prepare
      const { client, calls } = setup([serversPage(1, 1, [1], `${BASE}/servers?page=2`)]);

      // Act
      const { pages } = await collect(client.serverPages(Deadline.none()));

      // Assess
      expect(pages).toHaveLength(1);
      expect(calls).toHaveLength(1);
    });

    it('stops when links.next is null', async () => {
      // Prepare
      const { client, calls } = setup([serversPage(1, 5, [1], null)]);

      // Act
      const { pages } = await collect(client.serverPages(Deadline.none()));

      // Assess
      expect(pages).toHaveLength(1);
      expect(calls).toHaveLength(1);
    });

    it.each([
      ['another host (SolusIO\'s own public hostname)', 'https://solusio.public.example/api/v1/servers?page=2'],
      ['another port', 'http://solus.test:8080/api/v1/servers?page=2'],
      ['another scheme', 'https://solus.test/api/v1/servers?page=2'],
      ['a relative URL', '/api/v1/servers?page=2'],
      ['another path and extra parameters', 'https://elsewhere.example/v2/list?per_page=2&page=2'],
    ])('reads page 2 from the configured base URL when links.next is on %s, sending the token nowhere else', async (_name, next) => {
      // Prepare
      const { client, calls } = setup([serversPage(1, 2, [1, 2], next), serversPage(2, 2, [3])]);

      // Act
      const { pages, error } = await collect(client.serverPages(Deadline.none()));

      // Assess
      expect(error).toBeUndefined();
      expect(pages.map((p) => p.items.map((s) => s.id))).toEqual([[1, 2], [3]]);
      expect(calls.map((c) => c.url)).toEqual(['http://solus.test/api/v1/servers', 'http://solus.test/api/v1/servers?page=2']);
    });

    it.each([
      ['another page', `${BASE}/servers?page=3`],
      ['no page', `${BASE}/servers`],
      ['a page that is not a number', `${BASE}/servers?page=two`],
      ['no URL at all', 'http://[not a url'],
    ])('refuses a links.next naming %s instead of the next page', async (_name, next) => {
      // Prepare
      const { client, calls } = setup([serversPage(1, 3, [1, 2], next), serversPage(2, 3, [3])]);

      // Act
      const { pages, error } = await collect(client.serverPages(Deadline.none()));

      // Assess
      expect(error).toBeInstanceOf(SolusSchemaError);
      expect(error).toMatchObject({ field: 'links.next', page: 1 });
      expect(pages).toHaveLength(0);
      expect(calls).toHaveLength(1);
    });

    it('refuses a page that is not the one after the previous', async () => {
      // Prepare
      const { client } = setup([serversPage(1, 3, [1, 2]), serversPage(1, 3, [1, 2])]);

      // Act
      const { pages, error } = await collect(client.serverPages(Deadline.none()));

      // Assess
      expect(pages).toHaveLength(1);
      expect(error).toBeInstanceOf(SolusSchemaError);
      expect(error).toMatchObject({ field: 'meta.current_page', page: 2 });
    });

    it('stops a list that never ends at maxPages', async () => {
      // Prepare: every answer claims a further page, one more than the request asked for.
      const { fetchFn, calls } = fakeFetch([{ json: {} }]);
      const endless: typeof fetch = async (input, init) => {
        const page = Number(new URL(String(input)).searchParams.get('page') ?? '1');
        // Without the cap the walk would never end: fail instead of hanging the test.
        if (page > 10) throw new Error('the client walked past maxPages');
        await fetchFn(input, init);
        return Response.json(pageJson('servers', [serverJson(page)], page, page + 1));
      };
      const client = new SolusioClient({ baseUrl: BASE, token: TOKEN, fetch: endless, maxPages: 4, maxRetries: 0 });

      // Act
      const { pages, error } = await collect(client.serverPages(Deadline.none()));

      // Assess
      expect(pages.map((p) => p.page)).toEqual([1, 2, 3, 4]);
      expect(calls).toHaveLength(4);
      expect(error).toBeInstanceOf(SolusSchemaError);
      expect(error).toMatchObject({ field: 'links.next', page: 5 });
    });

    it('throws after page 1 was yielded when page 2 fails through every retry', async () => {
      // Prepare
      const { client, calls, sleeps } = setup([serversPage(1, 2, [1, 2]), { status: 500, json: { message: 'Server Error' } }]);

      // Act
      const { pages, error } = await collect(client.serverPages(Deadline.none()));

      // Assess
      expect(pages.map((p) => p.page)).toEqual([1]);
      expect(error).toBeInstanceOf(SolusServerError);
      expect(error).toMatchObject({ status: 500, page: 2, path: '/api/v1/servers' });
      expect((error as Error).message).toBe('GET /api/v1/servers (page 2): SolusIO failed (500: Server Error)');
      expect(calls).toHaveLength(6);
      expect(calls.slice(1).every((c) => c.url === 'http://solus.test/api/v1/servers?page=2')).toBe(true);
      expect(sleeps).toEqual([100, 200, 400, 800]);
    });

    it('names the item of a page that does not match its schema', async () => {
      // Prepare
      const bad = serverJson(3, { ip_addresses: {} });
      const { client, calls } = setup([serversPage(1, 2, [1, 2]), { json: pageJson('servers', [serverJson(2), bad], 2, 2) }]);

      // Act
      const { pages, error } = await collect(client.serverPages(Deadline.none()));

      // Assess
      expect(pages).toHaveLength(1);
      expect(error).toBeInstanceOf(SolusSchemaError);
      expect(error).toMatchObject({ field: 'data.1.ip_addresses.ipv4', page: 2 });
      expect((error as Error).message).toMatch(/^GET \/api\/v1\/servers \(page 2\): unexpected response: data\.1\.ip_addresses\.ipv4: /);
      expect(calls).toHaveLength(2);
    });
  });

  describe('lists', () => {
    it('listPlans reads every page', async () => {
      // Prepare
      const { client, calls } = setup([
        { json: pageJson('plans', [planJson({ id: 1 }), planJson({ id: 2 })], 1, 2) },
        { json: pageJson('plans', [planJson({ id: 3 })], 2, 2) },
      ]);

      // Act
      const plans = await client.listPlans(Deadline.none());

      // Assess
      expect(plans.map((p) => p.id)).toEqual([1, 2, 3]);
      expect(calls.map((c) => new URL(c.url).pathname)).toEqual(['/api/v1/plans', '/api/v1/plans']);
    });

    it('listUsers reads every page and keeps billing ids as sent', async () => {
      // Prepare
      const { client } = setup([
        { json: pageJson('users', [userJson({ id: 1, billing_user_id: 0 }), userJson({ id: 2, billing_user_id: null })], 1, 2) },
        { json: pageJson('users', [userJson({ id: 3, billing_user_id: 9 })], 2, 2) },
      ]);

      // Act
      const users = await client.listUsers(Deadline.none());

      // Assess
      expect(users.map((u) => [u.id, u.billingUserId])).toEqual([
        [1, 0],
        [2, null],
        [3, 9],
      ]);
    });

    it('listServerBackups reads GET servers/{id}/backups, every page', async () => {
      // Prepare
      const { client, calls } = setup([
        { json: pageJson('servers/4/backups', [backupJson(1), backupJson(2)], 1, 2) },
        { json: pageJson('servers/4/backups', [backupJson(3)], 2, 2) },
      ]);

      // Act
      const backups = await client.listServerBackups(4, Deadline.none());

      // Assess
      expect(backups.map((b) => [b.id, b.serverId])).toEqual([
        [1, 4],
        [2, 4],
        [3, 4],
      ]);
      expect(calls[0]?.url).toBe('http://solus.test/api/v1/servers/4/backups');
    });

    it('listServerBackups throws SolusNotFoundError for a server that is gone', async () => {
      // Prepare
      const { client, calls } = setup([{ status: 404, json: { message: 'Not found.' } }]);

      // Act
      const error = await caught(client.listServerBackups(4, Deadline.none()));

      // Assess
      expect(error).toBeInstanceOf(SolusNotFoundError);
      expect(error).toMatchObject({ status: 404, path: '/api/v1/servers/4/backups', page: 1 });
      expect(calls).toHaveLength(1);
    });

    it('activityLogPages yields the pages as listed when they are newest first, equal times and repeats across pages included', async () => {
      // Prepare: entry 8 is repeated on page 2, as offset paging does when a new entry arrives mid-walk.
      const at = (minute: number) => `2026-11-03T10:${String(minute).padStart(2, '0')}:00Z`;
      const { client } = setup([
        { json: pageJson('activity_logs', [activityLogJson(9, { created_at: at(9) }), activityLogJson(8, { created_at: at(8) })], 1, 2) },
        { json: pageJson('activity_logs', [activityLogJson(8, { created_at: at(8) }), activityLogJson(7, { created_at: at(8) }), activityLogJson(6, { created_at: at(1) })], 2, 2) },
      ]);

      // Act
      const { pages, error } = await collect(client.activityLogPages(Deadline.none()));

      // Assess
      expect(error).toBeUndefined();
      expect(pages.map((p) => p.items.map((e) => e.id))).toEqual([
        [9, 8],
        [8, 7, 6],
      ]);
    });

    it('activityLogPages refuses a page listing an entry newer than the one before it, without yielding it or retrying', async () => {
      // Prepare: oldest first.
      const { client, calls } = setup([
        { json: pageJson('activity_logs', [activityLogJson(1, { created_at: '2026-11-03T10:00:00Z' }), activityLogJson(2, { created_at: '2026-11-03T10:00:00.5Z' })], 1, 1) },
      ]);

      // Act
      const { pages, error } = await collect(client.activityLogPages(Deadline.none()));

      // Assess
      expect(pages).toEqual([]);
      expect(error).toBeInstanceOf(SolusActivityLogOrderError);
      expect(error).toMatchObject({
        name: 'SolusActivityLogOrderError',
        page: 1,
        path: '/api/v1/activity_logs',
        listedBefore: { id: 1, createdAt: '2026-11-03T10:00:00Z' },
        newer: { id: 2, createdAt: '2026-11-03T10:00:00.5Z' },
      });
      expect(reportsActivityLogOrderError(`activity log: ${(error as Error).name}: ${(error as Error).message}`)).toBe(true);
      expect(calls).toHaveLength(1);
    });

    it('activityLogPages refuses a page whose first entry is newer than the last of the page before', async () => {
      // Prepare
      const { client } = setup([
        { json: pageJson('activity_logs', [activityLogJson(9, { created_at: '2026-11-03T10:09:00Z' }), activityLogJson(8, { created_at: '2026-11-03T10:08:00Z' })], 1, 2) },
        { json: pageJson('activity_logs', [activityLogJson(10, { created_at: '2026-11-03T10:10:00Z' })], 2, 2) },
      ]);

      // Act
      const { pages, error } = await collect(client.activityLogPages(Deadline.none()));

      // Assess
      expect(pages.map((p) => p.page)).toEqual([1]);
      expect(error).toBeInstanceOf(SolusActivityLogOrderError);
      expect(error).toMatchObject({ page: 2, listedBefore: { id: 8 }, newer: { id: 10 } });
    });

    it('getTask reads a task', async () => {
      // Prepare
      const { client } = setup([{ json: { data: taskJson({ status: 'running' }) } }]);

      // Act
      const task = await client.getTask(9, Deadline.none());

      // Assess
      expect(task).toEqual({ id: 9, status: 'running', action: 'vm-create', output: '' });
    });

    it.each([
      ['suspend', (client: SolusioClient) => client.serverAction(4, 'suspend', {}, Deadline.none())],
      ['resize', (client: SolusioClient) => client.serverAction(4, 'resize', { plan_id: 2, preserve_disk: true }, Deadline.none())],
      ['delete', (client: SolusioClient) => client.deleteServer(4, Deadline.none())],
    ])('accepts the task of a %s in the Go SDK\'s shape (no compute_resource_vm_id)', async (_name, act) => {
      // Prepare
      const { client } = setup([{ json: { data: taskJson({ id: 31, status: 'queued', action: 'vm-suspend' }) } }]);

      // Act
      const task = await act(client);

      // Assess
      expect(task).toEqual({ id: 31, status: 'queued', action: 'vm-suspend', output: '' });
    });
  });

  describe('retries', () => {
    it.each([500, 502, 503, 504])('retries %i and succeeds', async (status) => {
      // Prepare
      const { client, calls, sleeps } = setup([{ status }, { status }, { json: { data: taskJson() } }]);

      // Act
      const task = await client.getTask(9, Deadline.none());

      // Assess
      expect(task.id).toBe(9);
      expect(calls).toHaveLength(3);
      expect(sleeps).toEqual([100, 200]);
    });

    it('caps the backoff at maxDelayMs', async () => {
      // Prepare
      const { client, sleeps } = setup([{ status: 503 }], { baseDelayMs: 1_000, maxDelayMs: 1_500, maxRetries: 4 });

      // Act
      await caught(client.getTask(9, Deadline.none()));

      // Assess
      expect(sleeps).toEqual([500, 750, 750, 750]);
    });

    it('makes maxRetries + 1 attempts at most', async () => {
      // Prepare
      const { client, calls, sleeps } = setup([{ status: 503 }], { maxRetries: 2 });

      // Act
      const error = await caught(client.getTask(9, Deadline.none()));

      // Assess
      expect(error).toBeInstanceOf(SolusServerError);
      expect(calls).toHaveLength(3);
      expect(sleeps).toEqual([100, 200]);
    });

    it('retries a network error, then throws a SolusTransportError with the failure', async () => {
      // Prepare
      const failure = new TypeError('fetch failed', { cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }) });
      const { client, calls } = setup([{ error: failure }]);

      // Act
      const error = await caught(client.getTask(9, Deadline.none()));

      // Assess
      expect(error).toBeInstanceOf(SolusTransportError);
      expect((error as Error).message).toBe('GET /api/v1/tasks/9: no answer from SolusIO: fetch failed: other side closed (UND_ERR_SOCKET)');
      expect((error as Error).cause).toBe(failure);
      expect(calls).toHaveLength(5);
    });

    it.each([
      [401, SolusUnauthorizedError],
      [403, SolusUnauthorizedError],
      [400, SolusApiError],
      [409, SolusApiError],
      [422, SolusValidationError],
    ])('does not retry %i', async (status, type) => {
      // Prepare
      const { client, calls, sleeps } = setup([{ status, json: { message: 'no' } }, { json: { data: taskJson() } }]);

      // Act
      const error = await caught(client.getTask(9, Deadline.none()));

      // Assess
      expect(error).toBeInstanceOf(type);
      expect(calls).toHaveLength(1);
      expect(sleeps).toEqual([]);
    });

    it('waits exactly Retry-After seconds after a 429, instead of the backoff', async () => {
      // Prepare
      const { client, calls, sleeps } = setup([{ status: 429, headers: { 'retry-after': '2' } }, { json: { data: taskJson() } }]);

      // Act
      await client.getTask(9, Deadline.none());

      // Assess
      expect(sleeps).toEqual([2_000]);
      expect(calls).toHaveLength(2);
    });

    it('waits until a Retry-After HTTP-date', async () => {
      // Prepare
      const at = new Date(Math.ceil(Date.now() / 1000) * 1000 + 30_000).toUTCString();
      const { client, sleeps } = setup([{ status: 429, headers: { 'retry-after': at } }, { json: { data: taskJson() } }]);

      // Act
      await client.getTask(9, Deadline.none());

      // Assess: the date has whole seconds; the test itself may take a moment.
      expect(sleeps).toHaveLength(1);
      expect(sleeps[0]).toBeGreaterThan(25_000);
      expect(sleeps[0]).toBeLessThanOrEqual(31_000);
    });

    it('uses the backoff for a 429 without Retry-After', async () => {
      // Prepare
      const { client, sleeps } = setup([{ status: 429 }, { status: 429 }, { json: { data: taskJson() } }]);

      // Act
      await client.getTask(9, Deadline.none());

      // Assess
      expect(sleeps).toEqual([100, 200]);
    });

    it('gives up at once when Retry-After is past the deadline', async () => {
      // Prepare
      const { client, calls, sleeps, deadline } = setup([{ status: 429, headers: { 'retry-after': '60' } }]);

      // Act
      const error = await caught(client.getTask(9, deadline(30_000)));

      // Assess
      expect(error).toBeInstanceOf(SolusDeadlineExceededError);
      expect((error as Error).cause).toBeInstanceOf(SolusRateLimitedError);
      expect((error as Error).cause).toMatchObject({ retryAfterMs: 60_000 });
      expect(calls).toHaveLength(1);
      expect(sleeps).toEqual([]);
    });

    it('stops retrying when the deadline cannot fit the next wait', async () => {
      // Prepare: 100 + 200 ms of backoff fit in 350 ms, the next 400 does not.
      const { client, calls, sleeps, deadline } = setup([{ status: 503 }]);

      // Act
      const error = await caught(client.getTask(9, deadline(350)));

      // Assess
      expect(error).toBeInstanceOf(SolusDeadlineExceededError);
      expect((error as Error).cause).toBeInstanceOf(SolusServerError);
      expect(calls).toHaveLength(3);
      expect(sleeps).toEqual([100, 200]);
    });

    it('makes no request once the deadline has passed', async () => {
      // Prepare
      const { client, calls, deadline } = setup([{ json: { data: taskJson() } }]);

      // Act
      const error = await caught(client.getTask(9, deadline(0)));

      // Assess
      expect(error).toBeInstanceOf(SolusDeadlineExceededError);
      expect(calls).toHaveLength(0);
    });
  });

  describe('timeouts', () => {
    it('times a silent request out after requestTimeoutMs and retries it', async () => {
      // Prepare
      const { client, calls, sleeps } = setup([{ hang: true }, { json: { data: taskJson() } }], { requestTimeoutMs: 20 });

      // Act
      const task = await client.getTask(9, Deadline.none());

      // Assess
      expect(task.id).toBe(9);
      expect(calls).toHaveLength(2);
      expect(calls[0]?.init.signal?.aborted).toBe(true);
      expect(sleeps).toEqual([100]);
    });

    it('throws a SolusTransportError when every attempt times out', async () => {
      // Prepare
      const { client, calls } = setup([{ hang: true }], { requestTimeoutMs: 5, maxRetries: 1 });

      // Act
      const error = await caught(client.getTask(9, Deadline.none()));

      // Assess
      expect(error).toBeInstanceOf(SolusTransportError);
      expect((error as Error).message).toBe('GET /api/v1/tasks/9: no answer from SolusIO: no complete answer within 5 ms');
      expect(calls).toHaveLength(2);
    });

    it('caps the request timeout at the deadline and then throws a deadline error', async () => {
      // Prepare: a real deadline of 30 ms, a request timeout of 10 s.
      const { client, calls } = setup([{ hang: true }]);
      const started = performance.now();

      // Act
      const error = await caught(client.getTask(9, Deadline.after(30)));

      // Assess
      expect(performance.now() - started).toBeLessThan(5_000);
      expect(error).toBeInstanceOf(SolusDeadlineExceededError);
      expect((error as Error).cause).toBeInstanceOf(SolusTransportError);
      expect(calls).toHaveLength(1);
    });
  });

  describe('the token', () => {
    const leaks = (error: unknown): boolean =>
      String(error).includes(TOKEN) || JSON.stringify(error).includes(TOKEN) || inspect(error, { depth: 10, showHidden: true }).includes(TOKEN);

    it.each<[string, Answer[]]>([
      ['a 401 that echoes it', [{ status: 401, json: { message: `Token ${TOKEN} is unknown` } }]],
      ['a 500 that echoes it', [{ status: 500, json: { message: `Authorization: Bearer ${TOKEN}` } }]],
      ['a 422 with it in field errors', [{ status: 422, json: { message: 'x', errors: { [TOKEN]: [`bad ${TOKEN}`] } } }]],
      ['a 404 that echoes it', [{ status: 404, json: { message: TOKEN } }]],
      ['a network error that names it', [{ error: new TypeError(`fetch failed for Bearer ${TOKEN}`, { cause: new Error(TOKEN) }) }]],
      ['a 429 that echoes it', [{ status: 429, headers: { 'retry-after': '1' }, json: { message: TOKEN } }]],
    ])('never appears in the error of %s', async (_name, answers) => {
      // Prepare
      const { client } = setup(answers, { maxRetries: 1 });

      // Act
      const error = await caught(client.listServerBackups(4, Deadline.none()));

      // Assess
      expect(error).toBeInstanceOf(SolusApiError);
      expect(leaks(error)).toBe(false);
      expect((error as Error).message).toContain('[redacted]');
    });

    it('never appears in a deadline error or its cause', async () => {
      // Prepare
      const { client, deadline } = setup([{ status: 503, json: { message: TOKEN } }]);

      // Act
      const error = await caught(client.getTask(9, deadline(150)));

      // Assess
      expect(error).toBeInstanceOf(SolusDeadlineExceededError);
      expect(leaks(error)).toBe(false);
    });
  });
});
