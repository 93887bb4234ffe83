import type { Period, PlanPrices } from '../../billing';
import { datedOps } from '../datingChanges';
import type { DetectedChange, LogFacts } from '../detectChanges';
import { flattenMonths, updateServerMonths, type TimelineOp } from '../serverMonths';
import { laterOf, periodOf, periodsFrom } from '../time';
import type { ServerMonth } from '../types';

/** What dating a run's changes needs besides each server's month items. */
export interface DatingWindow {
  /** The run's scheduled time (or, for a confirmation, when the admin confirmed). */
  readonly time: string;
  readonly currentPeriod: Period;
  /** billingStart: nothing is dated before it. */
  readonly floor: string;
  /** The newest run before this one (complete or partial). */
  readonly previousRun: string | undefined;
  /** The latest period for which every known server has a month item. */
  readonly monthsUpTo: Period | undefined;
  readonly logs: LogFacts;
  /** The run's plans by id (a short-lived server's plan); absent when confirming deletions. */
  readonly plans?: ReadonlyMap<number, PlanPrices>;
  /** The hostname each server was listed with (`listedHostnames`): names the items written; absent when confirming deletions. */
  readonly hostnames?: ReadonlyMap<number, string>;
}

/** One server's changes and the month items they can reach (oldest first, through the current month). */
export interface ServerDating {
  readonly serverId: number;
  readonly changes: readonly DetectedChange[];
  readonly firstPeriod: Period;
  readonly periods: readonly Period[];
}

export function changedServerId(change: DetectedChange): number {
  return 'server' in change ? change.server.id : change.id;
}

/** Step 6a, date the changes (pure): groups them by server, in the order first seen, with the months each can reach. */
export function planDating(changes: readonly DetectedChange[], window: DatingWindow): ServerDating[] {
  const byServer = new Map<number, DetectedChange[]>();
  for (const change of changes) byServer.set(changedServerId(change), [...(byServer.get(changedServerId(change)) ?? []), change]);
  return [...byServer].map(([serverId, serverChanges]) => {
    const firstPeriod = firstPeriodOf(serverChanges, window);
    return { serverId, changes: serverChanges, firstPeriod, periods: periodsFrom(firstPeriod, window.currentPeriod) };
  });
}

/**
 * Step 6b, date the changes (pure): each change of one server becomes dated timeline operations
 * (`datedOps`: activity log, API records, else the run) applied to the month items read; answers
 * the items that changed.
 */
export function dateOntoMonths(dating: ServerDating, items: readonly ServerMonth[], window: DatingWindow): ServerMonth[] {
  const { serverId, firstPeriod } = dating;
  const existing = new Map(items.map((item) => [item.period, item]));
  const timeline = flattenMonths(dating.periods.map((period) => existing.get(period)));
  const open = timeline[timeline.length - 1];
  const ops: TimelineOp[] = dating.changes.flatMap((change) =>
    datedOps(change, {
      run: window.time,
      ...(window.previousRun === undefined ? {} : { previousRun: window.previousRun }),
      ...(open?.end === undefined && open !== undefined ? { openStart: open.start } : {}),
      ipEvents: window.logs.ipEvents.get(serverId) ?? [],
      apiChanges: items.flatMap((item) => item.apiChanges),
      ...(window.plans === undefined ? {} : { plans: window.plans }),
    }),
  );
  return updateServerMonths(serverId, existing, ops, firstPeriod, window.currentPeriod, window.hostnames?.get(serverId)).changed;
}

/** The earliest month a server's changes can reach: its oldest item still open, or the month of an earlier-dated boundary. */
function firstPeriodOf(changes: readonly DetectedChange[], window: DatingWindow): Period {
  let first = window.monthsUpTo ?? window.currentPeriod;
  const consider = (instant: string): void => {
    const period = periodOf(instant);
    if (period < first) first = period;
  };
  for (const change of changes) {
    if (change.kind === 'open' || change.kind === 'shortLived') consider(laterOf(change.server.createdAt, window.floor));
    else if (change.kind === 'end') consider(change.deleteRequestedAt ?? change.lastSeen ?? window.time);
    else consider(window.previousRun ?? window.time);
  }
  return first > window.currentPeriod ? window.currentPeriod : first;
}
