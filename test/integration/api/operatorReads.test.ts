import type { RunningSimulator } from '../../../local/simulator';
import type { LocalStack } from '../../../local/stack';
import { MemoryLogger } from '../../../shared/logging';
import { DynamoServiceStore } from '../../../shared/provisioning';
import type { ServiceState } from '../../../shared/provisioning/schemas';
import { scanServiceItems, type TableKey } from '../../../shared/provisioning/serviceListing';
import type { ServiceRecord } from '../../../shared/provisioning/types';
import { bearer, requestJson, startTestStack, TEST_ADMIN_KEY, type JsonReply } from '../../support/localStack';
import { SimClient } from '../simulator/helpers';
import { fleet, SNAPSHOT_FIXTURES } from '../snapshots/fixtures';

/** Issue #26's operator reads on the local stack with two installations (eu, us), real handlers and DynamoDB Local. */

const serviceRecord = (serviceRef: string, state: ServiceState, installation: string): ServiceRecord => ({
  serviceRef,
  installation,
  state,
  billingMode: 'prepaid',
  requestHash: 'h',
  customer: { email: `${serviceRef}@example.test`, billingClientId: 7 },
  planId: 1,
  hostname: `${serviceRef}.example.test`,
  claimedAt: '2026-11-02T00:00:00.000Z',
  claimWallMs: 0,
  attemptId: '',
  ...(state === 'terminated' || state === 'failed' ? {} : { serverId: 100 + Number(serviceRef.replace(/\D/g, '')), ipAddresses: ['192.0.2.10'] }),
  ...(state === 'failed' ? { failureReason: 'SolusIO task 9 (create) failed' } : {}),
  createdAt: '2026-11-02T00:00:00.000Z',
  updatedAt: '2026-11-02T00:00:00.000Z',
  version: 1,
});

const SERVICES: readonly [string, ServiceState, string][] = [
  ['svc-1', 'active', 'eu'],
  ['svc-2', 'terminated', 'eu'],
  ['svc-3', 'active', 'us'],
  ['svc-4', 'failed', 'us'],
  ['svc-5', 'suspended', 'eu'],
];

describe('GET /v1/runs, GET /v1/services, GET /v1/keys/self (issue #26)', () => {
  let stack: LocalStack;
  const keys: Record<'usage' | 'provisioning', string> = { usage: '', provisioning: '' };

  const get = (path: string, key: string = TEST_ADMIN_KEY): Promise<JsonReply> => requestJson(`${stack.apiUrl}${path}`, key === '' ? {} : { headers: bearer(key) });
  const snapshot = async (time: string, installation?: string): Promise<void> => {
    for (const local of stack.installations) await new SimClient(local.simulator as RunningSimulator).setClock(time);
    const reply = await requestJson(`${stack.apiUrl}/_local/invoke/snapshot-servers`, { method: 'POST', body: { time, ...(installation === undefined ? {} : { installation }) } });
    expect(reply.status).toBe(200);
  };
  /** Every page of a listing, following nextCursor. */
  async function allPages<T>(path: string, field: string, key?: string): Promise<{ items: T[]; pages: number }> {
    const items: T[] = [];
    let pages = 0;
    let cursor: string | undefined;
    do {
      const reply = await get(`${path}${path.includes('?') ? '&' : '?'}limit=2${cursor === undefined ? '' : `&cursor=${cursor}`}`, key);
      expect(reply.status).toBe(200);
      const body = reply.json as Record<string, unknown> & { nextCursor?: string };
      items.push(...(body[field] as T[]));
      pages += 1;
      cursor = body.nextCursor;
    } while (cursor !== undefined && pages < 50);
    return { items, pages };
  }

  beforeAll(async () => {
    stack = await startTestStack({ logger: new MemoryLogger(), installations: ['eu', 'us'] });
    for (const local of stack.installations) await new SimClient(local.simulator as RunningSimulator).reset({ ...SNAPSHOT_FIXTURES, servers: fleet(3, '2026-11-01T00:00:00Z') });
    // Both installations at 10:05 and 10:10; eu alone an hour later (a 60-minute gap) and once more.
    await snapshot('2026-11-03T10:05:00Z');
    await snapshot('2026-11-03T10:10:00Z');
    await snapshot('2026-11-03T11:10:00Z', 'eu');
    await snapshot('2026-11-03T11:15:00Z', 'eu');
    const store = new DynamoServiceStore(stack.db, stack.tableName);
    for (const [ref, state, installation] of SERVICES) expect(await store.claim(serviceRecord(ref, state, installation))).toBe(true);
    for (const [name, scope] of [['usage', 'usage:read'], ['provisioning', 'provisioning']] as const) {
      const created = await requestJson(`${stack.apiUrl}/v1/keys`, { method: 'POST', body: { name: `console-${name}`, scopes: [scope] }, headers: bearer(TEST_ADMIN_KEY) });
      expect(created.status).toBe(201);
      keys[name] = (created.json as { key: string }).key;
    }
  }, 90_000);

  afterAll(async () => {
    await stack?.stop();
  });

  describe('GET /v1/runs', () => {
    it('lists every installation\'s runs newest first (same time: by installation), across pages of two', async () => {
      const { items, pages } = await allPages<{ time: string; installation: string }>('/v1/runs', 'runs', keys.usage);
      expect(items.map((run) => `${run.time} ${run.installation}`)).toEqual([
        '2026-11-03T11:15:00.000Z eu',
        '2026-11-03T11:10:00.000Z eu',
        '2026-11-03T10:10:00.000Z eu',
        '2026-11-03T10:10:00.000Z us',
        '2026-11-03T10:05:00.000Z eu',
        '2026-11-03T10:05:00.000Z us',
      ]);
      expect(pages).toBe(3);
    });

    it('shows what each run recorded: complete, partial, suspect, servers seen, changes, the gap', async () => {
      const reply = await get('/v1/runs?installation=eu&limit=2', keys.usage);
      const body = reply.json as { runs: Record<string, unknown>[]; nextCursor?: string };
      expect(body.runs[1]).toEqual({
        installation: 'eu',
        time: '2026-11-03T11:10:00.000Z',
        complete: true,
        partial: false,
        suspect: false,
        serversSeen: 3,
        changes: 0,
        gapFrom: '2026-11-03T10:10:00.000Z',
        gapMinutes: 60,
      });
      expect(body.runs[0]).not.toHaveProperty('gapFrom');
      const rest = await get(`/v1/runs?installation=eu&limit=2&cursor=${body.nextCursor ?? ''}`, keys.usage);
      expect((rest.json as { runs: { time: string; serversSeen: number; changes: number }[] }).runs.map((run) => [run.time, run.serversSeen, run.changes])).toEqual([
        ['2026-11-03T10:10:00.000Z', 3, 0],
        ['2026-11-03T10:05:00.000Z', 3, 3],
      ]);
      expect(rest.json).not.toHaveProperty('nextCursor');
    });

    it('lists one installation when named; an unknown one, a cursor of another filter or a bad limit is a 400', async () => {
      expect((await allPages<{ installation: string }>('/v1/runs?installation=us', 'runs')).items.map((run) => run.installation)).toEqual(['us', 'us']);
      const unknown = await get('/v1/runs?installation=ap');
      expect([unknown.status, (unknown.json as { error: { code: string } }).error.code]).toEqual([400, 'unknown_installation']);
      const merged = (await get('/v1/runs?limit=1')).json as { nextCursor: string };
      const crossed = await get(`/v1/runs?installation=eu&cursor=${merged.nextCursor}`);
      expect([crossed.status, (crossed.json as { error: { code: string } }).error.code]).toEqual([400, 'invalid_cursor']);
      for (const limit of ['0', '201', 'x']) expect((await get(`/v1/runs?limit=${limit}`)).status).toBe(400);
    });

    it('needs a key with usage:read: 401 without one, 403 for a provisioning key', async () => {
      expect((await get('/v1/runs', '')).status).toBe(401);
      const wrong = await get('/v1/runs', keys.provisioning);
      expect([wrong.status, (wrong.json as { error: { code: string } }).error.code]).toEqual([403, 'forbidden']);
    });
  });

  describe('GET /v1/services', () => {
    it('lists every stored service, as GET /v1/services/{ref} shows it, across pages of two', async () => {
      const { items } = await allPages<{ serviceRef: string; state: string; installation: string }>('/v1/services', 'services', keys.provisioning);
      expect(items.map((view) => [view.serviceRef, view.state, view.installation]).sort()).toEqual(SERVICES.map((service) => [...service]).sort());
      // A terminated service's GET reads no SolusIO: the two answers are the same view.
      const single = await get('/v1/services/svc-2', keys.provisioning);
      expect(items.find((view) => view.serviceRef === 'svc-2')).toEqual(single.json);
    });

    it('filters by state; an unknown state is a 400', async () => {
      const active = await allPages<{ serviceRef: string }>('/v1/services?state=active', 'services');
      expect(active.items.map((view) => view.serviceRef).sort()).toEqual(['svc-1', 'svc-3']);
      const none = await get('/v1/services?state=creating');
      expect(none.json).toEqual({ services: [] });
      const unknown = await get('/v1/services?state=sleeping');
      expect([unknown.status, (unknown.json as { error: { code: string; message: string } }).error]).toEqual([400, { code: 'invalid_parameter', message: expect.stringContaining('state') }]);
    });

    it('needs a key with provisioning: 401 without one, 403 for a usage:read key', async () => {
      expect((await get('/v1/services', '')).status).toBe(401);
      expect((await get('/v1/services', keys.usage)).status).toBe(403);
    });

    it('stops a request at its read budget with a cursor, and the pages still cover every service once', async () => {
      const refs: string[] = [];
      let after: TableKey | undefined;
      let requests = 0;
      do {
        const page = await scanServiceItems(stack.db, stack.tableName, { limit: 10, ...(after === undefined ? {} : { after }) }, 7);
        refs.push(...page.items.map((item) => String(item['serviceRef'])));
        after = page.next;
        requests += 1;
      } while (after !== undefined && requests < 1_000);
      expect(refs.sort()).toEqual(SERVICES.map(([ref]) => ref));
      // The table holds far more than services (runs, months, keys): a budget of 7 items takes several requests.
      expect(requests).toBeGreaterThan(2);
    });
  });

  describe('GET /v1/keys/self', () => {
    it('answers the calling key\'s id, name and scopes, whatever its scopes', async () => {
      const listed = ((await get('/v1/keys')).json as { keys: { id: string; name: string; createdAt: string }[] }).keys.find((key) => key.name === 'console-usage');
      const self = await get('/v1/keys/self', keys.usage);
      expect([self.status, self.json]).toEqual([200, { id: listed?.id, name: 'console-usage', scopes: ['usage:read'], createdAt: listed?.createdAt, lastUsedAt: expect.any(String) }]);
      const admin = await get('/v1/keys/self');
      expect((admin.json as { scopes: string[] }).scopes).toContain('admin');
    });

    it('is a 401 without a key or with one that is not valid', async () => {
      expect((await get('/v1/keys/self', '')).status).toBe(401);
      expect((await get('/v1/keys/self', 'sbb_not-a-key')).status).toBe(401);
    });
  });
});
