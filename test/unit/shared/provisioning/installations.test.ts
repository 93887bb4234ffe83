import { MemoryLogger } from '../../../../shared/logging';
import { createRequestHash, createServiceSchema, ProvisioningService, serverMarker, type ApiChangeRecorder } from '../../../../shared/provisioning';
import type { ApiChange } from '../../../../shared/snapshots/types';
import { FAKE_SETTINGS, FakeChanges, FakeOwnership, FakeServices, FakeSolusio, testOrder } from '../../../support/fakeProvisioning';

const NOW = '2026-11-03T10:00:00.000Z';

const order = testOrder;

/** Records each installation's prepaid servers and API changes apart. */
class ScopedChanges {
  readonly prepaid: string[] = [];
  readonly changes: { installation: string; serverId: number; change: ApiChange }[] = [];
  of(installation: string): ApiChangeRecorder {
    return { recordApiChange: async (serverId, change) => (this.changes.push({ installation, serverId, change }), true) };
  }
}

function twoInstallations() {
  const solusio = { eu: new FakeSolusio(), us: new FakeSolusio() };
  const ownership = new FakeOwnership();
  const scoped = new ScopedChanges();
  const fallback = new FakeChanges();
  let attempts = 0;
  const service = new ProvisioningService({
    solusioOf: (installation) => async () => (installation === 'eu' ? solusio.eu : solusio.us),
    services: new FakeServices(),
    ownership,
    changes: fallback,
    changesOf: (installation) => scoped.of(installation),
    prepaid: { addPrepaidServer: async (serverId, installation) => void scoped.prepaid.push(`${installation ?? '?'}:${serverId}`) },
    metered: fallback,
    logger: new MemoryLogger(),
    settings: { ...FAKE_SETTINGS, installations: ['eu', 'us'] },
    newAttemptId: () => `attempt${(attempts += 1)}`,
    sleep: async () => undefined,
  });
  return { service, solusio, ownership, scoped, fallback };
}

describe('createServiceSchema: installation', () => {
  it('takes an installation slug and leaves it optional', () => {
    expect(createServiceSchema.parse(order('S', { installation: 'us-east' })).installation).toBe('us-east');
    expect(createServiceSchema.parse(order('S')).installation).toBeUndefined();
  });

  it('refuses an installation that is not a slug', () => {
    expect(createServiceSchema.safeParse(order('S', { installation: 'EU West' })).success).toBe(false);
  });
});

describe('createRequestHash', () => {
  it('is unchanged for the default installation and differs for another', () => {
    const hashBefore = createRequestHash(order('S'));
    expect(createRequestHash(order('S'), 'default')).toBe(hashBefore);
    expect(createRequestHash(order('S', { installation: 'default' }), 'default')).toBe(hashBefore);
    expect(createRequestHash(order('S', { installation: 'eu' }), 'eu')).not.toBe(hashBefore);
  });
});

describe('ProvisioningService with two installations', () => {
  it('creates in the installation named, marks, owns and registers the server there', async () => {
    // Prepare
    const world = twoInstallations();

    // Act
    const view = await world.service.create(order('S', { installation: 'us' }), NOW);

    // Assess
    expect(view).toMatchObject({ installation: 'us', state: 'active' });
    const serverId = view.serverId as number;
    expect(world.solusio.eu.servers.size).toBe(0);
    expect(world.solusio.us.servers.get(serverId)?.description).toBe(serverMarker({ installation: 'us', serviceRef: 'S', attemptId: 'attempt1' }));
    expect(await world.ownership.ownerOf('us', serverId)).toBe('S');
    expect(await world.ownership.ownerOf('eu', serverId)).toBeUndefined();
    expect(world.scoped.prepaid).toEqual([`us:${serverId}`]);
  });

  it('sends every later action to the installation that holds the server, recording its change there', async () => {
    // Prepare
    const world = twoInstallations();
    const view = await world.service.create(order('S', { installation: 'us' }), NOW);

    // Act
    await world.service.action('S', 'suspend', NOW);
    await world.service.terminate('S', NOW);

    // Assess
    expect(world.solusio.us.calls).toEqual(expect.arrayContaining([`suspend ${view.serverId}`]));
    expect(world.solusio.eu.calls).toEqual([]);
    expect(world.scoped.changes.map((entry) => [entry.installation, entry.change.field])).toEqual([
      ['us', 'suspended'],
      ['us', 'deleted'],
    ]);
    expect(world.fallback.changes).toEqual([]);
  });

  it('refuses a create that names no installation (400 installation_required) or an unknown one (400 unknown_installation), writing nothing', async () => {
    // Prepare
    const world = twoInstallations();

    // Act / Assess
    await expect(world.service.create(order('S'), NOW)).rejects.toMatchObject({ statusCode: 400, code: 'installation_required' });
    await expect(world.service.create(order('S', { installation: 'ap' }), NOW)).rejects.toMatchObject({ statusCode: 400, code: 'unknown_installation' });
    await expect(world.service.get('S', NOW)).rejects.toMatchObject({ statusCode: 404 });
  });

  it('answers a replay in the same installation and refuses the same serviceRef in another', async () => {
    // Prepare
    const world = twoInstallations();
    const first = await world.service.create(order('S', { installation: 'eu' }), NOW);

    // Act / Assess
    expect(await world.service.create(order('S', { installation: 'eu' }), NOW)).toEqual(first);
    await expect(world.service.create(order('S', { installation: 'us' }), NOW)).rejects.toMatchObject({ statusCode: 409, code: 'service_exists' });
    expect(world.solusio.us.servers.size).toBe(0);
  });
});
