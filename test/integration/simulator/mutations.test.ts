import type { ActivityLogJson, BackupJson, ErrorJson, PageJson, ServerJson, TaskJson, UserJson } from '../../../local/simulator';
import { BASE_FIXTURES, createBody, SimClient, T0, useTestSimulator } from './helpers';

describe('SolusIO simulator: changes through the SolusIO routes', () => {
  let client: SimClient;

  useTestSimulator({ pageSize: 100 }, (started) => ({ client } = started));
  beforeEach(async () => {
    await client.setClock(T0);
    await client.reset({ ...BASE_FIXTURES, servers: [{ id: 1, name: 'one.example.test', plan: 1, user: 1, created_at: '2026-10-01T00:00:00Z' }] });
  });

  const logs = async () => (await client.api<PageJson<ActivityLogJson>>('GET', 'activity_logs')).body.data;
  const server = async (id: number) => client.api<{ data: ServerJson }>('GET', `servers/${id}`);

  describe('POST servers', () => {
    it('answers 201 with the new server, created at the simulated now', async () => {
      const { status, body } = await client.api<{ data: ServerJson }>('POST', 'servers', createBody('new.example.test', { user: 2 }));

      expect(status).toBe(201);
      expect(body.data).toMatchObject({ id: 2, name: 'new.example.test', status: 'started', is_processing: false, created_at: T0 });
      expect(body.data.plan.tokens_per_hour).toBe(7);
      expect(body.data.user.email).toBe('b@example.test');
      expect(body.data.ip_addresses.ipv4).toHaveLength(1);
      expect(body.data.ip_addresses.ipv4[0]?.is_primary).toBe(true);
    });

    it('logs compute_resource_vm_created with the server in data and starts a done task', async () => {
      const created = (await client.api<{ data: ServerJson }>('POST', 'servers', createBody('new.example.test'))).body.data;

      const tasks = await client.api<PageJson<TaskJson>>('GET', `tasks?filter[compute_resource_vm_id]=${created.id}`);

      expect(await logs()).toEqual([
        { id: 1, event: 'compute_resource_vm_created', user_email: 'a@example.test', created_at: T0, data: { compute_resource_vm: { id: 2, uuid: created.uuid, name: 'new.example.test' } } },
      ]);
      expect(tasks.body.data.map((t) => [t.action, t.status])).toEqual([['vm-create', 'done']]);
    });

    it('takes additional_ip_count and backup_settings', async () => {
      const { body } = await client.api<{ data: ServerJson }>('POST', 'servers', createBody('ips.example.test', { additional_ip_count: 2, backup_settings: { enabled: true } }));

      expect(body.data.ip_addresses.ipv4.map((ip) => ip.is_primary)).toEqual([true, false, false]);
      expect(new Set(body.data.ip_addresses.ipv4.map((ip) => ip.ip)).size).toBe(3);
      expect(body.data.backup_settings.enabled).toBe(true);
      expect((await logs()).map((e) => e.event)).toEqual(['compute_resource_vm_created']);
    });

    it('accepts ids given as decimal strings', async () => {
      const { status } = await client.api('POST', 'servers', { name: 'str.example.test', plan: '1', location: '1', os: '1', user: '2' });

      expect(status).toBe(201);
    });

    it.each([
      ['no plan', { name: 'a.example.test', location: 1, os: 1, user: 1 }, 'plan', 'The plan field is required.'],
      ['an unknown plan', createBody('a.example.test', { plan: 99 }), 'plan', 'The selected plan is invalid.'],
      ['an unknown user', createBody('a.example.test', { user: 99 }), 'user', 'The selected user is invalid.'],
      ['an unknown location', createBody('a.example.test', { location: 5 }), 'location', 'The selected location is invalid.'],
      ['no os', { name: 'a.example.test', plan: 1, location: 1, user: 1 }, 'os', 'The os field is required when application is not present.'],
      ['a bad hostname', createBody('not a hostname'), 'name', 'The name field is invalid: must be a valid hostname.'],
      ['extra IPs on a plan without them', createBody('a.example.test', { plan: 2, additional_ip_count: 1 }), 'additional_ip_count', 'Additional IPs are not available for the plan.'],
    ])('answers 422 for %s', async (_what, body, field, message) => {
      const reply = await client.api<ErrorJson>('POST', 'servers', body);

      expect(reply.status).toBe(422);
      expect(reply.body.message).toBe('The given data was invalid.');
      expect(reply.body.errors?.[field]).toEqual([message]);
      expect((await client.api<PageJson<ServerJson>>('GET', 'servers')).body.meta.total).toBe(1);
    });

    it('answers 422 with a body error for bad JSON', async () => {
      const reply = await client.api<ErrorJson>('POST', 'servers', '{"name": ');

      expect(reply.status).toBe(422);
      expect(reply.body.errors).toEqual({ body: ['The body must be valid JSON.'] });
    });
  });

  describe('DELETE servers/{id}', () => {
    it('answers a done task, then the server is 404 and no longer listed', async () => {
      const reply = await client.api<{ data: TaskJson }>('DELETE', 'servers/1');

      expect(reply.status).toBe(200);
      expect(reply.body.data).toMatchObject({ action: 'vm-delete', status: 'done' });
      expect((await server(1)).status).toBe(404);
      expect((await server(1)).body).toEqual({ message: 'Server not found.' });
      expect((await client.api<PageJson<ServerJson>>('GET', 'servers')).body.data).toEqual([]);
    });

    it('logs compute_resource_vm_delete_requested at the simulated time', async () => {
      await client.setClock('2026-11-03T10:05:00Z');

      await client.api('DELETE', 'servers/1');

      expect((await logs()).map((e) => [e.event, e.created_at, e.data.compute_resource_vm.id])).toEqual([
        ['compute_resource_vm_delete_requested', '2026-11-03T10:05:00.000Z', 1],
      ]);
    });

    it('answers 404 for an unknown server', async () => {
      expect((await client.api('DELETE', 'servers/42')).status).toBe(404);
    });
  });

  describe('server actions', () => {
    it('suspends and resumes without an activity-log entry', async () => {
      const suspend = await client.api<{ data: TaskJson }>('POST', 'servers/1/suspend');
      const suspended = (await server(1)).body.data;
      await client.api('POST', 'servers/1/resume');
      const resumed = (await server(1)).body.data;

      expect(suspend.body.data).toMatchObject({ action: 'vm-suspend', status: 'done' });
      expect([suspended.is_suspended, suspended.status]).toEqual([true, 'stopped']);
      expect([resumed.is_suspended, resumed.status]).toEqual([false, 'started']);
      expect(await logs()).toEqual([]);
    });

    it('resizes to another plan, with backup_settings, and logs nothing', async () => {
      await client.reset({ ...BASE_FIXTURES, plans: [...BASE_FIXTURES.plans, { id: 3, name: 'C', tokens_per_hour: 21 }], servers: [{ id: 1, plan: 1, user: 1 }] });

      const reply = await client.api<{ data: TaskJson }>('POST', 'servers/1/resize', { plan_id: 3, preserve_disk: true, backup_settings: { enabled: true } });
      const resized = (await server(1)).body.data;

      expect(reply.body.data.action).toBe('vm-resize');
      expect(resized.plan.id).toBe(3);
      expect(resized.plan.tokens_per_hour).toBe(21);
      expect(resized.backup_settings.enabled).toBe(true);
      expect(await logs()).toEqual([]);
    });

    it('answers 422 for a resize to an unknown plan and leaves the plan', async () => {
      const reply = await client.api<ErrorJson>('POST', 'servers/1/resize', { plan_id: 77, preserve_disk: true });

      expect(reply.status).toBe(422);
      expect(reply.body.errors).toEqual({ plan_id: ['The selected plan id is invalid.'] });
      expect((await server(1)).body.data.plan.id).toBe(1);
    });

    it.each([
      ['stop', 'stopped', 'vm-stop'],
      ['start', 'started', 'vm-start'],
      ['restart', 'started', 'vm-restart'],
      ['reset_password', 'started', 'vm-password-change'],
    ])('%s sets the status to %s', async (name, status, action) => {
      const reply = await client.api<{ data: TaskJson }>('POST', `servers/1/${name}`);

      expect(reply.body.data.action).toBe(action);
      expect((await server(1)).body.data.status).toBe(status);
    });
  });

  describe('PATCH servers/{id}', () => {
    it('toggles backups and renames, answering the server, without a log entry', async () => {
      const reply = await client.api<{ data: ServerJson }>('PATCH', 'servers/1', { name: 'renamed.example.test', backup_settings: { enabled: true } });

      expect(reply.status).toBe(200);
      expect(reply.body.data.name).toBe('renamed.example.test');
      expect(reply.body.data.backup_settings.enabled).toBe(true);
      expect((await server(1)).body.data.backup_settings.enabled).toBe(true);
      expect(await logs()).toEqual([]);
    });
  });

  describe('additional IPs', () => {
    it('POST servers/{id}/ips adds one IPv4 and logs additional_ip_created', async () => {
      await client.setClock('2026-11-04T00:00:00Z');

      const reply = await client.api<{ data: TaskJson }>('POST', 'servers/1/ips');
      const ipv4 = (await server(1)).body.data.ip_addresses.ipv4;

      expect(reply.status).toBe(200);
      expect(ipv4.map((ip) => [ip.id, ip.is_primary])).toEqual([
        [1, true],
        [2, false],
      ]);
      expect((await logs()).map((e) => [e.event, e.created_at, e.data.compute_resource_vm.id])).toEqual([
        ['additional_ip_created', '2026-11-04T00:00:00.000Z', 1],
      ]);
    });

    it('DELETE servers/{id}/ips/{ipId} removes it and logs additional_ip_deleted', async () => {
      await client.api('POST', 'servers/1/ips', { count: 2 });

      const reply = await client.api('DELETE', 'servers/1/ips/2');
      const ipv4 = (await server(1)).body.data.ip_addresses.ipv4;

      expect(reply.status).toBe(200);
      expect(ipv4.map((ip) => ip.id)).toEqual([1, 3]);
      expect((await logs()).map((e) => e.event)).toEqual(['additional_ip_deleted', 'additional_ip_created', 'additional_ip_created']);
    });

    it('refuses to delete the primary IP (422) or an unknown one (404)', async () => {
      const primary = await client.api<ErrorJson>('DELETE', 'servers/1/ips/1');
      const unknown = await client.api<ErrorJson>('DELETE', 'servers/1/ips/99');

      expect(primary.status).toBe(422);
      expect(primary.body.errors).toEqual({ ip: ['The primary IP address cannot be deleted.'] });
      expect(unknown.status).toBe(404);
      expect(await logs()).toEqual([]);
    });

    it('refuses extra IPs on a plan without them', async () => {
      await client.reset({ ...BASE_FIXTURES, servers: [{ id: 1, plan: 2, user: 1 }] });

      const reply = await client.api<ErrorJson>('POST', 'servers/1/ips');

      expect(reply.status).toBe(422);
      expect(reply.body.errors).toEqual({ count: ['Additional IPs are not available for the plan.'] });
    });
  });

  describe('backups', () => {
    it('POST servers/{id}/backups answers 201 with a created backup, then GET and DELETE it', async () => {
      const made = await client.api<{ data: BackupJson }>('POST', 'servers/1/backups');
      const listed = await client.api<PageJson<BackupJson>>('GET', 'servers/1/backups');
      const got = await client.api<{ data: BackupJson }>('GET', `backups/${made.body.data.id}`);
      const deleted = await client.api('DELETE', `backups/${made.body.data.id}`);

      expect(made.status).toBe(201);
      expect(made.body.data).toMatchObject({ id: 1, status: 'created', creation_method: 'manual', size: 2.5, created_at: T0, backup_progress: 100 });
      expect(listed.body.data.map((b) => b.id)).toEqual([1]);
      expect(got.body.data.compute_resource_vm.id).toBe(1);
      expect(deleted.status).toBe(204);
      expect((await client.api('GET', `backups/${made.body.data.id}`)).status).toBe(404);
    });

    it('deletes a server’s backups with the server', async () => {
      const made = await client.api<{ data: BackupJson }>('POST', 'servers/1/backups');

      await client.api('DELETE', 'servers/1');

      expect((await client.api('GET', `backups/${made.body.data.id}`)).status).toBe(404);
    });
  });

  describe('users', () => {
    it('creates a user, finds it by email search and sets billing_user_id', async () => {
      const made = await client.api<{ data: UserJson }>('POST', 'users', { email: 'new@example.test', password: 'x', status: 'active' });
      const patched = await client.api<{ data: UserJson }>('PATCH', `users/${made.body.data.id}`, { billing_user_id: 4242 });
      const found = await client.api<PageJson<UserJson>>('GET', 'users?filter[search]=new@example.test');

      expect(made.status).toBe(201);
      expect(made.body.data).toMatchObject({ id: 4, email: 'new@example.test', status: 'active', billing_user_id: null, created_at: T0 });
      expect(patched.body.data.billing_user_id).toBe(4242);
      expect(found.body.data.map((u) => [u.id, u.billing_user_id])).toEqual([[4, 4242]]);
    });

    it('refuses a taken email with 422', async () => {
      const reply = await client.api<ErrorJson>('POST', 'users', { email: 'A@example.test', password: 'x', status: 'active' });

      expect(reply.status).toBe(422);
      expect(reply.body.errors).toEqual({ email: ['The email has already been taken.'] });
    });

    it('refuses a user without password or status (422), as the official module never sends one', async () => {
      const reply = await client.api<ErrorJson>('POST', 'users', { email: 'bare@example.test', billing_user_id: 5 });
      const empty = await client.api<ErrorJson>('POST', 'users', { email: 'bare@example.test', password: '', status: 'active' });

      expect(reply.status).toBe(422);
      expect(Object.keys(reply.body.errors ?? {}).sort()).toEqual(['password', 'status']);
      expect(Object.keys(empty.body.errors ?? {})).toEqual(['password']);
      expect((await client.api<PageJson<UserJson>>('GET', 'users?filter[search]=bare@')).body.data).toEqual([]);
    });
  });

  describe('activity log', () => {
    it('records only creates, delete requests and additional IPs, newest first, with growing ids and clock times', async () => {
      const times = ['2026-11-03T11:00:00Z', '2026-11-03T12:00:00Z', '2026-11-03T13:00:00Z', '2026-11-03T14:00:00Z'];
      await client.setClock(times[0] ?? '');
      await client.api('POST', 'servers', createBody('two.example.test'));
      await client.api('POST', 'servers/2/suspend');
      await client.api('POST', 'servers/2/resume');
      await client.api('POST', 'servers/2/resize', { plan_id: 2, preserve_disk: true });
      await client.api('PATCH', 'servers/1', { backup_settings: { enabled: true } });
      await client.setClock(times[1] ?? '');
      await client.api('POST', 'servers/1/ips');
      await client.setClock(times[2] ?? '');
      await client.api('DELETE', 'servers/1/ips/3');
      await client.setClock(times[3] ?? '');
      await client.api('DELETE', 'servers/2');

      const entries = await logs();

      expect(entries.map((e) => [e.id, e.event, e.created_at.slice(0, 19), e.data.compute_resource_vm.id])).toEqual([
        [4, 'compute_resource_vm_delete_requested', '2026-11-03T14:00:00', 2],
        [3, 'additional_ip_deleted', '2026-11-03T13:00:00', 1],
        [2, 'additional_ip_created', '2026-11-03T12:00:00', 1],
        [1, 'compute_resource_vm_created', '2026-11-03T11:00:00', 2],
      ]);
    });
  });
});
