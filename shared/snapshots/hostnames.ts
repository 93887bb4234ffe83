import type { ObservedServer } from './detectChanges';
import type { KnownServer } from './types';

/** The known servers with their hostnames as this run saw them, and the renames to record. */
export interface Naming {
  readonly known: Map<number, KnownServer>;
  /** Servers known before this run whose hostname it saw change (or saw first): id -> the new hostname. */
  readonly renamed: Map<number, string>;
}

/**
 * Gives each known server after a run (pure) the hostname the run listed it with, else the one it
 * had. A hostname is metadata beside the billing state: it never makes a change, a segment or a
 * different price (`detectChanges` compares states only); a rename only names the month's lines.
 * `before`: the known servers as the run read them; `detected`: as `detectChanges` left them.
 */
export function nameKnownServers(detected: ReadonlyMap<number, KnownServer>, before: ReadonlyMap<number, KnownServer>, listed: ReadonlyMap<number, ObservedServer>): Naming {
  const known = new Map<number, KnownServer>();
  const renamed = new Map<number, string>();
  for (const [id, server] of detected) {
    const previous = before.get(id)?.hostname;
    const hostname = listed.get(id)?.hostname ?? server.hostname ?? previous;
    known.set(id, hostname === undefined || server.hostname === hostname ? server : { ...server, hostname });
    if (before.has(id) && hostname !== undefined && hostname !== previous) renamed.set(id, hostname);
  }
  return { known, renamed };
}

/** Each listed server's hostname (what a run's month-item writes name the current month with). */
export function listedHostnames(listed: ReadonlyMap<number, ObservedServer>): Map<number, string> {
  const hostnames = new Map<number, string>();
  for (const [id, server] of listed) if (server.hostname !== undefined) hostnames.set(id, server.hostname);
  return hostnames;
}
