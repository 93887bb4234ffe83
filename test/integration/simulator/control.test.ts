import type { ActivityLogJson, ErrorJson, PageJson, PlanJson, RunningSimulator, ServerJson, StatsJson, UserJson } from '../../../local/simulator';
import { BASE_FIXTURES, createBody, SimClient, T0, useTestSimulator } from './helpers';

describe('SolusIO simulator: control routes', () => {
  let sim: RunningSimulator;
  let client: SimClient;

  useTestSimulator({ pageSize: 100 }, (started) => ({ sim, client } = started));
  beforeEach(async () => {
    await client.setClock(T0);
    await client.reset({ ...BASE_FIXTURES, servers: [{ id: 1, name: 'one.example.test', plan: 1, user: 1 }] });
  });

  const server = async (id: number) => (await client.api<{ data: ServerJson }>('GET', `servers/${id}`)).body.data;
  const logs = async () => (await client.api<PageJson<ActivityLogJson>>('GET', 'activity_logs')).body.data;

  describe('/_sim/clock', () => {
    it('holds the time set, and reads it back', async () => {
      const put = await client.control<{ now: string }>('PUT', 'clock', { now: '2026-12-01T00:00:00+01:00' });
      await new Promise((r) => setTimeout(r, 20));
      const get = await client.control<{ now: string }>('GET', 'clock');

      expect(put.body.now).toBe('2026-11-30T23:00:00.000Z');
      expect(get.body.now).toBe('2026-11-30T23:00:00.000Z');
      expect(sim.clock.now().toISOString()).toBe('2026-11-30T23:00:00.000Z');
    });

    it('is shared with the in-process handle', async () => {
      sim.clock.set(new Date('2026-11-05T06:07:08Z'));

      const created = await client.api<{ data: ServerJson }>('POST', 'servers', createBody('clock.example.test'));

      expect(created.body.data.created_at).toBe('2026-11-05T06:07:08.000Z');
    });

    it('answers 422 for a time that is not ISO-8601', async () => {
      const reply = await client.control<ErrorJson>('PUT', 'clock', { now: 'yesterday' });

      expect(reply.status).toBe(422);
      expect(Object.keys(reply.body.errors ?? {})).toEqual(['now']);
      expect((await client.control<{ now: string }>('GET', 'clock')).body.now).toBe(T0);
    });
  });

  describe('POST /_sim/reset', () => {
    it('empties everything but location 1 and OS image 1, and keeps the clock', async () => {
      await client.api('DELETE', 'servers/1');

      await client.reset({ seed: 'empty' });

      expect((await client.api<PageJson<ServerJson>>('GET', 'servers')).body.meta.total).toBe(0);
      expect((await client.api<PageJson<PlanJson>>('GET', 'plans')).body.meta.total).toBe(0);
      expect((await client.api<PageJson<UserJson>>('GET', 'users')).body.meta.total).toBe(0);
      expect(await logs()).toEqual([]);
      expect((await client.api('GET', 'locations/1')).status).toBe(200);
      expect((await client.api('GET', 'os_images/1')).status).toBe(200);
      expect((await client.control<{ now: string }>('GET', 'clock')).body.now).toBe(T0);
    });

    it('fills defaults into partial fixtures and takes plan and user as ids or objects', async () => {
      await client.reset({
        plans: [{ id: 5, tokens_per_hour: 3 }],
        users: [{ email: 'x@example.test' }],
        servers: [
          { plan: 5, user: 1, created_at: '2026-10-15T08:00:00Z', is_suspended: true, backup_settings: { enabled: true }, additional_ip_count: 2 },
          { plan: { id: 9, name: 'Embedded', tokens_per_month: 900 }, user: { id: 4, email: 'y@example.test', billing_user_id: 44 } },
          { id: 10, plan: 5, user: 1, ip_addresses: { ipv4: [{ ip: '192.0.2.10' }, { ip: '192.0.2.11' }] } },
        ],
      });

      const [first, second, third] = [await server(1), await server(2), await server(10)];

      expect(first).toMatchObject({ name: 'server1.example.test', is_suspended: true, status: 'stopped', created_at: '2026-10-15T08:00:00.000Z' });
      expect(first.plan).toMatchObject({ id: 5, name: 'Plan 5', tokens_per_hour: 3, tokens_per_month: 5000 });
      expect(first.user).toMatchObject({ id: 1, email: 'x@example.test', billing_user_id: null });
      expect(first.backup_settings.enabled).toBe(true);
      expect(first.ip_addresses.ipv4.map((ip) => ip.is_primary)).toEqual([true, false, false]);
      expect(second.created_at).toBe(T0);
      expect(second.plan).toMatchObject({ id: 9, name: 'Embedded', tokens_per_month: 900 });
      expect(second.user).toMatchObject({ id: 4, billing_user_id: 44 });
      expect(third.ip_addresses.ipv4.map((ip) => [ip.ip, ip.is_primary])).toEqual([
        ['192.0.2.10', true],
        ['192.0.2.11', false],
      ]);
      expect((await client.api<PageJson<PlanJson>>('GET', 'plans')).body.data.map((p) => p.id)).toEqual([5, 9]);
    });

    it('continues ids after the fixtures', async () => {
      await client.reset({ ...BASE_FIXTURES, servers: [{ id: 7, plan: 1, user: 1, additional_ip_count: 1 }] });

      const created = await client.api<{ data: ServerJson }>('POST', 'servers', createBody('next.example.test'));

      expect(created.body.data.id).toBe(8);
      expect(created.body.data.ip_addresses.ipv4.map((ip) => ip.id)).toEqual([3]);
    });

    it('clears the activity log and tasks', async () => {
      await client.api('POST', 'servers', createBody('x.example.test'));

      await client.reset({ ...BASE_FIXTURES });

      expect(await logs()).toEqual([]);
      expect((await client.api('GET', 'tasks/1')).status).toBe(404);
    });

    it.each([
      ['an unknown plan id', { ...BASE_FIXTURES, servers: [{ plan: 3, user: 1 }] }, 'servers.0.plan'],
      ['an unknown user id', { ...BASE_FIXTURES, servers: [{ plan: 1, user: 9 }] }, 'servers.0.user'],
      ['a duplicate id', { plans: [{ id: 1 }, { id: 1 }] }, 'plans.1.id'],
      ['a bad seed', { seed: 'full' }, 'seed'],
      ['a server with no plan to use', { users: [{ id: 1 }], servers: [{ user: 1 }] }, 'servers.0.plan'],
    ])('answers 422 for %s and keeps the state', async (_what, body, field) => {
      const reply = await client.control<ErrorJson>('POST', 'reset', body);

      expect(reply.status).toBe(422);
      expect(Object.keys(reply.body.errors ?? {})).toContain(field);
      expect((await server(1)).name).toBe('one.example.test');
    });
  });

  describe('PATCH /_sim/servers/{id}', () => {
    it('moves a server to another owner without a log entry', async () => {
      const reply = await client.control<{ data: ServerJson }>('PATCH', 'servers/1', { user: 3 });

      expect(reply.status).toBe(200);
      expect(reply.body.data.user).toMatchObject({ id: 3, email: 'c@example.test', billing_user_id: null });
      expect((await server(1)).user.id).toBe(3);
      expect((await client.api<PageJson<ServerJson>>('GET', 'servers?filter[user_id]=3')).body.data.map((s) => s.id)).toEqual([1]);
      expect(await logs()).toEqual([]);
    });

    it('changes plan, suspension, backups and the additional IP count silently', async () => {
      await client.control('PATCH', 'servers/1', { plan: 2, is_suspended: true, backup_settings: { enabled: true }, additional_ip_count: 2 });
      const grown = await server(1);
      await client.control('PATCH', 'servers/1', { additional_ip_count: 1 });
      const shrunk = await server(1);

      expect(grown).toMatchObject({ is_suspended: true });
      expect(grown.plan.id).toBe(2);
      expect(grown.backup_settings.enabled).toBe(true);
      expect(grown.ip_addresses.ipv4.map((ip) => [ip.id, ip.is_primary])).toEqual([
        [1, true],
        [2, false],
        [3, false],
      ]);
      expect(shrunk.ip_addresses.ipv4.map((ip) => ip.id)).toEqual([1, 2]);
      expect(await logs()).toEqual([]);
    });

    describe('explicit IPv4 ids', () => {
      const ipIds = async (id: number) => (await server(id)).ip_addresses.ipv4.map((ip) => ip.id);
      const addIp = async (id: number) => {
        await client.api('POST', `servers/${id}/ips`);
        return ipIds(id);
      };

      it('moves the IP id counter past an explicit id, so a later IP never reuses it', async () => {
        const patched = await client.control<{ data: ServerJson }>('PATCH', 'servers/1', { ip_addresses: { ipv4: [{ id: 50 }] } });

        expect(patched.body.data.ip_addresses.ipv4).toEqual([expect.objectContaining({ id: 50, ip: '198.18.0.50', is_primary: true })]);
        expect(await addIp(1)).toEqual([50, 51]);
      });

      it('allocates the ids not given after the explicit ones in the same patch', async () => {
        await client.control('PATCH', 'servers/1', { ip_addresses: { ipv4: [{}, { id: 2 }, {}] } });

        expect(await ipIds(1)).toEqual([3, 2, 4]);
        expect(await addIp(1)).toEqual([3, 2, 4, 5]);
      });

      it('does not use up an allocated id for an explicit one', async () => {
        await client.control('PATCH', 'servers/1', { ip_addresses: { ipv4: [{ id: 1, ip: '192.0.2.1' }] } });

        expect(await addIp(1)).toEqual([1, 2]);
      });

      it('keeps the counter past explicit ids for additional_ip_count and new servers', async () => {
        await client.control('PATCH', 'servers/1', { ip_addresses: { ipv4: [{ id: 7 }] }, additional_ip_count: 1 });
        const created = await client.api<{ data: ServerJson }>('POST', 'servers', createBody('next.example.test'));

        expect(await ipIds(1)).toEqual([7, 8]);
        expect(created.body.data.ip_addresses.ipv4.map((ip) => ip.id)).toEqual([9]);
      });

      it('answers 422 for an id given twice or held by another server, and changes nothing', async () => {
        await client.api('POST', 'servers', createBody('two.example.test'));

        const twice = await client.control<ErrorJson>('PATCH', 'servers/1', { ip_addresses: { ipv4: [{ id: 9 }, { id: 9 }] } });
        const other = await client.control<ErrorJson>('PATCH', 'servers/1', { ip_addresses: { ipv4: [{ id: 2 }] } });

        expect(twice.status).toBe(422);
        expect(Object.keys(twice.body.errors ?? {})).toEqual(['ip_addresses.ipv4.1.id']);
        expect(other.status).toBe(422);
        expect(Object.keys(other.body.errors ?? {})).toEqual(['ip_addresses.ipv4.0.id']);
        expect(await ipIds(1)).toEqual([1]);
        expect(await addIp(1)).toEqual([1, 3]);
      });

      it('continues after explicit ids given in reset fixtures', async () => {
        await client.reset({
          ...BASE_FIXTURES,
          servers: [
            { id: 1, plan: 1, user: 1, additional_ip_count: 1 },
            { id: 2, plan: 1, user: 1, ip_addresses: { ipv4: [{ id: 2 }, { id: 40 }] } },
            { id: 3, plan: 1, user: 1 },
          ],
        });

        expect([await ipIds(1), await ipIds(2), await ipIds(3)]).toEqual([[1, 3], [2, 40], [41]]);
        expect(await addIp(1)).toEqual([1, 3, 42]);
      });
    });

    it('answers 422 for an unknown owner and 404 for an unknown server', async () => {
      const badUser = await client.control<ErrorJson>('PATCH', 'servers/1', { user: 99 });
      const badServer = await client.control('PATCH', 'servers/99', { user: 1 });

      expect(badUser.status).toBe(422);
      expect(badUser.body.errors).toEqual({ user: ['The selected user is invalid.'] });
      expect(badServer.status).toBe(404);
      expect((await server(1)).user.id).toBe(1);
    });
  });

  describe('PATCH /_sim/plans/{id} and /_sim/users/{id}', () => {
    it('changes a plan’s prices as every server embedding it shows', async () => {
      await client.control('PATCH', 'plans/1', { tokens_per_hour: 8, backup_price: 12.5 });

      expect((await server(1)).plan).toMatchObject({ tokens_per_hour: 8, backup_price: 12.5, tokens_per_month: 5000 });
    });

    it('changes a user’s billing_user_id', async () => {
      await client.control('PATCH', 'users/3', { billing_user_id: 333 });

      expect((await client.api<{ data: UserJson }>('GET', 'users/3')).body.data.billing_user_id).toBe(333);
    });
  });

  describe('/_sim/stats', () => {
    it('counts /api/v1 requests by route, not control requests, until reset', async () => {
      await client.control('DELETE', 'stats');
      await client.api('GET', 'servers');
      await client.api('GET', 'servers?page=2');
      await client.api('GET', 'servers/1');
      await client.api('GET', 'servers/1', undefined, null);
      await client.api('GET', 'nothing-here');
      await client.control('GET', 'clock');

      const { body } = await client.control<StatsJson>('GET', 'stats');
      const cleared = await client.control<StatsJson>('DELETE', 'stats');

      expect(body.requests).toEqual({ 'GET (unmatched)': 1, 'GET /api/v1/servers': 2, 'GET /api/v1/servers/{id}': 2 });
      expect(body.total).toBe(5);
      expect(cleared.body).toEqual({ requests: {}, total: 0, faults: 0 });
    });

    it('counts requests a fault answered', async () => {
      await client.control('DELETE', 'stats');
      await client.control('POST', 'faults', { rules: [{ path: 'plans', status: 503, times: 1 }] });

      await client.api('GET', 'plans');
      await client.api('GET', 'plans');

      expect((await client.control<StatsJson>('GET', 'stats')).body).toEqual({ requests: { 'GET /api/v1/plans': 2 }, total: 2, faults: 1 });
    });
  });
});
