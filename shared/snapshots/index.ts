/** The snapshot pipeline: observe SolusIO, store what changed as dated segments. */
export { ServerSnapshotter, RunNotFoundError, RunNotSuspectError } from './ServerSnapshotter';
export type { ServerSnapshotterDeps, SnapshotSettings, SolusioServersReader } from './ServerSnapshotter';
export { DynamoSnapshotStore, StaleItemError } from './DynamoSnapshotStore';
export type { Gap, ObservedShard, ObservedState } from './DynamoSnapshotStore';
export { serversRunRecordSchema } from './runRecordSchema';
export { stateKey, parseStateKey, packKnownServer, unpackKnownServer, sameState } from './serverState';
export { flattenMonths, segmentsInPeriod, applyOp, updateServerMonths, carriedOverMonth } from './serverMonths';
export type { TimelineOp } from './serverMonths';
export { detectChanges, NO_LOG_FACTS } from './detectChanges';
export type { DetectedChange, Detection, LogFacts, IpEvent, ObservedServer, SuspectPolicy } from './detectChanges';
export { datedOps } from './datingChanges';
export { canonicalInstant, compareInstants } from './time';
export { BOUNDARY_SOURCES } from './types';
export type { ApiChange, BoundarySource, KnownServer, ServerMonth, ServerState, ServersRunRecord, StoredSegment } from './types';
export { serverHistory, UnknownServerError } from './serverHistory';
export type { ServerHistory, HistorySegment } from './serverHistory';
export { classifyShortLived, shortLivedCandidates, shortLivedOps, UNBILLED_REASONS } from './shortLived';
export type { ProvisionedServer, ProvisionedServers, ShortLivedCandidate, UnbilledReason, UnbilledServer } from './shortLived';
