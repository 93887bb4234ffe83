import { Deadline } from '../solusio';
import { NO_LOG_FACTS, type LogFacts } from './detectChanges';
import { listedHostnames, nameKnownServers } from './hostnames';
import { confirmDeletions, type ConfirmedDeletions } from './run/confirmDeletions';
import type { ServerSnapshotterDeps } from './run/deps';
import { detectFleetChanges } from './run/detectFleetChanges';
import { finishRun } from './run/finishRun';
import { findShortLived, NO_SHORT_LIVED, recordUnbilled, type ShortLivedFindings } from './run/findShortLived';
import { keepHeldAsBefore, knownServersOf, writeKnownServers } from './run/knownServers';
import { observeFleet, pricesOf } from './run/observeFleet';
import { readActivityLog } from './run/readActivityLog';
import { recordRenames } from './run/recordRenames';
import { startNewMonths } from './run/startNewMonths';
import { startRun } from './run/startRun';
import { writeMonthItems } from './run/writeMonthItems';
import { periodOf } from './time';
import type { ServersRunRecord } from './types';

/**
 * The snapshot-servers job (design.md "Snapshots are deltas, not copies"): lists every server,
 * compares with the observed state and writes only what changed, as dated segments. Each step is a
 * module of `run/`; this is their order.
 */
export class ServerSnapshotter {
  constructor(private readonly deps: ServerSnapshotterDeps) {}

  async run(scheduledTime: string): Promise<ServersRunRecord> {
    const { deps } = this;
    const start = await startRun(deps.runs, scheduledTime);
    if ('replay' in start) return start.replay;
    const { time, previousRun } = start;

    // The stored state is read while SolusIO is paged: neither needs the other.
    const storedState = Promise.all([deps.store.readObserved(), deps.runs.getLatestCompleteRun('servers')]);
    storedState.catch(() => undefined); // awaited below; a failure must not go unhandled meanwhile
    const deadline = Deadline.after(deps.settings.runDeadlineMs);
    const solusio = await deps.solusio();
    const observation = await observeFleet(solusio, deadline);
    const [observed, latestComplete] = await storedState;
    const known = knownServersOf(observed);
    const previousComplete = latestComplete?.time;
    const floor = deps.settings.billingStart ?? observed.firstCompleteRun ?? time;

    // Each fact a complete run needs; the first failure makes the run partial and skips the rest.
    let error = observation.error;
    let logs: LogFacts = NO_LOG_FACTS;
    let shortLived: ShortLivedFindings = NO_SHORT_LIVED;
    if (error === undefined && previousComplete !== undefined) ({ logs, error } = await readActivityLog(solusio, deadline, previousComplete));
    if (error === undefined && previousComplete !== undefined) {
      ({ shortLived, error } = await findShortLived(deps, solusio, { known, observation, logs, since: previousComplete, time, floor, deadline }));
    }

    const detection = await detectFleetChanges(deps, solusio, { complete: error === undefined, known, observation, logs, previousComplete, time, deadline });
    // Hostnames are metadata beside the billing state: they change no segment, only what names the lines.
    const naming = nameKnownServers(detection.known, known, observation.listed);
    const currentPeriod = periodOf(time);
    const window = { time, currentPeriod, floor, previousRun, monthsUpTo: observed.month, logs, plans: pricesOf(observation), hostnames: listedHostnames(observation.listed) };
    const writes = await writeMonthItems(deps, [...detection.changes, ...shortLived.bills], window);
    const unbilled = await recordUnbilled(deps, shortLived.reports);
    const nextKnown = keepHeldAsBefore(naming.known, writes.held, known);
    const started = await startNewMonths(deps, { monthsUpTo: observed.month, currentPeriod, known: nextKnown, touched: writes.touched, time });
    await recordRenames(deps, { renamed: naming.renamed, written: new Set([...writes.touched, ...writes.held, ...started]), currentPeriod, time });
    await writeKnownServers(deps.store, observed, nextKnown, time);

    return finishRun(deps, { time, error, previousComplete, firstCompleteRun: observed.firstCompleteRun, observation, detection, writes, shortLived, unbilled });
  }

  /** Ends, at its last sighting, each server that a suspect run held open (POST /v1/runs/{time}/confirm-deletions). */
  confirmDeletions(runTime: string, now: string): Promise<ConfirmedDeletions> {
    return confirmDeletions(this.deps, runTime, now);
  }
}
