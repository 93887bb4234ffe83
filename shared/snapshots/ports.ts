import type * as z from 'zod';
import type { Period } from '../billing';
import type { LatestCompleteRun, NewRun, RunKind, StoredRun } from '../runs';
import type { Deadline, SolusActivityLog, SolusPage, SolusPlan, SolusServer, SolusUser } from '../solusio';
import type { UnbilledServer } from './shortLived';
import type { ServerMonth } from './types';

/**
 * The ports of the snapshot pipeline: what its steps need of SolusIO and of storage. The DynamoDB
 * stores (`store/`, gathered by `DynamoSnapshotStore`) implement them; unit tests run the steps on
 * fakes (test/support/fakeSnapshots.ts) that keep the same conditions.
 */

/** What a servers run reads from SolusIO. */
export interface SolusioServersReader {
  serverPages(deadline: Deadline): AsyncGenerator<SolusPage<SolusServer>>;
  getServer(id: number, deadline: Deadline): Promise<SolusServer | undefined>;
  listPlans(deadline: Deadline): Promise<SolusPlan[]>;
  listUsers(deadline: Deadline): Promise<SolusUser[]>;
  activityLogPages(deadline: Deadline): AsyncGenerator<SolusPage<SolusActivityLog>>;
}

/** The observed state as stored: the month the month items run to, the first complete run, the packed servers. */
export interface ObservedState {
  /** The latest period for which every known server has a month item. */
  readonly month?: Period;
  readonly firstCompleteRun?: string;
  /** Shard number -> its version and packed servers (id -> packed state, `packedState.ts`). */
  readonly shards: ReadonlyMap<number, ObservedShard>;
}

export interface ObservedShard {
  readonly version: number;
  readonly servers: Readonly<Record<string, string>>;
}

export interface Gap {
  readonly from: string;
  readonly to: string;
  readonly minutes: number;
}

/** An optimistic write lost the race: someone changed the item since it was read. */
export class StaleItemError extends Error {
  constructor(what: string, options?: ErrorOptions) {
    super(`${what} changed since it was read`, options);
    this.name = 'StaleItemError';
  }
}

/** A month item larger than this (as JSON) is refused: DynamoDB's limit is 400 KB. */
export const MONTH_ITEM_MAX_BYTES = 380_000;

/** A server's month item cannot take another segment (a server that changed state hundreds of times a month). */
export class MonthItemFullError extends Error {
  constructor(
    readonly serverId: number,
    readonly period: Period,
    readonly bytes: number,
  ) {
    super(`The ${period} item of server ${serverId} would be ${bytes} bytes, over ${MONTH_ITEM_MAX_BYTES}: its change is not recorded`);
    this.name = 'MonthItemFullError';
  }
}

/** The per-server observed state (packed in shards) and the meta item beside it. */
export interface ObservedStateStore {
  readObserved(): Promise<ObservedState>;
  /** Replaces a shard if it is still at `expectedVersion` (0: not yet written); else `StaleItemError`. */
  writeShard(shard: number, servers: Record<string, string>, expectedVersion: number, asOf: string): Promise<void>;
  /** The month the items run to (only forward) and the first complete run (stored once). */
  writeMeta(fields: { month?: Period; firstCompleteRun?: string }): Promise<void>;
}

/** Each server's month items, and the marks on past months a run changed. */
export interface ServerMonthStore {
  /** The items of the given servers and periods (absent ones are left out). */
  getServerMonths(wanted: readonly { serverId: number; period: Period }[]): Promise<ServerMonth[]>;
  /** Writes an item still at the version it was read at (0: new); else `StaleItemError`, or `MonthItemFullError` past `MONTH_ITEM_MAX_BYTES`. */
  putServerMonth(month: ServerMonth, lastRun: string): Promise<void>;
  /** The servers that have an item for a period: with segments, or holding only API changes. */
  serverIdsWithMonth(period: Period): Promise<Map<number, 'segments' | 'empty'>>;
  /** Creates each item if absent; an item holding only API changes gets the month's segments. */
  putNewServerMonths(months: readonly ServerMonth[], lastRun: string): Promise<void>;
  /** Gives an item that holds only API changes its segments (left alone once it has some). */
  carryIntoEmptyMonth(month: ServerMonth, lastRun: string): Promise<void>;
  /** Sets the hostname of an existing item, bumping its version; false (nothing written) when absent or named so already. */
  nameServerMonth(serverId: number, period: Period, hostname: string, lastRun: string): Promise<boolean>;
  markLate(period: Period, serverIds: readonly number[]): Promise<void>;
}

export interface GapStore {
  putGap(kind: string, gap: Gap): Promise<void>;
}

export interface UnbilledStore {
  /** Records a server the bridge cannot price; true when this call stored it first. */
  putUnbilled(server: UnbilledServer): Promise<boolean>;
}

/** Everything a servers run writes besides its run record. */
export type SnapshotStore = ObservedStateStore & ServerMonthStore & GapStore & UnbilledStore;

/** The run records a servers run reads and writes (`DynamoRunRepository`). */
export interface SnapshotRuns {
  newestRun<R>(kind: RunKind, schema: z.ZodType<R>): Promise<StoredRun<R> | undefined>;
  getRun<R>(kind: RunKind, time: string, schema: z.ZodType<R>): Promise<StoredRun<R> | undefined>;
  /** Runs with `from < time < to`, oldest first. */
  runsBetween<R>(kind: RunKind, from: string, to: string, schema: z.ZodType<R>): Promise<StoredRun<R>[]>;
  /** Stores a run once (`created: false` and the stored one when its time is taken). */
  putRun<R>(kind: RunKind, run: NewRun<R>, schema: z.ZodType<R>): Promise<{ created: boolean; stored: StoredRun<R> }>;
  amendRun(kind: RunKind, time: string, fields: Record<string, unknown>): Promise<void>;
  getLatestCompleteRun(kind: RunKind): Promise<LatestCompleteRun | undefined>;
  /** Moves the latest-complete pointer, only forward. */
  advanceLatestComplete(kind: RunKind, time: string): Promise<void>;
}
