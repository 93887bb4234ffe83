import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ApiKeyVerifier, DynamoApiKeyRepository } from '../../shared/auth';
import { parseConfig, type BridgeConfig } from '../../shared/config';
import { EventBridgePublisher, MemoryEventPublisher, type EventPublisher } from '../../shared/events';
import { DynamoRunRepository, type RunRepository } from '../../shared/runs';
import { createDocumentClient } from '../../shared/storage';

/** Everything a handler needs from the outside world, built once per process and injected. */
export interface BridgeDeps {
  readonly config: BridgeConfig;
  readonly db: DynamoDBDocumentClient;
  readonly events: EventPublisher;
  readonly apiKeys: ApiKeyVerifier;
  readonly runs: RunRepository;
}

export interface DepsOverrides {
  readonly events?: EventPublisher;
}

export function buildDeps(config: BridgeConfig, overrides: DepsOverrides = {}): BridgeDeps {
  const db = createDocumentClient({ endpoint: config.dynamoDbEndpoint });
  const events =
    overrides.events ??
    (config.eventBusName ? new EventBridgePublisher(new EventBridgeClient({}), config.eventBusName) : new MemoryEventPublisher());
  return {
    config,
    db,
    events,
    apiKeys: new ApiKeyVerifier(new DynamoApiKeyRepository(db, config.tableName)),
    runs: new DynamoRunRepository(db, config.tableName),
  };
}

let depsFromEnvironment: BridgeDeps | undefined;

/** On Lambda: the dependencies built from the environment at the first invocation, then reused. */
export function lambdaDeps(): BridgeDeps {
  depsFromEnvironment ??= buildDeps(parseConfig(process.env));
  return depsFromEnvironment;
}
