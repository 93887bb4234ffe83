import { CfnOutput, Duration } from 'aws-cdk-lib';
import { HttpApi, HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaAuthorizer, HttpLambdaResponseType } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Construct } from 'constructs';
import { AUTHORIZER_FUNCTION, HTTP_FUNCTIONS, httpRoutes, type HttpFunctionName } from '../../../functions/catalog';
import { BridgeFunction, grantNeeds, type BridgeResources } from './BridgeFunction';

export interface ApiProps {
  readonly resources: BridgeResources;
  readonly environment: Readonly<Record<string, string>>;
}

/** The billing system's HTTP API: one function per entry of the catalog, routes as the catalog says. */
export class Api extends Construct {
  public readonly httpApi: HttpApi;
  public readonly functions: Readonly<Record<HttpFunctionName, BridgeFunction>>;
  /** The Lambda authorizer on every route but the public ones (catalog: PUBLIC_ROUTE_KEYS). */
  public readonly authorizerFunction: BridgeFunction;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    this.httpApi = new HttpApi(this, 'HttpApi', { description: 'solus-billing-bridge: billing system API' });
    const names = Object.keys(HTTP_FUNCTIONS) as HttpFunctionName[];
    const functions = Object.fromEntries(
      names.map((name) => {
        const fn = new BridgeFunction(this, `${name}Function`, { entry: HTTP_FUNCTIONS[name].entry, environment: props.environment });
        grantNeeds(fn, HTTP_FUNCTIONS[name], props.resources);
        return [name, fn];
      }),
    ) as Record<HttpFunctionName, BridgeFunction>;
    this.authorizerFunction = new BridgeFunction(this, 'authorizerFunction', { entry: AUTHORIZER_FUNCTION.entry, environment: props.environment });
    grantNeeds(this.authorizerFunction, AUTHORIZER_FUNCTION, props.resources);
    // Simple responses, cached per Authorization header for 30 s. The answer holds for every route,
    // so handlers still check the scope; their own key check (cached 30 s at most) is also what
    // bounds how long a revoked key keeps working, whatever the authorizer's caches hold.
    const authorizer = new HttpLambdaAuthorizer('ApiKeyAuthorizer', this.authorizerFunction, {
      responseTypes: [HttpLambdaResponseType.SIMPLE],
      identitySource: ['$request.header.Authorization'],
      resultsCacheTtl: Duration.seconds(30),
    });
    for (const route of httpRoutes()) {
      this.httpApi.addRoutes({
        path: route.path,
        methods: [route.method as HttpMethod],
        integration: new HttpLambdaIntegration(`${route.functionName}${route.method}Integration`, functions[route.functionName]),
        ...(route.requiresKey ? { authorizer } : {}),
      });
    }
    this.functions = functions;
    new CfnOutput(this, 'ApiUrl', { value: this.httpApi.apiEndpoint });
  }
}
