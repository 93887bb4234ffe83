import { clipInterval, parseInstant, periodBounds, type MsInterval, type Period } from '../billing';
import type { Gap } from '../snapshots/DynamoSnapshotStore';

/** A stretch of billable time as a usage row keeps it (`end` null while open). */
export interface BillableSpan {
  readonly start: string;
  readonly end: string | null;
}

/** Spans sorted and joined where they touch or overlap, so each instant counts once. */
function union(intervals: readonly MsInterval[]): MsInterval[] {
  const joined: MsInterval[] = [];
  for (const interval of [...intervals].sort((a, b) => a.start - b.start)) {
    const last = joined[joined.length - 1];
    if (last !== undefined && interval.start <= last.end) joined[joined.length - 1] = { start: last.start, end: Math.max(last.end, interval.end) };
    else joined.push(interval);
  }
  return joined;
}

/**
 * The longest single snapshot gap inside billable time, in whole minutes (pure; 0 for none): each
 * gap is cut to the spans (one customer's segments of a server) and to the period, and the
 * longest cut wins; two gaps never add up. An open span runs to the period's end: a gap is
 * recorded by the complete run that ends it, so no gap reaches past the latest complete run, where
 * the open end resolves (`resolveEnd`) until the period ends.
 */
export function longestGapMinutes(spans: readonly BillableSpan[], gaps: readonly Gap[], period: Period): number {
  const bounds = periodBounds(period);
  const window = { start: parseInstant(bounds.start), end: parseInstant(bounds.end) };
  const billable = union(
    spans.flatMap((span) => clipInterval({ start: parseInstant(span.start), end: span.end === null ? window.end : parseInstant(span.end) }, window) ?? []),
  );
  let longestMs = 0;
  for (const gap of gaps) {
    const gapInterval = { start: parseInstant(gap.from), end: parseInstant(gap.to) };
    const insideMs = billable.reduce((sum, interval) => {
      const inside = clipInterval(gapInterval, interval);
      return sum + (inside === undefined ? 0 : inside.end - inside.start);
    }, 0);
    longestMs = Math.max(longestMs, insideMs);
  }
  return Math.floor(longestMs / 60_000);
}
