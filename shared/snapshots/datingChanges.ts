import type { PlanPrices } from '../billing';
import { canonicalJson } from '../json';
import type { DetectedChange, IpEvent } from './detectChanges';
import type { TimelineOp } from './serverMonths';
import { shortLivedOps } from './shortLived';
import { compareInstants, earlierOf, laterOf } from './time';
import type { ApiChange, BoundarySource, ServerState } from './types';

/** What dating a server's change can lean on besides the run itself. */
export interface DatingContext {
  /** The run's scheduled time: the boundary of any change nothing dates more exactly. */
  readonly run: string;
  /** The previous run (complete or partial): log-dated changes never move before it. */
  readonly previousRun?: string;
  /** Start of the server's open segment: no boundary moves before it. */
  readonly openStart?: string;
  /** Additional-IP activity-log entries of this server since the previous complete run, oldest first. */
  readonly ipEvents: readonly IpEvent[];
  /** The bridge's own API changes recorded on the server's month items. */
  readonly apiChanges: readonly ApiChange[];
  /** SolusIO's plans as the run read them (a short-lived server's plan changes are priced by them). */
  readonly plans?: ReadonlyMap<number, PlanPrices>;
}

interface DatedUpdate {
  readonly at: string;
  readonly by: BoundarySource;
  readonly apply: (state: ServerState) => ServerState;
}

/**
 * The time of the latest API change of a field after the open segment began, when it set the value
 * now observed; a later API call that set another value undid it, and then the run dates the change.
 */
function apiTime(context: DatingContext, field: ApiChange['field'], matches: (change: ApiChange) => boolean): string | undefined {
  let latest: ApiChange | undefined;
  for (const change of context.apiChanges) {
    if (change.field !== field) continue;
    if (context.openStart !== undefined && compareInstants(change.at, context.openStart) <= 0) continue;
    if (latest === undefined || compareInstants(change.at, latest.at) >= 0) latest = change;
  }
  return latest !== undefined && matches(latest) ? latest.at : undefined;
}

function clampToOpen(at: string, context: DatingContext): string {
  return context.openStart === undefined ? at : laterOf(at, context.openStart);
}

/**
 * The additional-IP steps that explain a count change: the newest log entries whose +1/-1 add up
 * to the observed change (older entries were taken in by earlier runs). None fit: the run dates it.
 */
function ipSteps(from: number, to: number, context: DatingContext): DatedUpdate[] {
  const events = context.ipEvents;
  const floor = context.previousRun === undefined ? context.openStart : context.openStart === undefined ? context.previousRun : laterOf(context.previousRun, context.openStart);
  const stepsFrom = (first: number): DatedUpdate[] | undefined => {
    let count = from;
    const steps: DatedUpdate[] = [];
    for (const event of events.slice(first)) {
      count += event.delta;
      if (count < 0) return undefined;
      const value = count;
      const at = floor === undefined ? event.at : laterOf(event.at, floor);
      steps.push({ at, by: 'activity_log', apply: (state) => ({ ...state, additionalIpCount: value }) });
    }
    return count === to ? steps : undefined;
  };
  // Entries newer than the previous run cannot have been counted by it: all of them, when they add up.
  if (context.previousRun !== undefined) {
    const newer = events.findIndex((event) => compareInstants(event.at, context.previousRun as string) > 0);
    const steps = newer < 0 ? undefined : stepsFrom(newer);
    if (steps !== undefined) return steps;
  }
  let sum = 0;
  for (let first = events.length - 1; first >= 0; first -= 1) {
    sum += (events[first] as IpEvent).delta;
    if (sum !== to - from) continue;
    return stepsFrom(first) ?? [runDated(context, to)];
  }
  return [runDated(context, to)];
}

function runDated(context: DatingContext, ips: number): DatedUpdate {
  return { at: context.run, by: 'run', apply: (state) => ({ ...state, additionalIpCount: ips }) };
}

function fieldUpdate<K extends 'suspended' | 'backupsEnabled'>(field: K, to: ServerState, context: DatingContext): DatedUpdate {
  const value = to[field];
  const at = apiTime(context, field, (change) => change.value === value);
  const apply = (state: ServerState): ServerState => ({ ...state, [field]: value });
  return at === undefined ? { at: context.run, by: 'run', apply } : { at: clampToOpen(at, context), by: 'api', apply };
}

/** The state changes between two observations, each at the time the rules give it (billing-rules.md). */
function changeUpdates(from: ServerState, to: ServerState, context: DatingContext): DatedUpdate[] {
  const updates: DatedUpdate[] = [];
  if (from.additionalIpCount !== to.additionalIpCount) updates.push(...ipSteps(from.additionalIpCount, to.additionalIpCount, context));
  if (from.suspended !== to.suspended) updates.push(fieldUpdate('suspended', to, context));
  if (from.backupsEnabled !== to.backupsEnabled) updates.push(fieldUpdate('backupsEnabled', to, context));
  const planChanged = canonicalJson(from.plan) !== canonicalJson(to.plan);
  if (planChanged) {
    const at = from.plan.id === to.plan.id ? undefined : apiTime(context, 'planId', (change) => change.value === to.plan.id);
    const apply = (state: ServerState): ServerState => ({ ...state, plan: to.plan });
    updates.push(at === undefined ? { at: context.run, by: 'run', apply } : { at: clampToOpen(at, context), by: 'api', apply });
  }
  if (canonicalJson(from.owner) !== canonicalJson(to.owner)) {
    updates.push({ at: context.run, by: 'run', apply: (state) => ({ ...state, owner: to.owner }) });
  }
  return updates;
}

/** Turns one detected change into the timeline operations that record it, dated. */
export function datedOps(change: DetectedChange, context: DatingContext): TimelineOp[] {
  const { run } = context;
  switch (change.kind) {
    case 'open': {
      const ops: TimelineOp[] = [{ kind: 'open', at: change.server.createdAt, by: 'created_at', state: change.server.state, run }];
      if (change.deleteRequestedAt !== undefined) ops.push({ kind: 'end', at: change.deleteRequestedAt, by: 'activity_log', run });
      return ops;
    }
    case 'change': {
      const updates = changeUpdates(change.from, change.to, context).sort((a, b) => compareInstants(a.at, b.at));
      let state = change.from;
      const ops: TimelineOp[] = [];
      for (const update of updates) {
        state = update.apply(state);
        const previous = ops[ops.length - 1];
        // Updates at one instant make one boundary.
        if (previous?.kind === 'change' && previous.at === update.at) ops[ops.length - 1] = { ...previous, state };
        else ops.push({ kind: 'change', at: update.at, by: update.by, state, run });
      }
      return ops;
    }
    case 'end': {
      const apiDeleted = apiTime(context, 'deleted', () => true);
      const exact = [change.deleteRequestedAt, apiDeleted].filter((at): at is string => at !== undefined);
      if (exact.length > 0) {
        const at = exact.reduce(earlierOf);
        return [{ kind: 'end', at, by: at === apiDeleted && at !== change.deleteRequestedAt ? 'api' : 'activity_log', run }];
      }
      return [{ kind: 'end', at: change.lastSeen ?? run, by: 'run', run }];
    }
    case 'shortLived':
      return shortLivedOps(change, context);
  }
}
