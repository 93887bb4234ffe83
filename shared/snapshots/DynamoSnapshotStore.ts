import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Period } from '../billing';
import { DEFAULT_INSTALLATION } from '../installations';
import type { Gap, ObservedState, SnapshotStore } from './ports';
import type { UnbilledServer } from './shortLived';
import { DynamoGapStore } from './store/gapItems';
import { DynamoServerMonthStore } from './store/monthItems';
import { DynamoObservedStateStore } from './store/observedStateItems';
import { DynamoUnbilledStore } from './store/unbilledItems';
import type { ApiChange, ServerMonth } from './types';

// Aggregation imports the gap type from here.
export type { Gap } from './ports';

/**
 * Storage of the snapshot pipeline of one SolusIO installation in one object: observed state, month items, gaps, unbilled
 * servers (each kept by its own store in `store/`; access patterns: docs/architecture.md). The
 * snapshotter sees it through the `SnapshotStore` port; aggregation and the audit read use it too.
 */
export class DynamoSnapshotStore implements SnapshotStore {
  private readonly observed: DynamoObservedStateStore;
  private readonly months: DynamoServerMonthStore;
  private readonly gaps: DynamoGapStore;
  private readonly unbilled: DynamoUnbilledStore;

  constructor(
    db: DynamoDBDocumentClient,
    tableName: string,
    /** The SolusIO installation whose items these are (the default one's keys are those written before installations). */
    readonly installation: string = DEFAULT_INSTALLATION,
  ) {
    this.observed = new DynamoObservedStateStore(db, tableName, installation);
    this.months = new DynamoServerMonthStore(db, tableName, installation);
    this.gaps = new DynamoGapStore(db, tableName, installation);
    this.unbilled = new DynamoUnbilledStore(db, tableName, installation);
  }

  readObserved(): Promise<ObservedState> {
    return this.observed.readObserved();
  }

  writeShard(shard: number, servers: Record<string, string>, expectedVersion: number, asOf: string): Promise<void> {
    return this.observed.writeShard(shard, servers, expectedVersion, asOf);
  }

  writeMeta(fields: { month?: Period; firstCompleteRun?: string }): Promise<void> {
    return this.observed.writeMeta(fields);
  }

  getServerMonths(wanted: readonly { serverId: number; period: Period }[]): Promise<ServerMonth[]> {
    return this.months.getServerMonths(wanted);
  }

  getServerMonth(serverId: number, period: Period): Promise<ServerMonth | undefined> {
    return this.months.getServerMonth(serverId, period);
  }

  putServerMonth(month: ServerMonth, lastRun: string): Promise<void> {
    return this.months.putServerMonth(month, lastRun);
  }

  serverIdsWithMonth(period: Period): Promise<Map<number, 'segments' | 'empty'>> {
    return this.months.serverIdsWithMonth(period);
  }

  carryIntoEmptyMonth(month: ServerMonth, lastRun: string): Promise<void> {
    return this.months.carryIntoEmptyMonth(month, lastRun);
  }

  nameServerMonth(serverId: number, period: Period, hostname: string, lastRun: string): Promise<boolean> {
    return this.months.nameServerMonth(serverId, period, hostname, lastRun);
  }

  listServerMonths(period: Period, options: { consistent?: boolean } = {}): Promise<ServerMonth[]> {
    return this.months.listServerMonths(period, options);
  }

  putNewServerMonths(months: readonly ServerMonth[], lastRun: string): Promise<void> {
    return this.months.putNewServerMonths(months, lastRun);
  }

  recordApiChange(serverId: number, change: ApiChange): Promise<boolean> {
    return this.months.recordApiChange(serverId, change);
  }

  markLate(period: Period, serverIds: readonly number[]): Promise<void> {
    return this.months.markLate(period, serverIds);
  }

  putGap(kind: string, gap: Gap): Promise<void> {
    return this.gaps.putGap(kind, gap);
  }

  gapsOverlapping(kind: string, from: string, to: string): Promise<Gap[]> {
    return this.gaps.gapsOverlapping(kind, from, to);
  }

  putUnbilled(server: UnbilledServer): Promise<boolean> {
    return this.unbilled.putUnbilled(server);
  }

  listUnbilled(period: Period): Promise<UnbilledServer[]> {
    return this.unbilled.listUnbilled(period);
  }
}
