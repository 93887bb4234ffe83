import type { Period } from '../billing';
import type { UnbilledServer } from '../snapshots/shortLived';
import type { InstallationScope } from './installationScope';

/**
 * A period's unbilled servers of every installation, oldest first: each installation's source is
 * asked (one that lists every installation's is deduplicated, so either kind of store serves).
 */
export async function unbilledAcross(scopes: readonly Pick<InstallationScope, 'months'>[], period: Period): Promise<UnbilledServer[]> {
  const lists = await Promise.all(scopes.map((scope) => scope.months.listUnbilled(period)));
  const byServer = new Map<string, UnbilledServer>();
  for (const server of lists.flat()) byServer.set(`${server.installation}#${server.serverId}`, server);
  return [...byServer.values()].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.installation.localeCompare(b.installation) || a.serverId - b.serverId);
}
