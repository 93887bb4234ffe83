import { nextPeriod, periodBounds, periodOf, type Period, type PlanPrices } from '../billing';
import type { DatingContext } from './datingChanges';
import type { DetectedChange } from './detectChanges';
import type { TimelineOp } from './serverMonths';
import { canonicalInstant, compareInstants } from './time';
import type { BoundarySource, ServerState } from './types';

/**
 * Short-lived servers (issue #22, "No billable time lost silently"): servers that SolusIO's activity
 * log shows created between two complete runs and that no run ever listed (a 4-minute server, or
 * any server born and gone inside an outage). Pure functions; `run/findShortLived.ts` does the reads.
 *
 * SolusIO documents the activity log's `data` as free-form JSON (the Go SDK types it
 * `json.RawMessage`); the bridge reads only the server's id from it (`readActivityLogEntry`), never
 * an owner or a plan. So such a server is billed only where the bridge's own records price it: a
 * server its provisioning API made (the ownership item names the service; the service record holds
 * the SolusIO user, the billing client and what the create asked for). Any other is reported.
 */

/** A server the log shows created inside the window that no run listed. */
export interface ShortLivedCandidate {
  readonly serverId: number;
  /** The `compute_resource_vm_created` entry's time (never earlier than SolusIO's `created_at`). */
  readonly createdAt: string;
  /** The earliest `compute_resource_vm_delete_requested` entry's time; absent when the log has none. */
  readonly deletedAt?: string;
}

export interface CandidateInput {
  /** The previous complete run: the window's start (entries at it are included). */
  readonly since: string;
  /** This run's scheduled time: the window's end (a create entry after it belongs to the next window). */
  readonly until: string;
  /** billingStart: a server deleted at or before it has no billable time to find. */
  readonly floor: string;
  readonly creations: ReadonlyMap<number, string>;
  readonly deletions: ReadonlyMap<number, string>;
  /** Servers the bridge knows (any run, complete or partial, listed them). */
  readonly known: ReadonlySet<number>;
  /** Servers this run listed. */
  readonly listed: ReadonlySet<number>;
}

/**
 * The servers created inside `[since, until]` that no run listed, by id. A create entry and a
 * delete entry at the window's edge may be seen by two runs: what is done with a candidate is
 * idempotent (the month items re-apply to the same, an unbilled item is written once).
 */
export function shortLivedCandidates(input: CandidateInput): ShortLivedCandidate[] {
  const candidates: ShortLivedCandidate[] = [];
  for (const [serverId, createdAt] of input.creations) {
    if (input.known.has(serverId) || input.listed.has(serverId)) continue;
    if (compareInstants(createdAt, input.since) < 0 || compareInstants(createdAt, input.until) > 0) continue;
    const deletion = input.deletions.get(serverId);
    // A delete entry older than the create entry cannot date this life's end: treated as absent.
    const deletedAt = deletion !== undefined && compareInstants(deletion, createdAt) >= 0 ? deletion : undefined;
    if (deletedAt !== undefined && compareInstants(deletedAt, input.floor) <= 0) continue;
    candidates.push({ serverId, createdAt: canonicalInstant(createdAt), ...(deletedAt === undefined ? {} : { deletedAt: canonicalInstant(deletedAt) }) });
  }
  return candidates.sort((a, b) => a.serverId - b.serverId);
}

/** What the bridge's provisioning records say about a server it made (`DynamoServiceStore.provisionedServer`). */
export interface ProvisionedServer {
  readonly serviceRef: string;
  /** The server the service record names now (a failed service created again names its new one). */
  readonly serverId?: number;
  /** The SolusIO user the server was made for. */
  readonly userId?: number;
  /** The billing system's client id (the SolusIO user's `billing_user_id`). */
  readonly billingClientId: number;
  /** What the create asked SolusIO for; absent on records from before it was kept. */
  readonly order?: { readonly planId: number; readonly backups: boolean; readonly additionalIps: number };
}

/** The port the snapshot run reads the bridge's own servers through. */
export interface ProvisionedServers {
  /** The service whose ownership item names this server of this installation, if any. */
  provisionedServer(installation: string, serverId: number): Promise<ProvisionedServer | undefined>;
}

export const UNBILLED_REASONS = ['not_made_by_bridge', 'deletion_time_unknown', 'plan_unknown', 'service_record_incomplete'] as const;
export type UnbilledReason = (typeof UNBILLED_REASONS)[number];

/** A server the records show existed and the bridge cannot price: reported, never silent. */
export interface UnbilledServer {
  readonly serverId: number;
  readonly installation: string;
  readonly createdAt: string;
  /** Null when no record dates its end. */
  readonly deletedAt: string | null;
  readonly reason: UnbilledReason;
  /** The reason in words, for the operator. */
  readonly detail: string;
  /** The complete run that found it. */
  readonly foundBy: string;
}

export type ShortLivedChange = Extract<DetectedChange, { kind: 'shortLived' }>;

export type ShortLivedVerdict = { readonly bill: ShortLivedChange } | { readonly report: UnbilledServer };

/** What the run knows to price a server with: SolusIO's plans and each user's `billing_user_id`, as this run read them. */
export interface PriceCatalog {
  readonly plans: ReadonlyMap<number, PlanPrices>;
  readonly billingUserIds: ReadonlyMap<number, number | null>;
}

/**
 * Bills a candidate the bridge's provisioning API made, from its records; reports any other with
 * the reason it cannot be priced (billing-rules.md: never charge time no record establishes).
 */
export function classifyShortLived(
  candidate: ShortLivedCandidate,
  provisioned: ProvisionedServer | undefined,
  catalog: PriceCatalog,
  context: { readonly installation: string; readonly run: string },
): ShortLivedVerdict {
  const report = (reason: UnbilledReason, detail: string): ShortLivedVerdict => ({
    report: {
      serverId: candidate.serverId,
      installation: context.installation,
      createdAt: candidate.createdAt,
      deletedAt: candidate.deletedAt ?? null,
      reason,
      detail,
      foundBy: context.run,
    },
  });
  const made = provisioned === undefined ? 'made outside the bridge' : `made by the bridge for service ${provisioned.serviceRef}`;
  if (candidate.deletedAt === undefined) {
    return report('deletion_time_unknown', `Server ${candidate.serverId} (${made}) was created at ${candidate.createdAt} and is gone, but the activity log has no delete request that dates its end.`);
  }
  if (provisioned === undefined) {
    return report(
      'not_made_by_bridge',
      `Server ${candidate.serverId} was created and deleted between two complete snapshot runs outside the bridge's provisioning API; SolusIO's activity log names the server but not its owner or plan.`,
    );
  }
  const { order, userId } = provisioned;
  if (provisioned.serverId !== candidate.serverId || userId === undefined || order === undefined) {
    return report(
      'service_record_incomplete',
      `Server ${candidate.serverId} was made for service ${provisioned.serviceRef}, whose record does not hold what was created for it` +
        (provisioned.serverId !== candidate.serverId ? ` (it names server ${provisioned.serverId ?? 'none'} now).` : '.'),
    );
  }
  const plan = catalog.plans.get(order.planId);
  if (plan === undefined) return report('plan_unknown', `Server ${candidate.serverId} (service ${provisioned.serviceRef}) was created with plan ${order.planId}, which SolusIO no longer lists: its prices are unknown.`);
  const billingUserId = catalog.billingUserIds.has(userId) ? (catalog.billingUserIds.get(userId) ?? null) : provisioned.billingClientId;
  const state: ServerState = {
    owner: { userId, billingUserId },
    plan,
    backupsEnabled: order.backups,
    suspended: false,
    additionalIpCount: order.additionalIps,
  };
  return { bill: { kind: 'shortLived', server: { id: candidate.serverId, createdAt: candidate.createdAt, state }, deletedAt: candidate.deletedAt } };
}

interface Step {
  readonly at: string;
  readonly by: BoundarySource;
  readonly apply: (state: ServerState) => ServerState;
}

/**
 * The timeline of a billed short-lived server: open at its create entry, the bridge's own changes
 * (suspend, plan, backups) and the additional-IP log entries in between at their exact times, and
 * the end at the earlier of the delete request and the bridge's own terminate.
 */
export function shortLivedOps(change: ShortLivedChange, context: Pick<DatingContext, 'run' | 'apiChanges' | 'ipEvents' | 'plans'>): TimelineOp[] {
  const { server } = change;
  const { run } = context;
  const created = server.createdAt;
  let end = change.deletedAt;
  let endBy: BoundarySource = 'activity_log';
  for (const apiChange of context.apiChanges) {
    if (apiChange.field === 'deleted' && compareInstants(apiChange.at, created) > 0 && compareInstants(apiChange.at, end) < 0) {
      end = apiChange.at;
      endBy = 'api';
    }
  }
  const inLife = (at: string): boolean => compareInstants(at, created) > 0 && compareInstants(at, end) < 0;
  const steps: Step[] = [];
  for (const apiChange of context.apiChanges) {
    if (!inLife(apiChange.at)) continue;
    if (apiChange.field === 'suspended') steps.push({ at: apiChange.at, by: 'api', apply: (state) => ({ ...state, suspended: apiChange.value }) });
    else if (apiChange.field === 'backupsEnabled') steps.push({ at: apiChange.at, by: 'api', apply: (state) => ({ ...state, backupsEnabled: apiChange.value }) });
    else if (apiChange.field === 'planId') {
      const plan = context.plans?.get(apiChange.value);
      // A plan SolusIO no longer lists: its prices are unknown, so the segment keeps the last known ones.
      if (plan !== undefined) steps.push({ at: apiChange.at, by: 'api', apply: (state) => ({ ...state, plan }) });
    }
  }
  for (const event of context.ipEvents) {
    if (inLife(event.at)) steps.push({ at: event.at, by: 'activity_log', apply: (state) => ({ ...state, additionalIpCount: Math.max(0, state.additionalIpCount + event.delta) }) });
  }
  steps.sort((a, b) => compareInstants(a.at, b.at));
  const ops: TimelineOp[] = [{ kind: 'open', at: created, by: 'activity_log', state: server.state, run }];
  let state = server.state;
  for (const step of steps) {
    state = step.apply(state);
    const previous = ops[ops.length - 1];
    // Changes at one instant make one boundary.
    if (previous?.kind === 'change' && previous.at === step.at) ops[ops.length - 1] = { ...previous, state };
    else ops.push({ kind: 'change', at: step.at, by: step.by, state, run });
  }
  ops.push({ kind: 'end', at: end, by: endBy, run });
  return ops;
}

/** The periods a life from `start` to `end` (exclusive; a zero-length life: its start's) has time in. */
export function periodsOfLife(start: string, end: string): Period[] {
  const periods: Period[] = [periodOf(start)];
  for (let period = nextPeriod(periodOf(start)); compareInstants(periodBounds(period).start, end) < 0; period = nextPeriod(period)) periods.push(period);
  return periods;
}
