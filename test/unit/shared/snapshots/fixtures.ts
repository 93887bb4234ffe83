import type { PlanPrices, SegmentOwner } from '../../../../shared/billing';
import type { ServerMonth, ServerState, StoredSegment } from '../../../../shared/snapshots/types';

/** Plans and owners of the snapshot unit tests: prices easy to tell apart (as the integration fixtures). */
export const PLAN_SMALL: PlanPrices = { id: 1, tokensPerHour: 7, tokensPerMonth: 5000, ipTokensPerHour: 1, ipTokensPerMonth: 500, backupPrice: 10 };
export const PLAN_LARGE: PlanPrices = { id: 2, tokensPerHour: 14, tokensPerMonth: 9000, ipTokensPerHour: 2, ipTokensPerMonth: 900, backupPrice: 12.5 };
export const OWNER_A: SegmentOwner = { userId: 1, billingUserId: 1001 };
export const OWNER_B: SegmentOwner = { userId: 2, billingUserId: 1002 };

/** Owner A on the small plan, backups off, not suspended, no additional IP; any field overridable. */
export const state = (overrides: Partial<ServerState> = {}): ServerState => ({
  owner: OWNER_A,
  plan: PLAN_SMALL,
  backupsEnabled: false,
  suspended: false,
  additionalIpCount: 0,
  ...overrides,
});

/** Frequently used states. */
export const A = state();
export const B = state({ suspended: true });
export const C = state({ additionalIpCount: 2 });

type Bounds = Omit<StoredSegment, keyof ServerState>;

/** A stored segment: a state and its bounds (only the keys given, so strict equality stays exact). */
export const seg = (of: ServerState, bounds: Bounds): StoredSegment => ({ ...of, ...bounds });

/** A month item (named only when `hostname` is given, so strict equality stays exact). */
export const month = (serverId: number, period: string, segments: StoredSegment[], extra: Partial<Pick<ServerMonth, 'apiChanges' | 'version' | 'hostname'>> = {}): ServerMonth => ({
  serverId,
  period,
  segments,
  apiChanges: extra.apiChanges ?? [],
  ...(extra.hostname === undefined ? {} : { hostname: extra.hostname }),
  version: extra.version ?? 0,
});
