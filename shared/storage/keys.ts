/** Key builders: the one place that knows how each entity is laid out in the single table. */

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
  latestCompleteRun: (kind: string) => ({ pk: `RUN#${kind}`, sk: 'LATEST_COMPLETE' }),
  runPartition: (kind: string) => `RUN#${kind}`,
  runRecord: (kind: string, time: string) => ({ pk: `RUN#${kind}`, sk: `T#${time}` }),
  runSortKey: (time: string) => `T#${time}`,
  /** Where the parts of a large run's record go (shared/storage/parts.ts): outside the `T#` range every run Query reads. */
  runPartPrefix: (time: string) => `PART#${time}#`,
  observedPartition: 'OBSERVED#servers',
  observedMeta: () => ({ pk: 'OBSERVED#servers', sk: 'META' }),
  observedShard: (shard: number) => ({ pk: 'OBSERVED#servers', sk: `SHARD#${pad(shard, 4)}` }),
  monthPartition: (period: string, shard: number) => `MONTH#${period}#${pad(shard, 2)}`,
  serverMonth: (serverId: number, period: string) => ({ pk: `MONTH#${period}#${pad(monthShardOf(serverId), 2)}`, sk: `SERVER#${pad(serverId, 12)}` }),
  gapPartition: (kind: string) => `GAP#${kind}`,
  gap: (kind: string, from: string) => ({ pk: `GAP#${kind}`, sk: from }),
  backupPartition: (serverId: number) => `BACKUPS#${pad(serverId, 12)}`,
  backup: (serverId: number, backupId: number) => ({ pk: `BACKUPS#${pad(serverId, 12)}`, sk: `BACKUP#${pad(backupId, 12)}` }),
  periodsPartition: 'PERIODS',
  periodHeader: (period: string) => ({ pk: 'PERIODS', sk: period }),
  usagePartition: (period: string, customer: string) => `USAGE#${period}#${customer}`,
  usageRow: (period: string, customer: string, serverId: number) => ({ pk: `USAGE#${period}#${customer}`, sk: `SERVER#${pad(serverId, 12)}` }),
  adjustmentRow: (period: string, customer: string, of: string, serverId: number) => ({ pk: `USAGE#${period}#${customer}`, sk: `ADJ#${of}#${pad(serverId, 12)}` }),
  /** The listing index of a period's usage rows (gsi1), ordered by customer then server. */
  usageIndex: (period: string, customer: string, sortTail: string) => ({ gsi1pk: `USAGE#${period}`, gsi1sk: `${customer}#${sortTail}` }),
  usageIndexPartition: (period: string) => `USAGE#${period}`,
  aggregationShard: (period: string, shard: number) => ({ pk: `AGG#${period}`, sk: `SHARD#${pad(shard, 2)}` }),
  aggregationPartition: (period: string) => `AGG#${period}`,
  /** Where the parts of a large manifest shard go (shared/storage/parts.ts). */
  aggregationPartPrefix: (shard: number) => `PART#${pad(shard, 2)}#`,
  closedPartition: (period: string, customer: string) => `CLOSED#${period}#${customer}`,
  closedItem: (period: string, customer: string, sortTail: string) => ({ pk: `CLOSED#${period}#${customer}`, sk: sortTail }),
  closedIndex: (period: string, customer: string, sortTail: string) => ({ gsi1pk: `CLOSED#${period}`, gsi1sk: `${customer}#${sortTail}` }),
  closedIndexPartition: (period: string) => `CLOSED#${period}`,
  /** A server whose item of a past period changed late: one item per server, holding the mark's token. */
  lateMark: (period: string, serverId: number) => ({ pk: `LATE#${period}`, sk: `SERVER#${pad(serverId, 12)}` }),
  latePartition: (period: string) => `LATE#${period}`,
  legacyLateChanges: (period: string) => ({ pk: `LATE#${period}`, sk: 'LATE' }),
  settledAdjustment: (of: string, inPeriod: string, customer: string, serverId: number) => ({ pk: `SETTLED#${of}`, sk: `${inPeriod}#${customer}#${pad(serverId, 12)}` }),
  settledPartition: (of: string) => `SETTLED#${of}`,
  service: (serviceRef: string) => ({ pk: `SERVICE#${serviceRef}`, sk: 'SERVICE' }),
  /** The one service that owns a SolusIO server of an installation (conditional put: never two). */
  serverOwner: (installation: string, serverId: number) => ({ pk: `OWNER#${installation}#SERVER#${pad(serverId, 12)}`, sk: 'OWNER' }),
  /** The prepaid servers, a number set per shard (`serverId mod PREPAID_SHARDS`); `SERVERS` is the one item older versions wrote. */
  prepaidShard: (serverId: number) => ({ pk: 'PREPAID', sk: `SERVERS#${pad(serverId % PREPAID_SHARDS, 2)}` }),
  prepaidPartition: 'PREPAID',
  /** The metered servers, sharded as the prepaid ones. */
  meteredShard: (serverId: number) => ({ pk: 'METERED', sk: `SERVERS#${pad(serverId % PREPAID_SHARDS, 2)}` }),
  meteredPartition: 'METERED',
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
  serverSortTail: (serverId: number) => `SERVER#${pad(serverId, 12)}`,
  adjustmentSortTail: (of: string, serverId: number) => `ADJ#${of}#${pad(serverId, 12)}`,
} as const;
