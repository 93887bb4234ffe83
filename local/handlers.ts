import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { EventFunctionName, HttpFunctionName } from '../functions/catalog';
import { makeHealthHandler } from '../functions/http/health';
import { makeOpenApiHandler } from '../functions/http/openapi';
import { makeUsageHandler } from '../functions/http/usage';
import { makeServerHistoryHandler } from '../functions/http/serverHistory';
import { makeServicesHandler } from '../functions/http/services';
import { makeCatalogHandler } from '../functions/http/catalog';
import { makePeriodsHandler } from '../functions/http/periods';
import { makeClosePeriodApiHandler } from '../functions/http/closePeriodApi';
import { makeConfirmDeletionsHandler } from '../functions/http/confirmDeletions';
import { makeKeysHandler } from '../functions/http/keys';
import { makeKeySelfHandler } from '../functions/http/keySelf';
import { makeConsoleHandler } from '../functions/http/console';
import { consoleAssetsOf } from '../functions/lib/console/consoleAssets';
import { builtConsoleFiles } from '../console/build';
import { makeRunsHandler } from '../functions/http/runs';
import { makeServiceListHandler } from '../functions/http/serviceList';
import { makePeriodPushesHandler } from '../functions/http/periodPushes';
import { makePushPeriodHandler } from '../functions/http/pushPeriod';
import { makePushInvoicesHandler } from '../functions/events/pushInvoices';
import { makeAuthorizerHandler, type ApiKeyAuthorizer } from '../functions/http/authorizer';
import type { BridgeDeps } from '../functions/lib/deps';
import type { ScheduledHandler } from '../functions/lib/scheduledHandler';
import { makeAggregateUsageHandler } from '../functions/scheduled/aggregateUsage';
import { makeClosePeriodHandler } from '../functions/scheduled/closePeriod';
import { makeSnapshotBackupsHandler } from '../functions/scheduled/snapshotBackups';
import { makeSnapshotServersHandler } from '../functions/scheduled/snapshotServers';
import { makeRetryPushesHandler } from '../functions/scheduled/retryPushes';
import type { ScheduledJobName } from '../shared/schedules';

export type HttpHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

/** The same handler factories the Lambdas use; the Record types make a missing function a compile error. */
export function buildHttpHandlers(deps: BridgeDeps): Record<HttpFunctionName, HttpHandler> {
  return {
    health: makeHealthHandler(deps),
    openapi: makeOpenApiHandler(deps),
    usage: makeUsageHandler(deps),
    periods: makePeriodsHandler(deps),
    closePeriodApi: makeClosePeriodApiHandler(deps),
    pushPeriod: makePushPeriodHandler(deps),
    periodPushes: makePeriodPushesHandler(deps),
    services: makeServicesHandler(deps),
    catalog: makeCatalogHandler(deps),
    serverHistory: makeServerHistoryHandler(deps),
    confirmDeletions: makeConfirmDeletionsHandler(deps),
    keys: makeKeysHandler(deps),
    runs: makeRunsHandler(deps),
    serviceList: makeServiceListHandler(deps),
    keySelf: makeKeySelfHandler(deps),
    // Locally the console is built in memory by esbuild at its first request (on AWS: at deploy).
    console: makeConsoleHandler({ observability: deps.observability, consoleAssets: async () => consoleAssetsOf(await builtConsoleFiles()) }),
  };
}

/** The API Gateway authorizer's code, which the local adapter runs before every route needing a key. */
export function buildAuthorizer(deps: BridgeDeps): ApiKeyAuthorizer {
  return makeAuthorizerHandler(deps);
}

export function buildScheduledHandlers(deps: BridgeDeps): Record<ScheduledJobName, ScheduledHandler<unknown>> {
  return {
    'snapshot-servers': makeSnapshotServersHandler(deps),
    'snapshot-backups': makeSnapshotBackupsHandler(deps),
    'aggregate-usage': makeAggregateUsageHandler(deps),
    'close-period': makeClosePeriodHandler(deps),
    'retry-pushes': makeRetryPushesHandler(deps),
  };
}

/** The functions EventBridge rules trigger on AWS; locally the stack delivers its published events to them. */
export function buildEventHandlers(deps: BridgeDeps): Record<EventFunctionName, ScheduledHandler<unknown>> {
  return {
    'push-invoices': makePushInvoicesHandler(deps),
  };
}
