import { Match, type Template } from 'aws-cdk-lib/assertions';
import { httpRoutes, PUBLIC_ROUTE_KEYS } from '../../functions/catalog';
import type { BridgeStack } from '../../infra/lib/BridgeStack';
import { actionsOfRole, logicalIdOf, roleOf, statementsOfRole, synthBridge, type Resource } from './support/synthBridge';

/** The routes anyone may call (design.md, "The HTTP API"): opening another one is a decision this list records. */
const OPEN_ROUTES = ['GET /v1/health', 'GET /v1/openapi.json', 'GET /console', 'GET /console/{asset}'] as const;

describe('Api: the API key authorizer', () => {
  let stack: BridgeStack;
  let template: Template;
  let resources: Readonly<Record<string, Resource>>;
  let authorizerId: string;
  let authorizerFunctionId: string;

  beforeAll(() => {
    const synthesized = synthBridge();
    ({ stack, template, resources } = synthesized);
    const authorizers = Object.entries(resources).filter(([, r]) => r.Type === 'AWS::ApiGatewayV2::Authorizer');
    expect(authorizers).toHaveLength(1);
    authorizerId = authorizers[0]?.[0] ?? '';
    authorizerFunctionId = logicalIdOf(synthesized.stack, synthesized.stack.api.authorizerFunction.function);
  });

  it('is a REQUEST authorizer with simple responses (payload 2.0) on the Authorization header, cached 30 s', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'REQUEST',
      AuthorizerPayloadFormatVersion: '2.0',
      EnableSimpleResponses: true,
      IdentitySource: ['$request.header.Authorization'],
      AuthorizerResultTtlInSeconds: 30,
      AuthorizerUri: Match.objectLike({ 'Fn::Join': Match.arrayWith([Match.arrayWith([{ 'Fn::GetAtt': [authorizerFunctionId, 'Arn'] }])]) }),
    });
  });

  it('runs the authorizer entry as its own Node 24 function that API Gateway may invoke', () => {
    expect(authorizerFunctionId).not.toBe('');
    expect(resources[authorizerFunctionId]?.Properties).toMatchObject({ Runtime: 'nodejs24.x', Handler: 'index.handler', Architectures: ['arm64'] });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 'apigateway.amazonaws.com',
      FunctionName: { 'Fn::GetAtt': [authorizerFunctionId, 'Arn'] },
    });
  });

  const guarded = httpRoutes().filter((route) => !PUBLIC_ROUTE_KEYS.includes(route.routeKey));
  it.each(guarded.map((route) => route.routeKey))('guards %s', (routeKey) => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: routeKey, AuthorizationType: 'CUSTOM', AuthorizerId: { Ref: authorizerId } });
  });

  it.each(OPEN_ROUTES)('leaves %s open', (routeKey) => {
    const routes = Object.values(resources).filter((r) => r.Type === 'AWS::ApiGatewayV2::Route' && r.Properties['RouteKey'] === routeKey);
    expect(routes).toHaveLength(1);
    expect(routes[0]?.Properties['AuthorizationType']).toBe('NONE');
    expect(routes[0]?.Properties['AuthorizerId']).toBeUndefined();
  });

  it('serves both console routes from the console function', () => {
    const consoleFunctionId = logicalIdOf(stack, stack.api.functions.console.function);
    const integrations = Object.entries(resources).filter(
      ([, r]) => r.Type === 'AWS::ApiGatewayV2::Integration' && JSON.stringify(r.Properties['IntegrationUri']).includes(`"${consoleFunctionId}"`),
    );
    const served = Object.values(resources)
      .filter((r) => r.Type === 'AWS::ApiGatewayV2::Route' && integrations.some(([id]) => JSON.stringify(r.Properties['Target']).includes(`"${id}"`)))
      .map((r) => r.Properties['RouteKey']);
    expect(served.sort()).toEqual(['GET /console', 'GET /console/{asset}']);
  });

  it('guards every route but health, the OpenAPI document and the console\'s static files', () => {
    expect([...PUBLIC_ROUTE_KEYS].sort()).toEqual([...OPEN_ROUTES].sort());
    const open = httpRoutes().filter((route) => !route.requiresKey).map((route) => route.routeKey);
    expect(open.sort()).toEqual([...OPEN_ROUTES].sort());
    const routes = Object.values(resources).filter((r) => r.Type === 'AWS::ApiGatewayV2::Route');
    expect(routes).toHaveLength(httpRoutes().length);
    expect(routes.filter((r) => r.Properties['AuthorizationType'] === 'NONE').map((r) => r.Properties['RouteKey']).sort()).toEqual([...OPEN_ROUTES].sort());
    // Every other route has the one authorizer.
    expect(routes.filter((r) => r.Properties['AuthorizationType'] === 'CUSTOM' && JSON.stringify(r.Properties['AuthorizerId']) === JSON.stringify({ Ref: authorizerId }))).toHaveLength(
      routes.length - OPEN_ROUTES.length,
    );
  });

  it('reads the table and updates only API key items (their last-used time): nothing else is written', () => {
    const actions = actionsOfRole(resources, roleOf(resources, authorizerFunctionId));
    expect(actions).toContain('dynamodb:GetItem');
    expect(actions.filter((action) => !action.startsWith('logs:') && !action.startsWith('xray:') && /Put|Update|Delete|Write|secretsmanager|events:|sqs:/.test(action))).toEqual(['dynamodb:UpdateItem']);
    const updates = statementsOfRole(resources, roleOf(resources, authorizerFunctionId)).filter((statement) => [statement.Action].flat().includes('dynamodb:UpdateItem'));
    expect(updates).toEqual([
      expect.objectContaining({ Action: 'dynamodb:UpdateItem', Effect: 'Allow', Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['APIKEY#*'] } } }),
    ]);
    expect(actions.filter((action) => action.startsWith('logs:')).sort()).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
    expect(actions.filter((action) => action.startsWith('xray:')).sort()).toEqual(['xray:PutTelemetryRecords', 'xray:PutTraceSegments']);
  });
});
