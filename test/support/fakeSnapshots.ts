import type * as z from 'zod';
import type { Period } from '../../shared/billing';
import type { LatestCompleteRun, NewRun, RunKind, StoredRun } from '../../shared/runs';
import { ACTIVITY_EVENTS, type Deadline, type SolusActivityLog, type SolusPage, type SolusPlan, type SolusServer, type SolusUser } from '../../shared/solusio';
import { packShardEntries, unpackShardEntries } from '../../shared/snapshots/packedState';
import {
  MONTH_ITEM_MAX_BYTES,
  MonthItemFullError,
  StaleItemError,
  type Gap,
  type ObservedShard,
  type ObservedState,
  type SnapshotRuns,
  type SnapshotStore,
  type SolusioServersReader,
} from '../../shared/snapshots/ports';
import { periodsOfLife, type UnbilledServer } from '../../shared/snapshots/shortLived';
import type { ServerMonth } from '../../shared/snapshots/types';
import { OBSERVED_SHARDS } from '../../shared/storage/keys';

/**
 * In-memory fakes of the snapshot pipeline's own ports (`shared/snapshots/ports.ts`) for unit tests
 * of the run's steps. Each keeps the conditions of the DynamoDB store it stands for: versioned
 * writes refuse a stale version (`StaleItemError`), the month item's size limit, the meta's month
 * only moving forward, an unbilled server and a run stored once, the pointer only moving forward.
 */

/** The snapshot items in memory; shards are kept as the stored string (`packShardEntries`), as DynamoDB keeps them. */
export class FakeSnapshotStore implements SnapshotStore {
  meta: { month?: Period; firstCompleteRun?: string } = {};
  readonly shards = new Map<number, { version: number; entries: string }>();
  readonly months = new Map<string, ServerMonth>();
  readonly late = new Map<Period, Set<number>>();
  readonly gaps: Gap[] = [];
  readonly unbilled = new Map<string, UnbilledServer>();
  /** Shard numbers in the order they were written. */
  readonly shardWrites: number[] = [];
  /** Servers whose month items refuse any write as full (a server that flipped hundreds of times). */
  readonly fullServers = new Set<number>();
  /** Hostnames written onto items by `nameServerMonth` (a rename's one write), in order. */
  readonly namings: { serverId: number; period: Period; hostname: string }[] = [];
  /** Runs once before each month-item write is checked: a test interleaves another writer here. */
  beforePutServerMonth: ((month: ServerMonth) => void) | undefined;

  async readObserved(): Promise<ObservedState> {
    const shards = new Map<number, ObservedShard>();
    for (const [shard, { version, entries }] of this.shards) shards.set(shard, { version, servers: unpackShardEntries(entries) });
    return { ...this.meta, shards };
  }

  async writeShard(shard: number, servers: Record<string, string>, expectedVersion: number): Promise<void> {
    if (shard < 0 || shard >= OBSERVED_SHARDS) throw new RangeError(`shard ${shard}`);
    if ((this.shards.get(shard)?.version ?? 0) !== expectedVersion) throw new StaleItemError(`observed shard ${shard}`);
    this.shards.set(shard, { version: expectedVersion + 1, entries: packShardEntries(servers) });
    this.shardWrites.push(shard);
  }

  async writeMeta(fields: { month?: Period; firstCompleteRun?: string }): Promise<void> {
    const monthMovesForward = fields.month !== undefined && (this.meta.month === undefined || this.meta.month <= fields.month);
    this.meta = {
      ...this.meta,
      ...(monthMovesForward ? { month: fields.month } : {}),
      ...(this.meta.firstCompleteRun === undefined && fields.firstCompleteRun !== undefined ? { firstCompleteRun: fields.firstCompleteRun } : {}),
    };
  }

  month(serverId: number, period: Period): ServerMonth | undefined {
    return this.months.get(`${serverId}#${period}`);
  }

  async getServerMonths(wanted: readonly { serverId: number; period: Period }[]): Promise<ServerMonth[]> {
    return wanted.map(({ serverId, period }) => this.month(serverId, period)).filter((month) => month !== undefined);
  }

  async putServerMonth(month: ServerMonth, _lastRun: string): Promise<void> {
    const hook = this.beforePutServerMonth;
    this.beforePutServerMonth = undefined;
    hook?.(month);
    if (this.fullServers.has(month.serverId)) throw new MonthItemFullError(month.serverId, month.period, MONTH_ITEM_MAX_BYTES + 1);
    if ((this.month(month.serverId, month.period)?.version ?? 0) !== month.version) throw new StaleItemError(`server ${month.serverId} month ${month.period}`);
    this.months.set(`${month.serverId}#${month.period}`, { ...month, version: month.version + 1 });
  }

  async serverIdsWithMonth(period: Period): Promise<Map<number, 'segments' | 'empty'>> {
    const present = new Map<number, 'segments' | 'empty'>();
    for (const month of this.months.values()) if (month.period === period) present.set(month.serverId, month.segments.length > 0 ? 'segments' : 'empty');
    return present;
  }

  async putNewServerMonths(months: readonly ServerMonth[], lastRun: string): Promise<void> {
    for (const month of months) {
      if (this.month(month.serverId, month.period) === undefined) this.months.set(`${month.serverId}#${month.period}`, { ...month, version: 1 });
      else await this.carryIntoEmptyMonth(month, lastRun);
    }
  }

  async carryIntoEmptyMonth(month: ServerMonth, _lastRun: string): Promise<void> {
    const stored = this.month(month.serverId, month.period);
    if (stored === undefined || stored.segments.length > 0) return;
    this.months.set(`${month.serverId}#${month.period}`, { ...stored, segments: month.segments, ...(month.hostname === undefined ? {} : { hostname: month.hostname }), version: stored.version + 1 });
  }

  async nameServerMonth(serverId: number, period: Period, hostname: string, _lastRun: string): Promise<boolean> {
    const stored = this.month(serverId, period);
    if (stored === undefined || stored.hostname === hostname) return false;
    this.months.set(`${serverId}#${period}`, { ...stored, hostname, version: stored.version + 1 });
    this.namings.push({ serverId, period, hostname });
    return true;
  }

  async markLate(period: Period, serverIds: readonly number[]): Promise<void> {
    const marked = this.late.get(period) ?? new Set<number>();
    for (const id of serverIds) marked.add(id);
    this.late.set(period, marked);
  }

  async putGap(_kind: string, gap: Gap): Promise<void> {
    this.gaps.push(gap);
  }

  async putUnbilled(server: UnbilledServer): Promise<boolean> {
    let first = false;
    for (const period of periodsOfLife(server.createdAt, server.deletedAt ?? server.foundBy)) {
      const key = `${period}#${server.installation}#${server.serverId}`;
      if (this.unbilled.has(key)) continue;
      this.unbilled.set(key, server);
      first = true;
    }
    return first;
  }
}

interface FakeRun {
  readonly time: string;
  readonly record: unknown;
  readonly seenIds?: readonly number[];
  readonly complete: boolean;
  readonly expiresAt?: number;
}

/** Run records in memory, read back through the caller's schema as the repository does. */
export class FakeSnapshotRuns implements SnapshotRuns {
  readonly runs = new Map<string, FakeRun>();
  latestComplete: string | undefined;

  private load<R>(run: FakeRun, schema: z.ZodType<R>): StoredRun<R> {
    return { time: run.time, record: schema.parse(run.record), ...(run.seenIds === undefined ? {} : { seenIds: run.seenIds }) };
  }

  private sorted(): FakeRun[] {
    return [...this.runs.values()].sort((a, b) => a.time.localeCompare(b.time));
  }

  async newestRun<R>(_kind: RunKind, schema: z.ZodType<R>): Promise<StoredRun<R> | undefined> {
    const newest = this.sorted().at(-1);
    return newest === undefined ? undefined : this.load(newest, schema);
  }

  async getRun<R>(_kind: RunKind, time: string, schema: z.ZodType<R>): Promise<StoredRun<R> | undefined> {
    const run = this.runs.get(time);
    return run === undefined ? undefined : this.load(run, schema);
  }

  async runsBetween<R>(_kind: RunKind, from: string, to: string, schema: z.ZodType<R>): Promise<StoredRun<R>[]> {
    return this.sorted()
      .filter((run) => run.time > from && run.time < to)
      .map((run) => this.load(run, schema));
  }

  async putRun<R>(_kind: RunKind, run: NewRun<R>, schema: z.ZodType<R>): Promise<{ created: boolean; stored: StoredRun<R> }> {
    const existing = this.runs.get(run.time);
    if (existing !== undefined) return { created: false, stored: this.load(existing, schema) };
    this.runs.set(run.time, { ...run, record: JSON.parse(JSON.stringify(run.record)) as unknown });
    return { created: true, stored: run };
  }

  async amendRun(_kind: RunKind, time: string, fields: Record<string, unknown>): Promise<void> {
    const run = this.runs.get(time);
    if (run === undefined) throw new Error(`no run at ${time}`);
    this.runs.set(time, { ...run, record: { ...(run.record as Record<string, unknown>), ...fields } });
  }

  async getLatestCompleteRun(kind: RunKind): Promise<LatestCompleteRun | undefined> {
    return this.latestComplete === undefined ? undefined : { kind, time: this.latestComplete };
  }

  async advanceLatestComplete(_kind: RunKind, time: string): Promise<void> {
    if (this.latestComplete === undefined || this.latestComplete < time) this.latestComplete = time;
  }
}

export const FAKE_PLAN: SolusPlan = { id: 1, name: 'Small', tokensPerHour: 7, tokensPerMonth: 5000, ipTokensPerHour: 1, ipTokensPerMonth: 500, backupPrice: 10 };
export const FAKE_USER: SolusUser = { id: 1, email: 'owner@example.test', status: 'active', billingUserId: 1001 };

/** A SolusIO server as the client answers it: the fake plan and user unless overridden. */
export function fakeServer(id: number, createdAt: string, overrides: Partial<SolusServer> = {}): SolusServer {
  return {
    id,
    uuid: `uuid-${id}`,
    name: `vps${id}`,
    status: 'started',
    isSuspended: false,
    isProcessing: false,
    plan: FAKE_PLAN,
    user: FAKE_USER,
    backupsEnabled: false,
    ipv4: [],
    additionalIpv4Count: 0,
    createdAt,
    description: '',
    ...overrides,
  };
}

/**
 * SolusIO as a servers run reads it, in memory: servers listed in pages, `GET servers/{id}`
 * (undefined: 404), and an activity log served newest first. Each call can be made to fail.
 */
export class FakeSolusioServers implements SolusioServersReader {
  readonly plans = new Map<number, SolusPlan>([[FAKE_PLAN.id, FAKE_PLAN]]);
  readonly users = new Map<number, SolusUser>([[FAKE_USER.id, FAKE_USER]]);
  readonly servers = new Map<number, SolusServer>();
  readonly log: SolusActivityLog[] = [];
  /** Servers `GET servers/{id}` finds although no page lists them (paging shifted). */
  readonly hiddenFromPages = new Set<number>();
  pageSize = 2;
  /** Pages served before the listing fails (undefined: never). */
  failListingAfterPages: number | undefined;
  failPlans = false;
  failActivityLog = false;
  /** Servers whose `GET servers/{id}` fails (a timeout, a 5xx). */
  readonly failGetServer = new Set<number>();
  readonly getServerCalls: number[] = [];

  add(server: SolusServer): void {
    this.servers.set(server.id, server);
  }

  /** An activity-log entry about a server, in the shape `readActivityLogEntry` reads. */
  logEvent(event: (typeof ACTIVITY_EVENTS)[keyof typeof ACTIVITY_EVENTS], at: string, serverId: number): void {
    this.log.push({ id: this.log.length + 1, event, userEmail: 'admin@example.test', createdAt: at, data: { compute_resource_vm: { id: serverId } } });
  }

  async listPlans(): Promise<SolusPlan[]> {
    if (this.failPlans) throw new Error('plans: 503');
    return [...this.plans.values()];
  }

  async listUsers(): Promise<SolusUser[]> {
    return [...this.users.values()];
  }

  async *serverPages(_deadline: Deadline): AsyncGenerator<SolusPage<SolusServer>> {
    const listed = [...this.servers.values()].filter((server) => !this.hiddenFromPages.has(server.id)).sort((a, b) => a.id - b.id);
    const lastPage = Math.max(1, Math.ceil(listed.length / this.pageSize));
    for (let page = 1; page <= lastPage; page += 1) {
      if (this.failListingAfterPages !== undefined && page > this.failListingAfterPages) throw new Error(`servers page ${page}: 503`);
      yield { page, lastPage, items: listed.slice((page - 1) * this.pageSize, page * this.pageSize) };
    }
  }

  async getServer(id: number): Promise<SolusServer | undefined> {
    this.getServerCalls.push(id);
    if (this.failGetServer.has(id)) throw new Error(`servers/${id}: 503`);
    return this.servers.get(id);
  }

  async *activityLogPages(_deadline: Deadline): AsyncGenerator<SolusPage<SolusActivityLog>> {
    if (this.failActivityLog) throw new Error('activity log: 503');
    const newestFirst = [...this.log].sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id - a.id);
    yield { page: 1, lastPage: 1, items: newestFirst };
  }
}
