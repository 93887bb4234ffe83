import type { ActivityLogJson, PageJson, RunningSimulator, ServerJson, UserJson } from '../../../local/simulator';
import { BASE_FIXTURES, createBody, SimClient, T0, useTestSimulator } from './helpers';

const FIVE_SERVERS = [
  { id: 1, name: 's1.example.test', plan: 1, user: 1 },
  { id: 2, name: 's2.example.test', plan: 1, user: 2, status: 'stopped' },
  { id: 3, name: 's3.example.test', plan: 2, user: 1, compute_resource_id: 2 },
  { id: 4, name: 's4.example.test', plan: 1, user: 2 },
  { id: 5, name: 's5.example.test', plan: 1, user: 1, status: 'stopped' },
];

describe('SolusIO simulator: paging and filters', () => {
  let sim: RunningSimulator;
  let client: SimClient;

  useTestSimulator({ pageSize: 2 }, (started) => ({ sim, client } = started));
  beforeEach(async () => {
    await client.setClock(T0);
    await client.reset({ ...BASE_FIXTURES, servers: FIVE_SERVERS });
  });

  const walk = async (first: string): Promise<PageJson<ServerJson>[]> => {
    const pages: PageJson<ServerJson>[] = [];
    let next: string | null = first;
    while (next) {
      const reply: { body: PageJson<ServerJson> } = await client.api<PageJson<ServerJson>>('GET', next);
      pages.push(reply.body);
      next = reply.body.links.next;
    }
    return pages;
  };

  describe('GET servers', () => {
    it('walks every page through links.next: 2 + 2 + 1 in ascending id order', async () => {
      const pages = await walk('servers');

      expect(pages.map((p) => p.data.map((s) => s.id))).toEqual([[1, 2], [3, 4], [5]]);
      expect(pages.map((p) => p.meta.current_page)).toEqual([1, 2, 3]);
      expect(pages.map((p) => [p.meta.from, p.meta.to])).toEqual([[1, 2], [3, 4], [5, 5]]);
      expect(pages.every((p) => p.meta.total === 5 && p.meta.last_page === 3 && p.meta.per_page === 2)).toBe(true);
      expect(pages[0]?.links.prev).toBeNull();
      expect(pages[1]?.links.prev).toBe(`${sim.url}/api/v1/servers?page=1`);
      expect(pages[2]?.links.next).toBeNull();
      expect(pages[0]?.links.last).toBe(`${sim.url}/api/v1/servers?page=3`);
    });

    it('computes each page when asked, so a delete during a walk shifts later servers forward', async () => {
      const page1 = await client.api<PageJson<ServerJson>>('GET', 'servers?page=1');
      await client.api('DELETE', 'servers/2');

      const page2 = await client.api<PageJson<ServerJson>>('GET', 'servers?page=2');
      const page3 = await client.api<PageJson<ServerJson>>('GET', 'servers?page=3');

      expect(page1.body.data.map((s) => s.id)).toEqual([1, 2]);
      expect(page2.body.data.map((s) => s.id)).toEqual([4, 5]);
      expect(page2.body.meta.total).toBe(4);
      expect(page2.body.meta.last_page).toBe(2);
      expect(page3.body.data).toEqual([]);
    });

    it('lists servers created later after the existing ones', async () => {
      await client.api('POST', 'servers', createBody('s6.example.test'));

      const pages = await walk('servers');

      expect(pages.flatMap((p) => p.data.map((s) => s.id))).toEqual([1, 2, 3, 4, 5, 6]);
    });

    it('answers an empty page past the last one, with from and to null', async () => {
      const { status, body } = await client.api<PageJson<ServerJson>>('GET', 'servers?page=9');

      expect(status).toBe(200);
      expect(body.data).toEqual([]);
      expect(body.meta).toMatchObject({ current_page: 9, from: null, to: null, last_page: 3, total: 5 });
      expect(body.links.next).toBeNull();
    });

    it.each(['0', 'abc', '-1'])('reads page=%s as page 1', async (page) => {
      const { body } = await client.api<PageJson<ServerJson>>('GET', `servers?page=${page}`);

      expect(body.meta.current_page).toBe(1);
      expect(body.data.map((s) => s.id)).toEqual([1, 2]);
    });

    it.each([
      ['filter[user_id]=1', [1, 3, 5]],
      ['filter[status]=stopped', [2, 5]],
      ['filter[compute_resource_id]=2', [3]],
      ['filter[user_id]=2&filter[status]=started', [4]],
      ['filter[user_id]=99', []],
    ])('filters by %s', async (query, ids) => {
      const pages = await walk(`servers?${query}`);

      expect(pages.flatMap((p) => p.data.map((s) => s.id))).toEqual(ids);
    });

    it('keeps the filters in the page links', async () => {
      const { body } = await client.api<PageJson<ServerJson>>('GET', 'servers?filter[user_id]=1');

      const next = new URL(body.links.next ?? '');
      expect(next.searchParams.get('filter[user_id]')).toBe('1');
      expect(next.searchParams.get('page')).toBe('2');
    });

    it('writes the public URL a reset sets into links and meta.path, and the request\'s own address again after a reset without it', async () => {
      await client.reset({ ...BASE_FIXTURES, servers: FIVE_SERVERS, publicUrl: 'https://solusio.public.example' });

      const publicPage = (await client.api<PageJson<ServerJson>>('GET', 'servers?filter[user_id]=1')).body;
      await client.reset({ ...BASE_FIXTURES, servers: FIVE_SERVERS });
      const ownPage = (await client.api<PageJson<ServerJson>>('GET', 'servers')).body;

      expect(publicPage.links.next).toBe('https://solusio.public.example/api/v1/servers?filter%5Buser_id%5D=1&page=2');
      expect(publicPage.links.first).toBe('https://solusio.public.example/api/v1/servers?filter%5Buser_id%5D=1&page=1');
      expect(publicPage.meta.path).toBe('https://solusio.public.example/api/v1/servers');
      expect(ownPage.links.next).toBe(`${sim.url}/api/v1/servers?page=2`);
    });

    it.each(['not a url', 'ftp://solusio.public.example', 'https://solusio.public.example/api/v1', 'https://u:p@solusio.public.example'])(
      'refuses %p as a public URL (422), keeping the state',
      async (publicUrl) => {
        const reply = await client.control<{ errors?: Record<string, string[]> }>('POST', 'reset', { seed: 'empty', publicUrl });

        expect(reply.status).toBe(422);
        expect(Object.keys(reply.body.errors ?? {})).toEqual(['publicUrl']);
        expect((await client.api<PageJson<ServerJson>>('GET', 'servers')).body.meta.total).toBe(5);
      },
    );

    it('orders fixtures given out of order by ascending id', async () => {
      await client.reset({ ...BASE_FIXTURES, servers: [{ id: 9, plan: 1, user: 1 }, { id: 3, plan: 1, user: 1 }, { id: 5, plan: 1, user: 1 }] });

      const pages = await walk('servers');

      expect(pages.flatMap((p) => p.data.map((s) => s.id))).toEqual([3, 5, 9]);
    });
  });

  describe('GET users', () => {
    it.each([
      ['filter[search]=b@example', [2]],
      ['filter[search]=EXAMPLE.TEST', [1, 2, 3]],
      ['filter[status]=active', [1, 2, 3]],
      ['filter[status]=locked', []],
    ])('filters by %s', async (query, ids) => {
      const all: number[] = [];
      let next: string | null = `users?${query}`;
      while (next) {
        const reply: { body: PageJson<UserJson> } = await client.api<PageJson<UserJson>>('GET', next);
        all.push(...reply.body.data.map((u) => u.id));
        next = reply.body.links.next;
      }

      expect(all).toEqual(ids);
    });
  });

  describe('GET activity_logs', () => {
    it('filters by user_id (the owner) and event', async () => {
      await client.api('DELETE', 'servers/1');
      await client.api('DELETE', 'servers/2');
      await client.api('POST', 'servers', createBody('new.example.test', { user: 2 }));

      const byUser = await client.api<PageJson<ActivityLogJson>>('GET', 'activity_logs?filter[user_id]=2');
      const byEvent = await client.api<PageJson<ActivityLogJson>>('GET', 'activity_logs?filter[event]=compute_resource_vm_delete_requested');

      expect(byUser.body.data.map((e) => [e.id, e.event])).toEqual([
        [3, 'compute_resource_vm_created'],
        [2, 'compute_resource_vm_delete_requested'],
      ]);
      expect(byEvent.body.data.map((e) => e.data.compute_resource_vm.id)).toEqual([2, 1]);
    });

    it('lists newest first, so the latest entry is on page 1', async () => {
      for (const name of ['n1', 'n2', 'n3']) await client.api('POST', 'servers', createBody(`${name}.example.test`));
      await client.api('DELETE', 'servers/7');

      const page1 = await client.api<PageJson<ActivityLogJson>>('GET', 'activity_logs?page=1');
      const page2 = await client.api<PageJson<ActivityLogJson>>('GET', 'activity_logs?page=2');

      expect(page1.body.data.map((e) => [e.id, e.event])).toEqual([
        [4, 'compute_resource_vm_delete_requested'],
        [3, 'compute_resource_vm_created'],
      ]);
      expect(page2.body.data.map((e) => e.id)).toEqual([2, 1]);
      expect(page1.body.meta).toMatchObject({ total: 4, last_page: 2 });
    });

    it('lists oldest first after a reset with activityLogOrder oldest_first, and newest first again after a reset without it', async () => {
      await client.reset({ ...BASE_FIXTURES, servers: FIVE_SERVERS, activityLogOrder: 'oldest_first' });
      await client.api('DELETE', 'servers/1');
      await client.api('DELETE', 'servers/2');
      const oldestFirst = (await client.api<PageJson<ActivityLogJson>>('GET', 'activity_logs')).body.data.map((e) => e.id);
      await client.reset({ ...BASE_FIXTURES, servers: FIVE_SERVERS });
      await client.api('DELETE', 'servers/1');
      await client.api('DELETE', 'servers/2');
      const newestFirst = (await client.api<PageJson<ActivityLogJson>>('GET', 'activity_logs')).body.data.map((e) => e.id);

      expect(oldestFirst).toEqual([1, 2]);
      expect(newestFirst).toEqual([2, 1]);
    });
  });
});
