import { BadRequestError } from '../errors';
import { DEFAULT_INSTALLATION, InstallationChoiceError, resolveInstallation } from '../installations';
import { Deadline, type SolusApplication, type SolusLocation, type SolusOsImage, type SolusPlan } from '../solusio';
import type { CatalogView } from './schemas';

/** The SolusIO lists the catalog reads (each walks every page). */
export interface CatalogSolusio {
  listPlans(deadline: Deadline): Promise<SolusPlan[]>;
  listLocations(deadline: Deadline): Promise<SolusLocation[]>;
  listOsImages(deadline: Deadline): Promise<SolusOsImage[]>;
  listApplications(deadline: Deadline): Promise<SolusApplication[]>;
}

/** One installation's lists as SolusIO answers them. */
export interface CatalogLists {
  readonly plans: readonly SolusPlan[];
  readonly locations: readonly SolusLocation[];
  readonly osImages: readonly SolusOsImage[];
  readonly applications: readonly SolusApplication[];
}

/**
 * SolusIO's plans, locations, OS images and applications as a billing system offers them (pure),
 * each item naming its installation, the installations' lists one after another in the order given.
 * A plan's tokens are the prices the bridge bills by (`tokens_per_hour`, `tokens_per_month`); the
 * plan schema requires them, so they are never null today, though the contract allows it.
 */
export function catalogView(lists: CatalogLists, installation: string = DEFAULT_INSTALLATION, installations: readonly string[] = [installation]): CatalogView {
  return mergedCatalogView(installations, [{ installation, lists }]);
}

export function mergedCatalogView(installations: readonly string[], parts: readonly { readonly installation: string; readonly lists: CatalogLists }[]): CatalogView {
  return {
    installations: [...installations],
    plans: parts.flatMap(({ installation, lists }) =>
      lists.plans.map((plan) => ({ id: plan.id, name: plan.name, installation, tokensPerHour: plan.tokensPerHour, tokensPerMonth: plan.tokensPerMonth })),
    ),
    locations: parts.flatMap(({ installation, lists }) => lists.locations.map((location) => ({ id: location.id, name: location.name, installation }))),
    osImages: parts.flatMap(({ installation, lists }) =>
      lists.osImages.map((image) => ({ id: image.id, name: image.name, installation, versions: image.versions.map((version) => ({ id: version.id, version: version.version })) })),
    ),
    applications: parts.flatMap(({ installation, lists }) => lists.applications.map((application) => ({ id: application.id, name: application.name, installation }))),
  };
}

/**
 * GET /v1/catalog: read live from each installation's SolusIO on every request (no copy to go
 * stale; the WHMCS module caches it). Every installation's lists merged, or only the one asked for.
 */
export class ServiceCatalog {
  constructor(
    /** An installation's SolusIO (one that ignores the id serves a single installation). */
    private readonly solusioOf: (installation: string) => Promise<CatalogSolusio>,
    private readonly deadlineMs: number,
    private readonly installations: readonly string[] = [DEFAULT_INSTALLATION],
  ) {}

  /** `installation`: only that installation's lists (400 `unknown_installation` when it is not configured). */
  async read(installation?: string): Promise<CatalogView> {
    const chosen = installation === undefined ? this.installations : [this.known(installation)];
    const deadline = Deadline.after(this.deadlineMs);
    const parts = await Promise.all(chosen.map(async (id) => ({ installation: id, lists: await this.lists(id, deadline) })));
    return mergedCatalogView(this.installations, parts);
  }

  private known(installation: string): string {
    try {
      return resolveInstallation(this.installations, installation);
    } catch (error) {
      if (error instanceof InstallationChoiceError) throw new BadRequestError(error.message, error.code);
      throw error;
    }
  }

  private async lists(installation: string, deadline: Deadline): Promise<CatalogLists> {
    const solusio = await this.solusioOf(installation);
    const [plans, locations, osImages, applications] = await Promise.all([
      solusio.listPlans(deadline),
      solusio.listLocations(deadline),
      solusio.listOsImages(deadline),
      solusio.listApplications(deadline),
    ]);
    return { plans, locations, osImages, applications };
  }
}
