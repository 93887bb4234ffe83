import type { KnownServer, ServerState } from './types';
import { sameState } from './packedState';

/** A server as one run listed it. */
export interface ObservedServer {
  readonly id: number;
  readonly state: ServerState;
  readonly createdAt: string;
  /** SolusIO's `name` (metadata: not compared here, `hostnames.ts` records it). */
  readonly hostname?: string;
}

/** What the activity log says happened to servers since the previous complete run. */
export interface LogFacts {
  /** Server id -> earliest `compute_resource_vm_created` time (finds servers no run listed: `shortLived.ts`). */
  readonly creations: ReadonlyMap<number, string>;
  /** Server id -> earliest `compute_resource_vm_delete_requested` time. */
  readonly deletions: ReadonlyMap<number, string>;
  /** Server id -> additional-IP entries, oldest first (+1 created, -1 deleted). */
  readonly ipEvents: ReadonlyMap<number, readonly IpEvent[]>;
}

export interface IpEvent {
  readonly id: number;
  readonly at: string;
  readonly delta: 1 | -1;
}

export const NO_LOG_FACTS: LogFacts = { creations: new Map(), deletions: new Map(), ipEvents: new Map() };

/** A server that a complete run did not list, after `GET servers/{id}`: gone (404) or not confirmed (the check failed). */
export interface MissingCheck {
  readonly gone: ReadonlySet<number>;
  /** For each gone (or not confirmable) server: the scheduled time of the last run (complete or partial) that listed it. */
  readonly lastSeen: ReadonlyMap<number, string>;
}

export interface SuspectPolicy {
  /** More than max(minServers, fraction x known servers) vanishing in one run is suspicious. */
  readonly minServers: number;
  readonly fraction: number;
}

export interface DetectInput {
  readonly complete: boolean;
  readonly known: ReadonlyMap<number, KnownServer>;
  /** Listed by this run (for a complete run: also the missing ones that `GET servers/{id}` found). */
  readonly listed: ReadonlyMap<number, ObservedServer>;
  readonly missing: MissingCheck;
  readonly logs: LogFacts;
  readonly policy: SuspectPolicy;
}

/** A change a run found, before it is dated (dating needs the server's month items). */
export type DetectedChange =
  | { readonly kind: 'open'; readonly server: ObservedServer; readonly deleteRequestedAt?: string }
  | { readonly kind: 'change'; readonly id: number; readonly from: ServerState; readonly to: ServerState }
  /** Ends at the delete request when the log has it, else (vanished: 404) at its last sighting. */
  | { readonly kind: 'end'; readonly id: number; readonly deleteRequestedAt?: string; readonly lastSeen?: string }
  /**
   * A server no run listed, born and gone between two complete runs, that the bridge's own records
   * can price (`shortLived.ts`): `server` holds its state at creation, dated by the log's create entry.
   */
  | { readonly kind: 'shortLived'; readonly server: ObservedServer; readonly deletedAt: string };

export interface Detection {
  readonly changes: DetectedChange[];
  /** The known servers after this run (packed into the observed-state shards). */
  readonly known: Map<number, KnownServer>;
  /** Servers held open by the mass-disappearance guard (this run's and earlier ones still unresolved). */
  readonly suspectIds: number[];
  /** True when this run itself tripped the guard. */
  readonly trippedGuard: boolean;
}

/**
 * Compares what a run listed with what the bridge knew (pure). Only a complete run concludes that
 * a server is gone; a partial run records what it saw on the pages it got.
 */
export function detectChanges(input: DetectInput): Detection {
  const { known, listed, logs } = input;
  const next = new Map<number, KnownServer>();
  const changes: DetectedChange[] = [];

  for (const server of listed.values()) {
    const before = known.get(server.id);
    const deleteRequestedAt = logs.deletions.get(server.id);
    if (before?.deletedAt !== undefined) {
      next.set(server.id, before);
      continue;
    }
    if (before === undefined) {
      changes.push({ kind: 'open', server, ...(deleteRequestedAt === undefined ? {} : { deleteRequestedAt }) });
      next.set(server.id, deleteRequestedAt === undefined ? { id: server.id, state: server.state } : { id: server.id, state: server.state, deletedAt: deleteRequestedAt });
      continue;
    }
    const same = sameState(before.state, server.state);
    if (!same) changes.push({ kind: 'change', id: server.id, from: before.state, to: server.state });
    if (same && deleteRequestedAt === undefined && before.missingLastSeen === undefined && before.unconfirmedLastSeen === undefined) {
      // Unchanged and unmarked: the known entry stands as it is (its packed form is already stored).
      next.set(server.id, before);
    } else if (deleteRequestedAt !== undefined) {
      // SolusIO still lists it while tearing it down; billing ends at the delete request.
      changes.push({ kind: 'end', id: server.id, deleteRequestedAt });
      next.set(server.id, { id: server.id, state: server.state, deletedAt: deleteRequestedAt });
    } else {
      next.set(server.id, { id: server.id, state: server.state });
    }
  }

  const newlyVanished: number[] = [];
  const stillMissing: KnownServer[] = [];
  for (const server of known.values()) {
    if (listed.has(server.id)) continue;
    if (!input.complete) {
      next.set(server.id, server);
      continue;
    }
    if (server.deletedAt !== undefined) continue; // ended already; now SolusIO has let it go too
    const deleteRequestedAt = logs.deletions.get(server.id);
    if (deleteRequestedAt !== undefined) {
      changes.push({ kind: 'end', id: server.id, deleteRequestedAt });
      continue;
    }
    if (!input.missing.gone.has(server.id)) {
      // Not confirmed gone (the check failed): kept, with the last run that saw it, so a later
      // confirmation ends it there and not at a run that did not see it.
      const lastSeen = server.unconfirmedLastSeen ?? input.missing.lastSeen.get(server.id);
      next.set(server.id, lastSeen === undefined || server.missingLastSeen !== undefined ? server : { ...server, unconfirmedLastSeen: lastSeen });
      continue;
    }
    if (server.missingLastSeen !== undefined) stillMissing.push(server);
    else newlyVanished.push(server.id);
  }

  const knownCount = [...known.values()].filter((server) => server.deletedAt === undefined).length;
  const threshold = Math.max(input.policy.minServers, input.policy.fraction * knownCount);
  const trippedGuard = newlyVanished.length > threshold;
  for (const server of stillMissing) next.set(server.id, server);
  for (const id of newlyVanished) {
    const server = known.get(id) as KnownServer;
    const lastSeen = input.missing.lastSeen.get(id);
    if (lastSeen === undefined) throw new Error(`No last sighting given for vanished server ${id}`);
    // Over the guard's threshold nobody is ended: a narrowed API token hides servers that still run.
    if (trippedGuard) next.set(id, { ...server, missingLastSeen: lastSeen });
    else changes.push({ kind: 'end', id, lastSeen });
  }
  const suspectIds = [...next.values()]
    .filter((server) => server.missingLastSeen !== undefined)
    .map((server) => server.id)
    .sort((a, b) => a - b);
  return { changes, known: next, suspectIds, trippedGuard };
}
