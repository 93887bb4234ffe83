// Over 300 lines: every fault the SolusIO simulator injects, against one running simulator.
import type { ActivityLogJson, ErrorJson, PageJson, RunningSimulator, ServerJson, TaskJson } from '../../../local/simulator';
import { BASE_FIXTURES, createBody, SimClient, T0, useTestSimulator } from './helpers';

describe('SolusIO simulator: fault injection', () => {
  let sim: RunningSimulator;
  let client: SimClient;

  useTestSimulator({ pageSize: 2 }, (started) => ({ sim, client } = started));
  beforeEach(async () => {
    await client.control('DELETE', 'faults');
    await client.setClock(T0);
    await client.reset({
      ...BASE_FIXTURES,
      servers: [1, 2, 3].map((id) => ({ id, name: `s${id}.example.test`, plan: 1, user: 1 })),
    });
  });

  const faults = (rules: unknown[]) => client.control('POST', 'faults', { rules });
  const logs = async () => (await client.api<PageJson<ActivityLogJson>>('GET', 'activity_logs')).body.data;

  describe('status rules', () => {
    it('answers the status with Retry-After, and times: 1 fires once', async () => {
      await faults([{ method: 'GET', path: '/api/v1/plans', status: 503, retryAfter: 1, times: 1 }]);

      const first = await client.api<ErrorJson>('GET', 'plans');
      const second = await client.api('GET', 'plans');

      expect(first.status).toBe(503);
      expect(first.headers.get('retry-after')).toBe('1');
      expect(first.body).toEqual({ message: 'Service Unavailable' });
      expect(second.status).toBe(200);
    });

    it('fires times: 2 twice, then the route answers normally', async () => {
      await faults([{ method: 'GET', path: '/api/v1/servers', status: 429, retryAfter: 2, times: 2 }]);

      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await client.api('GET', 'servers')).status);

      expect(statuses).toEqual([429, 429, 200]);
    });

    it('fires always without times, until DELETE /_sim/faults', async () => {
      await faults([{ path: '/api/v1/users', status: 500 }]);

      const before = [(await client.api('GET', 'users')).status, (await client.api('GET', 'users/1')).status];
      await client.control('DELETE', 'faults');
      const after = (await client.api('GET', 'users')).status;

      expect(before).toEqual([500, 500]);
      expect(after).toBe(200);
    });

    it('matches only the given page', async () => {
      await faults([{ method: 'GET', path: '/api/v1/servers', page: 2, status: 502 }]);

      const statuses = [
        (await client.api('GET', 'servers')).status,
        (await client.api('GET', 'servers?page=2')).status,
        (await client.api('GET', 'servers?page=1')).status,
      ];

      expect(statuses).toEqual([200, 502, 200]);
    });

    it('matches the method and the path prefix only', async () => {
      await faults([{ method: 'POST', path: 'servers', status: 503 }]);

      const get = await client.api('GET', 'servers');
      const post = await client.api('POST', 'servers', createBody('x.example.test'));
      const action = await client.api('POST', 'servers/1/stop');
      const plans = await client.api('POST', 'plans');

      expect([get.status, post.status, action.status, plans.status]).toEqual([200, 503, 503, 404]);
      expect((await client.api<PageJson<ServerJson>>('GET', 'servers')).body.meta.total).toBe(3);
    });

    it('matches the path by whole segments: servers/1 does not break servers/10', async () => {
      await client.reset({
        ...BASE_FIXTURES,
        servers: [1, 10].map((id) => ({ id, name: `s${id}.example.test`, plan: 1, user: 1 })),
      });
      await faults([{ method: 'GET', path: '/api/v1/servers/1', status: 503 }]);

      const statuses = [
        (await client.api('GET', 'servers/1')).status,
        (await client.api('GET', 'servers/1/backups')).status,
        (await client.api('GET', 'servers/10')).status,
        (await client.api('GET', 'servers/10/backups')).status,
        (await client.api('GET', 'servers')).status,
      ];

      expect(statuses).toEqual([503, 503, 200, 200, 200]);
    });

    it('reads a trailing slash in the rule path as the list route', async () => {
      await faults([{ method: 'GET', path: '/api/v1/servers/', status: 502, times: 1 }]);

      expect((await client.api('GET', 'servers')).status).toBe(502);
      expect((await client.api('GET', 'servers')).status).toBe(200);
    });

    it('matches a page rule only on that list, not on a single resource below it', async () => {
      await faults([{ method: 'GET', path: '/api/v1/servers', page: 1, status: 503 }]);

      const statuses = [
        (await client.api('GET', 'servers/1')).status,
        (await client.api('GET', 'servers/1/backups')).status,
        (await client.api('GET', 'servers?page=2')).status,
        (await client.api('GET', 'servers')).status,
        (await client.api('GET', 'servers?page=1')).status,
      ];

      expect(statuses).toEqual([200, 200, 200, 503, 503]);
    });

    it('does not apply to the /_sim control routes', async () => {
      await faults([{ path: '/', status: 503 }]);

      const clock = await client.control('GET', 'clock');
      const api = await client.api('GET', 'plans');

      expect(clock.status).toBe(200);
      expect(api.status).toBe(503);
    });

    it('is applied before auth, so a request without a token still sees the fault', async () => {
      await faults([{ path: 'plans', status: 503, times: 1 }]);

      expect((await client.api('GET', 'plans', undefined, null)).status).toBe(503);
      expect((await client.api('GET', 'plans', undefined, null)).status).toBe(401);
    });
  });

  describe('delay and dropped connections', () => {
    it('delays the answer by delayMs', async () => {
      await faults([{ method: 'GET', path: 'servers', delayMs: 300, times: 1 }]);

      const started = Date.now();
      const reply = await client.api('GET', 'servers');
      const elapsed = Date.now() - started;

      expect(reply.status).toBe(200);
      expect(elapsed).toBeGreaterThanOrEqual(290);
    });

    it('drops the connection, so the request fails at the transport', async () => {
      await faults([{ method: 'GET', path: 'servers', dropConnection: true, times: 1 }]);

      await expect(fetch(`${sim.url}/api/v1/servers`, { headers: { authorization: 'Bearer t' } })).rejects.toThrow();
      expect((await client.api('GET', 'servers')).status).toBe(200);
    });
  });

  describe('task rules', () => {
    it('leaves a delete pending: still listed with is_processing, until finish makes it 404', async () => {
      await faults([{ method: 'DELETE', path: 'servers/2', task: 'pending', times: 1 }]);

      const reply = await client.api<{ data: TaskJson }>('DELETE', 'servers/2');
      const during = await client.api<{ data: ServerJson }>('GET', 'servers/2');
      const listed = await client.api<PageJson<ServerJson>>('GET', 'servers?page=1');
      const task = await client.api<{ data: TaskJson }>('GET', `tasks/${reply.body.data.id}`);
      await client.setClock('2026-11-03T10:30:00Z');
      const finished = await client.control<{ data: TaskJson }>('POST', `tasks/${reply.body.data.id}/finish`);

      expect(reply.status).toBe(200);
      expect(reply.body.data.status).toBe('pending');
      expect(during.body.data.is_processing).toBe(true);
      expect(listed.body.data.map((s) => s.id)).toEqual([1, 2]);
      expect(task.body.data).toMatchObject({ status: 'pending', progress: 0, duration: 0 });
      expect(finished.body.data).toMatchObject({ status: 'done', progress: 100, duration: 1800 });
      expect((await client.api('GET', 'servers/2')).status).toBe(404);
      expect((await logs()).map((e) => [e.event, e.created_at])).toEqual([['compute_resource_vm_delete_requested', T0]]);
    });

    it('leaves a failed suspend unapplied', async () => {
      await faults([{ method: 'POST', path: 'servers/1/suspend', task: 'failed' }]);

      const reply = await client.api<{ data: TaskJson }>('POST', 'servers/1/suspend');

      expect(reply.status).toBe(200);
      expect(reply.body.data.status).toBe('failed');
      expect((await client.api<{ data: ServerJson }>('GET', 'servers/1')).body.data.is_suspended).toBe(false);
    });

    it('keeps a pending create processing, logging the create when it finishes', async () => {
      await faults([{ method: 'POST', path: '/api/v1/servers', task: 'pending', times: 1 }]);

      const created = await client.api<{ data: ServerJson }>('POST', 'servers', createBody('slow.example.test'));
      const tasks = await client.api<PageJson<TaskJson>>('GET', `tasks?filter[compute_resource_vm_id]=${created.body.data.id}`);
      const logsBefore = await logs();
      await client.setClock('2026-11-03T10:02:00Z');
      await client.control('POST', `tasks/${tasks.body.data[0]?.id ?? 0}/finish`);
      const after = await client.api<{ data: ServerJson }>('GET', `servers/${created.body.data.id}`);

      expect(created.status).toBe(201);
      expect(created.body.data).toMatchObject({ status: 'processing', is_processing: true, created_at: T0 });
      expect(logsBefore).toEqual([]);
      expect(after.body.data).toMatchObject({ status: 'started', is_processing: false, created_at: T0 });
      expect((await logs()).map((e) => [e.event, e.created_at])).toEqual([['compute_resource_vm_created', '2026-11-03T10:02:00.000Z']]);
    });

    it('adds a pending additional IP only when the task finishes', async () => {
      await faults([{ method: 'POST', path: 'servers/1/ips', task: 'pending', times: 1 }]);

      const reply = await client.api<{ data: TaskJson }>('POST', 'servers/1/ips');
      const before = (await client.api<{ data: ServerJson }>('GET', 'servers/1')).body.data.ip_addresses.ipv4.length;
      await client.control('POST', `tasks/${reply.body.data.id}/finish`);
      const after = (await client.api<{ data: ServerJson }>('GET', 'servers/1')).body.data.ip_addresses.ipv4.length;

      expect([before, after]).toEqual([1, 2]);
      expect((await logs()).map((e) => e.event)).toEqual(['additional_ip_created']);
    });

    it('finishes a pending task as failed on request, without applying it', async () => {
      await faults([{ method: 'POST', path: 'servers/1/resize', task: 'pending', times: 1 }]);
      const reply = await client.api<{ data: TaskJson }>('POST', 'servers/1/resize', { plan_id: 2, preserve_disk: true });

      const finished = await client.control<{ data: TaskJson }>('POST', `tasks/${reply.body.data.id}/finish`, { status: 'failed' });

      expect(finished.body.data.status).toBe('failed');
      expect((await client.api<{ data: ServerJson }>('GET', 'servers/1')).body.data.plan.id).toBe(1);
    });

    it('answers 409 to finishing a task that is not pending, and 404 to an unknown one', async () => {
      const reply = await client.api<{ data: TaskJson }>('POST', 'servers/1/stop');

      expect((await client.control('POST', `tasks/${reply.body.data.id}/finish`)).status).toBe(409);
      expect((await client.control('POST', 'tasks/999/finish')).status).toBe(404);
    });

    it('does not consume task rules on requests that are refused', async () => {
      await faults([{ method: 'POST', path: 'servers', task: 'failed', times: 1 }]);

      const refused = await client.api('POST', 'servers', createBody('bad name'));
      const created = await client.api<{ data: ServerJson }>('POST', 'servers', createBody('ok.example.test'));

      expect(refused.status).toBe(422);
      expect(created.status).toBe(201);
      expect((await client.api('GET', `servers/${created.body.data.id}`)).status).toBe(404);
    });
  });

  describe('POST /_sim/faults', () => {
    it('appends rules and lists them with the uses left', async () => {
      await faults([{ path: 'plans', status: 503, times: 2 }]);
      await faults([{ path: 'users', delayMs: 10 }]);
      await client.api('GET', 'plans');

      const { body } = await client.control<{ rules: { path: string; remaining: number | null }[] }>('GET', 'faults');

      expect(body.rules.map((r) => [r.path, r.remaining])).toEqual([
        ['/api/v1/plans', 1],
        ['/api/v1/users', null],
      ]);
    });

    it.each([
      ['no effect', { path: 'plans' }],
      ['a task rule with a status', { path: 'servers', task: 'pending', status: 500 }],
      ['a bad status', { path: 'plans', status: 42 }],
    ])('answers 422 for %s', async (_what, rule) => {
      const reply = await faults([rule]);

      expect(reply.status).toBe(422);
      expect((await client.api('GET', 'plans')).status).toBe(200);
    });

    it.each([
      ['a fractional retryAfter', { path: 'plans', status: 429, retryAfter: 1.5 }, 'rules.0.retryAfter'],
      ['a negative retryAfter', { path: 'plans', status: 429, retryAfter: -1 }, 'rules.0.retryAfter'],
      ['a status below 200', { path: 'plans', status: 100 }, 'rules.0.status'],
      ['a status above 599', { path: 'plans', status: 600 }, 'rules.0.status'],
      ['a fractional status', { path: 'plans', status: 503.5 }, 'rules.0.status'],
    ])('answers 422 naming the field for %s, and adds no rule', async (_what, rule, field) => {
      const reply = await client.control<ErrorJson>('POST', 'faults', { rules: [{ path: 'users', status: 500 }, rule] });
      const listed = await client.control<{ rules: unknown[] }>('GET', 'faults');

      expect(reply.status).toBe(422);
      expect(reply.body.message).toBe('The given data was invalid.');
      expect(Object.keys(reply.body.errors ?? {})).toEqual([field.replace('rules.0', 'rules.1')]);
      expect(listed.body.rules).toEqual([]);
      expect((await client.api('GET', 'plans')).status).toBe(200);
      expect((await client.api('GET', 'users')).status).toBe(200);
    });

    it('answers 422 for a page rule without a path', async () => {
      const reply = await client.control<ErrorJson>('POST', 'faults', { rules: [{ page: 1, status: 503 }] });

      expect(reply.status).toBe(422);
      expect(Object.keys(reply.body.errors ?? {})).toEqual(['rules.0.path']);
      expect((await client.api('GET', 'servers')).status).toBe(200);
    });

    it('accepts retryAfter 0 and a 200 status', async () => {
      const reply = await faults([{ path: 'plans', status: 200, retryAfter: 0, times: 1 }]);
      const faulted = await client.api<ErrorJson>('GET', 'plans');

      expect(reply.status).toBe(200);
      expect(faulted.status).toBe(200);
      expect(faulted.headers.get('retry-after')).toBe('0');
    });
  });
});
