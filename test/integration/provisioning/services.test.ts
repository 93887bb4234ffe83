import type { LocalStack } from '../../../local/stack';
import { MemoryLogger } from '../../../shared/logging';
import { DynamoServiceStore } from '../../../shared/provisioning';
import { bearer, requestJson, startTestStack, TEST_ADMIN_KEY } from '../../support/localStack';
import { SnapshotHarness } from '../../support/snapshotHarness';
import { SNAPSHOT_FIXTURES } from '../snapshots/fixtures';

const createBody = (serviceRef: string, extra: Record<string, unknown> = {}) => ({
  serviceRef,
  customer: { email: 'new.customer@example.test', billingClientId: 4242 },
  planId: 1,
  locationId: 1,
  osImageId: 1,
  hostname: `${serviceRef.toLowerCase()}.example.test`,
  password: 'correct-horse-battery',
  backups: false,
  additionalIps: 0,
  billingMode: 'prepaid',
  ...extra,
});

interface ServiceJson {
  serviceRef: string;
  serverId: number | null;
  state: string;
  failureReason: string | null;
  billingMode: string;
}

describe('provisioning API: lifecycle hooks', () => {
  let stack: LocalStack;
  let h: SnapshotHarness;
  const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    requestJson(`${stack.apiUrl}${path}`, { method, ...(body === undefined ? {} : { body }), headers: { ...bearer(TEST_ADMIN_KEY), ...headers } });

  beforeAll(async () => {
    stack = await startTestStack({ logger: new MemoryLogger() });
    h = new SnapshotHarness(stack);
  }, 60_000);

  afterAll(async () => {
    await stack?.stop();
  });

  beforeEach(async () => {
    await fetch(`${stack.apiUrl}/_local/reset`, { method: 'POST' });
    await h.sim.reset(SNAPSHOT_FIXTURES);
    await h.control('DELETE', 'faults');
  });

  const simServers = async (): Promise<{ id: number; name: string }[]> => ((await h.sim.api<{ data: { id: number; name: string }[] }>('GET', 'servers')).body.data);

  it('creates exactly one server for 20 concurrent creates of one serviceRef, and every answer names it', async () => {
    await h.sim.setClock('2026-11-03T10:00:00.000Z');
    const replies = await Promise.all(
      Array.from({ length: 20 }, (_, index) => call('POST', '/v1/services', createBody('WHMCS-1'), { 'idempotency-key': `key-${index}` })),
    );
    const servers = await simServers();
    expect(servers).toHaveLength(1);
    for (const reply of replies) expect([reply.status, (reply.json as ServiceJson).serverId]).toEqual([202, servers[0]?.id]);
    // The SolusIO user was found or created once, with the billing system's client id.
    const users = (await h.sim.api<{ data: { email: string; billing_user_id: number }[] }>('GET', 'users?filter[search]=new.customer@example.test')).body.data;
    expect(users.filter((user) => user.email === 'new.customer@example.test')).toEqual([expect.objectContaining({ billing_user_id: 4242 })]);
    // A replay answers the same service; another body under the same ref is refused.
    expect((await call('POST', '/v1/services', createBody('WHMCS-1'))).json).toMatchObject({ serviceRef: 'WHMCS-1', serverId: servers[0]?.id });
    expect(await call('POST', '/v1/services', createBody('WHMCS-1', { planId: 2 }))).toMatchObject({ status: 409, json: { error: { code: 'service_exists' } } });
  }, 60_000);

  it('shows provisioning while SolusIO\'s task is pending, active once it finishes, and failed with the reason when it fails', async () => {
    await h.control('POST', 'faults', { rules: [{ method: 'POST', path: '/api/v1/servers', task: 'pending', times: 2 }] });
    const created = await call('POST', '/v1/services', createBody('WHMCS-2'));
    expect(created).toMatchObject({ status: 202, json: { state: 'provisioning' } });
    expect((await call('GET', '/v1/services/WHMCS-2')).json).toMatchObject({ state: 'provisioning', task: { status: 'pending' } });
    const tasks = (await h.sim.api<{ data: { id: number; status: string }[] }>('GET', 'tasks')).body.data;
    await h.control('POST', `tasks/${tasks[0]?.id}/finish`, { status: 'done' });
    expect((await call('GET', '/v1/services/WHMCS-2')).json).toMatchObject({ state: 'active', task: { status: 'done' } });

    const failing = await call('POST', '/v1/services', createBody('WHMCS-3', { hostname: 'three.example.test' }));
    expect(failing.json).toMatchObject({ state: 'provisioning' });
    const pending = (await h.sim.api<{ data: { id: number; status: string }[] }>('GET', 'tasks')).body.data.find((task) => task.status === 'pending');
    await h.control('POST', `tasks/${pending?.id}/finish`, { status: 'failed' });
    const failed = (await call('GET', '/v1/services/WHMCS-3')).json as ServiceJson;
    expect(failed).toMatchObject({ state: 'failed', failureReason: expect.stringContaining('failed') });
    // A failed service may be created again; the failed attempt's server is deleted, not left behind.
    const again = await call('POST', '/v1/services', createBody('WHMCS-3', { hostname: 'three.example.test' }));
    expect(again).toMatchObject({ status: 202, json: { state: 'active' } });
    const replacement = (again.json as ServiceJson).serverId;
    expect(replacement).not.toBe(failed.serverId);
    expect((await simServers()).filter((server) => server.name === 'three.example.test').map((server) => server.id)).toEqual([replacement]);
  }, 60_000);

  it('deletes the server a failed service still has before creating it again, and ends its billing then', async () => {
    // Prepare: a service whose server exists in SolusIO but which the bridge holds failed.
    await h.sim.setClock('2026-11-03T10:00:00.000Z');
    const created = (await call('POST', '/v1/services', createBody('WHMCS-9', { hostname: 'nine.example.test', billingMode: 'postpaid' }))).json as ServiceJson;
    await h.snapshot('2026-11-03T10:05:00.000Z');
    const store = new DynamoServiceStore(stack.db, stack.tableName);
    const record = await store.get('WHMCS-9');
    if (!record) throw new Error('no service');
    expect(await store.replace(record, { ...record, state: 'failed', failureReason: 'SolusIO task 1 (install) failed' })).toBe(true);

    // Act
    await h.sim.setClock('2026-11-03T11:00:00.000Z');
    const again = await call('POST', '/v1/services', createBody('WHMCS-9', { hostname: 'nine.example.test', billingMode: 'postpaid' }));

    // Assess: one server under that name, the new one; the old one's segment ends at the re-create.
    expect(again).toMatchObject({ status: 202, json: { state: 'active' } });
    const replacement = (again.json as ServiceJson).serverId;
    expect(replacement).not.toBe(created.serverId);
    expect((await simServers()).filter((server) => server.name === 'nine.example.test').map((server) => server.id)).toEqual([replacement]);
    await h.snapshot('2026-11-03T11:05:00.000Z');
    expect(await h.segments(created.serverId as number, '2026-11')).toEqual([expect.objectContaining({ end: '2026-11-03T11:00:00.000Z' })]);
  }, 60_000);

  it('runs the whole lifecycle, and its times are the segment boundaries in the server\'s history', async () => {
    await h.sim.setClock('2026-11-03T10:00:00.000Z');
    const created = (await call('POST', '/v1/services', createBody('WHMCS-5', { billingMode: 'postpaid', backups: true }))).json as ServiceJson;
    const serverId = created.serverId as number;
    await h.snapshot('2026-11-03T10:05:00.000Z');
    const step = async (clock: string, method: string, path: string, body: unknown, run: string, state: string): Promise<void> => {
      await h.sim.setClock(clock);
      const reply = await call(method, `/v1/services/WHMCS-5${path}`, body);
      expect([path, reply.status, (reply.json as ServiceJson).state]).toEqual([path, method === 'PATCH' ? 200 : 202, state]);
      await h.sim.setClock(run);
      await h.snapshot(run);
    };
    await step('2026-11-03T11:07:00.000Z', 'POST', '/suspend', undefined, '2026-11-03T11:10:00.000Z', 'suspended');
    await step('2026-11-03T12:03:00.000Z', 'POST', '/unsuspend', {}, '2026-11-03T12:05:00.000Z', 'active');
    await step('2026-11-03T13:01:00.000Z', 'POST', '/change-plan', { planId: 2 }, '2026-11-03T13:05:00.000Z', 'active');
    await step('2026-11-03T14:02:00.000Z', 'PATCH', '', { backups: false }, '2026-11-03T14:05:00.000Z', 'active');
    await step('2026-11-03T15:00:00.000Z', 'POST', '/reset-password', undefined, '2026-11-03T15:05:00.000Z', 'active');
    await step('2026-11-03T16:04:00.000Z', 'DELETE', '', undefined, '2026-11-03T16:05:00.000Z', 'terminated');

    const history = (await call('GET', `/v1/servers/${serverId}/history?period=2026-11`)).json as { segments: { start: string; end: string | null; startBy: string; endBy: string | null }[] };
    expect(history.segments.map(({ start, end, startBy, endBy }) => ({ start, end, startBy, endBy }))).toEqual([
      { start: '2026-11-03T10:00:00.000Z', end: '2026-11-03T11:07:00.000Z', startBy: 'created_at', endBy: 'api' },
      { start: '2026-11-03T11:07:00.000Z', end: '2026-11-03T12:03:00.000Z', startBy: 'api', endBy: 'api' },
      { start: '2026-11-03T12:03:00.000Z', end: '2026-11-03T13:01:00.000Z', startBy: 'api', endBy: 'api' },
      { start: '2026-11-03T13:01:00.000Z', end: '2026-11-03T14:02:00.000Z', startBy: 'api', endBy: 'api' },
      { start: '2026-11-03T14:02:00.000Z', end: '2026-11-03T16:04:00.000Z', startBy: 'api', endBy: 'activity_log' },
    ]);
    // Terminating again answers the terminated service; acting on it is refused.
    expect((await call('DELETE', '/v1/services/WHMCS-5')).json).toMatchObject({ state: 'terminated' });
    expect(await call('POST', '/v1/services/WHMCS-5/suspend')).toMatchObject({ status: 409, json: { error: { code: 'service_terminated' } } });
    expect(await call('POST', '/v1/services', createBody('WHMCS-5', { billingMode: 'postpaid', backups: true }))).toMatchObject({ status: 409 });
  }, 60_000);

  it('reports a prepaid server in usage with its hours and 0 in every token and money figure', async () => {
    // The bridge's first complete run (the default billingStart) comes before the order.
    await h.sim.setClock('2026-11-03T09:55:00.000Z');
    await h.snapshot('2026-11-03T09:55:00.000Z');
    await h.sim.setClock('2026-11-03T10:00:00.000Z');
    const created = (await call('POST', '/v1/services', createBody('WHMCS-6'))).json as ServiceJson;
    await h.sim.setClock('2026-11-03T12:30:00.000Z');
    await h.snapshot('2026-11-03T12:30:00.000Z');
    await h.invoke('aggregate-usage', { time: '2026-11-03T13:00:00Z' });
    const usage = await call('GET', '/v1/usage?period=2026-11&customer=4242');
    expect(usage.json).toEqual({
      period: '2026-11',
      status: 'open',
      customers: [
        {
          customer: '4242',
          totalTokens: 0,
          money: { USD: 0 },
          // 09:55 to 12:30 is a gap (no complete run for over 15 minutes): flagged, with the 150 minutes of it the server lived.
          servers: [{ serverId: created.serverId, installation: 'default', hostname: 'whmcs-6.example.test', runtimeHours: 3, runtimeTokens: 0, ipTokens: 0, backupTokens: 0, totalTokens: 0, prepaid: true, billingMode: 'prepaid', flags: ['gap'], longestGapMinutes: 150, money: { USD: 0 } }],
        },
      ],
      unbilled: [],
      unbilledCount: 0,
    });
  }, 60_000);

  it('answers the same first answer for a replayed Idempotency-Key, 422 for the key with another body, and maps SolusIO errors', async () => {
    const first = await call('POST', '/v1/services', createBody('WHMCS-7'), { 'idempotency-key': 'abc' });
    const again = await call('POST', '/v1/services', createBody('WHMCS-7'), { 'idempotency-key': 'abc' });
    expect(again).toMatchObject({ status: first.status, json: first.json });
    expect(await call('POST', '/v1/services', createBody('WHMCS-8'), { 'idempotency-key': 'abc' })).toMatchObject({ status: 422, json: { error: { code: 'idempotency_key_reused' } } });
    // SolusIO's 422 comes back as a 422 with its field messages; the ref may then be created again.
    const refused = await call('POST', '/v1/services', createBody('WHMCS-9', { planId: 99 }));
    expect(refused).toMatchObject({ status: 422, json: { error: { code: 'solusio_rejected', message: expect.stringContaining('plan') } } });
    // An outage: 502 JSON after the retries.
    await h.control('POST', 'faults', { rules: [{ method: 'POST', path: '/api/v1/servers/', status: 503 }] });
    const outage = await call('POST', `/v1/services/WHMCS-7/suspend`);
    expect(outage).toMatchObject({ status: 502, json: { error: { code: 'solusio_unavailable' } } });
    expect(await call('POST', '/v1/services/nope/suspend')).toMatchObject({ status: 404 });
  }, 60_000);
});
