import { makeCatalogHandler } from '../../../functions/http/catalog';
import { makeServicesHandler } from '../../../functions/http/services';
import { buildAuthDeps } from '../../../functions/lib/deps/auth';
import { buildCatalogDeps } from '../../../functions/lib/deps/catalog';
import { buildCoreDeps } from '../../../functions/lib/deps/core';
import { buildProvisioningDeps } from '../../../functions/lib/deps/provisioning';
import { buildStoreDeps } from '../../../functions/lib/deps/stores';
import { buildApiGatewayEvent, localLambdaContext } from '../../../local/adapter/apiGatewayEvent';
import { clearTable } from '../../../local/dynamodb/clearTable';
import { startSimulator, type RunningSimulator } from '../../../local/simulator';
import { parseConfig } from '../../../shared/config';
import { MemoryLogger } from '../../../shared/logging';
import { DynamoServiceStore } from '../../../shared/provisioning';
import { createTestTable, type TestTable } from '../../support/testTable';
import { SimClient } from '../simulator/helpers';
import { SNAPSHOT_FIXTURES } from '../snapshots/fixtures';

/**
 * Issue #25: one bridge, two SolusIO installations (two simulators over HTTP), the real services and
 * catalog handlers on DynamoDB Local. Location 1 exists in both: the create's `installation` decides.
 */

const NOW = Date.parse('2026-11-03T10:00:00.000Z');
const US_PLANS = [{ id: 1, name: 'US Small', tokens_per_hour: 8, tokens_per_month: 5500, ip_tokens_per_hour: 1, ip_tokens_per_month: 500, backup_price: 10 }];

const createBody = (serviceRef: string, extra: Record<string, unknown> = {}) => ({
  serviceRef,
  customer: { email: 'two.regions@example.test', billingClientId: 4242 },
  planId: 1,
  locationId: 1,
  osImageId: 1,
  hostname: `${serviceRef.toLowerCase()}.example.test`,
  backups: false,
  additionalIps: 0,
  billingMode: 'prepaid',
  ...extra,
});

interface Reply {
  readonly status: number;
  readonly json: Record<string, unknown>;
}

interface SimServer {
  id: number;
  name: string;
  description: string;
}

describe('provisioning over two SolusIO installations (eu, us)', () => {
  let table: TestTable;
  const sims: Record<'eu' | 'us', RunningSimulator | undefined> = { eu: undefined, us: undefined };
  const client = (id: 'eu' | 'us'): SimClient => new SimClient(sims[id] as RunningSimulator, `token-${id}`);
  let services: ReturnType<typeof makeServicesHandler>;
  let catalog: ReturnType<typeof makeCatalogHandler>;
  let key = '';
  let newKey: () => Promise<void> = async () => undefined;
  let store: DynamoServiceStore;

  beforeAll(async () => {
    table = await createTestTable();
    sims.eu = await startSimulator(0, { seed: 'empty', token: 'token-eu' });
    sims.us = await startSimulator(0, { seed: 'empty', token: 'token-us' });
    const installations = (['eu', 'us'] as const).map((id) => ({ id, url: `${sims[id]?.url ?? ''}/api/v1`, token: `token-${id}` }));
    const config = parseConfig({ STAGE: 'test', TABLE_NAME: table.tableName, DYNAMODB_ENDPOINT: table.endpoint, SOLUSIO_INSTALLATIONS: JSON.stringify(installations) });
    const core = { ...buildCoreDeps(config, { logger: new MemoryLogger(), tuning: { solusioRequestTimeoutMs: 2_000, provisioningDeadlineMs: 5_000 } }), db: table.db };
    const auth = buildAuthDeps(core);
    newKey = async () => {
      auth.apiKeys.clear();
      key = (await auth.apiKeyAdmin.create({ name: 'whmcs', scopes: ['provisioning'] }, new Date(NOW).toISOString())).key;
    };
    services = makeServicesHandler({ ...core, ...auth, ...buildProvisioningDeps(core, buildStoreDeps(core)) });
    catalog = makeCatalogHandler({ ...core, ...auth, ...buildCatalogDeps(core) });
    store = new DynamoServiceStore(table.db, table.tableName);
  }, 60_000);

  afterAll(async () => {
    await sims.eu?.close();
    await sims.us?.close();
    await table?.drop();
  });

  beforeEach(async () => {
    // Both simulators number servers from 1 again: the table starts empty too (no owner of an earlier test's server 1).
    await clearTable(table.db, table.tableName, () => false);
    await newKey();
    await client('eu').reset(SNAPSHOT_FIXTURES);
    await client('us').reset({ ...SNAPSHOT_FIXTURES, plans: US_PLANS });
  });

  async function send(handler: typeof services | typeof catalog, method: string, path: string, routeKey: string, options: { body?: unknown; query?: string; ref?: string } = {}): Promise<Reply> {
    const event = buildApiGatewayEvent(
      {
        method,
        path,
        rawQueryString: options.query ?? '',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: options.body === undefined ? '' : JSON.stringify(options.body),
        sourceIp: '127.0.0.1',
        httpVersion: '1.1',
      },
      { routeKey, pathParameters: options.ref === undefined ? {} : { ref: options.ref } },
      NOW,
    );
    const response = await handler(event, localLambdaContext('provisioning'));
    const result = typeof response === 'string' ? { statusCode: 200, body: response } : response;
    return { status: result.statusCode ?? 200, json: JSON.parse(result.body ?? 'null') as Record<string, unknown> };
  }

  const create = (body: unknown) => send(services, 'POST', '/v1/services', 'POST /v1/services', { body });
  const act = (ref: string, action: string) => send(services, 'POST', `/v1/services/${ref}/${action}`, `POST /v1/services/{ref}/${action}`, { body: {}, ref });
  const simServers = async (id: 'eu' | 'us'): Promise<SimServer[]> => (await client(id).api<{ data: SimServer[] }>('GET', 'servers')).body.data;

  it('creates in the installation named (location 1 is in both), and suspends there', async () => {
    // Act
    const created = await create(createBody('US-1', { installation: 'us' }));
    const suspended = await act('US-1', 'suspend');

    // Assess
    expect(created).toMatchObject({ status: 202, json: { serviceRef: 'US-1', installation: 'us', state: 'active' } });
    const [usServer] = await simServers('us');
    expect(usServer?.id).toBe(created.json['serverId']);
    expect(await simServers('eu')).toEqual([]);
    expect(suspended).toMatchObject({ status: 202, json: { state: 'suspended', installation: 'us' } });
    const onUs = await client('us').api<{ data: { is_suspended: boolean } }>('GET', `servers/${String(created.json['serverId'])}`);
    expect(onUs.body.data.is_suspended).toBe(true);
    expect(await store.prepaidServers('us')).toEqual(new Set([created.json['serverId']]));
    expect(await store.prepaidServers()).toEqual(new Set());
  });

  it('lets the installation decide between the same location id in both, and reads each service from its own', async () => {
    // Act
    const inEu = await create(createBody('EU-2', { installation: 'eu' }));
    const inUs = await create(createBody('US-2', { installation: 'us' }));

    // Assess
    expect((await simServers('eu')).map((server) => server.name)).toEqual(['eu-2.example.test']);
    expect((await simServers('us')).map((server) => server.name)).toEqual(['us-2.example.test']);
    expect(inUs).toMatchObject({ status: 202 });
    // Both simulators number servers alike: the same id names a different server in each.
    expect(inEu.json['serverId']).toBe(inUs.json['serverId']);
    const read = await send(services, 'GET', '/v1/services/US-2', 'GET /v1/services/{ref}', { ref: 'US-2' });
    expect(read).toMatchObject({ status: 200, json: { installation: 'us', state: 'active', hostname: 'us-2.example.test' } });
    const owner = await store.provisionedServer('us', inUs.json['serverId'] as number);
    expect(owner).toMatchObject({ serviceRef: 'US-2', billingClientId: 4242 });
    expect(await store.provisionedServer('eu', inEu.json['serverId'] as number)).toMatchObject({ serviceRef: 'EU-2' });
  });

  it('refuses a create without installation (400 installation_required) or with an unknown one, creating nothing', async () => {
    // Act
    const without = await create(createBody('NONE-1'));
    const unknown = await create(createBody('NONE-2', { installation: 'ap' }));

    // Assess
    expect(without).toMatchObject({ status: 400, json: { error: { code: 'installation_required' } } });
    expect(unknown).toMatchObject({ status: 400, json: { error: { code: 'unknown_installation' } } });
    expect([...(await simServers('eu')), ...(await simServers('us'))]).toEqual([]);
    expect(await store.get('NONE-1')).toBeUndefined();
  });

  it('refuses the same serviceRef in the other installation', async () => {
    // Prepare
    await create(createBody('TWICE', { installation: 'eu' }));

    // Act
    const again = await create(createBody('TWICE', { installation: 'us' }));

    // Assess
    expect(again).toMatchObject({ status: 409, json: { error: { code: 'service_exists' } } });
    expect(await simServers('us')).toEqual([]);
  });

  it('answers the catalog of both installations merged, or of the one asked for', async () => {
    // Act
    const merged = await send(catalog, 'GET', '/v1/catalog', 'GET /v1/catalog');
    const onlyUs = await send(catalog, 'GET', '/v1/catalog', 'GET /v1/catalog', { query: 'installation=us' });
    const unknown = await send(catalog, 'GET', '/v1/catalog', 'GET /v1/catalog', { query: 'installation=ap' });

    // Assess
    expect(merged.status).toBe(200);
    expect(merged.json['installations']).toEqual(['eu', 'us']);
    expect(merged.json['plans']).toEqual([
      { id: 1, name: 'Small', installation: 'eu', tokensPerHour: 7, tokensPerMonth: 5000 },
      { id: 2, name: 'Large', installation: 'eu', tokensPerHour: 14, tokensPerMonth: 9000 },
      { id: 1, name: 'US Small', installation: 'us', tokensPerHour: 8, tokensPerMonth: 5500 },
    ]);
    expect(merged.json['locations']).toEqual([
      { id: 1, name: 'Simulated Location', installation: 'eu' },
      { id: 1, name: 'Simulated Location', installation: 'us' },
    ]);
    expect(onlyUs).toMatchObject({ status: 200, json: { installations: ['eu', 'us'], plans: [{ id: 1, name: 'US Small', installation: 'us' }] } });
    expect((onlyUs.json['locations'] as unknown[]).length).toBe(1);
    expect(unknown).toMatchObject({ status: 400, json: { error: { code: 'unknown_installation' } } });
  });
});
