import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { HTTP_FUNCTIONS, httpRoutes, SCHEDULED_FUNCTIONS, type FunctionNeeds } from '../../functions/catalog';
import { BridgeStack } from '../../infra/lib/BridgeStack';
import { parseInfraConfig } from '../../infra/lib/infraConfig';
import { SCHEDULE_DEFINITIONS } from '../../shared/schedules';
import { TABLE_DEFINITION } from '../../shared/storage';

describe('BridgeStack', () => {
  let template: Template;

  beforeAll(() => {
    const app = new App();
    const stack = new BridgeStack(app, 'Test', { config: parseInfraConfig({ stage: 'test', billingStart: '2026-11-01T00:00:00Z' }) });
    template = Template.fromStack(stack);
  }, 120_000);

  describe('storage', () => {
    it('builds the one table from the shared definition, on demand, with PITR and TTL', () => {
      template.resourceCountIs('AWS::DynamoDB::GlobalTable', 1);
      template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
        KeySchema: [
          { AttributeName: TABLE_DEFINITION.partitionKey.name, KeyType: 'HASH' },
          { AttributeName: TABLE_DEFINITION.sortKey.name, KeyType: 'RANGE' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
        GlobalSecondaryIndexes: [Match.objectLike({ IndexName: 'gsi1' })],
        Replicas: [Match.objectLike({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } })],
      });
    });

    it('keeps the table when the stack is deleted', () => {
      template.hasResource('AWS::DynamoDB::GlobalTable', { DeletionPolicy: 'Retain' });
    });
  });

  describe('functions', () => {
    it('creates one Node 24 arm64 function per catalog entry, and the authorizer', () => {
      const expected = Object.keys(HTTP_FUNCTIONS).length + SCHEDULE_DEFINITIONS.length + 1;
      template.resourcePropertiesCountIs('AWS::Lambda::Function', { Runtime: 'nodejs24.x', Architectures: ['arm64'] }, expected);
    });

    it('passes the configuration through the shared variable names', () => {
      template.hasResourceProperties('AWS::Lambda::Function', {
        Environment: {
          Variables: Match.objectLike({
            STAGE: 'test',
            TOKEN_RATES: '{"USD":"0.001"}',
            BILL_SUSPENDED_TIME: 'false',
            BILLING_START: '2026-11-01T00:00:00Z',
            TABLE_NAME: Match.anyValue(),
            EVENT_BUS_NAME: Match.anyValue(),
          }),
        },
      });
    });
  });

  describe('permissions', () => {
    type Resource = { Type: string; Properties: Record<string, unknown> };

    /** Every IAM action granted to the role of the function whose logical id starts with `prefix`. */
    function actionsOf(prefix: string): string[] {
      const resources = template.toJSON()['Resources'] as Record<string, Resource>;
      const [, fn] = Object.entries(resources).find(([id, r]) => id.startsWith(prefix) && r.Type === 'AWS::Lambda::Function') ?? [];
      const roleId = ((fn?.Properties['Role'] as { 'Fn::GetAtt': string[] })['Fn::GetAtt'] ?? [])[0];
      return Object.values(resources)
        .filter((r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties['Roles']).includes(`"${roleId}"`))
        .flatMap((r) => (r.Properties['PolicyDocument'] as { Statement: { Action: string | string[] }[] }).Statement)
        .flatMap((statement) => (Array.isArray(statement.Action) ? statement.Action : [statement.Action]));
    }

    const everyFunction: [string, FunctionNeeds][] = [
      ...Object.entries(HTTP_FUNCTIONS).map(([name, needs]): [string, FunctionNeeds] => [`Api${name}Function`, needs]),
      ...Object.entries(SCHEDULED_FUNCTIONS).map(([name, needs]): [string, FunctionNeeds] => [`Schedules${name.replace(/-/g, '')}Function`, needs]),
    ];

    it.each(everyFunction)('grants %s exactly what the catalog says it needs', (prefix, needs) => {
      const actions = actionsOf(prefix);
      expect(actions).toContain('dynamodb:GetItem');
      expect(actions.includes('dynamodb:PutItem')).toBe(needs.table === 'readWrite');
      expect(actions.includes('secretsmanager:GetSecretValue')).toBe(needs.solusio);
      expect(actions.includes('events:PutEvents')).toBe(needs.publishesEvents);
    });
  });

  describe('api', () => {
    it.each(httpRoutes().map((route) => route.routeKey))('routes %s', (routeKey) => {
      template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: routeKey });
    });
  });

  describe('schedules', () => {
    it.each(SCHEDULE_DEFINITIONS.map((definition) => [definition.name, definition.everyMinutes] as const))(
      'schedules %s every %i minutes with the scheduled time as input',
      (name, minutes) => {
        template.hasResourceProperties('AWS::Scheduler::Schedule', {
          ScheduleExpression: rateExpression(minutes),
          Description: SCHEDULE_DEFINITIONS.find((definition) => definition.name === name)?.description,
          Target: Match.objectLike({ Input: JSON.stringify({ time: '<aws.scheduler.scheduled-time>' }) }),
        });
      },
    );
  });
});

/** CDK writes a rate in the largest whole unit: 60 minutes is `rate(1 hour)`. */
function rateExpression(minutes: number): string {
  const [amount, unit] = minutes % 1440 === 0 ? [minutes / 1440, 'day'] : minutes % 60 === 0 ? [minutes / 60, 'hour'] : [minutes, 'minute'];
  return `rate(${amount} ${unit}${amount === 1 ? '' : 's'})`;
}

describe('parseInfraConfig', () => {
  it('rejects a malformed context value, naming it', () => {
    expect(() => parseInfraConfig({ billingStart: 'yesterday' })).toThrow(/billingStart/);
  });

  it.each([
    ['not JSON', 'nope'],
    ['a comma decimal', '{"USD":"0,001"}'],
    ['a number', '{"USD":0.001}'],
    ['an array', '["USD"]'],
    ['a bare number', '5'],
  ])('rejects token rates that are %s at synth', (_case, tokenRates) => {
    expect(() => parseInfraConfig({ tokenRates })).toThrow(/Invalid CDK context: .*tokenRates/);
  });

  it('accepts billSuspendedTime as a cdk.json boolean or a -c string', () => {
    expect(parseInfraConfig({ billSuspendedTime: true }).billSuspendedTime).toBe('true');
    expect(parseInfraConfig({ billSuspendedTime: 'false' }).billSuspendedTime).toBe('false');
  });
});
