import type { ScheduledJobName } from '../shared/schedules';

/** What a function may touch; the CDK app grants exactly this and nothing more. */
export interface FunctionNeeds {
  /** `read`: Get/Query only. `readWrite`: also writes. `none`: no access (the console's static files). */
  readonly table: 'none' | 'read' | 'readWrite';
  /** Writes API keys' last-used time: UpdateItem on the key items only (the authorizer). */
  readonly recordsKeyUse?: boolean;
  /** Reads the SolusIO API token secret. */
  readonly solusio: boolean;
  /** Reads the billing system's credentials secret (invoice pushes). */
  readonly billing?: boolean;
  /** Puts events on the bridge's bus. */
  readonly publishesEvents: boolean;
  /** Serves the operator console: its bundle carries the console's built files (`console/`). */
  readonly servesConsole?: boolean;
}

export interface FunctionEntry extends FunctionNeeds {
  readonly entry: string;
}

/**
 * Every Lambda of the bridge with its entry file, what triggers it and what it needs. The CDK app
 * builds one function per entry; the local stack maps the same names to the handler factories.
 */
export const HTTP_FUNCTIONS = {
  health: { entry: 'functions/http/health.ts', routes: ['GET /v1/health'], table: 'read', solusio: false, publishesEvents: false },
  openapi: { entry: 'functions/http/openapi.ts', routes: ['GET /v1/openapi.json'], table: 'read', solusio: false, publishesEvents: false },
  // The read side: the authorizer records the key's use, so these only read.
  usage: { entry: 'functions/http/usage.ts', routes: ['GET /v1/usage'], table: 'read', solusio: false, publishesEvents: false },
  periods: {
    entry: 'functions/http/periods.ts',
    routes: ['GET /v1/periods', 'GET /v1/periods/{period}', 'GET /v1/periods/{period}/invoices'],
    table: 'read',
    solusio: false,
    publishesEvents: false,
  },
  closePeriodApi: {
    entry: 'functions/http/closePeriodApi.ts',
    routes: ['POST /v1/periods/{period}/close'],
    table: 'readWrite',
    solusio: false,
    publishesEvents: true,
  },
  pushPeriod: {
    entry: 'functions/http/pushPeriod.ts',
    routes: ['POST /v1/periods/{period}/push'],
    table: 'readWrite',
    solusio: false,
    // It hands the push to push-invoices (InvoicePushRequested); a dry run calls no billing system.
    publishesEvents: true,
  },
  periodPushes: {
    entry: 'functions/http/periodPushes.ts',
    routes: ['GET /v1/periods/{period}/pushes'],
    table: 'readWrite',
    solusio: false,
    billing: true,
    publishesEvents: false,
  },
  services: {
    entry: 'functions/http/services.ts',
    routes: [
      'POST /v1/services',
      'GET /v1/services/{ref}',
      'PATCH /v1/services/{ref}',
      'DELETE /v1/services/{ref}',
      'POST /v1/services/{ref}/suspend',
      'POST /v1/services/{ref}/unsuspend',
      'POST /v1/services/{ref}/start',
      'POST /v1/services/{ref}/stop',
      'POST /v1/services/{ref}/restart',
      'POST /v1/services/{ref}/reset-password',
      'POST /v1/services/{ref}/change-plan',
    ],
    table: 'readWrite',
    solusio: true,
    publishesEvents: false,
  },
  // Reads SolusIO's catalog for the billing system's product setup; writes nothing.
  catalog: {
    entry: 'functions/http/catalog.ts',
    routes: ['GET /v1/catalog'],
    table: 'read',
    solusio: true,
    publishesEvents: false,
  },
  serverHistory: {
    entry: 'functions/http/serverHistory.ts',
    routes: ['GET /v1/servers/{serverId}/history'],
    table: 'readWrite',
    solusio: false,
    publishesEvents: false,
  },
  confirmDeletions: {
    entry: 'functions/http/confirmDeletions.ts',
    routes: ['POST /v1/runs/{time}/confirm-deletions'],
    table: 'readWrite',
    solusio: false,
    publishesEvents: false,
  },
  // The operator reads (issue #26): read only, no SolusIO.
  runs: { entry: 'functions/http/runs.ts', routes: ['GET /v1/runs'], table: 'read', solusio: false, publishesEvents: false },
  serviceList: { entry: 'functions/http/serviceList.ts', routes: ['GET /v1/services'], table: 'read', solusio: false, publishesEvents: false },
  keySelf: { entry: 'functions/http/keySelf.ts', routes: ['GET /v1/keys/self'], table: 'read', solusio: false, publishesEvents: false },
  // The operator console's static files (issue #26): no table, no key; every datum comes from /v1.
  console: {
    entry: 'functions/http/console.ts',
    routes: ['GET /console', 'GET /console/{asset}'],
    table: 'none',
    solusio: false,
    publishesEvents: false,
    servesConsole: true,
  },
  keys: {
    entry: 'functions/http/keys.ts',
    routes: ['POST /v1/keys', 'GET /v1/keys', 'DELETE /v1/keys/{id}'],
    table: 'readWrite',
    solusio: false,
    publishesEvents: false,
  },
} as const satisfies Record<string, FunctionEntry & { readonly routes: readonly string[] }>;

export type HttpFunctionName = keyof typeof HTTP_FUNCTIONS;

/** Functions an EventBridge rule on the bridge's bus triggers, by the detail types they take. */
export const EVENT_FUNCTIONS = {
  'push-invoices': {
    entry: 'functions/events/pushInvoices.ts',
    detailTypes: ['BillingPeriodClosed', 'InvoicePushRequested'],
    table: 'readWrite',
    solusio: false,
    billing: true,
    publishesEvents: false,
  },
} as const satisfies Record<string, FunctionEntry & { readonly detailTypes: readonly string[] }>;

export type EventFunctionName = keyof typeof EVENT_FUNCTIONS;

export const SCHEDULED_FUNCTIONS: Readonly<Record<ScheduledJobName, FunctionEntry>> = {
  'snapshot-servers': { entry: 'functions/scheduled/snapshotServers.ts', table: 'readWrite', solusio: true, publishesEvents: false },
  'snapshot-backups': { entry: 'functions/scheduled/snapshotBackups.ts', table: 'readWrite', solusio: true, publishesEvents: false },
  'aggregate-usage': { entry: 'functions/scheduled/aggregateUsage.ts', table: 'readWrite', solusio: false, publishesEvents: false },
  'close-period': { entry: 'functions/scheduled/closePeriod.ts', table: 'readWrite', solusio: false, publishesEvents: true },
  'retry-pushes': { entry: 'functions/scheduled/retryPushes.ts', table: 'readWrite', solusio: false, billing: true, publishesEvents: false },
};

/**
 * The routes anyone may call; every other route needs an API key (design.md, "The HTTP API"). The
 * console's static files are public: the page asks for a key and sends it only to /v1.
 */
export const PUBLIC_ROUTE_KEYS: readonly string[] = ['GET /v1/health', 'GET /v1/openapi.json', 'GET /console', 'GET /console/{asset}'];

/**
 * The API Gateway Lambda authorizer in front of every other route: it proves the key and records its
 * last use (the handler still checks the scope, writing nothing). Reads the table, and updates
 * nothing but the API key items.
 */
export const AUTHORIZER_FUNCTION: FunctionEntry = { entry: 'functions/http/authorizer.ts', table: 'read', recordsKeyUse: true, solusio: false, publishesEvents: false };

export interface HttpRoute {
  readonly method: string;
  /** API Gateway path, with `{name}` parameters. */
  readonly path: string;
  readonly routeKey: string;
  readonly functionName: HttpFunctionName;
  /** False only for PUBLIC_ROUTE_KEYS: the authorizer guards the route. */
  readonly requiresKey: boolean;
}

export function httpRoutes(): HttpRoute[] {
  return (Object.keys(HTTP_FUNCTIONS) as HttpFunctionName[]).flatMap((functionName) =>
    HTTP_FUNCTIONS[functionName].routes.map((routeKey) => {
      const [method = '', path = ''] = routeKey.split(' ');
      return { method, path, routeKey, functionName, requiresKey: !PUBLIC_ROUTE_KEYS.includes(routeKey) };
    }),
  );
}
