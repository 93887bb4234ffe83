import type {
  ActivityLogJson,
  BackupJson,
  PageJson,
  PlanJson,
  RunningSimulator,
  ServerJson,
  TaskJson,
  UserJson,
} from '../../../local/simulator';
import { BASE_FIXTURES, createBody, SimClient, T0, useTestSimulator } from './helpers';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('SolusIO simulator: response shapes', () => {
  let sim: RunningSimulator;
  let client: SimClient;

  useTestSimulator({ pageSize: 2 }, (started) => ({ sim, client } = started));
  beforeEach(async () => {
    await client.setClock(T0);
    await client.reset({
      ...BASE_FIXTURES,
      servers: [
        { id: 1, name: 'one.example.test', plan: 1, user: 1, backup_settings: { enabled: true }, additional_ip_count: 1, created_at: '2026-11-01T00:00:00Z' },
        { id: 2, name: 'two.example.test', plan: 2, user: 3, is_suspended: true },
      ],
      backups: [{ id: 4, server: 1, size: 2.5, created_at: '2026-11-02T03:00:00Z' }],
    });
  });

  describe('server', () => {
    it('has the SolusIO fields, embedding the full plan and user', async () => {
      const { status, body } = await client.api<{ data: ServerJson }>('GET', 'servers/1');

      expect(status).toBe(200);
      const s = body.data;
      expect(s.id).toBe(1);
      expect(s.uuid).toMatch(UUID);
      expect(s.name).toBe('one.example.test');
      expect(s.status).toBe('started');
      expect(s.is_suspended).toBe(false);
      expect(s.is_processing).toBe(false);
      expect(s.created_at).toBe('2026-11-01T00:00:00.000Z');
      expect(s.backup_settings.enabled).toBe(true);
      expect(s.backup_settings.schedule).toEqual({ type: 'daily', time: { hour: 3, minutes: 0 }, days: [] });
      expect(s.plan.id).toBe(1);
      expect(s.plan.tokens_per_hour).toBe(7);
      expect(s.plan.tokens_per_month).toBe(5000);
      expect(s.plan.backup_price).toBe(10);
      expect(s.user).toEqual({ id: 1, email: 'a@example.test', created_at: T0, status: 'active', roles: [{ id: 2, name: 'Client' }], billing_user_id: 7 });
      expect(s.location.id).toBe(1);
      expect(s.specifications).toEqual({ disk: 20, ram: 1_073_741_824, vcpu: 1 });
      expect(s.fqdns).toEqual(['one.example.test']);
      expect(s.boot_mode).toBe('disk');
    });

    it('lists IPv4 addresses with one primary and the additional ones', async () => {
      const { body } = await client.api<{ data: ServerJson }>('GET', 'servers/1');

      const ipv4 = body.data.ip_addresses.ipv4;
      expect(ipv4.map((ip) => [ip.id, ip.ip, ip.is_primary])).toEqual([
        [1, '198.18.0.1', true],
        [2, '198.18.0.2', false],
      ]);
      expect(body.data.ip_addresses.ipv6?.primary_ip).toBe('2001:db8:0:1::1');
    });

    it('derives the uuid from the id, so a replay yields the same uuid', async () => {
      const first = (await client.api<{ data: ServerJson }>('GET', 'servers/2')).body.data.uuid;
      await client.reset({ ...BASE_FIXTURES, servers: [{ id: 2, plan: 1, user: 1 }] });

      const second = (await client.api<{ data: ServerJson }>('GET', 'servers/2')).body.data.uuid;

      expect(second).toBe(first);
      expect(first).not.toBe((await client.api<{ data: ServerJson }>('POST', 'servers', createBody('x.example.test'))).body.data.uuid);
    });

    it('shows a suspended server as suspended and stopped', async () => {
      const { body } = await client.api<{ data: ServerJson }>('GET', 'servers/2');

      expect(body.data.is_suspended).toBe(true);
      expect(body.data.status).toBe('stopped');
      expect(body.data.user.billing_user_id).toBeNull();
      expect(body.data.plan.tokens_per_month).toBe(0);
    });
  });

  describe('plan', () => {
    it('has the billing fields as integers and numbers, and a price of strings', async () => {
      const { body } = await client.api<{ data: PlanJson }>('GET', 'plans/2');

      const p = body.data;
      expect(p).toMatchObject({
        id: 2,
        name: 'B',
        tokens_per_hour: 14,
        tokens_per_month: 0,
        ip_tokens_per_hour: 1,
        ip_tokens_per_month: 500,
        backup_price: 12.5,
        is_backup_available: false,
        is_additional_ips_available: false,
        is_default: false,
        is_visible: true,
      });
      expect(p.price).toMatchObject({ per_hour: '0.01', per_month: '0.00', currency_code: 'USD', backup_price: '0.00', total_price: '0.00' });
      expect(typeof p.price.per_hour).toBe('string');
    });
  });

  describe('user', () => {
    it('has id, email, status, billing_user_id and created_at', async () => {
      const { body } = await client.api<PageJson<UserJson>>('GET', 'users?page=2');

      expect(body.data).toEqual([{ id: 3, email: 'c@example.test', created_at: T0, status: 'active', roles: [{ id: 2, name: 'Client' }], billing_user_id: null }]);
    });
  });

  describe('backup', () => {
    it('has the SDK fields and embeds its server', async () => {
      const { status, body } = await client.api<{ data: BackupJson }>('GET', 'backups/4');

      expect(status).toBe(200);
      expect(body.data).toMatchObject({
        id: 4,
        type: 'full',
        creation_method: 'auto',
        status: 'created',
        size: 2.5,
        created_at: '2026-11-02T03:00:00.000Z',
        backup_progress: 100,
        backup_fail_reason: '',
      });
      expect(body.data.compute_resource_vm.id).toBe(1);
      expect(body.data.creator.id).toBe(1);
    });
  });

  describe('task', () => {
    it('is answered by an action and readable by id, in exactly the Go SDK\'s Task shape (tasks.go)', async () => {
      const action = await client.api<{ data: TaskJson }>('POST', 'servers/1/stop');

      const { body } = await client.api<{ data: TaskJson }>('GET', `tasks/${action.body.data.id}`);

      expect(action.status).toBe(200);
      expect(body.data).toEqual({
        id: 1,
        compute_resource_id: 1,
        queue: 'default',
        action: 'vm-stop',
        status: 'done',
        output: '',
        progress: 100,
        duration: 0,
      });
    });
  });

  describe('activity log', () => {
    it('has id, event, user_email, created_at and data.compute_resource_vm', async () => {
      const server = (await client.api<{ data: ServerJson }>('GET', 'servers/1')).body.data;
      await client.api('DELETE', 'servers/1');

      const { body } = await client.api<PageJson<ActivityLogJson>>('GET', 'activity_logs');

      expect(body.data).toEqual([
        {
          id: 1,
          event: 'compute_resource_vm_delete_requested',
          user_email: 'a@example.test',
          created_at: T0,
          data: { compute_resource_vm: { id: 1, uuid: server.uuid, name: 'one.example.test' } },
        },
      ]);
    });
  });

  describe('paging', () => {
    it('answers data, links and meta as Laravel pages', async () => {
      const { body } = await client.api<PageJson<PlanJson>>('GET', 'plans');

      expect(body.meta).toEqual({ current_page: 1, from: 1, last_page: 1, path: `${sim.url}/api/v1/plans`, per_page: 2, to: 2, total: 2 });
      expect(body.links).toEqual({ first: `${sim.url}/api/v1/plans?page=1`, last: `${sim.url}/api/v1/plans?page=1`, prev: null, next: null });
    });
  });

  describe('catalog', () => {
    it('serves location 1 and OS image 1 even when empty', async () => {
      await client.reset({ seed: 'empty' });

      const locations = await client.api<PageJson<{ id: number }>>('GET', 'locations');
      const images = await client.api<PageJson<{ id: number; versions: { id: number }[] }>>('GET', 'os_images');

      expect(locations.body.data.map((l) => l.id)).toEqual([1]);
      expect(images.body.data.map((o) => [o.id, o.versions.map((v) => v.id)])).toEqual([[1, [1]]]);
    });
  });

  describe('demo seed', () => {
    it('has users (one without billing id), plans and servers in mixed states', async () => {
      await client.reset({ seed: 'demo' });

      const users = await client.api<PageJson<UserJson>>('GET', 'users?page=2');
      const plans = await client.api<PageJson<PlanJson>>('GET', 'plans?page=2');
      const servers: ServerJson[] = [];
      for (let page = 1; page <= 3; page++) servers.push(...(await client.api<PageJson<ServerJson>>('GET', `servers?page=${page}`)).body.data);

      expect(users.body.meta.total).toBe(3);
      expect(users.body.data[0]?.billing_user_id).toBeNull();
      expect(plans.body.data[0]?.tokens_per_month).toBe(0);
      expect(servers).toHaveLength(5);
      expect(new Set(servers.map((s) => s.status))).toEqual(new Set(['started', 'stopped']));
      expect(servers.some((s) => s.is_suspended)).toBe(true);
      expect(servers.some((s) => s.backup_settings.enabled)).toBe(true);
      expect(servers.some((s) => s.ip_addresses.ipv4.some((ip) => !ip.is_primary))).toBe(true);
    });
  });
});
