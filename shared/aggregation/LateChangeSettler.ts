import { periodBounds, type Period } from '../billing';
import type { Logger } from '../logging';
import { manifestShardOf } from '../storage/keys';
import { customersOf } from './manifestEntries';
import type { AdjustmentChange, Adjustments, AggregationManifest, ClosedLineReader, LateMarks, MeteredServers, PrepaidServers, ServerMonthSource } from './ports';
import { usageSettingsOf, type AggregationSettings } from './settings';
import type { AdjustmentRow, PeriodHeader } from './types';
import { usageFromRows } from './usageFromRows';
import { usageRowsOf } from './usageRows';

export interface LateChangeSettlerDeps {
  readonly marks: LateMarks;
  readonly adjustments: Adjustments;
  readonly manifest: Pick<AggregationManifest, 'readManifest'>;
  readonly closedLines: Pick<ClosedLineReader, 'closedLinesOf'>;
  readonly months: Pick<ServerMonthSource, 'getServerMonths' | 'gapsOverlapping'>;
  readonly settings: Pick<AggregationSettings, 'billSuspendedTime' | 'tokenRates'>;
  readonly prepaidServers?: PrepaidServers;
  readonly meteredServers?: MeteredServers;
  readonly logger: Logger;
}

interface KindTokens {
  readonly runtime: number;
  readonly ips: number;
  readonly backups: number;
}

const NO_TOKENS: KindTokens = { runtime: 0, ips: 0, backups: 0 };

/**
 * Late changes to closed periods (billing-rules.md "Adjustments"): a closed period whose items
 * changed afterwards (the snapshot run marks the servers) is recomputed for those servers; the
 * difference between what it would bill now and what it billed (and what earlier adjustments
 * settled) becomes an adjustment entry per server in the first open period after it. The closed
 * period never changes.
 */
export class LateChangeSettler {
  constructor(private readonly deps: LateChangeSettlerDeps) {}

  /**
   * `closed`: the committed checksum of each closed period; `openPeriods`: the periods an
   * adjustment may go to; `closing`: periods a close holds (never a target: it has read its adjustments).
   */
  async settle(header: PeriodHeader, closed: ReadonlyMap<Period, string>, openPeriods: readonly Period[], closing: ReadonlySet<Period>, asOf: string): Promise<void> {
    const { marks: markStore, adjustments, manifest: manifestStore, months: snapshots } = this.deps;
    const period = header.period;
    const marks = await markStore.lateServers(period);
    const late = [...marks.keys()];
    if (late.length === 0) return;
    // Never into a period a close holds: it has read its adjustments already.
    const target = openPeriods.find((candidate) => candidate > period && !closing.has(candidate));
    if (target === undefined) return;
    const { start, end } = periodBounds(period);
    const [months, gaps, manifest, settled, prepaid, metered] = await Promise.all([
      snapshots.getServerMonths(late.map((serverId) => ({ serverId, period }))),
      snapshots.gapsOverlapping('servers', start, end),
      manifestStore.readManifest(period),
      adjustments.settledAdjustments(period),
      this.deps.prepaidServers?.() ?? Promise.resolve(new Set<number>()),
      this.deps.meteredServers?.() ?? Promise.resolve(new Set<number>()),
    ]);
    const rows = months.flatMap((month) => usageRowsOf(month, gaps, prepaid.has(month.serverId), metered.has(month.serverId)));
    const hostnames = new Map(months.flatMap((month) => (month.hostname === undefined ? [] : [[month.serverId, month.hostname] as const])));
    const customers = new Set(rows.map((row) => row.customer));
    for (const serverId of late) for (const customer of customersOf(manifest.get(manifestShardOf(serverId))?.servers[String(serverId)])) customers.add(customer);
    const now = usageFromRows({ period, asOf: end, rows, adjustments: [], settings: usageSettingsOf(this.deps.settings, header.billingStart), customers });
    const billed = new Map<string, KindTokens>();
    const add = (customer: string, serverId: number, runtime: number, ips: number, backups: number): void => {
      const key = `${customer}#${serverId}`;
      const sum = billed.get(key) ?? NO_TOKENS;
      billed.set(key, { runtime: sum.runtime + runtime, ips: sum.ips + ips, backups: sum.backups + backups });
    };
    const lateSet = new Set(late);
    for (const customer of customers) {
      for (const line of await this.deps.closedLines.closedLinesOf(period, customer, header.checksum ?? '')) {
        if (!lateSet.has(line.serverId) || line.adjustmentOf !== undefined) continue;
        add(customer, line.serverId, line.kind === 'runtime' ? line.tokens : 0, line.kind === 'ips' ? line.tokens : 0, line.kind === 'backups' ? line.tokens : 0);
      }
    }
    for (const entry of settled) if (closed.get(entry.inPeriod) === entry.checksum && lateSet.has(entry.serverId)) add(entry.customer, entry.serverId, entry.runtimeTokens, entry.ipTokens, entry.backupTokens);
    const changes: AdjustmentChange[] = [];
    const current = new Map<string, KindTokens>();
    for (const customer of now) for (const line of customer.servers) current.set(`${customer.customer}#${line.serverId}`, { runtime: line.runtimeTokens, ips: line.ipTokens, backups: line.backupTokens });
    for (const key of new Set([...current.keys(), ...billed.keys()])) {
      const [customer = '', id = '0'] = key.split(/#(?=\d+$)/);
      const serverId = Number(id);
      const hostname = hostnames.get(serverId);
      const nowTokens = current.get(key) ?? NO_TOKENS;
      const before = billed.get(key) ?? NO_TOKENS;
      const adjustment: AdjustmentRow = {
        period: target,
        customer,
        serverId,
        ...(hostname === undefined ? {} : { hostname }),
        adjustmentOf: period,
        runtimeTokens: nowTokens.runtime - before.runtime,
        ipTokens: nowTokens.ips - before.ips,
        backupTokens: nowTokens.backups - before.backups,
        // The billing system prices a metered server's usage itself: its adjustment is reported, never pushed.
        ...(metered.has(serverId) ? { metered: true as const } : {}),
      };
      if (adjustment.runtimeTokens === 0 && adjustment.ipTokens === 0 && adjustment.backupTokens === 0) changes.push({ remove: { period: target, customer, adjustmentOf: period, serverId } });
      else changes.push({ put: adjustment });
    }
    // Only into a period still open: a close of `target` that ran since the headers were read makes
    // this fail, and the next aggregation writes into the period after it.
    await adjustments.writeIntoOpenPeriod(target, changes);
    await markStore.clearLate(period, marks);
    this.deps.logger.warn('Changes recorded for a closed period became adjustments', { period, in: target, servers: late, asOf });
  }
}
