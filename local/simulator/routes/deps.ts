import type { FaultInjector } from '../faults';
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
}

export const API_PREFIX = '/api/v1';
