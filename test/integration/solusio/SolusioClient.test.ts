// Over 300 lines: every SolusIO call of the client against one running simulator.
import { inspect } from 'node:util';
import type { PageJson, RunningSimulator, StatsJson, TaskJson } from '../../../local/simulator';
import {
  ACTIVITY_EVENTS,
  Deadline,
  readActivityLogEntry,
  SolusDeadlineExceededError,
  SolusioClient,
  SolusNotFoundError,
  SolusServerError,
  SolusTransportError,
  SolusUnauthorizedError,
  type SolusioClientOptions,
  type SolusPage,
} from '../../../shared/solusio';
import { BASE_FIXTURES, createBody, SimClient, T0, useTestSimulator } from '../simulator/helpers';

const TOKEN = 'sim-token-8c1e55b2a9';

describe('SolusioClient against the SolusIO simulator', () => {
  let sim: RunningSimulator;
  let control: SimClient;
  let sleeps: number[];

  // Only TOKEN is accepted; pages of 2, so 5 servers are 3 pages.
  useTestSimulator({ pageSize: 2, token: TOKEN }, (started) => ({ sim, client: control } = started));

  beforeEach(async () => {
    await control.control('DELETE', 'faults');
    await control.setClock(T0);
    await control.reset({
      ...BASE_FIXTURES,
      servers: [1, 2, 3, 4, 5].map((id) => ({ id, name: `s${id}.example.test`, plan: 1, user: id === 5 ? 2 : 1, additional_ip_count: id === 1 ? 2 : 0 })),
      backups: [1, 2, 3].map((id) => ({ id, server: 1, size: id })),
    });
    await control.control('DELETE', 'stats');
    sleeps = [];
  });

  /** A client whose waits are recorded, not slept: retries cost no real time. */
  const makeClient = (options: Partial<SolusioClientOptions> = {}) =>
    new SolusioClient({
      baseUrl: `${sim.url}/api/v1`,
      token: TOKEN,
      random: () => 0.5,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      ...options,
    });

  const faults = async (rules: unknown[]) => {
    const reply = await control.control('POST', 'faults', { rules });
    if (reply.status !== 200) throw new Error(`faults rejected: ${JSON.stringify(reply.body)}`);
  };
  const requests = async (route: string) => (await control.control<StatsJson>('GET', 'stats')).body.requests[route] ?? 0;

  async function collect<T>(pages: AsyncGenerator<SolusPage<T>>): Promise<{ pages: SolusPage<T>[]; error: unknown }> {
    const seen: SolusPage<T>[] = [];
    try {
      for await (const page of pages) seen.push(page);
    } catch (error) {
      return { pages: seen, error };
    }
    return { pages: seen, error: undefined };
  }

  describe('reading', () => {
    it('walks every page of servers with links.next', async () => {
      // Act
      const { pages, error } = await collect(makeClient().serverPages(Deadline.none()));

      // Assess
      expect(error).toBeUndefined();
      expect(pages.map((p) => [p.page, p.lastPage, p.items.map((s) => s.id)])).toEqual([
        [1, 3, [1, 2]],
        [2, 3, [3, 4]],
        [3, 3, [5]],
      ]);
      expect(pages[0]?.items[0]).toMatchObject({
        name: 's1.example.test',
        status: 'started',
        plan: { id: 1, tokensPerHour: 7, tokensPerMonth: 5000, ipTokensPerHour: 1, ipTokensPerMonth: 500, backupPrice: 10 },
        user: { id: 1, billingUserId: 7 },
        additionalIpv4Count: 2,
        createdAt: T0,
      });
      expect(await requests('GET /api/v1/servers')).toBe(3);
    });

    it('passes filters as filter[key] and keeps them on later pages', async () => {
      // Act
      const { pages } = await collect(makeClient().serverPages(Deadline.none(), { user_id: 1 }));

      // Assess
      expect(pages.flatMap((p) => p.items.map((s) => s.id))).toEqual([1, 2, 3, 4]);
      expect(pages).toHaveLength(2);
    });

    it('walks every page when SolusIO writes its own public hostname into links.next, asking only the configured URL', async () => {
      // Prepare: links name a host this test cannot reach; the client must still page on sim.url.
      await control.reset({
        ...BASE_FIXTURES,
        servers: [1, 2, 3, 4, 5].map((id) => ({ id, name: `s${id}.example.test`, plan: 1, user: 1 })),
        publicUrl: 'https://solusio.public.example',
      });
      await control.control('DELETE', 'stats');
      const first = await control.api<PageJson<unknown>>('GET', 'servers?filter[user_id]=1', undefined, TOKEN);
      await control.control('DELETE', 'stats');

      // Act
      const { pages, error } = await collect(makeClient().serverPages(Deadline.none(), { user_id: 1 }));

      // Assess
      expect(first.body.links.next).toBe('https://solusio.public.example/api/v1/servers?filter%5Buser_id%5D=1&page=2');
      expect(error).toBeUndefined();
      expect(pages.map((p) => [p.page, p.items.map((s) => s.id)])).toEqual([
        [1, [1, 2]],
        [2, [3, 4]],
        [3, [5]],
      ]);
      expect(await requests('GET /api/v1/servers')).toBe(3);
    });

    it('reads one server, and undefined for one that does not exist', async () => {
      // Prepare
      const client = makeClient();

      // Act
      const found = await client.getServer(2, Deadline.none());
      const missing = await client.getServer(99, Deadline.none());

      // Assess
      expect(found).toMatchObject({ id: 2, additionalIpv4Count: 0 });
      expect(missing).toBeUndefined();
      expect(await requests('GET /api/v1/servers/{id}')).toBe(2);
    });

    it('lists plans and users, keeping an unset billing id as sent', async () => {
      // Prepare
      const client = makeClient();

      // Act
      const plans = await client.listPlans(Deadline.none());
      const users = await client.listUsers(Deadline.none());

      // Assess
      expect(plans.map((p) => [p.id, p.tokensPerHour, p.backupPrice])).toEqual([
        [1, 7, 10],
        [2, 14, 12.5],
      ]);
      expect(users.map((u) => [u.id, u.billingUserId])).toEqual([
        [1, 7],
        [2, 8],
        [3, null],
      ]);
      expect(await requests('GET /api/v1/users')).toBe(2);
    });

    it("lists a server's backups over every page, and a missing server's as SolusNotFoundError", async () => {
      // Prepare
      const client = makeClient();

      // Act
      const backups = await client.listServerBackups(1, Deadline.none());
      const error = await client.listServerBackups(99, Deadline.none()).catch((caught: unknown) => caught);

      // Assess
      expect(backups.map((b) => [b.id, b.size, b.serverId, b.status])).toEqual([
        [1, 1, 1, 'created'],
        [2, 2, 1, 'created'],
        [3, 3, 1, 'created'],
      ]);
      expect(error).toBeInstanceOf(SolusNotFoundError);
      expect(error).toMatchObject({ status: 404, path: '/api/v1/servers/99/backups', page: 1 });
    });

    it('reads the activity log newest first, and each entry names its server', async () => {
      // Prepare
      await control.api('POST', 'servers', createBody('new1.example.test'), TOKEN);
      await control.setClock('2026-11-03T11:00:00.000Z');
      await control.api('DELETE', 'servers/2', undefined, TOKEN);
      await control.api('POST', 'servers', createBody('new2.example.test'), TOKEN);

      // Act
      const { pages } = await collect(makeClient().activityLogPages(Deadline.none()));

      // Assess
      const entries = pages.flatMap((p) => p.items).map(readActivityLogEntry);
      expect(pages.map((p) => p.page)).toEqual([1, 2]);
      expect(entries.map((e) => [e.event, e.serverId])).toEqual([
        [ACTIVITY_EVENTS.serverCreated, 7],
        [ACTIVITY_EVENTS.deleteRequested, 2],
        [ACTIVITY_EVENTS.serverCreated, 6],
      ]);
    });

    it('reads a task in the Go SDK\'s shape, and finds a server\'s tasks by filter[compute_resource_vm_id] though no task names its server', async () => {
      // Prepare
      const started = await control.api<{ data: TaskJson }>('POST', 'servers/3/stop', undefined, TOKEN);
      await control.api('POST', 'servers/4/stop', undefined, TOKEN);

      // Act
      const task = await makeClient().getTask(started.body.data.id, Deadline.none());
      const ofServer3 = await makeClient().listTasks({ compute_resource_vm_id: 3 }, Deadline.none());

      // Assess
      expect(started.body.data).not.toHaveProperty('compute_resource_vm_id');
      expect(task).toEqual({ id: started.body.data.id, status: 'done', action: 'vm-stop', output: '' });
      expect(ofServer3.map((t) => t.id)).toEqual([started.body.data.id]);
    });

    it('takes the task SolusIO answers to a suspend, a resize and a delete as accepted', async () => {
      // Act
      const suspended = await makeClient().serverAction(3, 'suspend', {}, Deadline.none());
      const resized = await makeClient().serverAction(3, 'resize', { plan_id: 1, preserve_disk: true }, Deadline.none());
      const deleted = await makeClient().deleteServer(3, Deadline.none());

      // Assess
      expect([suspended, resized, deleted].map((t) => [t.action, t.status])).toEqual([
        ['vm-suspend', 'done'],
        ['vm-resize', 'done'],
        ['vm-delete', 'done'],
      ]);
    });
  });

  describe('faults', () => {
    it('throws after page 1 was yielded when page 2 answers 500 through every retry', async () => {
      // Prepare
      await faults([{ method: 'GET', path: 'servers', page: 2, status: 500 }]);

      // Act
      const { pages, error } = await collect(makeClient().serverPages(Deadline.none()));

      // Assess
      expect(pages.map((p) => p.page)).toEqual([1]);
      expect(error).toBeInstanceOf(SolusServerError);
      expect(error).toMatchObject({ status: 500, page: 2, path: '/api/v1/servers' });
      expect(await requests('GET /api/v1/servers')).toBe(1 + 5);
      expect(sleeps).toEqual([100, 200, 400, 800]);
    });

    it('retries a 503 and carries on with the walk', async () => {
      // Prepare
      await faults([{ method: 'GET', path: 'servers', page: 3, status: 503, times: 2 }]);

      // Act
      const { pages, error } = await collect(makeClient().serverPages(Deadline.none()));

      // Assess
      expect(error).toBeUndefined();
      expect(pages.map((p) => p.page)).toEqual([1, 2, 3]);
      expect(await requests('GET /api/v1/servers')).toBe(3 + 2);
      expect(sleeps).toEqual([100, 200]);
    });

    it('waits the Retry-After of a 429, not the backoff', async () => {
      // Prepare
      await faults([{ method: 'GET', path: 'plans', status: 429, retryAfter: 2, times: 1 }]);

      // Act
      const plans = await makeClient().listPlans(Deadline.none());

      // Assess
      expect(plans).toHaveLength(2);
      expect(sleeps).toEqual([2_000]);
      expect(await requests('GET /api/v1/plans')).toBe(2);
    });

    it('gives up on a Retry-After longer than the deadline leaves, without waiting', async () => {
      // Prepare
      await faults([{ method: 'GET', path: 'plans', status: 429, retryAfter: 60 }]);

      // Act
      const error = await makeClient().listPlans(Deadline.after(30_000)).catch((caught: unknown) => caught);

      // Assess
      expect(error).toBeInstanceOf(SolusDeadlineExceededError);
      expect((error as Error).cause).toMatchObject({ name: 'SolusRateLimitedError', retryAfterMs: 60_000 });
      expect(sleeps).toEqual([]);
      expect(await requests('GET /api/v1/plans')).toBe(1);
    });

    it('retries a dropped connection', async () => {
      // Prepare
      await faults([{ method: 'GET', path: 'users', dropConnection: true, times: 2 }]);

      // Act
      const users = await makeClient().listUsers(Deadline.none());

      // Assess
      expect(users).toHaveLength(3);
      expect(await requests('GET /api/v1/users')).toBe(2 + 2);
      expect(sleeps).toEqual([100, 200]);
    });

    it('throws a SolusTransportError when the connection drops on every attempt', async () => {
      // Prepare
      await faults([{ method: 'GET', path: 'servers/1', dropConnection: true }]);

      // Act
      const error = await makeClient({ maxRetries: 2 }).getServer(1, Deadline.none()).catch((caught: unknown) => caught);

      // Assess
      expect(error).toBeInstanceOf(SolusTransportError);
      expect(await requests('GET /api/v1/servers/{id}')).toBe(3);
    });

    it('times out a slow answer after requestTimeoutMs and retries it', async () => {
      // Prepare
      await faults([{ method: 'GET', path: 'servers/1', delayMs: 2_000, times: 1 }]);

      // Act
      const server = await makeClient({ requestTimeoutMs: 100 }).getServer(1, Deadline.none());

      // Assess
      expect(server?.id).toBe(1);
      expect(await requests('GET /api/v1/servers/{id}')).toBe(2);
      expect(sleeps).toEqual([100]);
    });

    it('throws SolusDeadlineExceededError when the run deadline passes during a request', async () => {
      // Prepare
      await faults([{ method: 'GET', path: 'servers', delayMs: 5_000 }]);
      const started = performance.now();

      // Act
      const { pages, error } = await collect(makeClient().serverPages(Deadline.after(200)));

      // Assess
      expect(performance.now() - started).toBeLessThan(2_000);
      expect(pages).toEqual([]);
      expect(error).toBeInstanceOf(SolusDeadlineExceededError);
      expect((error as Error).cause).toBeInstanceOf(SolusTransportError);
      expect(await requests('GET /api/v1/servers')).toBe(1);
    });
  });

  describe('the token', () => {
    const leaks = (error: unknown, token: string): boolean =>
      String(error).includes(token) || JSON.stringify(error).includes(token) || inspect(error, { depth: 10, showHidden: true }).includes(token);

    it('a wrong token is a SolusUnauthorizedError, not retried, that does not show the token', async () => {
      // Prepare
      const wrong = 'wrong-token-71d0f3';

      // Act
      const error = await makeClient({ token: wrong }).listPlans(Deadline.none()).catch((caught: unknown) => caught);

      // Assess
      expect(error).toBeInstanceOf(SolusUnauthorizedError);
      expect(error).toMatchObject({ status: 401, path: '/api/v1/plans', page: 1 });
      expect(leaks(error, wrong)).toBe(false);
      expect(await requests('GET /api/v1/plans')).toBe(1);
    });

    it('does not show in an error after retries', async () => {
      // Prepare
      await faults([{ method: 'GET', path: 'tasks', status: 502 }]);

      // Act
      const error = await makeClient().getTask(1, Deadline.none()).catch((caught: unknown) => caught);

      // Assess
      expect(error).toBeInstanceOf(SolusServerError);
      expect(leaks(error, TOKEN)).toBe(false);
    });
  });
});
