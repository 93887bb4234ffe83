import type { UnbilledServer } from '../snapshots/shortLived';
import type { UnbilledList } from './ports';
import { HEADER_UNBILLED_LIMIT, type PeriodHeader, type UnbilledEntry } from './types';

export const NO_UNBILLED: UnbilledList = { entries: [], count: 0 };

/** The unbilled servers a header keeps: without the stored detail, at most HEADER_UNBILLED_LIMIT (they come oldest first). */
export function unbilledList(servers: readonly UnbilledServer[]): UnbilledList {
  return {
    entries: servers.slice(0, HEADER_UNBILLED_LIMIT).map(({ serverId, installation, createdAt, deletedAt, reason }) => ({ serverId, installation, createdAt, deletedAt, reason })),
    count: servers.length,
  };
}

/** What usage answers about a period's unbilled servers (empty before the first aggregation). */
export interface UnbilledUsage {
  readonly unbilled: UnbilledEntry[];
  readonly unbilledCount: number;
}

export function unbilledOf(header: PeriodHeader | undefined): UnbilledUsage {
  return { unbilled: header?.unbilled ?? [], unbilledCount: header?.unbilledCount ?? 0 };
}
