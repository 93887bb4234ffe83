import { customerReference, type Period, type SegmentOwner } from '../billing';
import { DEFAULT_INSTALLATION } from '../installations';
import type { Gap } from '../snapshots/DynamoSnapshotStore';
import { compareInstants } from '../snapshots/time';
import type { ServerMonth, StoredSegment } from '../snapshots/types';
import { installationField } from './installationScope';
import { longestGapMinutes } from './gapMinutes';
import type { RowSegment, UsageRow } from './types';

function overlapsGap(start: string, end: string | null, gaps: readonly Gap[]): boolean {
  return gaps.some((gap) => compareInstants(start, gap.to) < 0 && (end === null || compareInstants(end, gap.from) > 0));
}

/** Which installation a server's rows are of, and how it bills (usageRowsOf). */
export interface RowScope {
  /** Absent: `default`. */
  readonly installation?: string;
  /** Several installations are configured: unmapped references name the installation. */
  readonly nameInstallation?: boolean;
  /** The installation bills from here (its first complete run, later than the period's billingStart): earlier time is cut off. */
  readonly billFrom?: string;
}

/** Segments cut to start at `from` (those ending by then left out); all of them without `from`. */
function clippedTo(segments: readonly StoredSegment[], from: string | undefined): StoredSegment[] {
  if (from === undefined) return [...segments];
  return segments.flatMap((segment) => {
    if (segment.end !== undefined && compareInstants(segment.end, from) <= 0) return [];
    return [compareInstants(segment.start, from) < 0 ? { ...segment, start: from } : segment];
  });
}

/**
 * A server's usage rows for a period, one per customer its owners had (pure). Each row holds the
 * server's whole segment list, so the engine prices every owner part with its own rounding and caps;
 * a read keeps the lines of the customer it asked for. Segments with time inside a gap carry `gap`.
 * The item's hostname rides along for the lines' descriptions (left out when unknown, so a row of
 * an item without one hashes as before), and so does the longest single gap inside the customer's
 * own time on the server (`longestGapMinutes`, left out when none: a row without gaps hashes as before).
 * A metered server's rows carry `metered` (left out otherwise, likewise).
 */
export function usageRowsOf(month: ServerMonth, gaps: readonly Gap[], prepaid: boolean, metered = false, scope: RowScope = {}): UsageRow[] {
  const installation = scope.installation ?? DEFAULT_INSTALLATION;
  const segments: RowSegment[] = clippedTo(month.segments, scope.billFrom).map((segment) => {
    const end = segment.end ?? null;
    return {
      start: segment.start,
      end,
      owner: segment.owner,
      plan: segment.plan,
      backupsEnabled: segment.backupsEnabled,
      suspended: segment.suspended,
      additionalIpCount: segment.additionalIpCount,
      flags: overlapsGap(segment.start, end, gaps) ? ['gap'] : [],
    };
  });
  const reference = (owner: SegmentOwner): string => customerReference(owner, scope.nameInstallation === true ? installation : undefined);
  const customers = [...new Set(segments.map((segment) => reference(segment.owner)))].sort();
  const hostname = month.hostname === undefined ? {} : { hostname: month.hostname };
  return customers.map((customer) => {
    const own = segments.filter((segment) => reference(segment.owner) === customer);
    const longest = longestGapMinutes(own, gaps, month.period);
    return { period: month.period, customer, serverId: month.serverId, ...installationField(installation), ...hostname, ...(longest > 0 ? { longestGapMinutes: longest } : {}), prepaid, ...(metered ? { metered: true as const } : {}), segments };
  });
}

/** The open end of a row's segments, resolved: as of the latest complete run, never past the period. */
export function resolveEnd(end: string | null, start: string, asOf: string, periodEnd: string): string {
  if (end !== null) return end;
  const until = compareInstants(asOf, periodEnd) < 0 ? asOf : periodEnd;
  return compareInstants(until, start) < 0 ? start : until;
}

export type { Period };
