import { CfnOutput, Duration, RemovalPolicy } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { CorsHttpMethod, HttpApi, HttpMethod, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaAuthorizer, HttpLambdaResponseType } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { AUTHORIZER_FUNCTION, HTTP_FUNCTIONS, httpRoutes, type FunctionEntry, type HttpFunctionName } from '../../../functions/catalog';
import { acknowledge } from '../nag';
import { BridgeFunction, grantNeeds, networkFor, type BridgeResources, type FunctionCode, type FunctionNetwork } from './BridgeFunction';

export interface ApiThrottle {
  /** Steady requests per second over the whole stage. */
  readonly rateLimit: number;
  /** Burst above the steady rate. */
  readonly burstLimit: number;
}

const CONSOLE_FILES_REASON =
  "the operator console's static files (page, script, styles) are public by design: they hold no datum; the page asks for an API key and sends it only to /v1, where every datum comes from, with the key.";

/**
 * Why each public route (catalog: PUBLIC_ROUTE_KEYS) needs no key: the cdk-nag AwsSolutions-APIG4
 * acknowledgement of its route. A public route without a reason here fails the synthesis, so opening
 * a route means writing why.
 */
export const PUBLIC_ROUTE_REASONS: Readonly<Record<string, string>> = {
  'GET /v1/health': 'health is public by design (design.md, "The HTTP API"): a liveness check for monitors, no datum, no key.',
  'GET /v1/openapi.json': 'the OpenAPI document is public by design (design.md, "The HTTP API"): the API\'s description, no datum, no key.',
  'GET /console': CONSOLE_FILES_REASON,
  'GET /console/{asset}': CONSOLE_FILES_REASON,
};

/** A billing system syncs in bursts, a provisioning hook is one request: ample, yet bounded. */
export const DEFAULT_API_THROTTLE: ApiThrottle = { rateLimit: 50, burstLimit: 100 };

export interface ApiProps {
  readonly resources: BridgeResources;
  readonly environment: Readonly<Record<string, string>>;
  readonly logRetention: RetentionDays;
  /** Default: DEFAULT_API_THROTTLE. */
  readonly throttle?: ApiThrottle;
  /**
   * Origins a browser may call the API from. Default: none, CORS off: the API's callers are billing
   * systems' servers, never browsers.
   */
  readonly corsAllowOrigins?: readonly string[];
  /** Default: `esbuild`. */
  readonly code?: FunctionCode;
  /** Default: none. Given: the functions that call SolusIO or the billing system run in it (`networkFor`). */
  readonly network?: FunctionNetwork;
}

/**
 * The billing system's HTTP API: one function per entry of the catalog, routes as the catalog says,
 * the Lambda authorizer on every route but the public ones, stage throttling and JSON access logs.
 */
export class Api extends Construct {
  public readonly httpApi: HttpApi;
  public readonly stage: HttpStage;
  public readonly accessLogs: LogGroup;
  public readonly functions: Readonly<Record<HttpFunctionName, BridgeFunction>>;
  /** The Lambda authorizer on every route but the public ones (catalog: PUBLIC_ROUTE_KEYS). */
  public readonly authorizerFunction: BridgeFunction;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    const throttle = props.throttle ?? DEFAULT_API_THROTTLE;
    if (throttle.rateLimit <= 0 || throttle.burstLimit < 1 || !Number.isInteger(throttle.burstLimit)) {
      throw new Error('Api: throttle rateLimit must be positive and burstLimit a positive integer');
    }
    const corsAllowOrigins = props.corsAllowOrigins ?? [];
    if (corsAllowOrigins.includes('*')) throw new Error('Api: a wildcard CORS origin would let any web page call the API with a key');

    this.httpApi = new HttpApi(this, 'HttpApi', {
      description: 'solus-billing-bridge: billing system API',
      createDefaultStage: false,
      ...(corsAllowOrigins.length > 0
        ? { corsPreflight: { allowOrigins: [...corsAllowOrigins], allowHeaders: ['authorization', 'content-type', 'idempotency-key'], allowMethods: [...new Set(httpRoutes().map((route) => route.method as CorsHttpMethod))] } }
        : {}),
    });
    this.accessLogs = new LogGroup(this, 'AccessLogs', { retention: props.logRetention, removalPolicy: RemovalPolicy.DESTROY });
    this.stage = this.httpApi.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle,
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            ip: '$context.identity.sourceIp',
            requestTime: '$context.requestTime',
            routeKey: '$context.routeKey',
            status: '$context.status',
            protocol: '$context.protocol',
            responseLength: '$context.responseLength',
            responseLatency: '$context.responseLatency',
            integrationLatency: '$context.integrationLatency',
            integrationError: '$context.integrationErrorMessage',
            authorizerError: '$context.authorizer.error',
          }),
        ),
      },
    });

    const names = Object.keys(HTTP_FUNCTIONS) as HttpFunctionName[];
    const functions = Object.fromEntries(
      names.map((name) => {
        const entry: FunctionEntry = HTTP_FUNCTIONS[name];
        const fn = new BridgeFunction(this, name, {
          entry: entry.entry,
          environment: props.environment,
          logRetention: props.logRetention,
          ...(props.code ? { code: props.code } : {}),
          ...networkFor(entry, props.network),
          ...(entry.servesConsole === true ? { servesConsole: true } : {}),
        });
        grantNeeds(fn.function, entry, props.resources);
        return [name, fn];
      }),
    ) as Record<HttpFunctionName, BridgeFunction>;
    this.authorizerFunction = new BridgeFunction(this, 'authorizer', {
      entry: AUTHORIZER_FUNCTION.entry,
      environment: props.environment,
      logRetention: props.logRetention,
      ...(props.code ? { code: props.code } : {}),
      ...networkFor(AUTHORIZER_FUNCTION, props.network),
    });
    grantNeeds(this.authorizerFunction.function, AUTHORIZER_FUNCTION, props.resources);
    // Simple responses, cached per Authorization header for 30 s. The answer holds for every route,
    // so handlers still check the scope; their own key check (cached 30 s at most) is also what
    // bounds how long a revoked key keeps working, whatever the authorizer's caches hold.
    const authorizer = new HttpLambdaAuthorizer('ApiKeyAuthorizer', this.authorizerFunction.function, {
      responseTypes: [HttpLambdaResponseType.SIMPLE],
      identitySource: ['$request.header.Authorization'],
      resultsCacheTtl: Duration.seconds(30),
    });
    for (const route of httpRoutes()) {
      const [added] = this.httpApi.addRoutes({
        path: route.path,
        methods: [route.method as HttpMethod],
        integration: new HttpLambdaIntegration(`${route.functionName}${route.method}Integration`, functions[route.functionName].function),
        ...(route.requiresKey ? { authorizer } : {}),
      });
      if (!route.requiresKey && added) {
        const reason = PUBLIC_ROUTE_REASONS[route.routeKey];
        if (reason === undefined) throw new Error(`Api: public route ${route.routeKey} has no reason in PUBLIC_ROUTE_REASONS`);
        acknowledge(added, 'AwsSolutions-APIG4', `${route.routeKey} has no authorizer: ${reason}`);
      }
    }
    this.functions = functions;
    new CfnOutput(this, 'ApiUrl', { value: this.stage.url });
    new CfnOutput(this, 'AccessLogGroup', { value: this.accessLogs.logGroupName });
  }
}
