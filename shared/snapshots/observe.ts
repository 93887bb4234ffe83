import type { PlanPrices } from '../billing';
import type { SolusPlan, SolusServer, SolusUser } from '../solusio';
import type { ObservedServer } from './detectChanges';

/**
 * A listed server's billing-relevant state. Plans and users come from the run's own lists (fetched
 * once per run) so every server of a run is priced from one view; a plan or user missing from those
 * lists falls back to the copy embedded in the server. Its `name` (the hostname, as SolusIO and the
 * Go SDK's `VirtualServer.Name` call it) is kept beside the state, not in it.
 */
export function observeServer(server: SolusServer, plans: ReadonlyMap<number, SolusPlan>, users: ReadonlyMap<number, SolusUser>): ObservedServer {
  const plan = plans.get(server.plan.id) ?? server.plan;
  const user = users.get(server.user.id) ?? server.user;
  return {
    id: server.id,
    createdAt: server.createdAt,
    hostname: server.name,
    state: {
      owner: { userId: user.id, billingUserId: user.billingUserId },
      plan: planPrices(plan),
      backupsEnabled: server.backupsEnabled,
      suspended: server.isSuspended,
      additionalIpCount: server.additionalIpv4Count,
    },
  };
}

/** A plan's billing fields (billing-rules.md "Units"). */
export function planPrices(plan: SolusPlan): PlanPrices {
  return {
    id: plan.id,
    tokensPerHour: plan.tokensPerHour,
    tokensPerMonth: plan.tokensPerMonth,
    ipTokensPerHour: plan.ipTokensPerHour,
    ipTokensPerMonth: plan.ipTokensPerMonth,
    backupPrice: plan.backupPrice,
  };
}
