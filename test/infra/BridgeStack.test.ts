import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { HTTP_FUNCTIONS, httpRoutes } from '../../functions/catalog';
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
    it('creates one Node 24 arm64 function per catalog entry', () => {
      const expected = Object.keys(HTTP_FUNCTIONS).length + SCHEDULE_DEFINITIONS.length;
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
});
