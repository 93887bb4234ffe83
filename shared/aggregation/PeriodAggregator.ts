import { parseInstant, periodBounds, type Period } from '../billing';
import { ConflictError } from '../errors';
import { canonicalJson } from '../json';
import { canonicalInstant } from '../snapshots/time';
import { MANIFEST_SHARDS, manifestShardOf } from '../storage/keys';
import type { LateChangeSettler } from './LateChangeSettler';
import { customersOf, manifestEntry } from './manifestEntries';
import { openPeriods } from './openPeriods';
import { commonAsOf, installationField, latestRunsOf, namesInstallations, type InstallationScope } from './installationScope';
import type { PeriodHeaderStore, UsageRowChange, UsageRowStore } from './ports';
import { scopedRowsOf, scopePricing } from './scopeRows';
import { billingStartOf, billingStartsOf, type AggregationSettings, type BillingStarts } from './settings';
import { unbilledList } from './unbilled';
import { unbilledAcross } from './unbilledAcross';

/** Attempts of one period's aggregation when concurrent aggregations keep winning the manifest writes. */
const MANIFEST_ATTEMPTS = 5;

export interface PeriodAggregatorDeps {
  readonly headers: PeriodHeaderStore;
  readonly rows: Pick<UsageRowStore, 'writeRows'>;
  /** The configured installations, each with its own sources (rows of others stay as they are). */
  readonly scopes: readonly InstallationScope[];
  /** Turns late changes of closed periods into adjustments, after the open periods are brought up to date. */
  readonly settlement: Pick<LateChangeSettler, 'settle'>;
  readonly settings: AggregationSettings;
}

export interface AggregateResult {
  readonly time: string;
  readonly periods: { period: Period; status: 'open'; rowsWritten: number }[];
}

/**
 * Aggregation of the open periods (design.md "Aggregation and periods"): open-period rows hold
 * segments, tokens are computed at read time; only rows that changed are written. Each configured
 * installation's month items are priced with its own gaps and sets and tracked in its own manifest.
 */
export class PeriodAggregator {
  constructor(private readonly deps: PeriodAggregatorDeps) {}

  /** aggregate-usage: brings every open period up to the latest complete run of every installation; writes only rows that changed. */
  async aggregate(scheduledTime: string): Promise<AggregateResult> {
    const time = canonicalInstant(scheduledTime);
    const asOf = commonAsOf(await latestRunsOf(this.deps.scopes));
    if (asOf === undefined) return { time, periods: [] };
    const [headers, starts] = await Promise.all([this.deps.headers.listHeaders(), billingStartsOf(this.deps.settings, this.deps.scopes)]);
    // The committed checksum of each closed period: only its close's items and settled entries count.
    const closed = new Map(headers.filter((header) => header.status === 'closed').map((header) => [header.period, header.checksum ?? ''] as const));
    const periods = openPeriods(headers, starts.billingStart ?? asOf, asOf);
    const results: AggregateResult['periods'] = [];
    for (const period of periods) {
      const rowsWritten = await this.aggregatePeriod(period, asOf, starts);
      results.push({ period, status: 'open', rowsWritten });
    }
    const closing = new Set(headers.filter((header) => header.status === 'closing').map((header) => header.period));
    for (const header of headers) {
      if (header.status === 'closed') await this.deps.settlement.settle(header, closed, periods, closing, asOf);
    }
    return { time, periods: results };
  }

  /**
   * Periods still open although their end plus the close grace is at or before `scheduledTime`
   * (what close-period should have closed: an ops alarm when not zero).
   */
  async openPastDue(scheduledTime: string): Promise<Period[]> {
    const time = canonicalInstant(scheduledTime);
    const [headers, billingStart] = await Promise.all([this.deps.headers.listHeaders(), billingStartOf(this.deps.settings, this.deps.scopes)]);
    const graceMs = this.deps.settings.closeGraceMinutes * 60_000;
    return openPeriods(headers, billingStart ?? time, time).filter((period) => parseInstant(periodBounds(period).end) + graceMs <= parseInstant(time));
  }

  /**
   * One period brought up to `asOf` (the schedule's, and a close's final aggregation). Concurrent
   * aggregations of one period (the schedule and a close, two closes) race on the manifest's
   * optimistic writes: the loser re-reads and re-applies (its rows are computed from the same
   * items, so a retry that finds them written writes nothing), a bounded number of times.
   */
  async aggregatePeriod(period: Period, asOf: string, starts: BillingStarts): Promise<number> {
    for (let attempt = 1; ; attempt++) {
      const written = await this.aggregatePeriodOnce(period, asOf, starts);
      if (written !== undefined) return written;
      if (attempt >= MANIFEST_ATTEMPTS) throw new ConflictError(`Aggregation of ${period} kept losing to concurrent aggregations; try again`, 'aggregation_conflict');
    }
  }

  /** One attempt; undefined when a manifest shard was written concurrently. */
  private async aggregatePeriodOnce(period: Period, asOf: string, starts: BillingStarts): Promise<number | undefined> {
    const { headers, scopes } = this.deps;
    const nameInstallation = namesInstallations(scopes.map((scope) => scope.installation));
    let written = 0;
    let lost = false;
    for (const scope of scopes) {
      const changes = await this.aggregateScope(scope, period, starts, nameInstallation);
      if (changes === undefined) lost = true;
      else written += changes;
    }
    if (lost) return undefined;
    const [header, unbilledServers] = await Promise.all([headers.getHeader(period), unbilledAcross(scopes, period)]);
    const unbilled = unbilledList(unbilledServers);
    const unbilledChanged = canonicalJson(header?.unbilled ?? []) !== canonicalJson(unbilled.entries) || (header?.unbilledCount ?? 0) !== unbilled.count;
    if (header?.asOf !== asOf || header.billingStart !== starts.billingStart || unbilledChanged) await headers.putOpenHeader(period, asOf, starts.billingStart, unbilled);
    return written;
  }

  /** One installation's rows of the period brought up to date; undefined when a manifest shard of it was written concurrently. */
  private async aggregateScope(scope: InstallationScope, period: Period, starts: BillingStarts, nameInstallation: boolean): Promise<number | undefined> {
    const [months, manifest, pricing] = await Promise.all([scope.months.listServerMonths(period), scope.manifest.readManifest(period), scopePricing(scope, period, starts, nameInstallation)]);
    const installation = installationField(scope.installation);
    const changes: UsageRowChange[] = [];
    const shards = Array.from({ length: MANIFEST_SHARDS }, (_, shard) => new Map(Object.entries(manifest.get(shard)?.servers ?? {})));
    const present = new Set<number>();
    for (const month of months) {
      if (month.segments.length === 0) continue;
      present.add(month.serverId);
      const serverRows = scopedRowsOf(month, pricing);
      const shard = shards[manifestShardOf(month.serverId)] as Map<string, string>;
      const before = shard.get(String(month.serverId));
      const entry = manifestEntry(serverRows);
      if (before === entry) continue;
      for (const row of serverRows) changes.push({ put: row });
      for (const customer of customersOf(before)) if (!serverRows.some((row) => row.customer === customer)) changes.push({ remove: { period, customer, serverId: month.serverId, ...installation } });
      shard.set(String(month.serverId), entry);
    }
    for (const shard of shards) {
      for (const [id, entry] of [...shard]) {
        if (present.has(Number(id))) continue;
        for (const customer of customersOf(entry)) changes.push({ remove: { period, customer, serverId: Number(id), ...installation } });
        shard.delete(id);
      }
    }
    await this.deps.rows.writeRows(changes);
    const manifestWritten = await Promise.all(
      shards.map(async (entries, shard) => {
        const servers = Object.fromEntries(entries);
        const before = manifest.get(shard);
        if (canonicalJson(before?.servers ?? {}) === canonicalJson(servers)) return true;
        return scope.manifest.writeManifestShard(period, shard, servers, before?.version ?? 0);
      }),
    );
    return manifestWritten.includes(false) ? undefined : changes.length;
  }
}
