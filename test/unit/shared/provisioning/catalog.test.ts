import { catalogView, catalogViewSchema, ServiceCatalog, type CatalogSolusio } from '../../../../shared/provisioning';
import type { Deadline, SolusPlan } from '../../../../shared/solusio';

const plan = (id: number, tokensPerHour: number, tokensPerMonth: number): SolusPlan => ({
  id,
  name: `Plan ${id}`,
  tokensPerHour,
  tokensPerMonth,
  ipTokensPerHour: 7,
  ipTokensPerMonth: 700,
  backupPrice: 20,
});

describe('catalogView', () => {
  it('keeps ids and names, a plan\'s runtime tokens as billed, and every OS image version', () => {
    // Act
    const view = catalogView({
      plans: [plan(1, 2, 1000), plan(2, 0, 0)],
      locations: [{ id: 1, name: 'Amsterdam' }],
      osImages: [{ id: 1, name: 'Ubuntu', versions: [{ id: 11, version: '22.04' }, { id: 12, version: '24.04' }] }, { id: 2, name: 'Empty', versions: [] }],
      applications: [{ id: 3, name: 'WordPress' }],
    });

    // Assess
    expect(view).toEqual({
      installations: ['default'],
      plans: [
        { id: 1, name: 'Plan 1', installation: 'default', tokensPerHour: 2, tokensPerMonth: 1000 },
        { id: 2, name: 'Plan 2', installation: 'default', tokensPerHour: 0, tokensPerMonth: 0 },
      ],
      locations: [{ id: 1, name: 'Amsterdam', installation: 'default' }],
      osImages: [
        { id: 1, name: 'Ubuntu', installation: 'default', versions: [{ id: 11, version: '22.04' }, { id: 12, version: '24.04' }] },
        { id: 2, name: 'Empty', installation: 'default', versions: [] },
      ],
      applications: [{ id: 3, name: 'WordPress', installation: 'default' }],
    });
    expect(catalogViewSchema.parse(view)).toEqual(view);
  });
});

describe('ServiceCatalog', () => {
  it('reads the four lists under one deadline and answers them mapped', async () => {
    // Prepare
    const deadlines = new Set<Deadline>();
    const seen = (deadline: Deadline): void => void deadlines.add(deadline);
    const solusio: CatalogSolusio = {
      listPlans: async (deadline) => (seen(deadline), [plan(5, 3, 1500)]),
      listLocations: async (deadline) => (seen(deadline), [{ id: 2, name: 'Frankfurt' }]),
      listOsImages: async (deadline) => (seen(deadline), [{ id: 4, name: 'Debian', versions: [{ id: 40, version: '12' }] }]),
      listApplications: async (deadline) => (seen(deadline), []),
    };

    // Act
    const view = await new ServiceCatalog(async () => solusio, 5_000).read();

    // Assess
    expect(view).toEqual({
      installations: ['default'],
      plans: [{ id: 5, name: 'Plan 5', installation: 'default', tokensPerHour: 3, tokensPerMonth: 1500 }],
      locations: [{ id: 2, name: 'Frankfurt', installation: 'default' }],
      osImages: [{ id: 4, name: 'Debian', installation: 'default', versions: [{ id: 40, version: '12' }] }],
      applications: [],
    });
    expect(deadlines.size).toBe(1);
  });

  it('lets a SolusIO fault through for the HTTP layer to map', async () => {
    // Prepare
    const failure = new Error('SolusIO down');
    const solusio: CatalogSolusio = {
      listPlans: async () => [],
      listLocations: async () => [],
      listOsImages: async () => Promise.reject(failure),
      listApplications: async () => [],
    };

    // Act / Assess
    await expect(new ServiceCatalog(async () => solusio, 5_000).read()).rejects.toBe(failure);
  });

  describe('with several installations', () => {
    const installationSolusio = (locationName: string): CatalogSolusio => ({
      listPlans: async () => [plan(1, 2, 1000)],
      listLocations: async () => [{ id: 1, name: locationName }],
      listOsImages: async () => [],
      listApplications: async () => [],
    });
    const read: string[] = [];
    const catalog = new ServiceCatalog(
      async (installation) => (read.push(installation), installationSolusio(installation === 'eu' ? 'Amsterdam' : 'Dallas')),
      5_000,
      ['eu', 'us'],
    );
    beforeEach(() => void read.splice(0));

    it('merges every installation\'s lists, each item naming its installation (ids repeat across them)', async () => {
      // Act
      const view = await catalog.read();

      // Assess
      expect(view.installations).toEqual(['eu', 'us']);
      expect(view.locations).toEqual([
        { id: 1, name: 'Amsterdam', installation: 'eu' },
        { id: 1, name: 'Dallas', installation: 'us' },
      ]);
      expect(view.plans.map((item) => item.installation)).toEqual(['eu', 'us']);
      expect(catalogViewSchema.parse(view)).toEqual(view);
    });

    it('reads only the installation asked for, and still lists every installation', async () => {
      // Act
      const view = await catalog.read('us');

      // Assess
      expect(read).toEqual(['us']);
      expect(view.installations).toEqual(['eu', 'us']);
      expect(view.locations).toEqual([{ id: 1, name: 'Dallas', installation: 'us' }]);
    });

    it('refuses an installation that is not configured with 400 unknown_installation, reading nothing', async () => {
      // Act / Assess
      await expect(catalog.read('ap')).rejects.toMatchObject({ statusCode: 400, code: 'unknown_installation' });
      expect(read).toEqual([]);
    });
  });
});
