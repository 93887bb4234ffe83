// Over 300 lines: one synth of the whole stack asserted resource by resource; a split would synthesize it again per file.
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { EVENT_FUNCTIONS, HTTP_FUNCTIONS, httpRoutes, SCHEDULED_FUNCTIONS, type FunctionNeeds } from '../../functions/catalog';
import { PUSH_DEFAULTS } from '../../shared/invoicing/InvoicePush';
import type { BridgeStack } from '../../infra/lib/BridgeStack';
import { pinnedPowertoolsVersion, powertoolsLayerParameter } from '../../infra/lib/constructs/powertoolsLayer';
import { SCHEDULE_RETRY_ATTEMPTS } from '../../infra/lib/constructs/ScheduledJob';
import { SCHEDULE_DEFINITIONS, SCHEDULED_JOBS, type ScheduledJobName } from '../../shared/schedules';
import { TABLE_DEFINITION } from '../../shared/storage';
import { actionsOfRole, idsOfType, logicalIdOf, roleOf, statementsOfRole, synthBridge, type Resource } from './support/synthBridge';

describe('BridgeStack (stage test)', () => {
  let stack: BridgeStack;
  let template: Template;
  let resources: Readonly<Record<string, Resource>>;
  /** Logical id of each scheduled job's function. */
  let jobFunction: Record<ScheduledJobName, string>;

  beforeAll(() => {
    ({ stack, template, resources } = synthBridge({ stage: 'test', billingStart: '2026-11-01T00:00:00Z' }));
    const jobs = { ...stack.snapshots.jobs, ...stack.aggregation.jobs, 'retry-pushes': stack.invoicing.retryJob };
    jobFunction = Object.fromEntries(SCHEDULED_JOBS.map((job) => [job, logicalIdOf(stack, jobs[job].function.function)])) as Record<ScheduledJobName, string>;
  });

  it('has no unacknowledged cdk-nag AwsSolutions finding', () => {
    const report = new AwsSolutionsChecks().validateScope(stack);
    expect(report.violations.map((violation) => `${violation.ruleName}: ${violation.violatingResources.map((r) => r.resourceLogicalId).join(', ')}`)).toEqual([]);
  });

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

    it('outside prod, may be deleted with the stack', () => {
      template.hasResource('AWS::DynamoDB::GlobalTable', { DeletionPolicy: 'Delete' });
      template.hasResourceProperties('AWS::DynamoDB::GlobalTable', { Replicas: [Match.objectLike({ DeletionProtectionEnabled: false })] });
    });
  });

  describe('functions', () => {
    it('creates one Node 24 arm64 function per catalog entry, and the authorizer', () => {
      const expected = Object.keys(HTTP_FUNCTIONS).length + SCHEDULE_DEFINITIONS.length + Object.keys(EVENT_FUNCTIONS).length + 1;
      template.resourceCountIs('AWS::Lambda::Function', expected);
      template.resourcePropertiesCountIs('AWS::Lambda::Function', { Runtime: 'nodejs24.x', Architectures: ['arm64'] }, expected);
    });

    it('gives every function the Powertools layer of the pinned version, resolved from its public SSM parameter at deploy', () => {
      const parameters = template.findParameters('*', { Type: 'AWS::SSM::Parameter::Value<String>', Default: powertoolsLayerParameter() });
      const [layerParameter, ...others] = Object.keys(parameters);
      expect(others).toEqual([]);
      expect(powertoolsLayerParameter()).toBe(`/aws/service/powertools/typescript/generic/all/${pinnedPowertoolsVersion()}`);
      const functions = idsOfType(resources, 'AWS::Lambda::Function');
      template.resourcePropertiesCountIs('AWS::Lambda::Function', { Layers: [{ Ref: layerParameter }] }, functions.length);
    });

    it('passes the configuration through the shared variable names', () => {
      template.hasResourceProperties('AWS::Lambda::Function', {
        Environment: {
          Variables: Match.objectLike({
            STAGE: 'test',
            TOKEN_RATES: '{"USD":"0.001"}',
            BILL_SUSPENDED_TIME: 'false',
            BILLING_START: '2026-11-01T00:00:00Z',
            GAP_TOLERANCE_MINUTES: '15',
            CLOSE_GRACE_MINUTES: '120',
            SOLUSIO_TOKEN_SECRET_NAME: 'solus-billing-bridge/solusio-token',
            POWERTOOLS_METRICS_NAMESPACE: 'SolusBillingBridge',
            BILLING_SYSTEM: 'none',
            BILLING_CREDENTIALS_SECRET_NAME: 'solus-billing-bridge/billing-credentials',
            BILLING_DUE_DAYS: '14',
            SOLUSIO_BACKUP_SCHEDULE: '{"type":"daily","time":{"hour":0,"minutes":0}}',
            BILLING_TAXED: 'false',
            PUSH_HOLD_GAP_HOURS: '6',
            NODE_OPTIONS: '--enable-source-maps',
            TABLE_NAME: Match.anyValue(),
            EVENT_BUS_NAME: Match.anyValue(),
          }),
        },
      });
    });

    it.each(['snapshot-servers', 'snapshot-backups'] as const)('runs %s one at a time, with a timeout shorter than its rate', (job) => {
      const fn = resources[jobFunction[job]]?.Properties ?? {};
      const rate = SCHEDULE_DEFINITIONS.find((definition) => definition.name === job)?.everyMinutes ?? 0;
      expect(fn['ReservedConcurrentExecutions']).toBe(1);
      expect(fn['Timeout']).toBeLessThan(rate * 60);
    });

    it.each(SCHEDULED_JOBS)('gives %s a timeout shorter than its rate', (job) => {
      const rate = SCHEDULE_DEFINITIONS.find((definition) => definition.name === job)?.everyMinutes ?? 0;
      expect(resources[jobFunction[job]]?.Properties['Timeout']).toBeLessThan(rate * 60);
    });

    it('runs every function outside any VPC without egress context: no NAT gateway, no Elastic IP, no EgressIp output', () => {
      for (const type of ['AWS::EC2::VPC', 'AWS::EC2::NatGateway', 'AWS::EC2::EIP', 'AWS::EC2::SecurityGroup']) template.resourceCountIs(type, 0);
      template.resourcePropertiesCountIs('AWS::Lambda::Function', { VpcConfig: Match.anyValue() }, 0);
      expect(Object.keys(template.findOutputs('*')).filter((key) => key.includes('Egress'))).toEqual([]);
      expect(stack.egress).toBeUndefined();
    });

    it('writes each function\'s logs to its own log group, kept for the configured retention', () => {
      template.resourcePropertiesCountIs('AWS::Logs::LogGroup', { RetentionInDays: 30 }, Object.keys(HTTP_FUNCTIONS).length + SCHEDULED_JOBS.length + Object.keys(EVENT_FUNCTIONS).length + 2);
    });
  });

  describe('permissions', () => {
    const everyFunction: [string, FunctionNeeds][] = [
      ...Object.entries(HTTP_FUNCTIONS).map(([name, needs]): [string, FunctionNeeds] => [name, needs]),
      ...Object.entries(SCHEDULED_FUNCTIONS).map(([name, needs]): [string, FunctionNeeds] => [name, needs]),
      ...Object.entries(EVENT_FUNCTIONS).map(([name, needs]): [string, FunctionNeeds] => [name, needs]),
    ];

    function functionId(name: string): string {
      const jobs: Record<string, { function: { function: import('aws-cdk-lib/aws-lambda').Function } }> = {
        ...stack.snapshots.jobs,
        ...stack.aggregation.jobs,
        'retry-pushes': stack.invoicing.retryJob,
        'push-invoices': { function: stack.invoicing.function },
      };
      const apiFunction = (stack.api.functions as Record<string, { function: import('aws-cdk-lib/aws-lambda').Function }>)[name];
      const fn = apiFunction?.function ?? jobs[name]?.function.function;
      if (!fn) throw new Error(`no function ${name}`);
      return logicalIdOf(stack, fn);
    }

    it.each(everyFunction)('grants %s exactly what the catalog says it needs', (name, needs) => {
      const actions = actionsOfRole(resources, roleOf(resources, functionId(name)));
      expect(actions.includes('dynamodb:GetItem')).toBe(needs.table !== 'none');
      expect(actions.includes('dynamodb:PutItem')).toBe(needs.table === 'readWrite');
      if (needs.table === 'none') expect(actions.filter((action) => action.startsWith('dynamodb:'))).toEqual([]);
      expect(actions.includes('secretsmanager:GetSecretValue')).toBe(needs.solusio || needs.billing === true);
      expect(actions.includes('events:PutEvents')).toBe(needs.publishesEvents);
    });

    it('gives the console function its logs and tracing only: no table, no secret, no event bus', () => {
      expect(HTTP_FUNCTIONS.console).toMatchObject({ table: 'none', solusio: false, publishesEvents: false, servesConsole: true });
      const roleId = roleOf(resources, functionId('console'));
      expect(roleId).not.toBe('');
      const actions = actionsOfRole(resources, roleId);
      expect(actions.filter((action) => !action.startsWith('logs:') && !action.startsWith('xray:'))).toEqual([]);
      expect(actions.filter((action) => action.startsWith('logs:')).sort()).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
      // Nothing names the table, a secret or the bus, whatever the action.
      const granted = JSON.stringify(statementsOfRole(resources, roleId).map((statement) => statement.Resource));
      for (const resource of [stack.storage.table, stack.events.eventBus]) expect(granted).not.toContain(logicalIdOf(stack, resource));
      expect(granted).not.toContain(':secret:');
    });

    it('grants no wildcard action, and nothing on every resource but X-Ray\'s two tracing calls (which take no resource)', () => {
      const statements = Object.values(resources)
        .filter((r) => r.Type === 'AWS::IAM::Policy' || r.Type === 'AWS::IAM::Role')
        .flatMap((r) => [
          ...((r.Properties['PolicyDocument'] as { Statement?: unknown[] } | undefined)?.Statement ?? []),
          ...((r.Properties['Policies'] as { PolicyDocument: { Statement: unknown[] } }[] | undefined) ?? []).flatMap((p) => p.PolicyDocument.Statement),
        ]) as { Action: string | string[]; Resource: unknown }[];
      expect(statements.length).toBeGreaterThan(0);
      const tracing = ['xray:PutTelemetryRecords', 'xray:PutTraceSegments'];
      let tracingStatements = 0;
      for (const statement of statements) {
        const actions = [statement.Action].flat();
        for (const action of actions) expect(action).not.toMatch(/\*/);
        if ([statement.Resource].flat().includes('*')) {
          expect([...actions].sort()).toEqual(tracing);
          tracingStatements += 1;
        }
      }
      // One per function: every function traces (its handler's Powertools Tracer sends to X-Ray).
      expect(tracingStatements).toBe(idsOfType(resources, 'AWS::Lambda::Function').length);
      template.resourcePropertiesCountIs('AWS::Lambda::Function', { TracingConfig: { Mode: 'Active' } }, idsOfType(resources, 'AWS::Lambda::Function').length);
      template.resourcePropertiesCountIs('AWS::IAM::Role', { ManagedPolicyArns: Match.anyValue() }, 0);
    });
  });

  describe('api', () => {
    it.each(httpRoutes().map((route) => route.routeKey))('routes %s', (routeKey) => {
      template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: routeKey });
    });

    it('throttles the stage and writes JSON access logs', () => {
      template.resourceCountIs('AWS::ApiGatewayV2::Stage', 1);
      template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
        StageName: '$default',
        AutoDeploy: true,
        DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
        AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('"requestId":"\\$context.requestId"') },
      });
    });

    it('leaves CORS off', () => {
      expect(resources[logicalIdOf(stack, stack.api.httpApi)]?.Properties['CorsConfiguration']).toBeUndefined();
    });
  });

  describe('events', () => {
    it('has the bus close-period publishes BillingPeriodClosed on', () => {
      template.resourceCountIs('AWS::Events::EventBus', 1);
      template.hasResourceProperties('AWS::Events::EventBus', { Name: 'solus-billing-bridge-test' });
    });
  });

  describe('schedules', () => {
    it('has three encrypted dead-letter queues (snapshots, aggregation, invoicing) that refuse plain HTTP', () => {
      template.resourceCountIs('AWS::SQS::Queue', 3);
      template.resourcePropertiesCountIs('AWS::SQS::Queue', { SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 24 * 3600 }, 3);
      template.resourcePropertiesCountIs(
        'AWS::SQS::QueuePolicy',
        { PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) } },
        3,
      );
    });

    it('delivers every BillingPeriodClosed and InvoicePushRequested of the bus to push-invoices, with retries and a dead-letter queue, and lets a push outlive no lease', () => {
      const pushFunction = logicalIdOf(stack, stack.invoicing.function.function);
      template.hasResourceProperties('AWS::Events::Rule', {
        EventBusName: Match.anyValue(),
        EventPattern: { source: ['solus-billing-bridge'], 'detail-type': ['BillingPeriodClosed', 'InvoicePushRequested'] },
        Targets: [
          Match.objectLike({
            Arn: { 'Fn::GetAtt': [pushFunction, 'Arn'] },
            RetryPolicy: { MaximumRetryAttempts: SCHEDULE_RETRY_ATTEMPTS, MaximumEventAgeInSeconds: 86_400 },
            DeadLetterConfig: { Arn: { 'Fn::GetAtt': [logicalIdOf(stack, stack.invoicing.deadLetterQueue), 'Arn'] } },
          }),
        ],
      });
      const timeout = resources[pushFunction]?.Properties['Timeout'] as number;
      expect(timeout * 1000).toBeLessThan(PUSH_DEFAULTS.leaseMs);
      // retry-pushes pushes under the same leases: it outlives none either, and runs one at a time.
      const retry = resources[jobFunction['retry-pushes']]?.Properties ?? {};
      expect((retry['Timeout'] as number) * 1000).toBeLessThan(PUSH_DEFAULTS.leaseMs);
      expect(retry['ReservedConcurrentExecutions']).toBe(1);
      template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
        FunctionName: { Ref: pushFunction },
        MaximumRetryAttempts: SCHEDULE_RETRY_ATTEMPTS,
        DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [logicalIdOf(stack, stack.invoicing.deadLetterQueue), 'Arn'] } } },
      });
    });

    it.each(SCHEDULE_DEFINITIONS.map((definition) => [definition.name, definition.everyMinutes] as const))(
      'schedules %s every %i minutes: its own function, the scheduled time as input, retries, a maximum age, a dead-letter queue',
      (name, minutes) => {
        const concern = name.startsWith('snapshot') ? stack.snapshots : name === 'retry-pushes' ? stack.invoicing : stack.aggregation;
        template.hasResourceProperties('AWS::Scheduler::Schedule', {
          ScheduleExpression: rateExpression(minutes),
          Description: SCHEDULE_DEFINITIONS.find((definition) => definition.name === name)?.description,
          Target: {
            Arn: { 'Fn::GetAtt': [jobFunction[name], 'Arn'] },
            RoleArn: Match.anyValue(),
            Input: JSON.stringify({ time: '<aws.scheduler.scheduled-time>' }),
            RetryPolicy: { MaximumRetryAttempts: SCHEDULE_RETRY_ATTEMPTS, MaximumEventAgeInSeconds: Math.min(minutes * 60, 86_400) },
            DeadLetterConfig: { Arn: { 'Fn::GetAtt': [logicalIdOf(stack, concern.deadLetterQueue), 'Arn'] } },
          },
        });
      },
    );

    it.each(SCHEDULED_JOBS)('sends a run of %s that failed every retry to the dead-letter queue', (job) => {
      template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
        FunctionName: { Ref: jobFunction[job] },
        MaximumRetryAttempts: SCHEDULE_RETRY_ATTEMPTS,
        DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
      });
    });
  });

  describe('monitoring', () => {
    const bridgeAlarm = (metricName: string) => ({ Namespace: 'SolusBillingBridge', MetricName: metricName });

    it('alarms on every function\'s errors', () => {
      for (const functionId of idsOfType(resources, 'AWS::Lambda::Function')) {
        template.hasResourceProperties('AWS::CloudWatch::Alarm', {
          MetricName: 'Errors',
          Namespace: 'AWS/Lambda',
          Dimensions: [{ Name: 'FunctionName', Value: { Ref: functionId } }],
          Threshold: 1,
        });
      }
    });

    it('alarms on each dead-letter queue\'s depth', () => {
      for (const queue of [stack.snapshots.deadLetterQueue, stack.aggregation.deadLetterQueue, stack.invoicing.deadLetterQueue]) {
        template.hasResourceProperties('AWS::CloudWatch::Alarm', {
          MetricName: 'ApproximateNumberOfMessagesVisible',
          Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalIdOf(stack, queue), 'QueueName'] } }],
          Threshold: 1,
        });
      }
    });

    it('alarms when no complete snapshot run happened for the gap tolerance (missing data breaches)', () => {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        ...bridgeAlarm('CompleteRuns'),
        AlarmName: 'solus-billing-bridge-test-SnapshotsStale',
        Statistic: 'Sum',
        Period: 60,
        EvaluationPeriods: 15,
        DatapointsToAlarm: 15,
        ComparisonOperator: 'LessThanThreshold',
        Threshold: 1,
        TreatMissingData: 'breaching',
        Dimensions: Match.absent(),
      });
    });

    it('alarms on a suspect run and on a period still open after the 1st at 06:00 UTC', () => {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', { ...bridgeAlarm('SuspectRuns'), ComparisonOperator: 'GreaterThanThreshold', Threshold: 0, Dimensions: Match.absent() });
      template.hasResourceProperties('AWS::CloudWatch::Alarm', { ...bridgeAlarm('OpenPastDuePeriods'), ComparisonOperator: 'GreaterThanThreshold', Threshold: 0, Dimensions: Match.absent() });
    });

    it('alarms on failed pushes and on duplicate invoices', () => {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', { ...bridgeAlarm('InvoicePushFailures'), ComparisonOperator: 'GreaterThanThreshold', Threshold: 0, Dimensions: Match.absent() });
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        ...bridgeAlarm('InvoiceDuplicates'),
        AlarmName: 'solus-billing-bridge-test-InvoiceDuplicates',
        Statistic: 'Sum',
        ComparisonOperator: 'GreaterThanThreshold',
        Threshold: 0,
        Dimensions: Match.absent(),
      });
    });

    it('alarms on customers a push held for a snapshot gap (PushesHeldForGaps), pointing the operator to where the held period is named', () => {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        ...bridgeAlarm('PushesHeldForGaps'),
        AlarmName: 'solus-billing-bridge-test-PushesHeldForGaps',
        AlarmDescription: Match.stringLikeRegexp('GET /v1/periods/\\{period\\}/pushes.*"confirmGaps": true'),
        Statistic: 'Sum',
        Period: 3600,
        ComparisonOperator: 'GreaterThanThreshold',
        Threshold: 0,
        TreatMissingData: 'notBreaching',
        Dimensions: Match.absent(),
      });
    });

    it('alarms on any server found created and deleted between runs that the bridge cannot bill (UnbilledServers)', () => {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        ...bridgeAlarm('UnbilledServers'),
        AlarmName: 'solus-billing-bridge-test-UnbilledServers',
        Statistic: 'Sum',
        Period: 3600,
        ComparisonOperator: 'GreaterThanThreshold',
        Threshold: 0,
        TreatMissingData: 'notBreaching',
        Dimensions: Match.absent(),
      });
    });

    it('alarms on any snapshot run that found SolusIO\'s activity log out of order (ActivityLogOutOfOrder)', () => {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        ...bridgeAlarm('ActivityLogOutOfOrder'),
        AlarmName: 'solus-billing-bridge-test-ActivityLogOutOfOrder',
        Statistic: 'Sum',
        Period: 300,
        ComparisonOperator: 'GreaterThanThreshold',
        Threshold: 0,
        TreatMissingData: 'notBreaching',
        Dimensions: Match.absent(),
      });
    });

    it('alarms on the API\'s 5xx rate', () => {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Threshold: 5,
        Metrics: Match.arrayWith([
          Match.objectLike({ Expression: Match.stringLikeRegexp('errors / requests') }),
          Match.objectLike({ Id: 'errors', MetricStat: Match.objectLike({ Metric: Match.objectLike({ MetricName: '5xx', Namespace: 'AWS/ApiGateway' }) }) }),
        ]),
      });
    });

    it('sends every alarm to the one topic; no e-mail subscription when none is configured', () => {
      template.resourceCountIs('AWS::SNS::Topic', 1);
      template.resourceCountIs('AWS::SNS::Subscription', 0);
      const topicRef = { Ref: logicalIdOf(stack, stack.monitoring.topic) };
      const alarms = idsOfType(resources, 'AWS::CloudWatch::Alarm');
      // One per function, one per dead-letter queue, and staleness, suspect run, period not closed, push failed, duplicates, held for gaps, month item full, unbilled servers, activity log out of order, API 5xx.
      expect(alarms.length).toBe(idsOfType(resources, 'AWS::Lambda::Function').length + 3 + 10);
      for (const id of alarms) expect(resources[id]?.Properties['AlarmActions']).toEqual([topicRef]);
    });

    it('has a dashboard of runs, servers seen, changes, lag, close and API latency', () => {
      template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
      const body = JSON.stringify(resources[idsOfType(resources, 'AWS::CloudWatch::Dashboard')[0] ?? '']?.Properties['DashboardBody']);
      for (const metric of ['CompleteRuns', 'PartialRuns', 'ServersSeen', 'Changes', 'GapMinutes', 'CloseDurationMs', 'ApiLatencyMs', 'Latency']) {
        expect(body).toContain(`\\"${metric}\\"`);
      }
    });
  });
});

describe('BridgeStack (stage prod, alarm e-mail)', () => {
  let template: Template;

  beforeAll(() => {
    ({ template } = synthBridge({ stage: 'prod', alarmEmail: 'ops@example.com', gapToleranceMinutes: 30, logRetentionDays: 90, pushHoldGapHours: 12 }));
  });

  it('protects the table from deletion and keeps it when the stack goes', () => {
    template.hasResource('AWS::DynamoDB::GlobalTable', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', { Replicas: [Match.objectLike({ DeletionProtectionEnabled: true })] });
  });

  it('subscribes the alarm e-mail to the topic', () => {
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.com' });
  });

  it('follows the gap tolerance and the log retention from the context', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'CompleteRuns', EvaluationPeriods: 30, DatapointsToAlarm: 30 });
    template.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 90 });
  });

  it('gives every function the pushHoldGapHours of the context as PUSH_HOLD_GAP_HOURS', () => {
    template.allResourcesProperties('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ PUSH_HOLD_GAP_HOURS: '12' }) } });
  });
});

/** CDK writes a rate in the largest whole unit: 60 minutes is `rate(1 hour)`. */
function rateExpression(minutes: number): string {
  const [amount, unit] = minutes % 1440 === 0 ? [minutes / 1440, 'day'] : minutes % 60 === 0 ? [minutes / 60, 'hour'] : [minutes, 'minute'];
  return `rate(${amount} ${unit}${amount === 1 ? '' : 's'})`;
}
