import type { FaultInjector } from '../faults';
import type { ListingSettings } from '../listing';
import type { RequestStats } from '../stats';
import type { SimStore } from '../store/SimStore';
import type { SimClock } from '../types';

/** What the route modules are built from. */
export interface RouteDeps {
  store: SimStore;
  clock: SimClock;
  faults: FaultInjector;
  stats: RequestStats;
  pageSize: number;
  /** Set by `POST /_sim/reset`: the links' origin, the activity log's order. */
  listing: ListingSettings;
}

export const API_PREFIX = '/api/v1';
