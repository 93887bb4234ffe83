export { DynamoRunRepository } from './runRepository';
export type { RunKind, RunRepository, LatestCompleteRun } from './runRepository';
