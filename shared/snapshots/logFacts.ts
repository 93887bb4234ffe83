import { ACTIVITY_EVENTS, readActivityLogEntry, type Deadline, type SolusActivityLog, type SolusPage } from '../solusio';
import type { IpEvent, LogFacts } from './detectChanges';
import { compareInstants } from './time';

export interface ActivityLogSource {
  activityLogPages(deadline: Deadline): AsyncGenerator<SolusPage<SolusActivityLog>>;
}

/**
 * Walks the activity log newest first down to `since` (the previous complete run), de-duplicated
 * by id (offset paging repeats entries when new ones arrive during the walk), and keeps what dates
 * creations, deletions and additional-IP changes. An entry that names no server is skipped.
 */
export async function readLogFacts(source: ActivityLogSource, deadline: Deadline, since: string): Promise<LogFacts> {
  const seen = new Set<number>();
  const creations = new Map<number, string>();
  const deletions = new Map<number, string>();
  const ipEvents = new Map<number, IpEvent[]>();
  for await (const page of source.activityLogPages(deadline)) {
    let reachedOlder = false;
    for (const raw of page.items) {
      if (seen.has(raw.id)) continue;
      seen.add(raw.id);
      const entry = readActivityLogEntry(raw);
      if (compareInstants(entry.createdAt, since) < 0) {
        reachedOlder = true;
        continue;
      }
      if (entry.serverId === undefined) continue;
      if (entry.event === ACTIVITY_EVENTS.deleteRequested || entry.event === ACTIVITY_EVENTS.serverCreated) {
        const earliest = entry.event === ACTIVITY_EVENTS.deleteRequested ? deletions : creations;
        const earlier = earliest.get(entry.serverId);
        if (earlier === undefined || compareInstants(entry.createdAt, earlier) < 0) earliest.set(entry.serverId, entry.createdAt);
      } else if (entry.event === ACTIVITY_EVENTS.ipCreated || entry.event === ACTIVITY_EVENTS.ipDeleted) {
        const list = ipEvents.get(entry.serverId) ?? [];
        list.push({ id: entry.id, at: entry.createdAt, delta: entry.event === ACTIVITY_EVENTS.ipCreated ? 1 : -1 });
        ipEvents.set(entry.serverId, list);
      }
    }
    if (reachedOlder) break;
  }
  for (const list of ipEvents.values()) list.sort((a, b) => compareInstants(a.at, b.at) || a.id - b.id);
  return { creations, deletions, ipEvents };
}
