import { mapWithConcurrency } from '../../async';
import type { Logger } from '../../logging';
import type { Deadline } from '../../solusio';
import type { LogFacts } from '../detectChanges';
import type { SolusioServersReader, UnbilledStore } from '../ports';
import { classifyShortLived, shortLivedCandidates, type ProvisionedServers, type ShortLivedChange, type UnbilledServer } from '../shortLived';
import type { KnownServer } from '../types';
import { describe, type SnapshotSettings } from './deps';
import { pricesOf, takeAsListed, type Observation } from './observeFleet';

/** Short-lived servers a complete run found (`shortLived.ts`): billed from the bridge's records, or reported. */
export interface ShortLivedFindings {
  readonly bills: ShortLivedChange[];
  readonly reports: UnbilledServer[];
}

export const NO_SHORT_LIVED: ShortLivedFindings = { bills: [], reports: [] };

export interface ShortLivedInput {
  readonly known: ReadonlyMap<number, KnownServer>;
  readonly observation: Observation;
  readonly logs: LogFacts;
  /** The previous complete run: the window's start. */
  readonly since: string;
  readonly time: string;
  readonly floor: string;
  readonly deadline: Deadline;
}

/**
 * Step 4, detect short-lived servers: those the activity log shows created since the previous
 * complete run that no run listed (`shortLived.ts`). One without a delete entry is asked for
 * (`GET servers/{id}`): found, paging hid it and it is taken as listed; gone, nothing dates its
 * end. A failed check makes the run partial (`error`): the next complete run reads the same window
 * again. Each of the others is billed where the bridge's provisioning records price it, and
 * reported otherwise.
 */
export async function findShortLived(
  deps: { readonly settings: Pick<SnapshotSettings, 'installation' | 'concurrency'>; readonly provisioned?: ProvisionedServers },
  solusio: Pick<SolusioServersReader, 'getServer'>,
  input: ShortLivedInput,
): Promise<{ shortLived: ShortLivedFindings; error?: string }> {
  try {
    return { shortLived: await classifyCandidates(deps, solusio, input) };
  } catch (findError) {
    // A server the log shows created that no check could place: this window is read again by the next run.
    return { shortLived: NO_SHORT_LIVED, error: `short-lived servers: ${describe(findError)}` };
  }
}

async function classifyCandidates(
  deps: { readonly settings: Pick<SnapshotSettings, 'installation' | 'concurrency'>; readonly provisioned?: ProvisionedServers },
  solusio: Pick<SolusioServersReader, 'getServer'>,
  input: ShortLivedInput,
): Promise<ShortLivedFindings> {
  const { observation } = input;
  const candidates = shortLivedCandidates({
    since: input.since,
    until: input.time,
    floor: input.floor,
    creations: input.logs.creations,
    deletions: input.logs.deletions,
    known: new Set(input.known.keys()),
    listed: new Set(observation.listed.keys()),
  });
  if (candidates.length === 0) return NO_SHORT_LIVED;
  const { installation } = deps.settings;
  const catalog = {
    plans: pricesOf(observation),
    billingUserIds: new Map([...observation.users.values()].map((user) => [user.id, user.billingUserId] as const)),
  };
  const bills: ShortLivedChange[] = [];
  const reports: UnbilledServer[] = [];
  await mapWithConcurrency(candidates, deps.settings.concurrency, async (candidate) => {
    if (candidate.deletedAt === undefined) {
      const server = await solusio.getServer(candidate.serverId, input.deadline);
      if (server !== undefined) {
        takeAsListed(observation, server);
        return;
      }
    }
    const provisioned = await deps.provisioned?.provisionedServer(installation, candidate.serverId);
    const verdict = classifyShortLived(candidate, provisioned, catalog, { installation, run: input.time });
    if ('bill' in verdict) bills.push(verdict.bill);
    else reports.push(verdict.report);
  });
  bills.sort((a, b) => a.server.id - b.server.id);
  reports.sort((a, b) => a.serverId - b.serverId);
  return { bills, reports };
}

/** Stores each server the run could not price; answers the ids stored for the first time (each is logged). */
export async function recordUnbilled(deps: { readonly store: UnbilledStore; readonly logger: Logger }, reports: readonly UnbilledServer[]): Promise<number[]> {
  const first: number[] = [];
  for (const report of reports) {
    if (!(await deps.store.putUnbilled(report))) continue;
    first.push(report.serverId);
    deps.logger.warn('A server existed that the bridge cannot bill: reported in usage as unbilled', {
      server: report.serverId,
      installation: report.installation,
      createdAt: report.createdAt,
      deletedAt: report.deletedAt,
      reason: report.reason,
      run: report.foundBy,
    });
  }
  return first;
}
