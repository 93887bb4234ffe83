import { periodBounds, type Period } from '../billing';
import type { Gap } from '../snapshots/DynamoSnapshotStore';
import type { ServerMonth } from '../snapshots/types';
import { serversOf, type InstallationScope } from './installationScope';
import type { BillingStarts } from './settings';
import type { UsageRow } from './types';
import { usageRowsOf } from './usageRows';

/** What pricing one installation's month items of a period needs besides the items: its own gaps and sets. */
export interface ScopePricing {
  readonly installation: string;
  readonly gaps: readonly Gap[];
  readonly prepaid: ReadonlySet<number>;
  readonly metered: ReadonlySet<number>;
  readonly nameInstallation: boolean;
  readonly billFrom?: string;
}

/** One installation's gaps of the period (only its own: a gap elsewhere flags none of its servers) and its prepaid and metered servers. */
export async function scopePricing(scope: InstallationScope, period: Period, starts: BillingStarts, nameInstallation: boolean): Promise<ScopePricing> {
  const { start, end } = periodBounds(period);
  const [gaps, prepaid, metered] = await Promise.all([scope.months.gapsOverlapping('servers', start, end), serversOf(scope.prepaidServers), serversOf(scope.meteredServers)]);
  const billFrom = starts.from.get(scope.installation);
  return { installation: scope.installation, gaps, prepaid, metered, nameInstallation, ...(billFrom === undefined ? {} : { billFrom }) };
}

/** A month item's usage rows as its installation prices them. */
export function scopedRowsOf(month: ServerMonth, pricing: ScopePricing): UsageRow[] {
  return usageRowsOf(month, pricing.gaps, pricing.prepaid.has(month.serverId), pricing.metered.has(month.serverId), {
    installation: pricing.installation,
    nameInstallation: pricing.nameInstallation,
    ...(pricing.billFrom === undefined ? {} : { billFrom: pricing.billFrom }),
  });
}
