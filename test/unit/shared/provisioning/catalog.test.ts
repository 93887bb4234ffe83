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
      plans: [
        { id: 1, name: 'Plan 1', tokensPerHour: 2, tokensPerMonth: 1000 },
        { id: 2, name: 'Plan 2', tokensPerHour: 0, tokensPerMonth: 0 },
      ],
      locations: [{ id: 1, name: 'Amsterdam' }],
      osImages: [
        { id: 1, name: 'Ubuntu', versions: [{ id: 11, version: '22.04' }, { id: 12, version: '24.04' }] },
        { id: 2, name: 'Empty', versions: [] },
      ],
      applications: [{ id: 3, name: 'WordPress' }],
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
      plans: [{ id: 5, name: 'Plan 5', tokensPerHour: 3, tokensPerMonth: 1500 }],
      locations: [{ id: 2, name: 'Frankfurt' }],
      osImages: [{ id: 4, name: 'Debian', versions: [{ id: 40, version: '12' }] }],
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
});
