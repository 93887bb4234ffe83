import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { BridgeConfig } from '../../../shared/config';
import { JsonLineLogger, type Logger } from '../../../shared/logging';
import { DynamoRunRepository } from '../../../shared/runs/runRepository';
import { createDocumentClient } from '../../../shared/storage/documentClient';
import { localObservability, type Observability } from '../observability';
import type { BridgeTuning } from './tuning';

/** What every handler family shares: config, observability, the table client and the run records. */
export interface CoreDeps {
  readonly config: BridgeConfig;
  readonly observability: Observability;
  readonly logger: Logger;
  readonly db: DynamoDBDocumentClient;
  readonly runs: DynamoRunRepository;
  /** Shortened timeouts (tests); empty in production. */
  readonly tuning: BridgeTuning;
}

export interface CoreOverrides {
  /** Where log lines go locally (default: JSON lines on standard output); ignored with `observability`. */
  readonly logger?: Logger;
  /** Default: `localObservability(logger)`: no Powertools output, metrics kept in memory, no tracing. */
  readonly observability?: Observability;
  readonly tuning?: BridgeTuning;
}

export function buildCoreDeps(config: BridgeConfig, overrides: CoreOverrides = {}): CoreDeps {
  const observability = overrides.observability ?? localObservability(overrides.logger ?? new JsonLineLogger());
  const db = observability.captureClient(createDocumentClient({ endpoint: config.dynamoDbEndpoint }));
  return { config, observability, logger: observability.logger, db, runs: new DynamoRunRepository(db, config.tableName), tuning: overrides.tuning ?? {} };
}
