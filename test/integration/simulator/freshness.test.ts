import type { ErrorJson, PageJson, PlanJson, ServerJson, UserJson } from '../../../local/simulator';
import { BASE_FIXTURES, SimClient, T0, useTestSimulator } from './helpers';

interface LocationJson {
  available_plans: { id: number; name: string }[];
}

/** Every list answers the state as it is now, also after a record was replaced by a change. */
describe('SolusIO simulator: lists after changes', () => {
  let client: SimClient;

  useTestSimulator({ pageSize: 100 }, (started) => ({ client } = started));
  beforeEach(async () => {
    await client.setClock(T0);
    await client.reset({
      ...BASE_FIXTURES,
      servers: [
        { id: 1, name: 'one.example.test', plan: 1, user: 1 },
        { id: 2, name: 'two.example.test', plan: 2, user: 2 },
      ],
    });
  });

  const plans = async () => (await client.api<PageJson<PlanJson>>('GET', 'plans')).body.data;
  const users = async (query = '') => (await client.api<PageJson<UserJson>>('GET', `users${query}`)).body.data;
  const servers = async (query = '') => (await client.api<PageJson<ServerJson>>('GET', `servers${query}`)).body.data;

  describe('plans', () => {
    it('GET plans shows a plan changed by PATCH /_sim/plans/{id}', async () => {
      await plans();

      await client.control('PATCH', 'plans/1', { tokens_per_hour: 99 });

      expect((await plans()).map((p) => [p.id, p.tokens_per_hour])).toEqual([
        [1, 99],
        [2, 14],
      ]);
    });

    it('a location’s available_plans shows a renamed plan', async () => {
      await client.api('GET', 'locations/1');

      await client.control('PATCH', 'plans/2', { name: 'Renamed' });

      const location = (await client.api<{ data: LocationJson }>('GET', 'locations/1')).body.data;
      expect(location.available_plans).toEqual([
        { id: 1, name: 'A' },
        { id: 2, name: 'Renamed' },
      ]);
    });

    it('GET servers embeds the changed plan', async () => {
      await servers();

      await client.control('PATCH', 'plans/1', { tokens_per_hour: 99 });

      expect((await servers()).map((s) => s.plan.tokens_per_hour)).toEqual([99, 14]);
    });
  });

  describe('users', () => {
    it.each([
      ['PATCH users/{id}', () => client.api('PATCH', 'users/2', { email: 'zed@example.test' })],
      ['PUT users/{id}', () => client.api('PUT', 'users/2', { email: 'zed@example.test' })],
      ['PATCH /_sim/users/{id}', () => client.control('PATCH', 'users/2', { email: 'zed@example.test' })],
    ])('GET users and filter[search] show an email changed by %s', async (_how, change) => {
      await users();
      await users('?filter[search]=zed');

      expect((await change()).status).toBe(200);

      expect((await users()).map((u) => [u.id, u.email])).toEqual([
        [1, 'a@example.test'],
        [2, 'zed@example.test'],
        [3, 'c@example.test'],
      ]);
      expect((await users('?filter[search]=zed')).map((u) => u.id)).toEqual([2]);
      expect(await users('?filter[search]=b@')).toEqual([]);
    });

    it('POST users refuses an email another user changed to (422), and frees the old one', async () => {
      await users();
      await client.api('PATCH', 'users/2', { email: 'zed@example.test' });

      const taken = await client.api<ErrorJson>('POST', 'users', { email: 'zed@example.test', password: 'x', status: 'active' });
      const freed = await client.api('POST', 'users', { email: 'b@example.test', password: 'x', status: 'active' });

      expect(taken.status).toBe(422);
      expect(taken.body.errors).toEqual({ email: ['The email has already been taken.'] });
      expect(freed.status).toBe(201);
    });

    it('PATCH /_sim/users/{id} refuses an email another user changed to', async () => {
      await users();
      await client.control('PATCH', 'users/2', { email: 'zed@example.test' });

      const reply = await client.control<ErrorJson>('PATCH', 'users/3', { email: 'ZED@example.test' });

      expect(reply.status).toBe(422);
      expect((await users()).map((u) => u.email)).toEqual(['a@example.test', 'zed@example.test', 'c@example.test']);
    });

    it('GET users filter[status] shows a status change', async () => {
      await users('?filter[status]=locked');

      await client.api('PATCH', 'users/3', { status: 'locked' });

      expect((await users('?filter[status]=locked')).map((u) => u.id)).toEqual([3]);
    });

    it('GET servers embeds the changed owner', async () => {
      await servers();

      await client.control('PATCH', 'users/1', { billing_user_id: 71 });

      expect((await servers()).map((s) => s.user.billing_user_id)).toEqual([71, 8]);
    });
  });

  describe('servers', () => {
    it('GET servers shows a server changed by PATCH /_sim/servers/{id}', async () => {
      await servers();

      await client.control('PATCH', 'servers/2', { name: 'renamed.example.test', user: 3, is_suspended: true });

      expect((await servers()).map((s) => [s.id, s.name, s.user.id, s.is_suspended])).toEqual([
        [1, 'one.example.test', 1, false],
        [2, 'renamed.example.test', 3, true],
      ]);
      expect((await servers('?filter[user_id]=3')).map((s) => s.id)).toEqual([2]);
    });

    it('GET servers shows changes made through the SolusIO routes', async () => {
      await servers();

      await client.api('PATCH', 'servers/1', { name: 'patched.example.test', backup_settings: { enabled: true } });
      await client.api('POST', 'servers/2/resize', { plan_id: 1, preserve_disk: true });
      await client.api('POST', 'servers/1/ips');

      const listed = await servers();
      expect(listed.map((s) => [s.name, s.plan.id, s.backup_settings.enabled, s.ip_addresses.ipv4.length])).toEqual([
        ['patched.example.test', 1, true, 2],
        ['two.example.test', 1, false, 1],
      ]);
    });

    it('GET servers shows creates and deletes after a read', async () => {
      await servers();

      await client.api('DELETE', 'servers/1');
      await client.api('POST', 'servers', { name: 'three.example.test', plan: 1, location: 1, os: 1, user: 1 });

      expect((await servers()).map((s) => s.id)).toEqual([2, 3]);
    });
  });
});
