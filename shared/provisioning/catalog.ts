import { Deadline, type SolusApplication, type SolusLocation, type SolusOsImage, type SolusPlan } from '../solusio';
import type { CatalogView } from './schemas';

/** The SolusIO lists the catalog reads (each walks every page). */
export interface CatalogSolusio {
  listPlans(deadline: Deadline): Promise<SolusPlan[]>;
  listLocations(deadline: Deadline): Promise<SolusLocation[]>;
  listOsImages(deadline: Deadline): Promise<SolusOsImage[]>;
  listApplications(deadline: Deadline): Promise<SolusApplication[]>;
}

/**
 * SolusIO's plans, locations, OS images and applications as a billing system offers them (pure).
 * A plan's tokens are the prices the bridge bills by (`tokens_per_hour`, `tokens_per_month`); the
 * plan schema requires them, so they are never null today, though the contract allows it.
 */
export function catalogView(lists: { plans: readonly SolusPlan[]; locations: readonly SolusLocation[]; osImages: readonly SolusOsImage[]; applications: readonly SolusApplication[] }): CatalogView {
  return {
    plans: lists.plans.map((plan) => ({ id: plan.id, name: plan.name, tokensPerHour: plan.tokensPerHour, tokensPerMonth: plan.tokensPerMonth })),
    locations: lists.locations.map((location) => ({ id: location.id, name: location.name })),
    osImages: lists.osImages.map((image) => ({ id: image.id, name: image.name, versions: image.versions.map((version) => ({ id: version.id, version: version.version })) })),
    applications: lists.applications.map((application) => ({ id: application.id, name: application.name })),
  };
}

/** GET /v1/catalog: read live from SolusIO on every request (no copy to go stale; the WHMCS module caches it). */
export class ServiceCatalog {
  constructor(
    private readonly solusio: () => Promise<CatalogSolusio>,
    private readonly deadlineMs: number,
  ) {}

  async read(): Promise<CatalogView> {
    const solusio = await this.solusio();
    const deadline = Deadline.after(this.deadlineMs);
    const [plans, locations, osImages, applications] = await Promise.all([
      solusio.listPlans(deadline),
      solusio.listLocations(deadline),
      solusio.listOsImages(deadline),
      solusio.listApplications(deadline),
    ]);
    return catalogView({ plans, locations, osImages, applications });
  }
}
