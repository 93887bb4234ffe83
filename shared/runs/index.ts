export { DynamoRunRepository } from './runRepository';
export type { RunKind, RunRepository, LatestCompleteRun, StoredRun, NewRun } from './runRepository';
