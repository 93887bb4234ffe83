import type { Period } from '../billing';
import { canonicalJson } from '../json';
import { sameState } from './packedState';
import { compareInstants, periodBounds, periodsFrom } from './time';
import type { BoundarySource, ServerMonth, ServerState, StoredSegment } from './types';

/**
 * A server's timeline across month items, and the changes a run applies to it. Pure functions.
 *
 * Storage form (canonical): a month item holds the server's segments clipped to that month. A
 * segment that reaches past the month's end is stored open there (so starting a month never has to
 * rewrite the previous month's items); a segment carried over from the month before starts at the
 * month's start with `startBy: 'period_start'`. In the current month an open segment means
 * "still so, as of the latest complete run"; in an earlier month, "until the month's end".
 */

export type TimelineOp =
  | { readonly kind: 'open'; readonly at: string; readonly by: BoundarySource; readonly state: ServerState; readonly run: string }
  | { readonly kind: 'change'; readonly at: string; readonly by: BoundarySource; readonly state: ServerState; readonly run: string }
  | { readonly kind: 'end'; readonly at: string; readonly by: BoundarySource; readonly run: string };

type Timeline = StoredSegment[];

function stateOf(segment: StoredSegment): ServerState {
  return {
    owner: segment.owner,
    plan: segment.plan,
    backupsEnabled: segment.backupsEnabled,
    suspended: segment.suspended,
    additionalIpCount: segment.additionalIpCount,
  };
}

/** The segment's state and start, without its end. */
function withoutEnd(segment: StoredSegment): StoredSegment {
  return {
    ...stateOf(segment),
    start: segment.start,
    startBy: segment.startBy,
    ...(segment.startRun === undefined ? {} : { startRun: segment.startRun }),
  };
}

function withEnd(segment: StoredSegment, end: string, endBy: BoundarySource | undefined, endRun: string | undefined): StoredSegment {
  return { ...withoutEnd(segment), end, ...(endBy === undefined ? {} : { endBy }), ...(endRun === undefined ? {} : { endRun }) };
}

/** The segment when it is open (the type guard form would narrow a closed one to `undefined`). */
function openSegment(segment: StoredSegment | undefined): StoredSegment | undefined {
  return segment !== undefined && segment.end === undefined ? segment : undefined;
}

/** Joins a server's month items (consecutive periods, ascending; a missing item continues the open segment) into one timeline. */
export function flattenMonths(months: readonly (ServerMonth | undefined)[]): Timeline {
  const timeline: Timeline = [];
  for (const month of months) {
    for (const segment of month?.segments ?? []) {
      const last = openSegment(timeline[timeline.length - 1]);
      if (last && segment.startBy === 'period_start' && sameState(last, segment)) {
        // The carried-over part of `last`: it ends where this part ends (or stays open).
        timeline[timeline.length - 1] = segment.end === undefined ? last : withEnd(last, segment.end, segment.endBy, segment.endRun);
        continue;
      }
      if (last) timeline[timeline.length - 1] = withEnd(last, segment.start, segment.startBy, segment.startRun);
      timeline.push(segment);
    }
  }
  return timeline;
}

/** The timeline's segments inside one period, in storage form. */
export function segmentsInPeriod(timeline: readonly StoredSegment[], period: Period): StoredSegment[] {
  const { start: monthStart, end: monthEnd } = periodBounds(period);
  const segments: StoredSegment[] = [];
  for (const segment of timeline) {
    if (compareInstants(segment.start, monthEnd) >= 0) continue;
    if (segment.end !== undefined && compareInstants(segment.end, monthStart) <= 0) continue;
    let part: StoredSegment = segment;
    if (compareInstants(segment.start, monthStart) < 0) {
      // Carried over from an earlier month: the start that counts here is the month's.
      const carried: StoredSegment = { ...stateOf(segment), start: monthStart, startBy: 'period_start' };
      part = segment.end === undefined ? carried : withEnd(carried, segment.end, segment.endBy, segment.endRun);
    }
    if (part.end === undefined || compareInstants(part.end, monthEnd) > 0) part = withoutEnd(part);
    segments.push(part);
  }
  return segments;
}

/** Applies one change to a timeline. Re-applying a change that is already there changes nothing. */
export function applyOp(timeline: readonly StoredSegment[], op: TimelineOp): StoredSegment[] {
  const result = [...timeline];
  const last = result[result.length - 1];
  switch (op.kind) {
    case 'open': {
      if (openSegment(last)) return result;
      // A server seen again after its recorded end restarts at the run that saw it (no time before
      // is established), and never before that end: re-applying an open and its end adds nothing.
      const reopened = last?.end !== undefined && compareInstants(last.end, op.at) > 0;
      if (!reopened) {
        result.push({ ...op.state, start: op.at, startBy: op.by, startRun: op.run });
        return result;
      }
      const ended = last?.end as string;
      const start = compareInstants(op.run, ended) > 0 ? op.run : ended;
      result.push({ ...op.state, start, startBy: 'run', startRun: op.run });
      return result;
    }
    case 'change': {
      const open = openSegment(last);
      if (!open || sameState(open, op.state)) return result;
      if (compareInstants(op.at, open.start) <= 0) {
        result[result.length - 1] = { ...open, ...op.state };
        return result;
      }
      result[result.length - 1] = withEnd(open, op.at, op.by, op.run);
      result.push({ ...op.state, start: op.at, startBy: op.by, startRun: op.run });
      return result;
    }
    case 'end': {
      // Nothing exists from the end on: segments that start at or after it go (a change the same
      // run dated later than the delete request), and the one that holds it ends there.
      if (!openSegment(last)) {
        if (last?.end === undefined || compareInstants(op.at, last.end) >= 0) return result;
      }
      const kept = result.filter((segment) => compareInstants(segment.start, op.at) < 0);
      const holder = kept[kept.length - 1];
      if (holder !== undefined && (holder.end === undefined || compareInstants(holder.end, op.at) > 0)) {
        kept[kept.length - 1] = withEnd(holder, op.at, op.by, op.run);
      }
      return kept;
    }
  }
}

export interface ServerMonthsUpdate {
  /** Items whose content changed (new items have version 0 before the write). */
  readonly changed: ServerMonth[];
}

function sameSegments(a: readonly StoredSegment[], b: readonly StoredSegment[]): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/**
 * The hostname an item names the server with: the current month's takes the latest one (`hostname`,
 * when the run saw one), a new item of an earlier month too; an earlier month's item keeps its own.
 */
function itemHostname(before: ServerMonth | undefined, hostname: string | undefined, current: boolean): string | undefined {
  if (before === undefined) return hostname;
  return current ? (hostname ?? before.hostname) : before.hostname;
}

/**
 * Applies a run's changes to one server's month items from `firstPeriod` to `currentPeriod` and
 * returns the items that changed. `existing` maps a period to its stored item (absent: none yet).
 * `hostname`: the server's latest hostname, if known (metadata: it renames an item that is written
 * anyway, and makes the current month's item change when it differs, never a segment).
 */
export function updateServerMonths(
  serverId: number,
  existing: ReadonlyMap<Period, ServerMonth>,
  ops: readonly TimelineOp[],
  firstPeriod: Period,
  currentPeriod: Period,
  hostname?: string,
): ServerMonthsUpdate {
  const periods = periodsFrom(firstPeriod, currentPeriod);
  let timeline = flattenMonths(periods.map((period) => existing.get(period)));
  for (const op of ops) timeline = applyOp(timeline, op);
  const changed: ServerMonth[] = [];
  for (const period of periods) {
    const segments = segmentsInPeriod(timeline, period);
    const before = existing.get(period);
    const named = itemHostname(before, hostname, period === currentPeriod);
    if (before === undefined && segments.length === 0) continue;
    if (before !== undefined && sameSegments(before.segments, segments) && before.hostname === named) continue;
    changed.push({ serverId, period, segments, apiChanges: before?.apiChanges ?? [], ...(named === undefined ? {} : { hostname: named }), version: before?.version ?? 0 });
  }
  return { changed };
}

/** The item a month starts with for a server that ran on unchanged into it (named as the server last was). */
export function carriedOverMonth(serverId: number, period: Period, state: ServerState, hostname?: string): ServerMonth {
  return {
    serverId,
    period,
    segments: [{ ...state, start: periodBounds(period).start, startBy: 'period_start' }],
    apiChanges: [],
    ...(hostname === undefined ? {} : { hostname }),
    version: 0,
  };
}

export { stateOf };
