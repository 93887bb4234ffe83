import type { LocalStack } from '../../../local/stack';
import { MemoryLogger } from '../../../shared/logging';
import { createRequestHash, DynamoServiceStore, serverMarker, type CreateServiceRequest } from '../../../shared/provisioning';
import { bearer, requestJson, startTestStack, TEST_ADMIN_KEY, type JsonReply } from '../../support/localStack';
import { SnapshotHarness } from '../../support/snapshotHarness';
import { testOrder } from '../../support/fakeProvisioning';
import { SNAPSHOT_FIXTURES } from '../snapshots/fixtures';

/**
 * Issue #21's reproductions of the provisioning side, each against the real handlers, DynamoDB
 * Local and the SolusIO simulator over HTTP, with SolusIO's slowness injected (a 300 ms request
 * timeout instead of 10 s) so a "late commit" takes a second, not half a minute.
 */

const FIXTURES = {
  ...SNAPSHOT_FIXTURES,
  plans: [
    ...SNAPSHOT_FIXTURES.plans,
    { id: 3, name: 'No backups', tokens_per_hour: 5, tokens_per_month: 3000, ip_tokens_per_hour: 1, ip_tokens_per_month: 500, backup_price: 0, is_backup_available: false },
  ],
  users: [...SNAPSHOT_FIXTURES.users, { id: 4, email: 'owner@example.test', billing_user_id: 1111 }],
};

const createBody = (serviceRef: string, extra: Record<string, unknown> = {}): CreateServiceRequest =>
  ({ ...testOrder(serviceRef, { customer: { email: 'x@example.test', billingClientId: 4242 } }), ...extra }) as CreateServiceRequest;

interface ServiceJson {
  serviceRef: string;
  serverId: number | null;
  state: string;
  failureReason: string | null;
}

interface SimServer {
  id: number;
  name: string;
  description: string;
  user: { id: number };
}

interface SimUser {
  id: number;
  email: string;
  billing_user_id: number | null;
}

describe('provisioning acts once, and only on what is its own (#21)', () => {
  let stack: LocalStack;
  let h: SnapshotHarness;
  const call = (method: string, path: string, body?: unknown): Promise<JsonReply> =>
    requestJson(`${stack.apiUrl}${path}`, { method, ...(body === undefined ? {} : { body }), headers: bearer(TEST_ADMIN_KEY) });
  const simServers = async (): Promise<SimServer[]> => (await h.api<{ data: SimServer[] }>('GET', 'servers')).data;
  const simUsers = async (): Promise<SimUser[]> => (await h.api<{ data: SimUser[] }>('GET', 'users')).data;
  const store = (): DynamoServiceStore => new DynamoServiceStore(stack.db, stack.tableName);

  beforeAll(async () => {
    stack = await startTestStack({ logger: new MemoryLogger(), simPageSize: 100, tuning: { solusioRequestTimeoutMs: 300, provisioningDeadlineMs: 3_000 } });
    h = new SnapshotHarness(stack);
  }, 60_000);

  afterAll(async () => {
    await stack?.stop();
  });

  beforeEach(async () => {
    await fetch(`${stack.apiUrl}/_local/reset`, { method: 'POST' });
    await h.sim.reset(FIXTURES);
    await h.control('DELETE', 'faults');
    await h.sim.setClock('2026-11-03T10:00:00.000Z');
  });

  describe('one server, one service', () => {
    it('never hands a second service the server of a first one with the same e-mail and host name, and its terminate spares that server', async () => {
      const a = (await call('POST', '/v1/services', createBody('A'))).json as ServiceJson;
      expect(a.state).toBe('active');

      // Reproduced: B with the same e-mail and host name and a plan SolusIO does not have answered 202 active with A's server.
      const refused = await call('POST', '/v1/services', createBody('B', { planId: 99 }));
      expect(refused).toMatchObject({ status: 422, json: { error: { code: 'solusio_rejected', message: expect.stringContaining('plan') } } });
      expect(await call('GET', '/v1/services/B')).toMatchObject({ status: 404 });

      const b = (await call('POST', '/v1/services', createBody('B'))).json as ServiceJson;
      expect(b).toMatchObject({ state: 'active' });
      expect(b.serverId).not.toBe(a.serverId);
      expect(await call('DELETE', '/v1/services/B')).toMatchObject({ status: 202, json: { state: 'terminated' } });
      expect((await simServers()).map((server) => server.id)).toEqual([a.serverId]);
      expect((await call('GET', '/v1/services/A')).json).toMatchObject({ state: 'active', serverId: a.serverId });
    }, 30_000);

    it('refuses to act on a server another service owns (records from before ownership items)', async () => {
      const a = (await call('POST', '/v1/services', createBody('A'))).json as ServiceJson;
      const record = await store().get('A');
      if (!record) throw new Error('no service A');
      // A second record naming A's server, as the old adoption by host name could leave.
      expect(await store().claim({ ...record, serviceRef: 'B', version: 0 })).toBe(true);
      expect(await call('DELETE', '/v1/services/B')).toMatchObject({ status: 409, json: { error: { code: 'server_not_owned' } } });
      expect(await call('POST', '/v1/services/B/suspend')).toMatchObject({ status: 409, json: { error: { code: 'server_not_owned' } } });
      expect((await simServers()).map((server) => server.id)).toEqual([a.serverId]);
    }, 30_000);

    it('marks every server it makes with its attempt, and owns it', async () => {
      const a = (await call('POST', '/v1/services', createBody('A'))).json as ServiceJson;
      const record = await store().get('A');
      const [server] = await simServers();
      expect(server?.description).toBe(serverMarker({ installation: 'default', serviceRef: 'A', attemptId: record?.attemptId ?? '?' }));
      expect(await store().ownerOf('default', a.serverId as number)).toBe('A');
    }, 30_000);
  });

  describe('a refused create changes nothing', () => {
    it('leaves the existing user on its billing client when the plan is refused, and refuses to move it when the plan is fine', async () => {
      // Reproduced: 422 for the plan, yet billing_user_id moved from 1111 to 2222.
      const body = createBody('C', { customer: { email: 'owner@example.test', billingClientId: 2222 } });
      expect(await call('POST', '/v1/services', { ...body, planId: 99 })).toMatchObject({ status: 422 });
      expect((await simUsers()).find((user) => user.id === 4)?.billing_user_id).toBe(1111);

      expect(await call('POST', '/v1/services', body)).toMatchObject({ status: 409, json: { error: { code: 'customer_mismatch' } } });
      expect((await simUsers()).find((user) => user.id === 4)?.billing_user_id).toBe(1111);
      expect(await simServers()).toEqual([]);
      // No claim is left: the corrected request creates.
      expect(await call('POST', '/v1/services', { ...body, customer: { email: 'owner@example.test', billingClientId: 1111 } })).toMatchObject({
        status: 202,
        json: { state: 'active' },
      });
    }, 30_000);

    it('sets billing_user_id on a user that has none', async () => {
      expect(await call('POST', '/v1/services', createBody('D', { customer: { email: 'c@example.test', billingClientId: 3333 } }))).toMatchObject({ status: 202 });
      expect((await simUsers()).find((user) => user.id === 3)?.billing_user_id).toBe(3333);
    }, 30_000);

    it('removes the user it made for a create SolusIO then refused, and leaves no claim', async () => {
      // The plan exists, but SolusIO refuses backups on it (its 422 comes at the create itself).
      const refused = await call('POST', '/v1/services', createBody('E', { planId: 3, backups: true, customer: { email: 'fresh@example.test', billingClientId: 5 } }));
      expect(refused).toMatchObject({ status: 422, json: { error: { code: 'solusio_rejected', message: expect.stringContaining('backup') } } });
      expect((await simUsers()).map((user) => user.email)).not.toContain('fresh@example.test');
      expect(await call('GET', '/v1/services/E')).toMatchObject({ status: 404 });
    }, 30_000);
  });

  describe('slow is not failed', () => {
    it('adopts the server of a create SolusIO committed after the bridge gave up, and makes no second one', async () => {
      // Reproduced: 502 after the timeout, SolusIO committed later, an immediate retry made a second server.
      await h.control('POST', 'faults', { rules: [{ method: 'POST', path: '/api/v1/servers', delayMs: 1_200, times: 1 }] });
      const first = await call('POST', '/v1/services', createBody('F'));
      expect(first).toMatchObject({ status: 504, json: { error: { code: 'solusio_timeout' } } });

      const early = await call('POST', '/v1/services', createBody('F'));
      expect(early).toMatchObject({ status: 409, json: { error: { code: 'service_in_progress' } } });
      expect(Number(early.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);

      await waitFor(async () => (await simServers()).length === 1);
      const adopted = await call('POST', '/v1/services', createBody('F'));
      expect(adopted).toMatchObject({ status: 202, json: { state: 'active' } });
      const servers = await simServers();
      expect(servers.map((server) => server.id)).toEqual([(adopted.json as ServiceJson).serverId]);
    }, 30_000);

    it('answers service_in_progress until the quarantine has passed, then fails the service for an operator; a new create makes one server', async () => {
      await h.control('POST', 'faults', { rules: [{ method: 'POST', path: '/api/v1/servers', dropConnection: true, times: 1 }] });
      expect(await call('POST', '/v1/services', createBody('G'))).toMatchObject({ status: 502 });
      await h.sim.setClock('2026-11-03T10:14:00.000Z');
      expect(await call('POST', '/v1/services', createBody('G'))).toMatchObject({ status: 409, json: { error: { code: 'service_in_progress' } } });
      await h.sim.setClock('2026-11-03T10:15:00.000Z');
      const unconfirmed = await call('POST', '/v1/services', createBody('G'));
      expect(unconfirmed).toMatchObject({ status: 409, json: { error: { code: 'create_unconfirmed', message: expect.stringContaining('h.example.test') } } });
      expect((await call('GET', '/v1/services/G')).json).toMatchObject({ state: 'failed', failureReason: expect.stringContaining('marker') });
      expect(await simServers()).toEqual([]);

      const again = await call('POST', '/v1/services', createBody('G'));
      expect(again).toMatchObject({ status: 202, json: { state: 'active' } });
      expect(await simServers()).toHaveLength(1);
    }, 30_000);

    it('adopts a crashed attempt\'s server only by its marker, never another server of the same user and host name', async () => {
      const body = createBody('H', { customer: { email: 'a@example.test', billingClientId: 1001 } });
      const claim = {
        serviceRef: 'H',
        installation: 'default',
        state: 'creating' as const,
        billingMode: 'prepaid' as const,
        requestHash: createRequestHash(body),
        customer: body.customer,
        planId: 1,
        hostname: body.hostname,
        claimedAt: '2026-11-03T10:00:00.000Z',
        claimWallMs: Date.now() - 120_000,
        attemptId: 'crashed1',
        userId: 1,
        createdAt: '2026-11-03T10:00:00.000Z',
        updatedAt: '2026-11-03T10:00:00.000Z',
        version: 0,
      };
      await store().claim(claim);
      // Same user, same host name, no marker: not provably the attempt's.
      const stranger = (await h.api<{ data: { id: number } }>('POST', 'servers', { name: body.hostname, plan: 1, location: 1, os: 1, user: 1 })).data;
      expect(await call('POST', '/v1/services', body)).toMatchObject({ status: 409, json: { error: { code: 'service_in_progress' } } });

      const marked = (
        await h.api<{ data: { id: number } }>('POST', 'servers', {
          name: body.hostname,
          plan: 1,
          location: 1,
          os: 1,
          user: 1,
          description: serverMarker({ installation: 'default', serviceRef: 'H', attemptId: 'crashed1' }),
        })
      ).data;
      expect(await call('POST', '/v1/services', body)).toMatchObject({ status: 202, json: { serverId: marked.id } });
      expect(await store().ownerOf('default', stranger.id)).toBeUndefined();
    }, 30_000);
  });

  describe('state machines that cannot be raced', () => {
    it('keeps a service terminated whatever suspend or unsuspend raced it, and refuses a create of its ref', async () => {
      // Reproduced: 5 of 10 trials left the service active or suspended with no server.
      for (let trial = 0; trial < 10; trial += 1) {
        const ref = `R${trial}`;
        await call('POST', '/v1/services', createBody(ref, { hostname: `r${trial}.example.test` }));
        const racer = trial % 2 === 0 ? 'suspend' : 'unsuspend';
        const replies = await Promise.all([call('POST', `/v1/services/${ref}/${racer}`), call('DELETE', `/v1/services/${ref}`), call('POST', `/v1/services/${ref}/${racer}`)]);
        for (const reply of replies) expect([200, 202, 409]).toContain(reply.status);
        expect([ref, ((await call('GET', `/v1/services/${ref}`)).json as ServiceJson).state]).toEqual([ref, 'terminated']);
        expect(await call('POST', '/v1/services', createBody(ref, { hostname: `r${trial}.example.test` }))).toMatchObject({ status: 409, json: { error: { code: 'service_terminated' } } });
      }
      expect(await simServers()).toEqual([]);
    }, 60_000);
  });
});

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
