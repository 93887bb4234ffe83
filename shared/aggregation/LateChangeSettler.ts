import { periodBounds, type Period } from '../billing';
import type { Logger } from '../logging';
import { manifestShardOf } from '../storage/keys';
import { customersOf } from './manifestEntries';
import { installationField, installationOf, namesInstallations, type InstallationScope } from './installationScope';
import type { AdjustmentChange, Adjustments, ClosedLineReader } from './ports';
import { scopedRowsOf, scopePricing } from './scopeRows';
import { usageSettingsOf, type AggregationSettings, type BillingStarts } from './settings';
import type { AdjustmentRow, PeriodHeader } from './types';
import { usageFromRows } from './usageFromRows';

export interface LateChangeSettlerDeps {
  readonly adjustments: Adjustments;
  readonly closedLines: Pick<ClosedLineReader, 'closedLinesOf'>;
  /** The configured installations: each one's late marks are settled with its own sources. */
  readonly scopes: readonly InstallationScope[];
  readonly settings: Pick<AggregationSettings, 'billSuspendedTime' | 'tokenRates' | 'installations'>;
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
    for (const scope of this.deps.scopes) await this.settleScope(scope, header, closed, openPeriods, closing, asOf);
  }

  /** One installation's late changes of a closed period. */
  private async settleScope(scope: InstallationScope, header: PeriodHeader, closed: ReadonlyMap<Period, string>, openPeriods: readonly Period[], closing: ReadonlySet<Period>, asOf: string): Promise<void> {
    const { adjustments } = this.deps;
    const { marks: markStore, manifest: manifestStore, months: snapshots } = scope;
    const installation = scope.installation;
    const period = header.period;
    const marks = await markStore.lateServers(period);
    const late = [...marks.keys()];
    if (late.length === 0) return;
    // Never into a period a close holds: it has read its adjustments already.
    const target = openPeriods.find((candidate) => candidate > period && !closing.has(candidate));
    if (target === undefined) return;
    const { end } = periodBounds(period);
    const nameInstallation = namesInstallations(this.deps.settings.installations);
    const [months, pricing, manifest, settled] = await Promise.all([
      snapshots.getServerMonths(late.map((serverId) => ({ serverId, period }))),
      scopePricing(scope, period, await this.startsOf(scope, header), nameInstallation),
      manifestStore.readManifest(period),
      adjustments.settledAdjustments(period),
    ]);
    const metered = pricing.metered;
    const rows = months.flatMap((month) => scopedRowsOf(month, pricing));
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
        if (installationOf(line) !== installation || !lateSet.has(line.serverId) || line.adjustmentOf !== undefined) continue;
        add(customer, line.serverId, line.kind === 'runtime' ? line.tokens : 0, line.kind === 'ips' ? line.tokens : 0, line.kind === 'backups' ? line.tokens : 0);
      }
    }
    for (const entry of settled) if (installationOf(entry) === installation && closed.get(entry.inPeriod) === entry.checksum && lateSet.has(entry.serverId)) add(entry.customer, entry.serverId, entry.runtimeTokens, entry.ipTokens, entry.backupTokens);
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
        ...installationField(installation),
        ...(hostname === undefined ? {} : { hostname }),
        adjustmentOf: period,
        runtimeTokens: nowTokens.runtime - before.runtime,
        ipTokens: nowTokens.ips - before.ips,
        backupTokens: nowTokens.backups - before.backups,
        // The billing system prices a metered server's usage itself: its adjustment is reported, never pushed.
        ...(metered.has(serverId) ? { metered: true as const } : {}),
      };
      if (adjustment.runtimeTokens === 0 && adjustment.ipTokens === 0 && adjustment.backupTokens === 0) changes.push({ remove: { period: target, customer, adjustmentOf: period, serverId, ...installationField(installation) } });
      else changes.push({ put: adjustment });
    }
    // Only into a period still open: a close of `target` that ran since the headers were read makes
    // this fail, and the next aggregation writes into the period after it.
    await adjustments.writeIntoOpenPeriod(target, changes);
    await markStore.clearLate(period, marks);
    this.deps.logger.warn('Changes recorded for a closed period became adjustments', { period, in: target, installation, servers: late, asOf });
  }

  /** Where the installation bills from in the closed period: the period's billingStart, or its own first complete run when later (several installations). */
  private async startsOf(scope: InstallationScope, header: PeriodHeader): Promise<BillingStarts> {
    const first = this.deps.scopes.length > 1 ? (await scope.months.readObserved()).firstCompleteRun : undefined;
    const later = first !== undefined && (header.billingStart === undefined || first > header.billingStart);
    return { billingStart: header.billingStart, from: new Map(later ? [[scope.installation, first]] : []) };
  }
}
