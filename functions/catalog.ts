import type { ScheduledJobName } from '../shared/schedules';

/**
 * Every Lambda of the bridge with its entry file and what triggers it. The CDK app builds one
 * function per entry; the local stack maps the same names to the handler factories.
 */
export const HTTP_FUNCTIONS = {
  health: { entry: 'functions/http/health.ts', routes: ['GET /v1/health'], public: true },
  usage: { entry: 'functions/http/usage.ts', routes: ['GET /v1/usage'], public: false },
} as const;

export type HttpFunctionName = keyof typeof HTTP_FUNCTIONS;

export const SCHEDULED_FUNCTIONS: Readonly<Record<ScheduledJobName, { readonly entry: string }>> = {
  'snapshot-servers': { entry: 'functions/scheduled/snapshotServers.ts' },
  'snapshot-backups': { entry: 'functions/scheduled/snapshotBackups.ts' },
  'aggregate-usage': { entry: 'functions/scheduled/aggregateUsage.ts' },
  'close-period': { entry: 'functions/scheduled/closePeriod.ts' },
};

export interface HttpRoute {
  readonly method: string;
  /** API Gateway path, with `{name}` parameters. */
  readonly path: string;
  readonly routeKey: string;
  readonly functionName: HttpFunctionName;
}

export function httpRoutes(): HttpRoute[] {
  return (Object.keys(HTTP_FUNCTIONS) as HttpFunctionName[]).flatMap((functionName) =>
    HTTP_FUNCTIONS[functionName].routes.map((routeKey) => {
      const [method = '', path = ''] = routeKey.split(' ');
      return { method, path, routeKey, functionName };
    }),
  );
}
