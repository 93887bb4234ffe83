import { createHash, randomBytes } from 'node:crypto';
import { parseInstant, periodBounds, periodOf, type Period } from '../billing';
import { realSleep } from '../async';
import { ConflictError, HttpError, RetryLaterError } from '../errors';
import { EVENT_SOURCE, type EventPublisher } from '../events';
import { canonicalJson } from '../json';
import type { Logger } from '../logging';
import type { DynamoRunRepository } from '../runs';
import type { DynamoSnapshotStore } from '../snapshots/DynamoSnapshotStore';
import { canonicalInstant, compareInstants, periodsFrom } from '../snapshots/time';
import { MANIFEST_SHARDS, manifestShardOf } from '../storage/keys';
import type { UnbilledServer } from '../snapshots/shortLived';
import { CloseLockLostError, type DynamoAggregationStore, type UnbilledList, type WriteRequest } from './DynamoAggregationStore';
import { invoiceLines, linesChecksum, linesTotals } from './invoiceLines';
import { usageFromRows, type UsageCustomer, type UsageSettings } from './usageFromRows';
import { usageRowsOf } from './usageRows';
import { HEADER_UNBILLED_LIMIT, type AdjustmentRow, type InvoiceLine, type PeriodHeader, type PeriodTotals, type UnbilledEntry, type UsageRow } from './types';

/** Attempts of one period's aggregation when concurrent aggregations keep winning the manifest writes. */
const MANIFEST_ATTEMPTS = 5;

export interface AggregationSettings {
  readonly billSuspendedTime: boolean;
  /** The operator's explicit billingStart; absent: the first complete run. */
  readonly billingStart?: string;
  readonly tokenRates: Readonly<Record<string, string>>;
  readonly closeGraceMinutes: number;
}

export interface AggregatorDeps {
  readonly store: DynamoAggregationStore;
  readonly snapshots: DynamoSnapshotStore;
  readonly runs: DynamoRunRepository;
  readonly events: EventPublisher;
  readonly logger: Logger;
  readonly settings: AggregationSettings;
  /** Servers the billing system created as prepaid (reported with 0 tokens). */
  readonly prepaidServers?: () => Promise<ReadonlySet<number>>;
  /** Told of each period this process closed and how long its close took (the handlers' metrics). */
  readonly onPeriodClosed?: (period: Period, durationMs: number) => void;
  /** The close lock: lease, how long a losing close waits for the winner, how often it looks. */
  readonly closeLock?: Partial<CloseLockSettings>;
  /** Wall clock for close leases only (billing facts take the event's time). */
  readonly wallClockMs?: () => number;
  readonly newCloseToken?: () => string;
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface CloseLockSettings {
  /** Longer than any close may run (the close function's timeout is at most 15 minutes): a lease runs out only when its holder is gone. */
  readonly leaseMs: number;
  /** How long a close that finds the period held waits for the holder's result. */
  readonly waitMs: number;
  readonly pollMs: number;
}

export const CLOSE_LOCK_DEFAULTS: CloseLockSettings = { leaseMs: 16 * 60_000, waitMs: 20_000, pollMs: 200 };

export interface AggregateResult {
  readonly time: string;
  readonly periods: { period: Period; status: 'open'; rowsWritten: number }[];
}

/** What a close answers (local-contract.md). */
export interface CloseResult extends PeriodTotals {
  readonly period: Period;
  readonly status: 'closed';
  readonly closedAt: string;
  readonly checksum: string;
}

export const BILLING_PERIOD_CLOSED = 'BillingPeriodClosed';

/** A closed period's lines as read do not add up to its committed checksum (an index not caught up): retry shortly. */
export class ClosedLinesNotVisibleError extends HttpError {
  constructor(period: Period) {
    super(503, 'closed_lines_not_visible', `The lines of ${period} as read do not match its committed checksum yet (the index is catching up); retry shortly`);
    this.name = 'ClosedLinesNotVisibleError';
    Object.defineProperty(this, 'expose', { value: true });
  }
}

function rowsHash(rows: readonly UsageRow[]): string {
  return createHash('sha256').update(canonicalJson(rows)).digest('hex').slice(0, 24);
}

/** A manifest entry: the rows' hash and the customers they were written under. */
function manifestEntry(rows: readonly UsageRow[]): string {
  return `${rowsHash(rows)}|${rows.map((row) => row.customer).join(',')}`;
}

function customersOf(entry: string | undefined): string[] {
  const list = entry?.split('|')[1];
  return list ? list.split(',') : [];
}

/** The unbilled servers a header keeps: without the stored detail, at most HEADER_UNBILLED_LIMIT (they come oldest first). */
function unbilledList(servers: readonly UnbilledServer[]): UnbilledList {
  return {
    entries: servers.slice(0, HEADER_UNBILLED_LIMIT).map(({ serverId, installation, createdAt, deletedAt, reason }) => ({ serverId, installation, createdAt, deletedAt, reason })),
    count: servers.length,
  };
}

/** What usage answers about a period's unbilled servers (empty before the first aggregation). */
export interface UnbilledUsage {
  readonly unbilled: UnbilledEntry[];
  readonly unbilledCount: number;
}

function unbilledOf(header: PeriodHeader | undefined): UnbilledUsage {
  return { unbilled: header?.unbilled ?? [], unbilledCount: header?.unbilledCount ?? 0 };
}

/** Why a period cannot be closed yet, or undefined when it is due (billing-rules.md "Periods"). */
export function notDueReason(period: Period, now: string, latestComplete: string | undefined, graceMinutes: number): string | undefined {
  const end = periodBounds(period).end;
  const dueAt = new Date(parseInstant(end) + graceMinutes * 60_000).toISOString();
  if (compareInstants(now, dueAt) < 0) return `${period} is due from ${dueAt} (its end plus ${graceMinutes} min of grace)`;
  if (latestComplete === undefined || compareInstants(latestComplete, end) < 0) {
    return `${period} needs a complete snapshot run at or after ${end}; the latest is ${latestComplete ?? 'none'}`;
  }
  return undefined;
}

/**
 * Aggregation and close (design.md "Aggregation and periods"): open-period rows hold segments,
 * tokens are computed at read time; the close freezes invoice lines and flips the header last.
 */
export class Aggregator {
  private readonly lock: CloseLockSettings;
  private readonly wallClockMs: () => number;
  private readonly newCloseToken: () => string;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly deps: AggregatorDeps) {
    this.lock = { ...CLOSE_LOCK_DEFAULTS, ...deps.closeLock };
    this.wallClockMs = deps.wallClockMs ?? Date.now;
    this.newCloseToken = deps.newCloseToken ?? (() => randomBytes(12).toString('hex'));
    this.sleep = deps.sleep ?? realSleep;
  }

  private usageSettings(billingStart: string | undefined): UsageSettings {
    const { settings } = this.deps;
    return { billSuspendedTime: settings.billSuspendedTime, tokenRates: settings.tokenRates, ...(billingStart === undefined ? {} : { billingStart }) };
  }

  private async billingStart(): Promise<string | undefined> {
    return this.deps.settings.billingStart ?? (await this.deps.snapshots.readObserved()).firstCompleteRun;
  }

  /** aggregate-usage: brings every open period up to the latest complete run; writes only rows that changed. */
  async aggregate(scheduledTime: string): Promise<AggregateResult> {
    const time = canonicalInstant(scheduledTime);
    const latest = await this.deps.runs.getLatestCompleteRun('servers');
    if (!latest) return { time, periods: [] };
    const asOf = latest.time;
    const [headers, billingStart] = await Promise.all([this.deps.store.listHeaders(), this.billingStart()]);
    // The committed checksum of each closed period: only its close's items and settled entries count.
    const closed = new Map(headers.filter((header) => header.status === 'closed').map((header) => [header.period, header.checksum ?? ''] as const));
    const periods = this.openPeriods(headers, billingStart ?? asOf, asOf);
    const results: AggregateResult['periods'] = [];
    for (const period of periods) {
      const rowsWritten = await this.aggregatePeriod(period, asOf, billingStart);
      results.push({ period, status: 'open', rowsWritten });
    }
    const closing = new Set(headers.filter((header) => header.status === 'closing').map((header) => header.period));
    for (const header of headers) {
      if (header.status === 'closed') await this.adjust(header, closed, periods, closing, asOf);
    }
    return { time, periods: results };
  }

  /** Periods not closed, from billingStart's month (or the oldest header) to the latest run's. */
  private openPeriods(headers: readonly PeriodHeader[], from: string, asOf: string): Period[] {
    const closed = new Set(headers.filter((header) => header.status === 'closed').map((header) => header.period));
    const first = [periodOf(from), ...headers.map((header) => header.period)].sort()[0] as Period;
    return periodsFrom(first, periodOf(asOf)).filter((period) => !closed.has(period));
  }

  /**
   * Concurrent aggregations of one period (the schedule and a close, two closes) race on the
   * manifest's optimistic writes: the loser re-reads and re-applies (its rows are computed from the
   * same items, so a retry that finds them written writes nothing), a bounded number of times.
   */
  private async aggregatePeriod(period: Period, asOf: string, billingStart: string | undefined): Promise<number> {
    for (let attempt = 1; ; attempt++) {
      const written = await this.aggregatePeriodOnce(period, asOf, billingStart);
      if (written !== undefined) return written;
      if (attempt >= MANIFEST_ATTEMPTS) throw new ConflictError(`Aggregation of ${period} kept losing to concurrent aggregations; try again`, 'aggregation_conflict');
    }
  }

  /** One attempt; undefined when a manifest shard was written concurrently. */
  private async aggregatePeriodOnce(period: Period, asOf: string, billingStart: string | undefined): Promise<number | undefined> {
    const { store, snapshots } = this.deps;
    const { start, end } = periodBounds(period);
    const [months, gaps, manifest, prepaid, unbilledServers] = await Promise.all([
      snapshots.listServerMonths(period),
      snapshots.gapsOverlapping('servers', start, end),
      store.readManifest(period),
      this.deps.prepaidServers?.() ?? Promise.resolve(new Set<number>()),
      snapshots.listUnbilled(period),
    ]);
    const requests: WriteRequest[] = [];
    const shards = Array.from({ length: MANIFEST_SHARDS }, (_, shard) => new Map(Object.entries(manifest.get(shard)?.servers ?? {})));
    const present = new Set<number>();
    for (const month of months) {
      if (month.segments.length === 0) continue;
      present.add(month.serverId);
      const rows = usageRowsOf(month, gaps, prepaid.has(month.serverId));
      const shard = shards[manifestShardOf(month.serverId)] as Map<string, string>;
      const before = shard.get(String(month.serverId));
      const entry = manifestEntry(rows);
      if (before === entry) continue;
      for (const row of rows) requests.push(store.putRowRequest(row));
      for (const customer of customersOf(before)) if (!rows.some((row) => row.customer === customer)) requests.push(store.deleteRowRequest(period, customer, month.serverId));
      shard.set(String(month.serverId), entry);
    }
    for (const shard of shards) {
      for (const [id, entry] of [...shard]) {
        if (present.has(Number(id))) continue;
        for (const customer of customersOf(entry)) requests.push(store.deleteRowRequest(period, customer, Number(id)));
        shard.delete(id);
      }
    }
    await store.batchWrite(requests);
    const manifestWritten = await Promise.all(
      shards.map(async (entries, shard) => {
        const servers = Object.fromEntries(entries);
        const before = manifest.get(shard);
        if (canonicalJson(before?.servers ?? {}) === canonicalJson(servers)) return true;
        return store.writeManifestShard(period, shard, servers, before?.version ?? 0);
      }),
    );
    if (manifestWritten.includes(false)) return undefined;
    const header = await store.getHeader(period);
    const unbilled = unbilledList(unbilledServers);
    const unbilledChanged = canonicalJson(header?.unbilled ?? []) !== canonicalJson(unbilled.entries) || (header?.unbilledCount ?? 0) !== unbilled.count;
    if (header?.asOf !== asOf || header.billingStart !== billingStart || unbilledChanged) await store.putOpenHeader(period, asOf, billingStart, unbilled);
    return requests.length;
  }

  /**
   * A closed period whose items changed afterwards: the difference between what it would bill
   * now and what it billed (and what earlier adjustments settled) becomes an adjustment entry per
   * server in the first open period after it. The closed period never changes.
   */
  private async adjust(header: PeriodHeader, closed: ReadonlyMap<Period, string>, openPeriods: readonly Period[], closing: ReadonlySet<Period>, asOf: string): Promise<void> {
    const { store, snapshots } = this.deps;
    const period = header.period;
    const marks = await store.lateServers(period);
    const late = [...marks.keys()];
    if (late.length === 0) return;
    // Never into a period a close holds: it has read its adjustments already.
    const target = openPeriods.find((candidate) => candidate > period && !closing.has(candidate));
    if (target === undefined) return;
    const { start, end } = periodBounds(period);
    const [months, gaps, manifest, settled, prepaid] = await Promise.all([
      snapshots.getServerMonths(late.map((serverId) => ({ serverId, period }))),
      snapshots.gapsOverlapping('servers', start, end),
      store.readManifest(period),
      store.settledAdjustments(period),
      this.deps.prepaidServers?.() ?? Promise.resolve(new Set<number>()),
    ]);
    const rows = months.flatMap((month) => usageRowsOf(month, gaps, prepaid.has(month.serverId)));
    const customers = new Set(rows.map((row) => row.customer));
    for (const serverId of late) for (const customer of customersOf(manifest.get(manifestShardOf(serverId))?.servers[String(serverId)])) customers.add(customer);
    const now = usageFromRows({ period, asOf: end, rows, adjustments: [], settings: this.usageSettings(header.billingStart), customers });
    const billed = new Map<string, { runtime: number; ips: number; backups: number }>();
    const add = (customer: string, serverId: number, runtime: number, ips: number, backups: number): void => {
      const key = `${customer}#${serverId}`;
      const sum = billed.get(key) ?? { runtime: 0, ips: 0, backups: 0 };
      billed.set(key, { runtime: sum.runtime + runtime, ips: sum.ips + ips, backups: sum.backups + backups });
    };
    const lateSet = new Set(late);
    for (const customer of customers) {
      for (const line of await store.closedLinesOf(period, customer, header.checksum ?? '')) {
        if (!lateSet.has(line.serverId) || line.adjustmentOf !== undefined) continue;
        add(customer, line.serverId, line.kind === 'runtime' ? line.tokens : 0, line.kind === 'ips' ? line.tokens : 0, line.kind === 'backups' ? line.tokens : 0);
      }
    }
    for (const entry of settled) if (closed.get(entry.inPeriod) === entry.checksum && lateSet.has(entry.serverId)) add(entry.customer, entry.serverId, entry.runtimeTokens, entry.ipTokens, entry.backupTokens);
    const requests: WriteRequest[] = [];
    const current = new Map<string, { runtime: number; ips: number; backups: number }>();
    for (const customer of now) for (const line of customer.servers) current.set(`${customer.customer}#${line.serverId}`, { runtime: line.runtimeTokens, ips: line.ipTokens, backups: line.backupTokens });
    for (const key of new Set([...current.keys(), ...billed.keys()])) {
      const [customer = '', id = '0'] = key.split(/#(?=\d+$)/);
      const serverId = Number(id);
      const nowTokens = current.get(key) ?? { runtime: 0, ips: 0, backups: 0 };
      const before = billed.get(key) ?? { runtime: 0, ips: 0, backups: 0 };
      const adjustment: AdjustmentRow = {
        period: target,
        customer,
        serverId,
        adjustmentOf: period,
        runtimeTokens: nowTokens.runtime - before.runtime,
        ipTokens: nowTokens.ips - before.ips,
        backupTokens: nowTokens.backups - before.backups,
      };
      if (adjustment.runtimeTokens === 0 && adjustment.ipTokens === 0 && adjustment.backupTokens === 0) requests.push(store.deleteAdjustmentRequest(target, customer, period, serverId));
      else requests.push(store.putAdjustmentRequest(adjustment));
    }
    // Only into a period still open: a close of `target` that ran since the headers were read makes
    // this fail, and the next aggregation writes into the period after it.
    await store.writeIntoOpenPeriod(target, requests);
    await store.clearLate(period, marks);
    this.deps.logger.warn('Changes recorded for a closed period became adjustments', { period, in: target, servers: late, asOf });
  }

  /**
   * close-period: with `period`, closes it or refuses (409) with the reason; without, closes every
   * due period oldest first (nothing due: a quiet no-op). Also publishes any event a crashed close
   * left unpublished (the outbox).
   */
  async close(scheduledTime: string, period?: Period): Promise<CloseResult | { closed: CloseResult[] }> {
    const time = canonicalInstant(scheduledTime);
    const [headers, latest] = await Promise.all([this.deps.store.listHeaders(), this.deps.runs.getLatestCompleteRun('servers')]);
    for (const header of headers) if (header.status === 'closed' && header.published === false) await this.publish(header);
    if (period !== undefined) {
      const header = headers.find((candidate) => candidate.period === period);
      if (header?.status === 'closed') return resultOf(header);
      const reason = notDueReason(period, time, latest?.time, this.deps.settings.closeGraceMinutes);
      if (reason !== undefined) throw new ConflictError(`Cannot close ${period} yet: ${reason}`, 'not_due');
      return this.closePeriod(period, time, latest?.time as string);
    }
    const closed: CloseResult[] = [];
    const billingStart = await this.billingStart();
    const candidates = latest ? this.openPeriods(headers, billingStart ?? latest.time, latest.time) : [];
    for (const candidate of candidates) {
      if (notDueReason(candidate, time, latest?.time, this.deps.settings.closeGraceMinutes) !== undefined) break;
      closed.push(await this.closePeriod(candidate, time, latest?.time as string));
    }
    return { closed };
  }

  /**
   * One close of one period, the only one: it takes the period's `closing` lock (token, lease)
   * before it reads anything, so an adjustment can no longer land in it and no other close writes
   * lines; only the holder writes its lines (each transaction checks the lock) and commits. A
   * close that finds the period held answers the holder's result once it commits.
   */
  private async closePeriod(period: Period, time: string, asOf: string): Promise<CloseResult> {
    const { store } = this.deps;
    const started = Date.now();
    const token = this.newCloseToken();
    if (!(await store.lockClose(period, token, this.wallClockMs(), this.lock.leaseMs))) return this.winnerOf(period);
    let totals: PeriodTotals;
    try {
      const committed = await this.closeHeld(period, time, asOf, token);
      if (committed === undefined) return this.winnerOf(period);
      totals = committed;
    } catch (error) {
      // A failed close (a throttled write, an outage) frees the period at once, so its retry need
      // not wait out the lease; only a crash leaves the lock to its lease.
      await store.releaseClose(period, token).catch((releaseError: unknown) => this.deps.logger.warn('Could not release a failed close; its lease runs out instead', { period, error: String(releaseError) }));
      throw error;
    }
    const header = (await store.getHeader(period)) as PeriodHeader;
    const ms = Date.now() - started;
    this.deps.logger.info('Period closed', { period, closedAt: time, customers: totals.customers, totalTokens: totals.totalTokens, ms });
    this.deps.onPeriodClosed?.(period, ms);
    await this.publish(header);
    return resultOf(header);
  }

  /** The holder's work: final aggregation, the lines, the commit. Its totals, or undefined when the lock was taken over. */
  private async closeHeld(period: Period, time: string, asOf: string, token: string): Promise<PeriodTotals | undefined> {
    const { store } = this.deps;
    const billingStart = await this.billingStart();
    await this.aggregatePeriod(period, asOf, billingStart);
    // The close prices the month items themselves, read strongly consistent: the rows' index (gsi1)
    // is only eventually consistent on AWS, and the lines frozen here are final. Adjustment rows come
    // from that index; they were written by an earlier aggregation, before the lock.
    const [{ adjustments }, rows, unbilledServers] = await Promise.all([store.allRows(period), this.currentRows(period), this.deps.snapshots.listUnbilled(period)]);
    const usage = usageFromRows({ period, asOf: periodBounds(period).end, rows, adjustments, settings: this.usageSettings(billingStart) });
    const lines = invoiceLines(usage, period, this.deps.settings.tokenRates);
    const totals = linesTotals(lines, this.deps.settings.tokenRates);
    const checksum = linesChecksum(lines);
    // The lines first (deterministic: a retried close writes the same items), the header last.
    try {
      await store.writeClosedItems(period, token, [...closedItemRequests(store, period, lines, checksum), ...settledRequests(store, period, adjustments, checksum)]);
    } catch (error) {
      // Our lease ran out and another close took the period over: its result is the answer.
      if (error instanceof CloseLockLostError) return undefined;
      throw error;
    }
    const committed = await store.commitClose(period, token, { asOf, ...(billingStart === undefined ? {} : { billingStart }), closedAt: time, totals, checksum }, unbilledList(unbilledServers));
    return committed ? totals : undefined;
  }

  /** The result of the close that holds the period, once it commits (bounded wait), else 409 with Retry-After. */
  private async winnerOf(period: Period): Promise<CloseResult> {
    const waitUntil = this.wallClockMs() + this.lock.waitMs;
    for (;;) {
      const header = await this.deps.store.getHeader(period);
      if (header?.status === 'closed') return resultOf(header);
      if (header?.status !== 'closing' || this.wallClockMs() >= waitUntil) {
        throw new RetryLaterError(`Another close of ${period} is under way; it answers its totals once it commits`, 'close_in_progress', Math.max(1, this.lock.pollMs / 1000));
      }
      await this.sleep(this.lock.pollMs);
    }
  }

  /**
   * Periods still open although their end plus the close grace is at or before `scheduledTime`
   * (what close-period should have closed: an ops alarm when not zero).
   */
  async openPastDue(scheduledTime: string): Promise<Period[]> {
    const time = canonicalInstant(scheduledTime);
    const [headers, billingStart] = await Promise.all([this.deps.store.listHeaders(), this.billingStart()]);
    const graceMs = this.deps.settings.closeGraceMinutes * 60_000;
    return this.openPeriods(headers, billingStart ?? time, time).filter((period) => parseInstant(periodBounds(period).end) + graceMs <= parseInstant(time));
  }

  /** A period's usage rows computed from its month items as they are now (strongly consistent reads). */
  private async currentRows(period: Period): Promise<UsageRow[]> {
    const { start, end } = periodBounds(period);
    const [months, gaps, prepaid] = await Promise.all([
      this.deps.snapshots.listServerMonths(period, { consistent: true }),
      this.deps.snapshots.gapsOverlapping('servers', start, end),
      this.deps.prepaidServers?.() ?? Promise.resolve(new Set<number>()),
    ]);
    return months.filter((month) => month.segments.length > 0).flatMap((month) => usageRowsOf(month, gaps, prepaid.has(month.serverId)));
  }

  /** Publishes BillingPeriodClosed for a committed close whose outbox flag is still set. */
  private async publish(header: PeriodHeader): Promise<void> {
    const result = resultOf(header);
    await this.deps.events.publish({
      detailType: BILLING_PERIOD_CLOSED,
      source: EVENT_SOURCE,
      time: result.closedAt,
      detail: { period: result.period, closedAt: result.closedAt, totalTokens: result.totalTokens, money: result.money, customers: result.customers, checksum: result.checksum },
    });
    await this.deps.store.markPublished(header.period);
  }

  /**
   * GET /v1/usage for one customer: two requests (the header and the customer's partition). The
   * period's unbilled servers come from the header (they have no known customer).
   */
  async customerUsage(period: Period, customer: string): Promise<{ status: 'open' | 'closed'; customers: UsageCustomer[] } & UnbilledUsage> {
    const header = await this.deps.store.getHeader(period);
    const unbilled = unbilledOf(header);
    if (header?.status === 'closed') {
      return { status: 'closed', customers: usageFromLines(await this.deps.store.closedLinesOf(period, customer, header.checksum ?? ''), this.deps.settings.tokenRates), ...unbilled };
    }
    if (!header?.asOf) return { status: 'open', customers: [], ...unbilled };
    const { rows, adjustments } = await this.deps.store.customerRows(period, customer);
    return {
      status: 'open',
      customers: usageFromRows({ period, asOf: header.asOf, rows, adjustments, settings: this.usageSettings(header.billingStart), customers: new Set([customer]) }),
      ...unbilled,
    };
  }

  /** GET /v1/usage for every customer, a page of customers at a time (each page carries the period's unbilled servers). */
  async usagePage(period: Period, afterCustomer: string | undefined, limit: number): Promise<{ status: 'open' | 'closed'; customers: UsageCustomer[]; lastCustomer?: string; more: boolean } & UnbilledUsage> {
    const header = await this.deps.store.getHeader(period);
    const unbilled = unbilledOf(header);
    if (header?.status === 'closed') {
      const page = await this.deps.store.closedPage(period, afterCustomer, limit, header.checksum ?? '');
      return { status: 'closed', customers: usageFromLines(page.lines, this.deps.settings.tokenRates), more: page.more, ...lastOf(page.customers), ...unbilled };
    }
    if (!header?.asOf) return { status: 'open', customers: [], more: false, ...unbilled };
    const page = await this.deps.store.rowsPage(period, afterCustomer, limit);
    const customers = usageFromRows({ period, asOf: header.asOf, rows: page.rows, adjustments: page.adjustments, settings: this.usageSettings(header.billingStart), customers: new Set(page.customers) });
    return { status: 'open', customers, more: page.more, ...lastOf(page.customers), ...unbilled };
  }

  /** Invoice lines of a period: frozen when closed, a preview as of the latest aggregation when open. */
  async invoices(period: Period, customer?: string): Promise<{ status: 'open' | 'closed'; lines: InvoiceLine[] }> {
    const header = await this.deps.store.getHeader(period);
    if (header?.status === 'closed') {
      const checksum = header.checksum ?? '';
      if (customer !== undefined) return { status: 'closed', lines: await this.deps.store.closedLinesOf(period, customer, checksum) };
      // The whole period comes from the index (eventually consistent): it counts only when its
      // checksum is the committed one, else a line still missing would make a wrong invoice.
      const lines = (await this.deps.store.closedPage(period, undefined, Number.MAX_SAFE_INTEGER, checksum)).lines;
      if (linesChecksum(lines) !== checksum) throw new ClosedLinesNotVisibleError(period);
      return { status: 'closed', lines };
    }
    if (!header?.asOf) return { status: 'open', lines: [] };
    const { rows, adjustments } = customer === undefined ? await this.deps.store.allRows(period) : await this.deps.store.customerRows(period, customer);
    const usage = usageFromRows({
      period,
      asOf: header.asOf,
      rows,
      adjustments,
      settings: this.usageSettings(header.billingStart),
      ...(customer === undefined ? {} : { customers: new Set([customer]) }),
    });
    return { status: 'open', lines: invoiceLines(usage, period, this.deps.settings.tokenRates) };
  }

  /** The configured currencies, in code order. */
  currencies(): string[] {
    return Object.keys(this.deps.settings.tokenRates).sort();
  }

  async periods(): Promise<PeriodHeader[]> {
    return (await this.deps.store.listHeaders()).sort((a, b) => (a.period < b.period ? -1 : 1));
  }

  async period(period: Period): Promise<PeriodHeader> {
    return (await this.deps.store.getHeader(period)) ?? { period, status: 'open' };
  }
}

function lastOf(customers: readonly string[]): { lastCustomer?: string } {
  const last = customers[customers.length - 1];
  return last === undefined ? {} : { lastCustomer: last };
}

function resultOf(header: PeriodHeader): CloseResult {
  const totals = header.totals ?? { totalTokens: 0, money: {}, customers: 0 };
  return { period: header.period, status: 'closed', closedAt: header.closedAt ?? '', checksum: header.checksum ?? '', ...totals };
}

/** One closed item per customer and server (and per adjusted period): its lines. */
function closedItemRequests(store: DynamoAggregationStore, period: Period, lines: readonly InvoiceLine[], checksum: string): WriteRequest[] {
  const groups = new Map<string, InvoiceLine[]>();
  for (const line of lines) {
    const tail = line.adjustmentOf === undefined ? `SERVER#${String(line.serverId).padStart(12, '0')}` : `ADJ#${line.adjustmentOf}#${String(line.serverId).padStart(12, '0')}`;
    const key = `${line.customer}\u0000${tail}`;
    groups.set(key, [...(groups.get(key) ?? []), line]);
  }
  return [...groups.entries()].map(([key, group]) => {
    const [customer = '', tail = ''] = key.split('\u0000');
    return store.putClosedRequest(period, customer, tail, group, checksum);
  });
}

/** What the adjustments a close freezes settle, per adjusted period (later adjustments subtract it). */
function settledRequests(store: DynamoAggregationStore, period: Period, adjustments: readonly AdjustmentRow[], checksum: string): WriteRequest[] {
  return adjustments.map((row) =>
    store.settledRequest({
      of: row.adjustmentOf,
      inPeriod: period,
      customer: row.customer,
      serverId: row.serverId,
      runtimeTokens: row.runtimeTokens,
      ipTokens: row.ipTokens,
      backupTokens: row.backupTokens,
      checksum,
    }),
  );
}

/** A closed period's usage shape, from its frozen lines. */
export function usageFromLines(lines: readonly InvoiceLine[], tokenRates: Readonly<Record<string, string>>): UsageCustomer[] {
  const byCustomer = new Map<string, Map<string, InvoiceLine[]>>();
  for (const line of lines) {
    const servers = byCustomer.get(line.customer) ?? new Map<string, InvoiceLine[]>();
    const key = `${String(line.serverId).padStart(12, '0')}#${line.adjustmentOf ?? ''}`;
    servers.set(key, [...(servers.get(key) ?? []), line]);
    byCustomer.set(line.customer, servers);
  }
  const currencies = Object.keys(tokenRates).sort();
  const sum = (moneys: readonly Record<string, number>[]): Record<string, number> =>
    Object.fromEntries(currencies.map((currency) => [currency, moneys.reduce((total, money) => total + (money[currency] ?? 0), 0)]));
  return [...byCustomer.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([customer, servers]) => {
      const serverLines = [...servers.entries()]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([, group]) => {
          const first = group[0] as InvoiceLine;
          const tokens = (kind: InvoiceLine['kind']): number => group.filter((line) => line.kind === kind).reduce((total, line) => total + line.tokens, 0);
          const runtimeTokens = tokens('runtime');
          const ipTokens = tokens('ips');
          const backupTokens = tokens('backups');
          return {
            serverId: first.serverId,
            runtimeHours: group.find((line) => line.kind === 'runtime')?.hours ?? 0,
            runtimeTokens,
            ipTokens,
            backupTokens,
            totalTokens: runtimeTokens + ipTokens + backupTokens,
            prepaid: first.prepaid,
            flags: [...first.flags],
            money: sum(group.map((line) => line.money)),
            ...(first.adjustmentOf === undefined ? {} : { adjustmentOf: first.adjustmentOf }),
          };
        });
      return { customer, totalTokens: serverLines.reduce((total, line) => total + line.totalTokens, 0), money: sum(serverLines.map((line) => line.money)), servers: serverLines };
    });
}

