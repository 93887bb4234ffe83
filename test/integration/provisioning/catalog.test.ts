import type { LocalStack } from '../../../local/stack';
import type { StatsJson } from '../../../local/simulator/stats';
import { MemoryLogger } from '../../../shared/logging';
import { bearer, requestJson, startTestStack, TEST_ADMIN_KEY } from '../../support/localStack';
import { SnapshotHarness } from '../../support/snapshotHarness';

const PLANS = [
  { id: 1, name: 'Small', tokens_per_hour: 7, tokens_per_month: 5000, ip_tokens_per_hour: 1, ip_tokens_per_month: 500, backup_price: 10 },
  { id: 2, name: 'Large', tokens_per_hour: 14, tokens_per_month: 9000, ip_tokens_per_hour: 2, ip_tokens_per_month: 900, backup_price: 12.5 },
  { id: 3, name: 'Hourly', tokens_per_hour: 3, tokens_per_month: 0, ip_tokens_per_hour: 0, ip_tokens_per_month: 0, backup_price: 0 },
];

describe('GET /v1/catalog over the local stack (SolusIO simulator, pages of 2)', () => {
  let stack: LocalStack;
  let h: SnapshotHarness;
  let usageKey = '';
  let provisioningKey = '';

  beforeAll(async () => {
    stack = await startTestStack({ logger: new MemoryLogger() });
    h = new SnapshotHarness(stack);
    const create = async (scope: string): Promise<string> => {
      const created = await requestJson(`${stack.apiUrl}/v1/keys`, { method: 'POST', body: { name: `only-${scope}`, scopes: [scope] }, headers: bearer(TEST_ADMIN_KEY) });
      return (created.json as { key: string }).key;
    };
    usageKey = await create('usage:read');
    provisioningKey = await create('provisioning');
  }, 60_000);

  afterAll(async () => {
    await stack?.stop();
  });

  beforeEach(async () => {
    await h.sim.reset({ plans: PLANS, users: [], servers: [] });
    await h.control('DELETE', 'faults');
    await h.control('DELETE', 'stats');
  });

  const catalog = (key: string) => requestJson(`${stack.apiUrl}/v1/catalog`, { headers: bearer(key) });

  it('answers every plan, location, OS image (with its versions) and application, paging through SolusIO', async () => {
    // Act
    const reply = await catalog(provisioningKey);

    // Assess
    expect(reply.status).toBe(200);
    // A single-installation stack: the answer names its one installation, `default`.
    expect(reply.json).toEqual({
      installations: ['default'],
      plans: [
        { id: 1, name: 'Small', installation: 'default', tokensPerHour: 7, tokensPerMonth: 5000 },
        { id: 2, name: 'Large', installation: 'default', tokensPerHour: 14, tokensPerMonth: 9000 },
        { id: 3, name: 'Hourly', installation: 'default', tokensPerHour: 3, tokensPerMonth: 0 },
      ],
      locations: [{ id: 1, name: 'Simulated Location', installation: 'default' }],
      osImages: [{ id: 1, name: 'Ubuntu', installation: 'default', versions: [{ id: 1, version: '22.04' }] }],
      applications: [
        { id: 3, name: 'WordPress', installation: 'default' },
        { id: 4, name: 'LAMP', installation: 'default' },
        { id: 5, name: 'Docker', installation: 'default' },
      ],
    });
    // Three plans and three applications at two a page: two pages each.
    const { requests } = (await h.sim.control<StatsJson>('GET', 'stats')).body;
    expect(requests).toEqual({ 'GET /api/v1/applications': 2, 'GET /api/v1/locations': 1, 'GET /api/v1/os_images': 1, 'GET /api/v1/plans': 2 });
  }, 30_000);

  it('refuses a key without the provisioning scope (403) and a request without a key (401)', async () => {
    expect(await catalog(usageKey)).toMatchObject({ status: 403, json: { error: { code: expect.any(String) } } });
    expect(await requestJson(`${stack.apiUrl}/v1/catalog`)).toMatchObject({ status: 401 });
    expect((await h.sim.control<StatsJson>('GET', 'stats')).body.total).toBe(0);
  });

  it('answers a SolusIO fault on any page as a 502 JSON error', async () => {
    // Prepare: the second page of plans keeps failing (retried, then given up).
    await h.control('POST', 'faults', { rules: [{ method: 'GET', path: '/api/v1/plans', page: 2, status: 500 }] });

    // Act
    const reply = await catalog(provisioningKey);

    // Assess
    expect(reply).toMatchObject({ status: 502, json: { error: { code: 'solusio_unavailable', message: expect.stringContaining('plans') } } });
  }, 30_000);
});
