import { randomBytes } from 'node:crypto';
import { parseInstant, periodBounds, type Period } from '../billing';
import { realSleep } from '../async';
import { ConflictError, RetryLaterError } from '../errors';
import { EVENT_SOURCE, type EventPublisher } from '../events';
import type { Logger } from '../logging';
import { canonicalInstant, compareInstants } from '../snapshots/time';
import { CloseLockLostError } from './errors';
import { invoiceLines, linesChecksum, linesTotals } from './invoiceLines';
import { openPeriods } from './openPeriods';
import type { PeriodAggregator } from './PeriodAggregator';
import { DEFAULT_INSTALLATION } from '../installations';
import { commonAsOf, installationField, installationOf, latestRunsOf, type InstallationScope } from './installationScope';
import type { ClosedItem, CloseLock, PeriodHeaderReader, SettledAdjustmentOf, UsageRowReader } from './ports';
import { scopedRowsOf, scopePricing } from './scopeRows';
import { billingStartOf, billingStartsOf, usageSettingsOf, type AggregationSettings, type BillingStarts } from './settings';
import type { AdjustmentRow, InvoiceLine, PeriodHeader, PeriodTotals, UsageRow } from './types';
import { unbilledList } from './unbilled';
import { unbilledAcross } from './unbilledAcross';
import { usageFromRows } from './usageFromRows';

export const BILLING_PERIOD_CLOSED = 'BillingPeriodClosed';

export interface CloseLockSettings {
  /** Longer than any close may run (the close function's timeout is at most 15 minutes): a lease runs out only when its holder is gone. */
  readonly leaseMs: number;
  /** How long a close that finds the period held waits for the holder's result. */
  readonly waitMs: number;
  readonly pollMs: number;
}

export const CLOSE_LOCK_DEFAULTS: CloseLockSettings = { leaseMs: 16 * 60_000, waitMs: 20_000, pollMs: 200 };

export interface PeriodCloserDeps {
  readonly headers: PeriodHeaderReader;
  readonly lock: CloseLock;
  /** The adjustment rows the close freezes. */
  readonly rows: Pick<UsageRowReader, 'allRows'>;
  /** The configured installations: a period is due once each has a complete run at or after its end. */
  readonly scopes: readonly InstallationScope[];
  /** The final aggregation, under the lock. */
  readonly aggregation: Pick<PeriodAggregator, 'aggregatePeriod'>;
  readonly events: EventPublisher;
  readonly logger: Logger;
  readonly settings: AggregationSettings;
  /** Told of each period this process closed and how long its close took (the handlers' metrics). */
  readonly onPeriodClosed?: (period: Period, durationMs: number) => void;
  /** The close lock: lease, how long a losing close waits for the winner, how often it looks. */
  readonly closeLock?: Partial<CloseLockSettings>;
  /** Wall clock for close leases only (billing facts take the event's time). */
  readonly wallClockMs?: () => number;
  readonly newCloseToken?: () => string;
  readonly sleep?: (ms: number) => Promise<void>;
}

/** What a close answers (local-contract.md). */
export interface CloseResult extends PeriodTotals {
  readonly period: Period;
  readonly status: 'closed';
  readonly closedAt: string;
  readonly checksum: string;
}

/** Why a period cannot be closed yet, or undefined when it is due (billing-rules.md "Periods"). */
export function notDueReason(period: Period, now: string, latestComplete: string | undefined, graceMinutes: number): string | undefined {
  return notDueAcross(period, now, [{ installation: DEFAULT_INSTALLATION, time: latestComplete }], graceMinutes);
}

/**
 * notDueReason over every configured installation: each needs a complete run at or after the
 * period's end; with several, the reason names the first that lacks one.
 */
export function notDueAcross(period: Period, now: string, latest: readonly { installation: string; time: string | undefined }[], graceMinutes: number): string | undefined {
  const end = periodBounds(period).end;
  const dueAt = new Date(parseInstant(end) + graceMinutes * 60_000).toISOString();
  if (compareInstants(now, dueAt) < 0) return `${period} is due from ${dueAt} (its end plus ${graceMinutes} min of grace)`;
  for (const { installation, time } of latest) {
    if (time !== undefined && compareInstants(time, end) >= 0) continue;
    if (latest.length === 1) return `${period} needs a complete snapshot run at or after ${end}; the latest is ${time ?? 'none'}`;
    return `${period} needs a complete snapshot run of installation ${installation} at or after ${end}; its latest is ${time ?? 'none'}`;
  }
  return undefined;
}

/**
 * The close (design.md "Aggregation and periods"): freezes a due period's invoice lines under the
 * period's lock and flips its header last, then publishes BillingPeriodClosed (an outbox flag on
 * the header makes a crashed close's event go out on the next close).
 */
export class PeriodCloser {
  private readonly lockSettings: CloseLockSettings;
  private readonly wallClockMs: () => number;
  private readonly newCloseToken: () => string;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly deps: PeriodCloserDeps) {
    this.lockSettings = { ...CLOSE_LOCK_DEFAULTS, ...deps.closeLock };
    this.wallClockMs = deps.wallClockMs ?? Date.now;
    this.newCloseToken = deps.newCloseToken ?? (() => randomBytes(12).toString('hex'));
    this.sleep = deps.sleep ?? realSleep;
  }

  /**
   * close-period: with `period`, closes it or refuses (409) with the reason; without, closes every
   * due period oldest first (nothing due: a quiet no-op). Also publishes any event a crashed close
   * left unpublished (the outbox).
   */
  async close(scheduledTime: string, period?: Period): Promise<CloseResult | { closed: CloseResult[] }> {
    const time = canonicalInstant(scheduledTime);
    const [headers, latest] = await Promise.all([this.deps.headers.listHeaders(), latestRunsOf(this.deps.scopes)]);
    for (const header of headers) if (header.status === 'closed' && header.published === false) await this.publish(header);
    // Open segments of the close run to the period's end; the header keeps how far every installation was known.
    const asOf = commonAsOf(latest);
    if (period !== undefined) {
      const header = headers.find((candidate) => candidate.period === period);
      if (header?.status === 'closed') return resultOf(header);
      const reason = notDueAcross(period, time, latest, this.deps.settings.closeGraceMinutes);
      if (reason !== undefined) throw new ConflictError(`Cannot close ${period} yet: ${reason}`, 'not_due');
      return this.closePeriod(period, time, asOf as string);
    }
    const closed: CloseResult[] = [];
    const billingStart = await billingStartOf(this.deps.settings, this.deps.scopes);
    const candidates = asOf !== undefined ? openPeriods(headers, billingStart ?? asOf, asOf) : [];
    for (const candidate of candidates) {
      if (notDueAcross(candidate, time, latest, this.deps.settings.closeGraceMinutes) !== undefined) break;
      closed.push(await this.closePeriod(candidate, time, asOf as string));
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
    const { lock } = this.deps;
    const started = Date.now();
    const token = this.newCloseToken();
    if (!(await lock.lockClose(period, token, this.wallClockMs(), this.lockSettings.leaseMs))) return this.winnerOf(period);
    let totals: PeriodTotals;
    try {
      const committed = await this.closeHeld(period, time, asOf, token);
      if (committed === undefined) return this.winnerOf(period);
      totals = committed;
    } catch (error) {
      // A failed close (a throttled write, an outage) frees the period at once, so its retry need
      // not wait out the lease; only a crash leaves the lock to its lease.
      await lock.releaseClose(period, token).catch((releaseError: unknown) => this.deps.logger.warn('Could not release a failed close; its lease runs out instead', { period, error: String(releaseError) }));
      throw error;
    }
    const header = (await this.deps.headers.getHeader(period)) as PeriodHeader;
    const ms = Date.now() - started;
    this.deps.logger.info('Period closed', { period, closedAt: time, customers: totals.customers, totalTokens: totals.totalTokens, ms });
    this.deps.onPeriodClosed?.(period, ms);
    await this.publish(header);
    return resultOf(header);
  }

  /** The holder's work: final aggregation, the lines, the commit. Its totals, or undefined when the lock was taken over. */
  private async closeHeld(period: Period, time: string, asOf: string, token: string): Promise<PeriodTotals | undefined> {
    const { lock, settings } = this.deps;
    const starts = await billingStartsOf(settings, this.deps.scopes);
    const { billingStart } = starts;
    await this.deps.aggregation.aggregatePeriod(period, asOf, starts);
    // The close prices the month items themselves, read strongly consistent: the rows' index (gsi1)
    // is only eventually consistent on AWS, and the lines frozen here are final. Adjustment rows come
    // from that index; they were written by an earlier aggregation, before the lock. So do the rows
    // of an installation no longer configured: they stay as its last aggregation wrote them.
    const [stored, current, unbilledServers] = await Promise.all([this.deps.rows.allRows(period), this.currentRows(period, starts), unbilledAcross(this.deps.scopes, period)]);
    const configured = new Set(this.deps.scopes.map((scope) => scope.installation));
    const rows = [...current, ...stored.rows.filter((row) => !configured.has(installationOf(row)))];
    const { adjustments } = stored;
    const usageSettings = usageSettingsOf(settings, billingStart);
    const usage = usageFromRows({ period, asOf: periodBounds(period).end, rows, adjustments, settings: usageSettings });
    const lines = invoiceLines(usage, period, settings.tokenRates, { nameInstallations: usageSettings.nameInstallations === true });
    const totals = linesTotals(lines, settings.tokenRates);
    const checksum = linesChecksum(lines);
    // The lines first (deterministic: a retried close writes the same items), the header last.
    try {
      await lock.writeClosedItems(period, token, { checksum, items: closedItems(lines), settled: settledEntries(period, adjustments, checksum) });
    } catch (error) {
      // Our lease ran out and another close took the period over: its result is the answer.
      if (error instanceof CloseLockLostError) return undefined;
      throw error;
    }
    const committed = await lock.commitClose(period, token, { asOf, ...(billingStart === undefined ? {} : { billingStart }), closedAt: time, totals, checksum }, unbilledList(unbilledServers));
    return committed ? totals : undefined;
  }

  /** The result of the close that holds the period, once it commits (bounded wait), else 409 with Retry-After. */
  private async winnerOf(period: Period): Promise<CloseResult> {
    const waitUntil = this.wallClockMs() + this.lockSettings.waitMs;
    for (;;) {
      const header = await this.deps.headers.getHeader(period);
      if (header?.status === 'closed') return resultOf(header);
      if (header?.status !== 'closing' || this.wallClockMs() >= waitUntil) {
        throw new RetryLaterError(`Another close of ${period} is under way; it answers its totals once it commits`, 'close_in_progress', Math.max(1, this.lockSettings.pollMs / 1000));
      }
      await this.sleep(this.lockSettings.pollMs);
    }
  }

  /** A period's usage rows computed from every configured installation's month items as they are now (strongly consistent reads). */
  private async currentRows(period: Period, starts: BillingStarts): Promise<UsageRow[]> {
    const nameInstallation = this.deps.scopes.length > 1;
    const perScope = await Promise.all(
      this.deps.scopes.map(async (scope) => {
        const [months, pricing] = await Promise.all([scope.months.listServerMonths(period, { consistent: true }), scopePricing(scope, period, starts, nameInstallation)]);
        return months.filter((month) => month.segments.length > 0).flatMap((month) => scopedRowsOf(month, pricing));
      }),
    );
    return perScope.flat();
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
    await this.deps.lock.markPublished(header.period);
  }
}

function resultOf(header: PeriodHeader): CloseResult {
  const totals = header.totals ?? { totalTokens: 0, money: {}, customers: 0 };
  return { period: header.period, status: 'closed', closedAt: header.closedAt ?? '', checksum: header.checksum ?? '', ...totals };
}

/** One closed item per customer and server (and per adjusted period): its lines, in line order. */
function closedItems(lines: readonly InvoiceLine[]): ClosedItem[] {
  const groups = new Map<string, InvoiceLine[]>();
  for (const line of lines) {
    const key = `${line.customer}\u0000${installationOf(line)}\u0000${line.serverId}\u0000${line.adjustmentOf ?? ''}`;
    groups.set(key, [...(groups.get(key) ?? []), line]);
  }
  return [...groups.values()].map((group) => {
    const first = group[0] as InvoiceLine;
    return { customer: first.customer, serverId: first.serverId, ...installationField(installationOf(first)), ...(first.adjustmentOf === undefined ? {} : { adjustmentOf: first.adjustmentOf }), lines: group };
  });
}

/** What the adjustments a close freezes settle, per adjusted period (later adjustments subtract it). */
function settledEntries(period: Period, adjustments: readonly AdjustmentRow[], checksum: string): SettledAdjustmentOf[] {
  return adjustments.map((row) => ({
    of: row.adjustmentOf,
    inPeriod: period,
    customer: row.customer,
    serverId: row.serverId,
    ...installationField(installationOf(row)),
    runtimeTokens: row.runtimeTokens,
    ipTokens: row.ipTokens,
    backupTokens: row.backupTokens,
    checksum,
  }));
}
