import { createHash } from 'node:crypto';
import { nextPeriod, parseInstant, type Period, type PlanPrices } from '../billing';
import { mapWithConcurrency } from '../async';
import type { Logger } from '../logging';
import type { DynamoRunRepository } from '../runs';
import { Deadline, type SolusPlan, type SolusServer, type SolusUser } from '../solusio';
import type { SolusActivityLog, SolusPage } from '../solusio';
import { observedShardOf, OBSERVED_SHARDS } from '../storage/keys';
import { datedOps } from './datingChanges';
import { detectChanges, NO_LOG_FACTS, type DetectedChange, type LogFacts, type ObservedServer, type SuspectPolicy } from './detectChanges';
import { MonthItemFullError, StaleItemError, type DynamoSnapshotStore, type ObservedState } from './DynamoSnapshotStore';
import { readLogFacts } from './logFacts';
import { observeServer, planPrices } from './observe';
import { serversRunRecordSchema } from './runRecordSchema';
import { classifyShortLived, shortLivedCandidates, type ProvisionedServers, type ShortLivedChange, type UnbilledServer } from './shortLived';
import { carriedOverMonth, flattenMonths, updateServerMonths, type TimelineOp } from './serverMonths';
import { packKnownServer, stateKey, unpackKnownServer } from './serverState';
import { canonicalInstant, compareInstants, laterOf, minutesBetween, periodOf, periodsFrom } from './time';
import type { KnownServer, ServerMonth, ServersRunRecord } from './types';

/** What a servers run reads from SolusIO. */
export interface SolusioServersReader {
  serverPages(deadline: Deadline): AsyncGenerator<SolusPage<SolusServer>>;
  getServer(id: number, deadline: Deadline): Promise<SolusServer | undefined>;
  listPlans(deadline: Deadline): Promise<SolusPlan[]>;
  listUsers(deadline: Deadline): Promise<SolusUser[]>;
  activityLogPages(deadline: Deadline): AsyncGenerator<SolusPage<SolusActivityLog>>;
}

export interface SnapshotSettings {
  /** Two consecutive complete runs further apart than this (strictly) leave a gap. */
  readonly gapToleranceMinutes: number;
  readonly suspectPolicy: SuspectPolicy;
  /** The operator's explicit billingStart, if any. */
  readonly billingStart?: string;
  /** The whole run's budget for SolusIO calls. */
  readonly runDeadlineMs: number;
  /** `GET servers/{id}` checks and month-item writes in flight at once. */
  readonly concurrency: number;
  /** The SolusIO installation this run reads (stored with what names its servers). */
  readonly installation: string;
}

export interface ServerSnapshotterDeps {
  /** Built on first use: confirming deletions needs no SolusIO (nor its token). */
  readonly solusio: () => Promise<SolusioServersReader>;
  readonly store: DynamoSnapshotStore;
  readonly runs: DynamoRunRepository;
  readonly settings: SnapshotSettings;
  readonly logger: Logger;
  /** The servers the bridge's provisioning API made: short-lived ones among them are billed. Absent: every one is reported. */
  readonly provisioned?: ProvisionedServers;
}

/** Runs kept when they changed nothing expire after this (design.md). */
const UNCHANGED_RUN_RETENTION_DAYS = 35;
const MAX_STALE_RETRIES = 3;
/** Observed-state shard writes in flight at once (the first run of a fleet writes all of them). */
const SHARD_WRITES_IN_FLIGHT = 32;

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

function digestOf(listed: ReadonlyMap<number, ObservedServer>): string {
  const hash = createHash('sha256');
  for (const id of [...listed.keys()].sort((a, b) => a - b)) hash.update(`${id}:${stateKey((listed.get(id) as ObservedServer).state)}\n`);
  return hash.digest('hex');
}

function changedServerId(change: DetectedChange): number {
  return 'server' in change ? change.server.id : change.id;
}

/** What a run observed from SolusIO. */
interface Observation {
  readonly listed: Map<number, ObservedServer>;
  readonly pages: number;
  readonly plans: Map<number, SolusPlan>;
  readonly users: Map<number, SolusUser>;
  readonly error?: string;
}

/** Short-lived servers a complete run found (`shortLived.ts`): billed from the bridge's records, or reported. */
interface ShortLivedFindings {
  readonly bills: ShortLivedChange[];
  readonly reports: UnbilledServer[];
}

const NO_SHORT_LIVED: ShortLivedFindings = { bills: [], reports: [] };

/**
 * The snapshot-servers job (design.md "Snapshots are deltas, not copies"): lists every server,
 * compares with the observed state and writes only what changed, as dated segments.
 */
export class ServerSnapshotter {
  constructor(private readonly deps: ServerSnapshotterDeps) {}

  async run(scheduledTime: string): Promise<ServersRunRecord> {
    const { runs } = this.deps;
    const time = canonicalInstant(scheduledTime);
    const newest = await runs.newestRun('servers', serversRunRecordSchema);
    if (newest !== undefined && compareInstants(newest.time, time) >= 0) {
      const stored = newest.time === time ? newest : await runs.getRun('servers', time, serversRunRecordSchema);
      if (stored) {
        // A delivery that died between storing its record and moving the pointer: move it now (conditional, only forward).
        if (stored.record.complete && stored.record.superseded !== true) {
          const latest = await runs.getLatestCompleteRun('servers');
          if (latest === undefined || compareInstants(latest.time, time) < 0) await runs.advanceLatestComplete('servers', time);
        }
        return stored.record;
      }
      // Older than a run already taken in: recorded, nothing applied (state never moves backwards).
      return this.store(this.emptyRecord(time, { superseded: true }), []);
    }

    // The stored state is read while SolusIO is paged: neither needs the other.
    const storedState = Promise.all([this.deps.store.readObserved(), runs.getLatestCompleteRun('servers')]);
    storedState.catch(() => undefined); // awaited below; a failure must not go unhandled meanwhile
    const deadline = Deadline.after(this.deps.settings.runDeadlineMs);
    const solusio = await this.deps.solusio();
    const observation = await this.observe(solusio, deadline);
    const [observed, latestComplete] = await storedState;
    const known = unpackObserved(observed);
    let error = observation.error;
    const previousComplete = latestComplete?.time;

    let logs: LogFacts = NO_LOG_FACTS;
    if (error === undefined && previousComplete !== undefined) {
      try {
        logs = await readLogFacts(solusio, deadline, previousComplete);
      } catch (logError) {
        // Without the log a deletion could not be dated exactly: nothing may end in this run.
        error = `activity log: ${describe(logError)}`;
      }
    }
    const floor = this.deps.settings.billingStart ?? observed.firstCompleteRun ?? time;
    let shortLived = NO_SHORT_LIVED;
    if (error === undefined && previousComplete !== undefined) {
      try {
        shortLived = await this.findShortLived(solusio, { known, observation, logs, since: previousComplete, time, floor, deadline });
      } catch (findError) {
        // A server the log shows created that no check could place: this window is read again by the next run.
        error = `short-lived servers: ${describe(findError)}`;
      }
    }
    const complete = error === undefined;
    const { listed } = observation;
    const { gone, unconfirmed } = complete ? await this.checkMissing(solusio, known, observation, logs, deadline) : { gone: new Set<number>(), unconfirmed: new Set<number>() };
    const sought = new Set([...gone, ...unconfirmed]);
    const lastSeen = sought.size > 0 ? await this.lastSightings(sought, known, previousComplete, time) : new Map<number, string>();
    const detection = detectChanges({ complete, known, listed, missing: { gone, lastSeen }, logs, policy: this.deps.settings.suspectPolicy });
    if (detection.trippedGuard) {
      this.deps.logger.error('Mass disappearance: servers vanished without a delete entry; none of them was ended', {
        run: time,
        servers: detection.suspectIds,
      });
    }

    const currentPeriod = periodOf(time);
    const previousRun = newest?.time;
    const plans = new Map([...observation.plans.values()].map((plan) => [plan.id, planPrices(plan)] as const));
    const { touched, held, written } = await this.applyChanges([...detection.changes, ...shortLived.bills], {
      time,
      currentPeriod,
      floor,
      previousRun,
      monthsUpTo: observed.month,
      logs,
      plans,
    });
    const billedShortLived = shortLived.bills.map((change) => change.server.id).filter((id) => written.has(id));
    const unbilled = await this.recordUnbilled(shortLived.reports);
    // A held server keeps its previous known state (or stays unknown), so the next run detects its change again.
    const nextKnown = new Map(detection.known);
    for (const id of held) {
      const before = known.get(id);
      if (before === undefined) nextKnown.delete(id);
      else nextKnown.set(id, before);
    }
    await this.startNewMonths(observed.month, currentPeriod, nextKnown, touched, time);
    await this.writeShards(observed, nextKnown, time);

    let gapFrom: string | undefined;
    if (complete) {
      if (previousComplete !== undefined && minutesBetween(previousComplete, time) > this.deps.settings.gapToleranceMinutes) {
        gapFrom = previousComplete;
        await this.deps.store.putGap('servers', { from: previousComplete, to: time, minutes: minutesBetween(previousComplete, time) });
        this.deps.logger.warn('Snapshot gap: no complete run for longer than the tolerance', { from: previousComplete, to: time });
      }
      if (observed.firstCompleteRun === undefined) await this.deps.store.writeMeta({ firstCompleteRun: time });
    }

    const record: ServersRunRecord = {
      kind: 'servers',
      time,
      complete,
      suspect: detection.suspectIds.length > 0,
      suspectServerIds: detection.suspectIds,
      serversSeen: listed.size,
      changes: detection.changes.filter((change) => !held.has(changedServerId(change))).length + billedShortLived.length,
      pages: observation.pages,
      digest: digestOf(listed),
      ...(held.size === 0 ? {} : { heldServerIds: [...held].sort((a, b) => a - b) }),
      ...(billedShortLived.length === 0 ? {} : { shortLivedServerIds: billedShortLived }),
      ...(unbilled.length === 0 ? {} : { unbilledServerIds: unbilled }),
      ...(gapFrom === undefined ? {} : { gapFrom }),
      ...(error === undefined ? {} : { error }),
    };
    const stored = await this.store(record, complete ? [] : [...listed.keys()].sort((a, b) => a - b));
    if (complete) await runs.advanceLatestComplete('servers', time);
    this.deps.logger.info('Snapshot run', { run: time, complete, serversSeen: listed.size, changes: record.changes, pages: record.pages });
    return stored;
  }

  /** Ends, at its last sighting, each server that a suspect run held open (POST /v1/runs/{time}/confirm-deletions). */
  async confirmDeletions(runTime: string, now: string): Promise<{ run: string; confirmed: number[]; alreadyResolved: number[] }> {
    const time = canonicalInstant(runTime);
    const stored = await this.deps.runs.getRun('servers', time, serversRunRecordSchema);
    if (!stored) throw new RunNotFoundError(time);
    if (!stored.record.suspect) throw new RunNotSuspectError(time);
    const observed = await this.deps.store.readObserved();
    const known = unpackObserved(observed);
    const confirmed: number[] = [];
    const alreadyResolved: number[] = [];
    const changes: DetectedChange[] = [];
    for (const id of stored.record.suspectServerIds) {
      const server = known.get(id);
      if (server?.missingLastSeen === undefined) {
        alreadyResolved.push(id);
        continue;
      }
      confirmed.push(id);
      changes.push({ kind: 'end', id, lastSeen: server.missingLastSeen });
      known.delete(id);
    }
    const stamp = canonicalInstant(now);
    const { held } = await this.applyChanges(changes, { time: stamp, currentPeriod: periodOf(stamp), floor: stamp, previousRun: undefined, monthsUpTo: observed.month, logs: NO_LOG_FACTS });
    // A server whose item is full stays held open, as before the confirmation.
    const before = unpackObserved(observed);
    for (const id of held) {
      const server = before.get(id);
      if (server !== undefined) known.set(id, server);
    }
    await this.writeShards(observed, known, stamp);
    await this.deps.runs.amendRun('servers', time, { confirmedAt: stamp });
    this.deps.logger.warn('Deletions of a suspect run confirmed by an admin', { run: time, confirmed });
    return { run: time, confirmed, alreadyResolved };
  }

  private emptyRecord(time: string, extra: Partial<ServersRunRecord>): ServersRunRecord {
    return {
      kind: 'servers',
      time,
      complete: false,
      suspect: false,
      suspectServerIds: [],
      serversSeen: 0,
      changes: 0,
      pages: 0,
      digest: digestOf(new Map()),
      ...extra,
    };
  }

  private async store(record: ServersRunRecord, seenIds: number[]): Promise<ServersRunRecord> {
    const keepsNothing =
      record.complete && record.changes === 0 && !record.suspect && record.gapFrom === undefined && record.heldServerIds === undefined && record.unbilledServerIds === undefined;
    const expiresAt = keepsNothing || record.superseded ? Math.floor(parseInstant(record.time) / 1000) + UNCHANGED_RUN_RETENTION_DAYS * 86_400 : undefined;
    const { stored } = await this.deps.runs.putRun(
      'servers',
      { time: record.time, record, complete: record.complete, ...(record.complete ? {} : { seenIds }), ...(expiresAt === undefined ? {} : { expiresAt }) },
      serversRunRecordSchema,
    );
    return stored.record;
  }

  /** Plans and users once, then every page of servers; a failure ends the walk (a partial run). */
  private async observe(solusio: SolusioServersReader, deadline: Deadline): Promise<Observation> {
    const listed = new Map<number, ObservedServer>();
    const plans = new Map<number, SolusPlan>();
    const users = new Map<number, SolusUser>();
    let pages = 0;
    try {
      const [planList, userList] = await Promise.all([solusio.listPlans(deadline), solusio.listUsers(deadline)]);
      for (const plan of planList) plans.set(plan.id, plan);
      for (const user of userList) users.set(user.id, user);
      for await (const page of solusio.serverPages(deadline)) {
        pages += 1;
        for (const server of page.items) listed.set(server.id, observeServer(server, plans, users));
      }
      return { listed, pages, plans, users };
    } catch (error) {
      return { listed, pages, plans, users, error: describe(error) };
    }
  }

  /**
   * Known servers a complete run did not list: `GET servers/{id}` tells gone (404) from shifted by
   * paging (found: taken as listed). A failed check leaves the server as it was.
   */
  private async checkMissing(
    solusio: SolusioServersReader,
    known: ReadonlyMap<number, KnownServer>,
    observation: Observation,
    logs: LogFacts,
    deadline: Deadline,
  ): Promise<{ gone: Set<number>; unconfirmed: Set<number> }> {
    const missing = [...known.values()]
      .filter((server) => !observation.listed.has(server.id) && server.deletedAt === undefined && !logs.deletions.has(server.id))
      .map((server) => server.id);
    const gone = new Set<number>();
    const unconfirmed = new Set<number>();
    await mapWithConcurrency(missing, this.deps.settings.concurrency, async (id) => {
      try {
        const server = await solusio.getServer(id, deadline);
        if (server === undefined) gone.add(id);
        else observation.listed.set(id, observeServer(server, observation.plans, observation.users));
      } catch (error) {
        unconfirmed.add(id);
        this.deps.logger.warn('Could not confirm a missing server; it stays as it was', { server: id, error: describe(error) });
      }
    });
    return { gone, unconfirmed };
  }

  /**
   * Servers the activity log shows created since the previous complete run that no run listed
   * (`shortLived.ts`). One without a delete entry is asked for (`GET servers/{id}`): found, paging
   * hid it and it is taken as listed; gone, nothing dates its end. A failed check throws: the run
   * is partial and the next complete run reads the same window again. Each of the others is billed
   * where the bridge's provisioning records price it, and reported otherwise.
   */
  private async findShortLived(
    solusio: SolusioServersReader,
    input: { known: ReadonlyMap<number, KnownServer>; observation: Observation; logs: LogFacts; since: string; time: string; floor: string; deadline: Deadline },
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
    const { installation } = this.deps.settings;
    const catalog = {
      plans: new Map([...observation.plans.values()].map((plan) => [plan.id, planPrices(plan)] as const)),
      billingUserIds: new Map([...observation.users.values()].map((user) => [user.id, user.billingUserId] as const)),
    };
    const bills: ShortLivedChange[] = [];
    const reports: UnbilledServer[] = [];
    await mapWithConcurrency(candidates, this.deps.settings.concurrency, async (candidate) => {
      if (candidate.deletedAt === undefined) {
        const server = await solusio.getServer(candidate.serverId, input.deadline);
        if (server !== undefined) {
          observation.listed.set(server.id, observeServer(server, observation.plans, observation.users));
          return;
        }
      }
      const provisioned = await this.deps.provisioned?.provisionedServer(installation, candidate.serverId);
      const verdict = classifyShortLived(candidate, provisioned, catalog, { installation, run: input.time });
      if ('bill' in verdict) bills.push(verdict.bill);
      else reports.push(verdict.report);
    });
    bills.sort((a, b) => a.server.id - b.server.id);
    reports.sort((a, b) => a.serverId - b.serverId);
    return { bills, reports };
  }

  /** Stores each server the run could not price; answers the ids stored for the first time (each is logged). */
  private async recordUnbilled(reports: readonly UnbilledServer[]): Promise<number[]> {
    const first: number[] = [];
    for (const report of reports) {
      if (!(await this.deps.store.putUnbilled(report))) continue;
      first.push(report.serverId);
      this.deps.logger.warn('A server existed that the bridge cannot bill: reported in usage as unbilled', {
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

  /** The last run (complete or partial) that listed each of these servers (billing-rules.md deletion time). */
  private async lastSightings(
    gone: ReadonlySet<number>,
    known: ReadonlyMap<number, KnownServer>,
    previousComplete: string | undefined,
    time: string,
  ): Promise<Map<number, string>> {
    const partials = await this.deps.runs.runsBetween('servers', previousComplete ?? '0', time, serversRunRecordSchema);
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

  /**
   * Dates each change and writes the month items it alters; returns the servers touched and those
   * held back because a month item of theirs is full (logged as errors; the rest of the run goes on).
   */
  private async applyChanges(
    changes: readonly DetectedChange[],
    context: {
      time: string;
      currentPeriod: Period;
      floor: string;
      previousRun: string | undefined;
      monthsUpTo: Period | undefined;
      logs: LogFacts;
      plans?: ReadonlyMap<number, PlanPrices>;
    },
  ): Promise<{ touched: Set<number>; held: Set<number>; written: Set<number> }> {
    const byServer = new Map<number, DetectedChange[]>();
    for (const change of changes) byServer.set(changedServerId(change), [...(byServer.get(changedServerId(change)) ?? []), change]);
    const servers = [...byServer.keys()];
    const late = new Map<Period, number[]>();
    const held = new Set<number>();
    const written = new Set<number>();
    await mapWithConcurrency(servers, this.deps.settings.concurrency, async (serverId) => {
      const serverChanges = byServer.get(serverId) as DetectedChange[];
      const firstPeriod = this.firstPeriodOf(serverChanges, context);
      for (let attempt = 0; ; attempt += 1) {
        const periods = periodsFrom(firstPeriod, context.currentPeriod);
        const items = await this.deps.store.getServerMonths(periods.map((period) => ({ serverId, period })));
        const existing = new Map(items.map((item) => [item.period, item]));
        const timeline = flattenMonths(periods.map((period) => existing.get(period)));
        const open = timeline[timeline.length - 1];
        const ops: TimelineOp[] = serverChanges.flatMap((change) =>
          datedOps(change, {
            run: context.time,
            ...(context.previousRun === undefined ? {} : { previousRun: context.previousRun }),
            ...(open?.end === undefined && open !== undefined ? { openStart: open.start } : {}),
            ipEvents: context.logs.ipEvents.get(serverId) ?? [],
            apiChanges: items.flatMap((item) => item.apiChanges),
            ...(context.plans === undefined ? {} : { plans: context.plans }),
          }),
        );
        const { changed } = updateServerMonths(serverId, existing, ops, firstPeriod, context.currentPeriod);
        try {
          for (const month of changed) await this.deps.store.putServerMonth(month, context.time);
          if (changed.length > 0) written.add(serverId);
          for (const month of changed) if (month.period < context.currentPeriod) late.set(month.period, [...(late.get(month.period) ?? []), serverId]);
          return;
        } catch (error) {
          if (error instanceof MonthItemFullError) {
            // One pathological server (state flipped hundreds of times this month) must not stop the
            // fleet's billing: it is held at its last recorded state and reported on every run.
            this.deps.logger.error('A server month item is full: the server is held at its last recorded state', {
              server: serverId,
              period: error.period,
              bytes: error.bytes,
              run: context.time,
            });
            held.add(serverId);
            return;
          }
          // Someone (the API recording a change, a duplicate delivery) wrote in between: read again and re-apply.
          if (!(error instanceof StaleItemError) || attempt >= MAX_STALE_RETRIES) throw error;
        }
      }
    });
    // A past month changed: if it is closed already, aggregation turns the change into an adjustment.
    for (const [period, ids] of late) await this.deps.store.markLate(period, ids);
    return { touched: new Set(servers.filter((id) => !held.has(id))), held, written };
  }

  /** The earliest month a server's changes can reach: its oldest item still open, or the month of an earlier-dated boundary. */
  private firstPeriodOf(changes: readonly DetectedChange[], context: { time: string; currentPeriod: Period; floor: string; previousRun: string | undefined; monthsUpTo: Period | undefined }): Period {
    let first = context.monthsUpTo ?? context.currentPeriod;
    const consider = (instant: string): void => {
      const period = periodOf(instant);
      if (period < first) first = period;
    };
    for (const change of changes) {
      if (change.kind === 'open' || change.kind === 'shortLived') consider(laterOf(change.server.createdAt, context.floor));
      else if (change.kind === 'end') consider(change.deleteRequestedAt ?? change.lastSeen ?? context.time);
      else consider(context.previousRun ?? context.time);
    }
    return first > context.currentPeriod ? context.currentPeriod : first;
  }

  /** At the first run of a month every present server gets its item for that month (design.md). */
  private async startNewMonths(monthsUpTo: Period | undefined, currentPeriod: Period, known: ReadonlyMap<number, KnownServer>, touched: ReadonlySet<number>, time: string): Promise<void> {
    if (monthsUpTo === undefined || monthsUpTo >= currentPeriod) {
      if (monthsUpTo === undefined && known.size > 0) await this.deps.store.writeMeta({ month: currentPeriod });
      return;
    }
    for (const period of periodsFrom(nextPeriod(monthsUpTo), currentPeriod)) {
      const present = await this.deps.store.serverIdsWithMonth(period);
      const carried: ServerMonth[] = [];
      const intoEmpty: ServerMonth[] = [];
      for (const server of known.values()) {
        if (server.deletedAt !== undefined || touched.has(server.id) || present.get(server.id) === 'segments') continue;
        // An item with only API changes (the bridge acted before this run) keeps them.
        (present.has(server.id) ? intoEmpty : carried).push(carriedOverMonth(server.id, period, server.state));
      }
      await this.deps.store.putNewServerMonths(carried, time);
      await mapWithConcurrency(intoEmpty, this.deps.settings.concurrency, (month) => this.deps.store.carryIntoEmptyMonth(month, time));
    }
    await this.deps.store.writeMeta({ month: currentPeriod });
  }

  /** Writes the shards whose packed servers changed (nothing at all in a run where nothing changed). */
  private async writeShards(observed: ObservedState, known: ReadonlyMap<number, KnownServer>, time: string): Promise<void> {
    const packed = Array.from({ length: OBSERVED_SHARDS }, () => ({}) as Record<string, string>);
    for (const server of known.values()) (packed[observedShardOf(server.id)] as Record<string, string>)[String(server.id)] = packKnownServer(server);
    // A bounded number in flight: the first run of a fleet writes every shard.
    await mapWithConcurrency(packed, SHARD_WRITES_IN_FLIGHT, async (servers, shard) => {
      const before = observed.shards.get(shard);
      if (sameEntries(before?.servers ?? {}, servers)) return;
      try {
        await this.deps.store.writeShard(shard, servers, before?.version ?? 0, time);
      } catch (error) {
        if (!(error instanceof StaleItemError)) throw error;
        // A duplicate delivery of this run wrote the same content first: nothing left to do.
        const now = (await this.deps.store.readObserved()).shards.get(shard);
        if (!sameEntries(now?.servers ?? {}, servers)) throw error;
      }
    });
  }
}

function sameEntries(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  const aKeys = Object.keys(a);
  if (aKeys.length !== Object.keys(b).length) return false;
  return aKeys.every((key) => a[key] === b[key]);
}

function unpackObserved(observed: ObservedState): Map<number, KnownServer> {
  const known = new Map<number, KnownServer>();
  for (const shard of observed.shards.values()) {
    for (const [id, packed] of Object.entries(shard.servers)) known.set(Number(id), unpackKnownServer(Number(id), packed));
  }
  return known;
}

export class RunNotFoundError extends Error {
  constructor(readonly time: string) {
    super(`No snapshot run at ${time}`);
    this.name = 'RunNotFoundError';
  }
}

export class RunNotSuspectError extends Error {
  constructor(readonly time: string) {
    super(`The snapshot run at ${time} held no server open`);
    this.name = 'RunNotSuspectError';
  }
}
