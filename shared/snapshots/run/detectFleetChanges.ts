import { mapWithConcurrency } from '../../async';
import type { Logger } from '../../logging';
import type { Deadline } from '../../solusio';
import { detectChanges, type Detection, type LogFacts } from '../detectChanges';
import type { SnapshotRuns, SolusioServersReader } from '../ports';
import { serversRunRecordSchema } from '../runRecordSchema';
import { laterOf } from '../time';
import type { KnownServer } from '../types';
import { describe, type SnapshotSettings } from './deps';
import { takeAsListed, type Observation } from './observeFleet';

export interface FleetChangesInput {
  /** Only a complete run concludes that a server is gone. */
  readonly complete: boolean;
  readonly known: ReadonlyMap<number, KnownServer>;
  readonly observation: Observation;
  readonly logs: LogFacts;
  readonly previousComplete: string | undefined;
  readonly time: string;
  readonly deadline: Deadline;
}

type Deps = { readonly runs: Pick<SnapshotRuns, 'runsBetween'>; readonly settings: Pick<SnapshotSettings, 'concurrency' | 'suspectPolicy'>; readonly logger: Logger };

/**
 * Step 5, detect the changes: a complete run first asks for each known server it did not list
 * (gone, or hidden by paging), dates the last sighting of those gone, then diffs what it listed
 * with what the bridge knew (`detectChanges`, pure). A mass disappearance is logged as an error.
 */
export async function detectFleetChanges(deps: Deps, solusio: Pick<SolusioServersReader, 'getServer'>, input: FleetChangesInput): Promise<Detection> {
  const { complete, known, observation, logs } = input;
  const { gone, unconfirmed } = complete ? await checkMissing(deps, solusio, input) : { gone: new Set<number>(), unconfirmed: new Set<number>() };
  const sought = new Set([...gone, ...unconfirmed]);
  const lastSeen = sought.size > 0 ? await lastSightings(deps.runs, sought, known, input.previousComplete, input.time) : new Map<number, string>();
  const detection = detectChanges({ complete, known, listed: observation.listed, missing: { gone, lastSeen }, logs, policy: deps.settings.suspectPolicy });
  if (detection.trippedGuard) {
    deps.logger.error('Mass disappearance: servers vanished without a delete entry; none of them was ended', {
      run: input.time,
      servers: detection.suspectIds,
    });
  }
  return detection;
}

/**
 * Known servers a complete run did not list: `GET servers/{id}` tells gone (404) from shifted by
 * paging (found: taken as listed). A failed check leaves the server as it was.
 */
async function checkMissing(deps: Deps, solusio: Pick<SolusioServersReader, 'getServer'>, input: FleetChangesInput): Promise<{ gone: Set<number>; unconfirmed: Set<number> }> {
  const { observation, logs } = input;
  const missing = [...input.known.values()]
    .filter((server) => !observation.listed.has(server.id) && server.deletedAt === undefined && !logs.deletions.has(server.id))
    .map((server) => server.id);
  const gone = new Set<number>();
  const unconfirmed = new Set<number>();
  await mapWithConcurrency(missing, deps.settings.concurrency, async (id) => {
    try {
      const server = await solusio.getServer(id, input.deadline);
      if (server === undefined) gone.add(id);
      else takeAsListed(observation, server);
    } catch (error) {
      unconfirmed.add(id);
      deps.logger.warn('Could not confirm a missing server; it stays as it was', { server: id, error: describe(error) });
    }
  });
  return { gone, unconfirmed };
}

/** The last run (complete or partial) that listed each of these servers (billing-rules.md deletion time). */
async function lastSightings(
  runs: Pick<SnapshotRuns, 'runsBetween'>,
  gone: ReadonlySet<number>,
  known: ReadonlyMap<number, KnownServer>,
  previousComplete: string | undefined,
  time: string,
): Promise<Map<number, string>> {
  const partials = await runs.runsBetween('servers', previousComplete ?? '0', time, serversRunRecordSchema);
  const sightings = new Map<number, string>();
  for (const id of gone) {
    const markedAt = known.get(id)?.missingLastSeen ?? known.get(id)?.unconfirmedLastSeen;
    let seen = markedAt ?? previousComplete;
    for (const partial of partials) {
      if (!partial.record.complete && partial.seenIds?.includes(id)) seen = seen === undefined ? partial.time : laterOf(seen, partial.time);
    }
    sightings.set(id, seen ?? time);
  }
  return sightings;
}
