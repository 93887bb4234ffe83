import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Aggregator, DynamoAggregationStore } from '../../shared/aggregation';
import { ApiKeyAdmin, ApiKeyVerifier, DynamoApiKeyRepository } from '../../shared/auth';
import { DynamoServiceStore, ProvisioningService } from '../../shared/provisioning';
import { BackupSnapshotter, DynamoBackupStore } from '../../shared/backups';
import { parseConfig, type BridgeConfig } from '../../shared/config';
import { EventBridgePublisher, MemoryEventPublisher, type EventPublisher } from '../../shared/events';
import { JsonLineLogger, type Logger } from '../../shared/logging';
import { DynamoRunRepository } from '../../shared/runs';
import { DynamoSnapshotStore, ServerSnapshotter } from '../../shared/snapshots';
import { SolusioClient } from '../../shared/solusio';
import { createDocumentClient } from '../../shared/storage';
import { solusioTokenProvider } from './solusioToken';

/** Everything a handler needs from the outside world, built once per process and injected. */
export interface BridgeDeps {
  readonly config: BridgeConfig;
  readonly db: DynamoDBDocumentClient;
  readonly events: EventPublisher;
  readonly apiKeys: ApiKeyVerifier;
  /** Creates, lists and revokes keys; keeps `apiKeys` of this process in step with what it does. */
  readonly apiKeyAdmin: ApiKeyAdmin;
  readonly runs: DynamoRunRepository;
  readonly snapshotStore: DynamoSnapshotStore;
  readonly logger: Logger;
  /** The SolusIO client, built when first needed (on AWS its token comes from Secrets Manager). */
  solusio(): Promise<SolusioClient>;
  readonly serverSnapshotter: ServerSnapshotter;
  readonly backupStore: DynamoBackupStore;
  readonly backupSnapshotter: BackupSnapshotter;
  readonly aggregator: Aggregator;
  readonly serviceStore: DynamoServiceStore;
  readonly provisioning: ProvisioningService;
}

export interface DepsOverrides {
  readonly events?: EventPublisher;
  readonly logger?: Logger;
}

export function buildDeps(config: BridgeConfig, overrides: DepsOverrides = {}): BridgeDeps {
  const db = createDocumentClient({ endpoint: config.dynamoDbEndpoint });
  const events =
    overrides.events ??
    (config.eventBusName ? new EventBridgePublisher(new EventBridgeClient({}), config.eventBusName) : new MemoryEventPublisher());
  const logger = overrides.logger ?? new JsonLineLogger();
  const apiKeyRepository = new DynamoApiKeyRepository(db, config.tableName);
  const apiKeys = new ApiKeyVerifier(apiKeyRepository, { logger });
  const runs = new DynamoRunRepository(db, config.tableName);
  const snapshotStore = new DynamoSnapshotStore(db, config.tableName);
  const backupStore = new DynamoBackupStore(db, config.tableName);
  const serviceStore = new DynamoServiceStore(db, config.tableName);
  const token = solusioTokenProvider(config);
  const runDeadlineMs = config.snapshotDeadlineSeconds * 1000;
  let client: Promise<SolusioClient> | undefined;
  const solusio = (): Promise<SolusioClient> => {
    client ??= token().then((solusioToken) => {
      if (!config.solusioUrl) throw new Error('SOLUSIO_URL is not set');
      return new SolusioClient({ baseUrl: config.solusioUrl, token: solusioToken });
    });
    // A failed token read is retried by the next invocation, not cached.
    client.catch(() => (client = undefined));
    return client;
  };
  return {
    config,
    db,
    events,
    logger,
    apiKeys,
    apiKeyAdmin: new ApiKeyAdmin(apiKeyRepository, { verifier: apiKeys, logger }),
    runs,
    snapshotStore,
    solusio,
    serverSnapshotter: new ServerSnapshotter({
        solusio,
        store: snapshotStore,
        runs,
        logger,
        settings: {
          gapToleranceMinutes: config.gapToleranceMinutes,
          suspectPolicy: { minServers: config.suspectMinServers, fraction: config.suspectPercent / 100 },
          ...(config.billingStart === undefined ? {} : { billingStart: config.billingStart }),
          runDeadlineMs,
          concurrency: 8,
        },
      }),
    backupStore,
    backupSnapshotter: new BackupSnapshotter({
        solusio,
        snapshots: snapshotStore,
        backups: backupStore,
        runs,
        logger,
        settings: { runDeadlineMs, concurrency: 8 },
      }),
    aggregator: new Aggregator({
      store: new DynamoAggregationStore(db, config.tableName),
      snapshots: snapshotStore,
      runs,
      events,
      logger,
      settings: {
        billSuspendedTime: config.billSuspendedTime,
        ...(config.billingStart === undefined ? {} : { billingStart: config.billingStart }),
        tokenRates: config.tokenRates,
        closeGraceMinutes: config.closeGraceMinutes,
      },
      prepaidServers: () => serviceStore.prepaidServers(),
    }),
    serviceStore,
    provisioning: new ProvisioningService({
      solusio,
      services: serviceStore,
      snapshots: snapshotStore,
      logger,
      // Below API Gateway's 30 s integration timeout.
      settings: { requestDeadlineMs: 25_000, staleClaimMs: 30_000, pollMs: 100 },
    }),
  };
}

let depsFromEnvironment: BridgeDeps | undefined;

/** On Lambda: the dependencies built from the environment at the first invocation, then reused. */
export function lambdaDeps(): BridgeDeps {
  depsFromEnvironment ??= buildDeps(parseConfig(process.env));
  return depsFromEnvironment;
}
