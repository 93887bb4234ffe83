import type { Server } from 'node:http';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AddressInfo } from 'node:net';
import { buildDeps } from '../functions/lib/deps';
import type { BridgeTuning } from '../functions/lib/deps/tuning';
import { localObservability, type RecordingMetrics } from '../functions/lib/observability';
import { DynamoApiKeyRepository, generateApiKey } from '../shared/auth';
import { ENV, parseConfig } from '../shared/config';
import { MemoryEventPublisher } from '../shared/events';
import { JsonLineLogger, type Logger } from '../shared/logging';
import { keys } from '../shared/storage';
import { createBridgeServer } from './adapter/bridgeServer';
import { clearTable } from './dynamodb/clearTable';
import { ensureTable } from './dynamodb/ensureTable';
import { startDynamoDbLocal, type RunningDynamoDb } from './dynamodb/startDynamoDbLocal';
import { ensureLocalAdminKey } from './adminKey';
import { startBillingSystemSimulator, type RunningBillingSimulator } from './billingSystems';
import { LocalEventDelivery } from './eventDelivery';
import { buildAuthorizer, buildEventHandlers, buildHttpHandlers, buildScheduledHandlers } from './handlers';
import type { BillingSystemName } from '../shared/invoicing';
import { LocalStartError } from './localStartError';
import { assertPortFree } from './ports';
import { startSchedules } from './scheduler';
import type { RunningSimulator } from './simulator';
import { installationEnv, refuseUrlWithInstallations, startInstallationSimulators, type LocalInstallation } from './localInstallations';
import { DEFAULT_INSTALLATION } from '../shared/installations';

export interface LocalStackOptions {
  /** Bridge API port; 0 picks a free one (tests). */
  readonly port: number;
  readonly simPort: number;
  readonly dynamoDbPort: number;
  readonly dynamoDbEndpoint?: string;
  readonly solusioUrl?: string;
  readonly solusioToken?: string;
  /**
   * Installation ids (`SOLUSIO_INSTALLATIONS=eu,us`): one simulator each on simPort, simPort+1, ...
   * Default: `default` alone, the stack as before installations. Not with `solusioUrl` (refused).
   */
  readonly installations?: readonly string[];
  readonly adminKey?: string;
  readonly schedules: boolean;
  readonly seed: 'demo' | 'empty';
  readonly simPageSize: number;
  readonly tokenRates?: string;
  readonly billingStart?: string;
  readonly billSuspendedTime?: string;
  readonly gapToleranceMinutes?: string;
  readonly closeGraceMinutes?: string;
  readonly tableName?: string;
  /** Which billing system closed periods are pushed to; its simulator is started unless `billingUrl` is set. */
  readonly billingSystem?: 'none' | BillingSystemName;
  /** The billing simulator's port (0: any free one). */
  readonly billingPort?: number;
  readonly billingUrl?: string;
  readonly billingIdentifier?: string;
  readonly billingSecret?: string;
  /** WHMCS `accesskey`: sent with every call; a WHMCS simulator started here refuses calls without it. */
  readonly billingAccessKey?: string;
  readonly billingCurrency?: string;
  readonly billingDueDays?: string;
  /** `true`: pushed lines are marked taxable (`BILLING_TAXED`). */
  readonly billingTaxed?: string;
  readonly solusioCreateQuarantineMinutes?: string;
  readonly pushUnknownQuarantineMinutes?: string;
  /** Hours, as `PUSH_HOLD_GAP_HOURS`: a customer with a longer gap is held from the automatic push. */
  readonly pushHoldGapHours?: string;
  /** JSON, as `SOLUSIO_BACKUP_SCHEDULE`: the schedule a server created with backups gets. */
  readonly solusioBackupSchedule?: string;
  /** Where the handlers' structured log lines go (default: JSON lines on standard output). */
  readonly logger?: Logger;
  /** Shortened timeouts, so tests of slow upstreams run in seconds. */
  readonly tuning?: BridgeTuning;
}

export interface LocalStack {
  readonly apiUrl: string;
  readonly simulatorUrl: string;
  readonly dynamoDbEndpoint: string;
  readonly adminKey: string;
  /** True when the key was generated here (the console shows it once). */
  readonly adminKeyGenerated: boolean;
  readonly tableName: string;
  /** The in-process simulator, when this stack started one (the first installation's). */
  readonly simulator?: RunningSimulator;
  /** Every installation in configured order, each with its simulator when this stack started them. */
  readonly installations: readonly LocalInstallation[];
  readonly events: MemoryEventPublisher;
  readonly logger: Logger;
  /** The EMF documents the handlers' Powertools Metrics published (kept in memory: nothing on standard output). */
  readonly metrics: RecordingMetrics;
  /** The handlers' DynamoDB client (tests count its requests). */
  readonly db: DynamoDBDocumentClient;
  readonly billingSystem: 'none' | BillingSystemName;
  /** Where pushes go (the simulator's URL when this stack started one). */
  readonly billingUrl?: string;
  readonly billingSimulator?: RunningBillingSimulator;
  /** Resolves once the events published so far have been delivered (a close's push included). */
  deliveriesSettled(): Promise<void>;
  stop(): Promise<void>;
}

const DEFAULT_TABLE_NAME = 'solus-billing-bridge-local';

/** Starts the whole bridge on this machine: DynamoDB Local, the simulator(s), the API and the timers. */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const stoppers: (() => Promise<void> | void)[] = [];
  const stopAll = async (): Promise<void> => {
    for (const stop of stoppers.splice(0).reverse()) await stop();
  };
  try {
    return await startParts(options, stoppers, stopAll);
  } catch (error) {
    await stopAll();
    throw error;
  }
}

async function startParts(
  options: LocalStackOptions,
  stoppers: (() => Promise<void> | void)[],
  stopAll: () => Promise<void>,
): Promise<LocalStack> {
  const tableName = options.tableName ?? DEFAULT_TABLE_NAME;
  // A taken API port should fail before seconds go into starting Java (0 = any free port).
  if (options.port !== 0) await assertPortFree(options.port, 'PORT');
  const installationIds = options.installations ?? [DEFAULT_INSTALLATION];
  refuseUrlWithInstallations(options.solusioUrl, installationIds);
  const installations: readonly LocalInstallation[] = options.solusioUrl
    ? [{ id: DEFAULT_INSTALLATION, url: options.solusioUrl }]
    : await startInstallationSimulators(
        installationIds,
        options.simPort,
        { pageSize: options.simPageSize, token: options.solusioToken, seed: options.seed },
        (started) => stoppers.push(() => started.close()),
        (error, port) => listenError(error, port, 'SIM_PORT', ' (or SOLUSIO_URL to use a running SolusIO)'),
      );
  // The stack's clock (the schedules' `time`, the admin key's date) is the first simulator's.
  const simulator = installations[0]?.simulator;
  const now = simulator ? () => simulator.clock.now() : () => new Date();
  const solusioToken = options.solusioToken ?? 'local-simulator-token';
  const solusioEnv = options.solusioUrl
    ? { [ENV.solusioUrl]: options.solusioUrl, [ENV.solusioToken]: solusioToken }
    : installationEnv(installations, solusioToken);

  const billingSystem = options.billingSystem ?? 'none';
  let billingSimulator: RunningBillingSimulator | undefined;
  if (billingSystem !== 'none' && !options.billingUrl) {
    const billingPort = options.billingPort ?? 4020;
    billingSimulator = await startBillingSystemSimulator(billingSystem, {
      port: billingPort,
      ...(options.billingIdentifier === undefined ? {} : { identifier: options.billingIdentifier }),
      ...(options.billingSecret === undefined ? {} : { secret: options.billingSecret }),
      ...(options.billingAccessKey === undefined ? {} : { accessKey: options.billingAccessKey }),
      ...(options.billingCurrency === undefined ? {} : { currency: options.billingCurrency }),
    }).catch((error: unknown) => {
      throw listenError(error, billingPort, 'BILLING_PORT', ' (or BILLING_URL to use a running billing system)');
    });
    stoppers.push(() => billingSimulator?.close());
  }
  const billingUrl = options.billingUrl ?? billingSimulator?.url;

  let dynamoDb: RunningDynamoDb | undefined;
  if (!options.dynamoDbEndpoint) {
    dynamoDb = await startDynamoDbLocal(options.dynamoDbPort);
    stoppers.push(() => dynamoDb?.stop());
  }
  const dynamoDbEndpoint = options.dynamoDbEndpoint ?? dynamoDb?.endpoint ?? '';

  const config = (() => {
    try {
      return parseConfig({
        [ENV.stage]: 'local',
        [ENV.tableName]: tableName,
        [ENV.dynamoDbEndpoint]: dynamoDbEndpoint,
        ...solusioEnv,
        [ENV.tokenRates]: options.tokenRates,
        [ENV.billingStart]: options.billingStart,
        [ENV.billSuspendedTime]: options.billSuspendedTime,
        [ENV.gapToleranceMinutes]: options.gapToleranceMinutes,
        [ENV.closeGraceMinutes]: options.closeGraceMinutes,
        [ENV.billingSystem]: billingSystem,
        [ENV.billingUrl]: billingUrl,
        // A simulator accepts any non-empty credentials unless its own are set.
        [ENV.billingIdentifier]: options.billingIdentifier ?? (billingSystem === 'none' ? undefined : 'local-billing-identifier'),
        [ENV.billingSecret]: options.billingSecret ?? (billingSystem === 'none' ? undefined : 'local-billing-secret'),
        [ENV.billingAccessKey]: options.billingAccessKey,
        [ENV.billingCurrency]: options.billingCurrency,
        [ENV.billingDueDays]: options.billingDueDays,
        [ENV.billingTaxed]: options.billingTaxed,
        [ENV.solusioCreateQuarantineMinutes]: options.solusioCreateQuarantineMinutes,
        [ENV.pushUnknownQuarantineMinutes]: options.pushUnknownQuarantineMinutes,
        [ENV.pushHoldGapHours]: options.pushHoldGapHours,
        [ENV.solusioBackupSchedule]: options.solusioBackupSchedule,
      });
    } catch (error) {
      throw new LocalStartError((error as Error).message, { cause: error });
    }
  })();
  const events = new MemoryEventPublisher();
  const logger = options.logger ?? new JsonLineLogger();
  // Powertools stays quiet here: log lines go to the stack's logger, metrics to memory, no tracing.
  const observability = localObservability(logger);
  const deps = buildDeps(config, { events, observability, ...(options.tuning === undefined ? {} : { tuning: options.tuning }) });
  stoppers.push(() => deps.db.destroy());
  await ensureTable(deps.db, tableName).catch((error: unknown) => {
    if (!options.dynamoDbEndpoint) throw error;
    throw new LocalStartError(
      `DynamoDB at ${options.dynamoDbEndpoint} did not answer (${(error as Error).message}): set DYNAMODB_ENDPOINT to a running DynamoDB, or unset it to start one.`,
      { cause: error },
    );
  });

  const adminKey = options.adminKey ?? generateApiKey();
  const adminKeyItem = await ensureLocalAdminKey(deps.apiKeyAdmin, new DynamoApiKeyRepository(deps.db, tableName), adminKey, now().toISOString());

  const scheduledHandlers = buildScheduledHandlers(deps);
  const eventHandlers = buildEventHandlers(deps);
  const delivery = new LocalEventDelivery(eventHandlers, logger);
  events.subscribe((event) => delivery.deliver(event));
  // Deliveries in flight finish before the table client and the billing simulator go away.
  stoppers.push(() => delivery.settled());
  const server = createBridgeServer({
    httpHandlers: buildHttpHandlers(deps),
    scheduledHandlers,
    eventHandlers,
    authorize: buildAuthorizer(deps),
    now,
    listEvents: () => events.list(),
    reset: async () => {
      await delivery.settled();
      // The admin key survives a reset: its hash item and its listing item.
      const adminItems = [keys.apiKey(adminKeyItem.keyHash), keys.apiKeyIndex(adminKeyItem.id)];
      await clearTable(deps.db, tableName, (key) => adminItems.some((item) => item.pk === key.pk && item.sk === key.sk));
      events.clear();
      deps.apiKeys.clear();
    },
  });
  const port = await listen(server, options.port);
  stoppers.push(() => closeServer(server));
  if (options.schedules) stoppers.push(startSchedules(scheduledHandlers, now));

  return {
    apiUrl: `http://127.0.0.1:${port}`,
    simulatorUrl: installations[0]?.url ?? '',
    installations,
    dynamoDbEndpoint,
    adminKey,
    adminKeyGenerated: options.adminKey === undefined,
    tableName,
    ...(simulator ? { simulator } : {}),
    events,
    logger,
    metrics: observability.recordedMetrics,
    db: deps.db,
    billingSystem,
    ...(billingUrl === undefined ? {} : { billingUrl }),
    ...(billingSimulator ? { billingSimulator } : {}),
    deliveriesSettled: () => delivery.settled(),
    stop: stopAll,
  };
}

function listenError(error: unknown, port: number, variable: string, hint = ''): Error {
  if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    return new LocalStartError(`Port ${port} is already in use: set ${variable} to a free port${hint}.`, { cause: error });
  }
  return error instanceof Error ? error : new Error(String(error));
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', (error) => reject(listenError(error, port, 'PORT')));
    server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
