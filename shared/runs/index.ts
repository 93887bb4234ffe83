export { DynamoRunRepository } from './runRepository';
export type { RunKind, RunRepository, LatestCompleteRun, StoredRun, NewRun } from './runRepository';
export { listRuns, summarizeRun } from './runListing';
export type { InstallationRuns, RunPosition, RunSummary } from './runListing';
