import { DEFAULT_INSTALLATION, scopedName } from '../installations';

/**
 * Key builders: the one place that knows how each entity is laid out in the single table.
 *
 * Installations: a partition that holds one installation's data takes the installation as its
 * last parameter and is named by `scopedName` (the default installation's keys are the keys written
 * before installations existed, so that data reads as installation `default` with no migration);
 * a partition mixing installations (usage, closed lines, settled adjustments) carries it in the
 * sort key (`SERVER@eu#...`).
 */

/** Month items spread over this many partitions per period, so a month's writes never land on one key. */
export const MONTH_SHARDS = 16;
/**
 * The observed state of every server, packed into this many items (read together by one Query:
 * about 40 bytes a server, so 10,000 servers are some 400 KB in 1,024 items of under 1 KB). Many
 * small items, because a change rewrites its server's whole item: at 16 items of ~23 KB, one
 * suspended server cost 24 write units; at 1,024 it costs 1 (docs/benchmarks.md, cost).
 */
export const OBSERVED_SHARDS = 1024;
/** The aggregation manifest of a period (per server: the customers and digest of its rows), in this many items. */
export const MANIFEST_SHARDS = 16;
/** The prepaid servers' number sets: 64 items of up to 400 KB hold some six million ids. */
export const PREPAID_SHARDS = 64;

const pad = (value: number, width: number): string => String(value).padStart(width, '0');

export const monthShardOf = (serverId: number): number => serverId % MONTH_SHARDS;
/**
 * Older versions marked late changes as attributes of one `LATE#<period>` / `LATE` item (one per
 * server, named `m<id>`): an item and an expression that grew with the fleet. Still read and cleared.
 */
export const legacyLateMarkAttribute = (serverId: number): string => `m${serverId}`;
export const LEGACY_LATE_MARK_ATTRIBUTE = /^m([1-9]\d*)$/;

export const observedShardOf = (serverId: number): number => serverId % OBSERVED_SHARDS;
export const manifestShardOf = (serverId: number): number => serverId % MANIFEST_SHARDS;

export const keys = {
  apiKey: (keyHash: string) => ({ pk: `APIKEY#${keyHash}`, sk: 'APIKEY' }),
  /** The listing of every key by id (id -> hash and metadata), written with the hash item in one transaction. */
  apiKeysPartition: 'APIKEYS',
  apiKeyIndex: (id: string) => ({ pk: 'APIKEYS', sk: id }),
  /** The pointer to the latest complete run; its sort key sorts before every `T#` run record. */
  latestCompleteRun: (kind: string, installation: string = DEFAULT_INSTALLATION) => ({ pk: `RUN#${scopedName(kind, installation)}`, sk: 'LATEST_COMPLETE' }),
  runPartition: (kind: string, installation: string = DEFAULT_INSTALLATION) => `RUN#${scopedName(kind, installation)}`,
  runRecord: (kind: string, time: string, installation: string = DEFAULT_INSTALLATION) => ({ pk: `RUN#${scopedName(kind, installation)}`, sk: `T#${time}` }),
  runSortKey: (time: string) => `T#${time}`,
  /** Where the parts of a large run's record go (shared/storage/parts.ts): outside the `T#` range every run Query reads. */
  runPartPrefix: (time: string) => `PART#${time}#`,
  observedPartition: (installation: string = DEFAULT_INSTALLATION) => scopedName('OBSERVED#servers', installation),
  observedMeta: (installation: string = DEFAULT_INSTALLATION) => ({ pk: scopedName('OBSERVED#servers', installation), sk: 'META' }),
  observedShard: (shard: number, installation: string = DEFAULT_INSTALLATION) => ({ pk: scopedName('OBSERVED#servers', installation), sk: `SHARD#${pad(shard, 4)}` }),
  monthPartition: (period: string, shard: number, installation: string = DEFAULT_INSTALLATION) => `${scopedName('MONTH', installation)}#${period}#${pad(shard, 2)}`,
  serverMonth: (serverId: number, period: string, installation: string = DEFAULT_INSTALLATION) => ({ pk: `${scopedName('MONTH', installation)}#${period}#${pad(monthShardOf(serverId), 2)}`, sk: `SERVER#${pad(serverId, 12)}` }),
  gapPartition: (kind: string, installation: string = DEFAULT_INSTALLATION) => `GAP#${scopedName(kind, installation)}`,
  gap: (kind: string, from: string, installation: string = DEFAULT_INSTALLATION) => ({ pk: `GAP#${scopedName(kind, installation)}`, sk: from }),
  backupPartition: (serverId: number, installation: string = DEFAULT_INSTALLATION) => `${scopedName('BACKUPS', installation)}#${pad(serverId, 12)}`,
  backup: (serverId: number, backupId: number, installation: string = DEFAULT_INSTALLATION) => ({ pk: `${scopedName('BACKUPS', installation)}#${pad(serverId, 12)}`, sk: `BACKUP#${pad(backupId, 12)}` }),
  periodsPartition: 'PERIODS',
  periodHeader: (period: string) => ({ pk: 'PERIODS', sk: period }),
  usagePartition: (period: string, customer: string) => `USAGE#${period}#${customer}`,
  usageRow: (period: string, customer: string, serverId: number, installation: string = DEFAULT_INSTALLATION) => ({ pk: `USAGE#${period}#${customer}`, sk: `${scopedName('SERVER', installation)}#${pad(serverId, 12)}` }),
  adjustmentRow: (period: string, customer: string, of: string, serverId: number, installation: string = DEFAULT_INSTALLATION) => ({ pk: `USAGE#${period}#${customer}`, sk: `${scopedName('ADJ', installation)}#${of}#${pad(serverId, 12)}` }),
  /** The listing index of a period's usage rows (gsi1), ordered by customer then server. */
  usageIndex: (period: string, customer: string, sortTail: string) => ({ gsi1pk: `USAGE#${period}`, gsi1sk: `${customer}#${sortTail}` }),
  usageIndexPartition: (period: string) => `USAGE#${period}`,
  aggregationShard: (period: string, shard: number, installation: string = DEFAULT_INSTALLATION) => ({ pk: `${scopedName('AGG', installation)}#${period}`, sk: `SHARD#${pad(shard, 2)}` }),
  aggregationPartition: (period: string, installation: string = DEFAULT_INSTALLATION) => `${scopedName('AGG', installation)}#${period}`,
  /** Where the parts of a large manifest shard go (shared/storage/parts.ts). */
  aggregationPartPrefix: (shard: number) => `PART#${pad(shard, 2)}#`,
  closedPartition: (period: string, customer: string) => `CLOSED#${period}#${customer}`,
  closedItem: (period: string, customer: string, sortTail: string) => ({ pk: `CLOSED#${period}#${customer}`, sk: sortTail }),
  closedIndex: (period: string, customer: string, sortTail: string) => ({ gsi1pk: `CLOSED#${period}`, gsi1sk: `${customer}#${sortTail}` }),
  closedIndexPartition: (period: string) => `CLOSED#${period}`,
  /** A server whose item of a past period changed late: one item per server, holding the mark's token. */
  lateMark: (period: string, serverId: number, installation: string = DEFAULT_INSTALLATION) => ({ pk: `${scopedName('LATE', installation)}#${period}`, sk: `SERVER#${pad(serverId, 12)}` }),
  latePartition: (period: string, installation: string = DEFAULT_INSTALLATION) => `${scopedName('LATE', installation)}#${period}`,
  legacyLateChanges: (period: string) => ({ pk: `LATE#${period}`, sk: 'LATE' }),
  settledAdjustment: (of: string, inPeriod: string, customer: string, serverId: number, installation: string = DEFAULT_INSTALLATION) => ({ pk: `SETTLED#${of}`, sk: `${inPeriod}#${customer}#${installation === DEFAULT_INSTALLATION ? '' : `${installation}@`}${pad(serverId, 12)}` }),
  settledPartition: (of: string) => `SETTLED#${of}`,
  service: (serviceRef: string) => ({ pk: `SERVICE#${serviceRef}`, sk: 'SERVICE' }),
  /** The one service that owns a SolusIO server of an installation (conditional put: never two). */
  serverOwner: (installation: string, serverId: number) => ({ pk: `OWNER#${installation}#SERVER#${pad(serverId, 12)}`, sk: 'OWNER' }),
  /** The prepaid servers, a number set per shard (`serverId mod PREPAID_SHARDS`); `SERVERS` is the one item older versions wrote. */
  prepaidShard: (serverId: number, installation: string = DEFAULT_INSTALLATION) => ({ pk: scopedName('PREPAID', installation), sk: `SERVERS#${pad(serverId % PREPAID_SHARDS, 2)}` }),
  prepaidPartition: (installation: string = DEFAULT_INSTALLATION) => scopedName('PREPAID', installation),
  /** The metered servers, sharded as the prepaid ones. */
  meteredShard: (serverId: number, installation: string = DEFAULT_INSTALLATION) => ({ pk: scopedName('METERED', installation), sk: `SERVERS#${pad(serverId % PREPAID_SHARDS, 2)}` }),
  meteredPartition: (installation: string = DEFAULT_INSTALLATION) => scopedName('METERED', installation),
  /** Servers of a period the records show existed and the bridge cannot price (short-lived, found in the activity log). */
  unbilledPartition: (period: string) => `UNBILLED#${period}`,
  unbilled: (period: string, installation: string, serverId: number) => ({ pk: `UNBILLED#${period}`, sk: `${installation}#SERVER#${pad(serverId, 12)}` }),
  idempotency: (scope: string, key: string) => ({ pk: `IDEMPOTENCY#${scope}#${key}`, sk: 'IDEMPOTENCY' }),
  /** A customer's push of one closed period to the billing system (states: shared/invoicing/pushState.ts). */
  pushPartition: (period: string) => `PUSH#${period}`,
  push: (period: string, customer: string) => ({ pk: `PUSH#${period}`, sk: `C#${customer}` }),
  /** Every period's push run (accepted, started, finished; what is outstanding), one item per period. */
  pushRunsPartition: 'PUSHRUNS',
  pushRun: (period: string) => ({ pk: 'PUSHRUNS', sk: period }),
  serverSortTail: (serverId: number, installation: string = DEFAULT_INSTALLATION) => `${scopedName('SERVER', installation)}#${pad(serverId, 12)}`,
  adjustmentSortTail: (of: string, serverId: number, installation: string = DEFAULT_INSTALLATION) => `${scopedName('ADJ', installation)}#${of}#${pad(serverId, 12)}`,
} as const;
