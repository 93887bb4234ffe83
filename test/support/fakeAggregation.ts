import type { Period } from '../../shared/billing';
import { CloseLockLostError } from '../../shared/aggregation/errors';
import type {
  AdjustmentChange,
  Adjustments,
  AggregationManifest,
  AggregationPorts,
  ClosedItem,
  ClosedLineReader,
  CloseCommit,
  CloseLock,
  CompleteRuns,
  CustomerRows,
  HeldCloseWrites,
  LateMarks,
  ManifestShard,
  PeriodHeaderStore,
  ServerMonthSource,
  SettledAdjustment,
  SettledAdjustmentOf,
  UnbilledList,
  UsageReadPorts,
  UsageRowChange,
  UsageRowStore,
} from '../../shared/aggregation/ports';
import type { AdjustmentRow, InvoiceLine, PeriodHeader, UsageRow } from '../../shared/aggregation/types';
import { ConflictError } from '../../shared/errors';
import type { Gap } from '../../shared/snapshots/DynamoSnapshotStore';
import type { UnbilledServer } from '../../shared/snapshots/shortLived';
import type { ServerMonth } from '../../shared/snapshots/types';

const NONE: UnbilledList = { entries: [], count: 0 };
const unbilledFields = (unbilled: UnbilledList) => (unbilled.count === 0 ? {} : { unbilled: [...unbilled.entries], unbilledCount: unbilled.count });
const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
/** The server part of a fake key: its id, after its installation's name for one other than `default` (ids repeat across installations). */
const server = (serverId: number, installation?: string): string => (installation === undefined || installation === 'default' ? String(serverId) : `${installation}@${serverId}`);
const serverTail = (serverId: number, of?: string, installation?: string): string => `${of === undefined ? 'SERVER' : `ADJ#${of}`}#${server(0, installation)}#${String(serverId).padStart(12, '0')}`;

interface StoredClosedItem extends ClosedItem {
  readonly checksum: string;
}

/**
 * The aggregation's storage ports in memory, with the conditions the DynamoDB ones check (the
 * header's status and close token, the manifest's versions). Unit tests only.
 */
export class MemoryAggregationStore implements PeriodHeaderStore, CloseLock, UsageRowStore, AggregationManifest, ClosedLineReader, LateMarks, Adjustments {
  readonly headers = new Map<Period, PeriodHeader>();
  readonly rows = new Map<string, UsageRow>();
  readonly adjustmentRows = new Map<string, AdjustmentRow>();
  readonly manifest = new Map<Period, Map<number, ManifestShard>>();
  readonly closed = new Map<string, StoredClosedItem & { period: Period }>();
  readonly settled: SettledAdjustmentOf[] = [];
  readonly marks = new Map<Period, Map<number, string>>();
  /** How many times each port method ran (what a read-only service may not call shows up here). */
  readonly calls = new Map<string, number>();
  private markCounter = 0;

  /** The ports as the services take them: this one store behind each. */
  ports(): AggregationPorts {
    return { headers: this, rows: this, closedLines: this, manifest: this, marks: this, adjustments: this };
  }

  readPorts(): UsageReadPorts {
    return { headers: this, rows: this, closedLines: this };
  }

  /** Marks servers of a past period as changed late (what a snapshot run does). */
  markLate(period: Period, serverIds: readonly number[]): void {
    const marks = this.marks.get(period) ?? new Map<number, string>();
    for (const serverId of serverIds) marks.set(serverId, `mark-${++this.markCounter}`);
    this.marks.set(period, marks);
  }

  private count(method: string): void {
    this.calls.set(method, (this.calls.get(method) ?? 0) + 1);
  }

  // --- headers and the close lock ---------------------------------------------------------------

  async listHeaders(): Promise<PeriodHeader[]> {
    this.count('listHeaders');
    return [...this.headers.values()];
  }

  async getHeader(period: Period): Promise<PeriodHeader | undefined> {
    this.count('getHeader');
    return this.headers.get(period);
  }

  async putOpenHeader(period: Period, asOf: string, billingStart: string | undefined, unbilled: UnbilledList = NONE): Promise<void> {
    this.count('putOpenHeader');
    const header = this.headers.get(period);
    if (header !== undefined && header.status !== 'open') return;
    this.headers.set(period, { period, status: 'open', asOf, ...(billingStart === undefined ? {} : { billingStart }), ...unbilledFields(unbilled) });
  }

  async lockClose(period: Period, token: string, nowMs: number, leaseMs: number): Promise<boolean> {
    this.count('lockClose');
    const header = this.headers.get(period);
    const free = header === undefined || header.status === 'open' || (header.status === 'closing' && (header.closeLeaseUntilMs ?? 0) <= nowMs);
    if (!free) return false;
    this.headers.set(period, { ...(header ?? { period }), status: 'closing', closeToken: token, closeLeaseUntilMs: nowMs + leaseMs });
    return true;
  }

  private holds(period: Period, token: string): boolean {
    const header = this.headers.get(period);
    return header?.status === 'closing' && header.closeToken === token;
  }

  async writeClosedItems(period: Period, token: string, writes: HeldCloseWrites): Promise<void> {
    this.count('writeClosedItems');
    if (!this.holds(period, token)) throw new CloseLockLostError(period);
    for (const item of writes.items) this.closed.set(`${period}#${item.customer}#${serverTail(item.serverId, item.adjustmentOf, item.installation)}`, { ...item, period, checksum: writes.checksum });
    this.settled.push(...writes.settled);
  }

  async commitClose(period: Period, token: string, fields: CloseCommit, unbilled: UnbilledList = NONE): Promise<boolean> {
    this.count('commitClose');
    if (!this.holds(period, token)) return false;
    this.headers.set(period, { period, status: 'closed', published: false, ...fields, ...unbilledFields(unbilled) });
    return true;
  }

  async releaseClose(period: Period, token: string): Promise<void> {
    this.count('releaseClose');
    const header = this.headers.get(period);
    if (header === undefined || !this.holds(period, token)) return;
    const released: { -readonly [K in keyof PeriodHeader]: PeriodHeader[K] } = { ...header, status: 'open' };
    delete released.closeToken;
    delete released.closeLeaseUntilMs;
    this.headers.set(period, released);
  }

  async markPublished(period: Period): Promise<boolean> {
    this.count('markPublished');
    const header = this.headers.get(period);
    if (header?.status !== 'closed' || header.published !== false) return false;
    this.headers.set(period, { ...header, published: true });
    return true;
  }

  // --- usage rows and the manifest --------------------------------------------------------------

  private partition(period: Period, customer?: string): CustomerRows {
    const wanted = (row: { period: string; customer: string }) => row.period === period && (customer === undefined || row.customer === customer);
    const order = (a: { customer: string; serverId: number }, b: { customer: string; serverId: number }) => byText(a.customer, b.customer) || a.serverId - b.serverId;
    return { rows: [...this.rows.values()].filter(wanted).sort(order), adjustments: [...this.adjustmentRows.values()].filter(wanted).sort(order) };
  }

  async customerRows(period: Period, customer: string): Promise<CustomerRows> {
    this.count('customerRows');
    return this.partition(period, customer);
  }

  async rowsPage(period: Period, afterCustomer: string | undefined, limit: number): Promise<CustomerRows & { customers: string[]; more: boolean }> {
    this.count('rowsPage');
    const all = this.partition(period);
    const names = [...new Set([...all.rows, ...all.adjustments].map((row) => row.customer))].sort(byText).filter((name) => afterCustomer === undefined || name > afterCustomer);
    const customers = names.slice(0, limit);
    const chosen = (row: { customer: string }) => customers.includes(row.customer);
    return { rows: all.rows.filter(chosen), adjustments: all.adjustments.filter(chosen), customers, more: names.length > limit };
  }

  async allRows(period: Period): Promise<CustomerRows> {
    this.count('allRows');
    return this.partition(period);
  }

  async writeRows(changes: readonly UsageRowChange[]): Promise<void> {
    this.count('writeRows');
    for (const change of changes) {
      if ('put' in change) this.rows.set(`${change.put.period}#${change.put.customer}#${server(change.put.serverId, change.put.installation)}`, change.put);
      else this.rows.delete(`${change.remove.period}#${change.remove.customer}#${server(change.remove.serverId, change.remove.installation)}`);
    }
  }

  async readManifest(period: Period): Promise<Map<number, ManifestShard>> {
    this.count('readManifest');
    return new Map(this.manifest.get(period) ?? []);
  }

  async writeManifestShard(period: Period, shard: number, servers: Record<string, string>, expectedVersion: number): Promise<boolean> {
    this.count('writeManifestShard');
    const shards = this.manifest.get(period) ?? new Map<number, ManifestShard>();
    if ((shards.get(shard)?.version ?? 0) !== expectedVersion) return false;
    shards.set(shard, { version: expectedVersion + 1, servers: { ...servers } });
    this.manifest.set(period, shards);
    return true;
  }

  // --- closed lines -----------------------------------------------------------------------------

  private closedOf(period: Period, checksum: string): [string, StoredClosedItem][] {
    return [...this.closed.entries()].filter(([, item]) => item.period === period && item.checksum === checksum).sort(([a], [b]) => byText(a, b));
  }

  async closedLinesOf(period: Period, customer: string, checksum: string): Promise<InvoiceLine[]> {
    this.count('closedLinesOf');
    return this.closedOf(period, checksum).flatMap(([, item]) => (item.customer === customer ? [...item.lines] : []));
  }

  async closedPage(period: Period, afterCustomer: string | undefined, limit: number, checksum: string): Promise<{ lines: InvoiceLine[]; customers: string[]; more: boolean }> {
    this.count('closedPage');
    const items = this.closedOf(period, checksum).map(([, item]) => item);
    const names = [...new Set(items.map((item) => item.customer))].sort(byText).filter((name) => afterCustomer === undefined || name > afterCustomer);
    const customers = names.slice(0, limit);
    return { lines: items.filter((item) => customers.includes(item.customer)).flatMap((item) => [...item.lines]), customers, more: names.length > limit };
  }

  // --- late marks and adjustments ---------------------------------------------------------------

  async lateServers(period: Period): Promise<Map<number, string>> {
    this.count('lateServers');
    return new Map([...(this.marks.get(period) ?? [])].sort(([a], [b]) => a - b));
  }

  async clearLate(period: Period, marks: ReadonlyMap<number, string>): Promise<void> {
    this.count('clearLate');
    const current = this.marks.get(period);
    for (const [serverId, token] of marks) if (current?.get(serverId) === token) current.delete(serverId);
  }

  async settledAdjustments(of: Period): Promise<SettledAdjustment[]> {
    this.count('settledAdjustments');
    return this.settled.filter((entry) => entry.of === of);
  }

  async writeIntoOpenPeriod(period: Period, changes: readonly AdjustmentChange[]): Promise<void> {
    this.count('writeIntoOpenPeriod');
    if (this.headers.get(period)?.status !== 'open') throw new ConflictError(`${period} is no longer open; adjustments go to the next open period`, 'period_closed');
    for (const change of changes) {
      if ('put' in change) {
        const row = change.put;
        this.adjustmentRows.set(`${row.period}#${row.customer}#${row.adjustmentOf}#${server(row.serverId, row.installation)}`, row);
      } else {
        const { period: into, customer, adjustmentOf, serverId, installation } = change.remove;
        this.adjustmentRows.delete(`${into}#${customer}#${adjustmentOf}#${server(serverId, installation)}`);
      }
    }
  }
}

/** The snapshot reads in memory: month items, gaps, unbilled servers and the first complete run. */
export class MemoryServerMonths implements ServerMonthSource {
  readonly months: ServerMonth[] = [];
  gaps: Gap[] = [];
  unbilled: UnbilledServer[] = [];
  firstCompleteRun: string | undefined;

  /** Replaces a server's month item (a snapshot run that recorded a change). */
  put(month: ServerMonth): void {
    const index = this.months.findIndex((known) => known.serverId === month.serverId && known.period === month.period);
    if (index >= 0) this.months.splice(index, 1, month);
    else this.months.push(month);
  }

  async readObserved(): Promise<{ firstCompleteRun?: string }> {
    return this.firstCompleteRun === undefined ? {} : { firstCompleteRun: this.firstCompleteRun };
  }

  async listServerMonths(period: Period): Promise<ServerMonth[]> {
    return this.months.filter((month) => month.period === period).sort((a, b) => a.serverId - b.serverId);
  }

  async getServerMonths(wanted: readonly { serverId: number; period: Period }[]): Promise<ServerMonth[]> {
    return this.months.filter((month) => wanted.some((key) => key.serverId === month.serverId && key.period === month.period));
  }

  async gapsOverlapping(): Promise<Gap[]> {
    return this.gaps;
  }

  async listUnbilled(period: Period): Promise<UnbilledServer[]> {
    return this.unbilled.filter((server) => server.createdAt.startsWith(period));
  }
}

/** The latest complete run, set by the test. */
export class MemoryCompleteRuns implements CompleteRuns {
  latest: string | undefined;

  async getLatestCompleteRun(): Promise<{ time: string } | undefined> {
    return this.latest === undefined ? undefined : { time: this.latest };
  }
}
