import { mapWithConcurrency } from '../../async';
import { packFleet, samePackedServers, unpackFleet } from '../packedState';
import { StaleItemError, type ObservedState, type ObservedStateStore } from '../ports';
import type { KnownServer } from '../types';

/** Observed-state shard writes in flight at once (the first run of a fleet writes all of them). */
const SHARD_WRITES_IN_FLIGHT = 32;

/** The servers the bridge knows, as the observed state holds them. */
export function knownServersOf(observed: ObservedState): Map<number, KnownServer> {
  return unpackFleet(observed.shards.values());
}

/**
 * The known servers to store: as detected, except that a held server keeps its previous known
 * state (or stays unknown), so the next run detects its change again.
 */
export function keepHeldAsBefore(detected: ReadonlyMap<number, KnownServer>, held: ReadonlySet<number>, before: ReadonlyMap<number, KnownServer>): Map<number, KnownServer> {
  const next = new Map(detected);
  for (const id of held) {
    const server = before.get(id);
    if (server === undefined) next.delete(id);
    else next.set(id, server);
  }
  return next;
}

/**
 * Step 8, write the per-server state: the shards whose packed servers changed, each conditional on
 * the version read (nothing at all in a run where nothing changed).
 */
export async function writeKnownServers(store: Pick<ObservedStateStore, 'readObserved' | 'writeShard'>, observed: ObservedState, known: ReadonlyMap<number, KnownServer>, time: string): Promise<void> {
  // A bounded number in flight: the first run of a fleet writes every shard.
  await mapWithConcurrency(packFleet(known), SHARD_WRITES_IN_FLIGHT, async (servers, shard) => {
    const before = observed.shards.get(shard);
    if (samePackedServers(before?.servers ?? {}, servers)) return;
    try {
      await store.writeShard(shard, servers, before?.version ?? 0, time);
    } catch (error) {
      if (!(error instanceof StaleItemError)) throw error;
      // A duplicate delivery of this run wrote the same content first: nothing left to do.
      const now = (await store.readObserved()).shards.get(shard);
      if (!samePackedServers(now?.servers ?? {}, servers)) throw error;
    }
  });
}
