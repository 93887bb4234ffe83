import type { ServerJson } from '../../../local/simulator';
import type { LocalStack } from '../../../local/stack';
import { MemoryLogger } from '../../../shared/logging';
import { bearer, requestJson, startTestStack, TEST_ADMIN_KEY } from '../../support/localStack';
import { SnapshotHarness } from '../../support/snapshotHarness';
import { SNAPSHOT_FIXTURES } from '../snapshots/fixtures';

/** Not the simulator's own default (daily at 03:00) nor the bridge's (daily at 00:00): what arrives is what was configured. */
const CONFIGURED = { type: 'weekly', time: { hour: 2, minutes: 30 }, days: [1, 4] };

const createBody = (serviceRef: string, backups: boolean) => ({
  serviceRef,
  customer: { email: 'backups.customer@example.test', billingClientId: 4343 },
  planId: 1,
  locationId: 1,
  osImageId: 1,
  hostname: `${serviceRef.toLowerCase()}.example.test`,
  backups,
  additionalIps: 0,
  billingMode: 'postpaid',
});

describe('provisioning API: the backup schedule SOLUSIO_BACKUP_SCHEDULE configures', () => {
  let stack: LocalStack;
  let h: SnapshotHarness;
  const call = (method: string, path: string, body?: unknown) =>
    requestJson(`${stack.apiUrl}${path}`, { method, ...(body === undefined ? {} : { body }), headers: bearer(TEST_ADMIN_KEY) });
  const simServer = async (id: number): Promise<ServerJson> => (await h.sim.api<{ data: ServerJson }>('GET', `servers/${id}`)).body.data;

  beforeAll(async () => {
    stack = await startTestStack({ logger: new MemoryLogger(), solusioBackupSchedule: JSON.stringify(CONFIGURED) });
    h = new SnapshotHarness(stack);
  }, 60_000);

  afterAll(async () => {
    await stack?.stop();
  });

  beforeEach(async () => {
    await fetch(`${stack.apiUrl}/_local/reset`, { method: 'POST' });
    await h.sim.reset(SNAPSHOT_FIXTURES);
    await h.sim.setClock('2026-11-03T10:00:00.000Z');
  });

  it('reaches SolusIO with a create that has backups, and with an update that turns them on', async () => {
    const withBackups = await call('POST', '/v1/services', createBody('BK-1', true));
    const without = await call('POST', '/v1/services', createBody('BK-2', false));
    expect([withBackups.status, without.status]).toEqual([202, 202]);
    const [created, plain] = [withBackups.json as { serverId: number }, without.json as { serverId: number }];

    expect((await simServer(created.serverId)).backup_settings).toMatchObject({ enabled: true, schedule: CONFIGURED });
    expect((await simServer(plain.serverId)).backup_settings).toMatchObject({ enabled: false, schedule: { type: 'daily', time: { hour: 3, minutes: 0 } } });

    expect((await call('PATCH', '/v1/services/BK-2', { backups: true })).status).toBe(200);
    expect((await simServer(plain.serverId)).backup_settings).toMatchObject({ enabled: true, schedule: CONFIGURED });
  }, 60_000);
});
