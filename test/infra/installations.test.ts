import { Match, type Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { BridgeStack } from '../../infra/lib/BridgeStack';
import type { ScheduledJob } from '../../infra/lib/constructs/ScheduledJob';
import { SCHEDULED_FUNCTIONS } from '../../functions/catalog';
import { ENV } from '../../shared/config/envNames';
import { installationListJsonSchema } from '../../shared/installations';
import { logicalIdOf, statementsOfRole, roleOf, synthBridge, type Resource } from './support/synthBridge';

/** Two installations, one on a port of its own (the egress rules must open it). */
const INSTALLATIONS = [
  { id: 'eu', url: 'https://eu.solusio.example.test/api/v1', tokenSecretName: 'solusio-eu' },
  { id: 'us', url: 'https://us.solusio.example.test:8443/api/v1', tokenSecretName: 'solusio-us' },
] as const;

const SCHEDULED_TIME = '<aws.scheduler.scheduled-time>';

describe('BridgeStack with several SolusIO installations (context solusioInstallations)', () => {
  let stack: BridgeStack;
  let template: Template;
  let resources: Readonly<Record<string, Resource>>;

  beforeAll(() => {
    ({ stack, template, resources } = synthBridge({ stage: 'test', solusioUrl: undefined, solusioInstallations: JSON.stringify(INSTALLATIONS), egress: 'nat' }));
  });

  const functionsWith = (predicate: (variables: Record<string, string>) => boolean): string[] =>
    Object.entries(resources)
      .filter(([, resource]) => resource.Type === 'AWS::Lambda::Function')
      .filter(([, resource]) => predicate((resource.Properties['Environment'] as { Variables: Record<string, string> }).Variables))
      .map(([id]) => id);

  it('has no unacknowledged cdk-nag AwsSolutions finding', () => {
    const report = new AwsSolutionsChecks().validateScope(stack);
    expect(report.violations.map((violation) => violation.ruleName)).toEqual([]);
  });

  it('gives every function the list, as the runtime parses it, with secret names and never a token nor the single form', () => {
    const all = functionsWith(() => true);
    const withList = functionsWith((variables) => variables[ENV.solusioInstallations] !== undefined);
    expect(withList).toEqual(all);
    const variables = (resources[all[0] ?? '']?.Properties['Environment'] as { Variables: Record<string, string> }).Variables;
    expect(installationListJsonSchema.parse(variables[ENV.solusioInstallations])).toEqual(INSTALLATIONS);
    expect(variables[ENV.solusioInstallations]).not.toContain('"token"');
    expect(functionsWith((v) => v[ENV.solusioUrl] !== undefined || v[ENV.solusioTokenSecretName] !== undefined || v[ENV.solusioToken] !== undefined)).toEqual([]);
  });

  it.each(['snapshot-servers', 'snapshot-backups'] as const)('schedules %s once per installation, the installation next to the scheduled time, each with the dead-letter queue', (job) => {
    const fn = logicalIdOf(stack, stack.snapshots.jobs[job].function.function);
    expect(stack.snapshots.jobs[job].schedules).toHaveLength(INSTALLATIONS.length);
    for (const { id } of INSTALLATIONS) {
      template.hasResourceProperties('AWS::Scheduler::Schedule', {
        Target: {
          Arn: { 'Fn::GetAtt': [fn, 'Arn'] },
          Input: JSON.stringify({ time: SCHEDULED_TIME, installation: id }),
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [logicalIdOf(stack, stack.snapshots.deadLetterQueue), 'Arn'] } },
          RetryPolicy: Match.anyValue(),
          RoleArn: Match.anyValue(),
        },
      });
    }
    // One run per installation at a time: the installations' runs do not wait for each other.
    expect(resources[fn]?.Properties['ReservedConcurrentExecutions']).toBe(INSTALLATIONS.length);
  });

  it('keeps one schedule, without an installation, for the jobs that run every installation', () => {
    for (const job of [...Object.values(stack.aggregation.jobs), stack.invoicing.retryJob]) {
      expect(job.schedules).toHaveLength(1);
      template.hasResourceProperties('AWS::Scheduler::Schedule', {
        Target: { Arn: { 'Fn::GetAtt': [logicalIdOf(stack, job.function.function), 'Arn'] }, Input: JSON.stringify({ time: SCHEDULED_TIME }) },
      });
    }
  });

  it('lets the functions that call SolusIO read every installation\'s token secret, and only those', () => {
    for (const [job, needs] of Object.entries(SCHEDULED_FUNCTIONS)) {
      const jobs: Record<string, ScheduledJob | undefined> = { ...stack.snapshots.jobs, ...stack.aggregation.jobs, 'retry-pushes': stack.invoicing.retryJob };
      const scheduled = jobs[job];
      if (scheduled === undefined) throw new Error(`${job}: not in the stack`);
      const role = roleOf(resources, logicalIdOf(stack, scheduled.function.function));
      const secretResources = JSON.stringify(statementsOfRole(resources, role).filter((statement) => JSON.stringify(statement.Action).includes('secretsmanager:')));
      for (const { tokenSecretName } of INSTALLATIONS) expect(secretResources.includes(`secret:${tokenSecretName}-??????`)).toBe(needs.solusio);
    }
  });

  it('opens the egress security group to every installation\'s port', () => {
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      SecurityGroupEgress: [Match.objectLike({ FromPort: 443, ToPort: 443 }), Match.objectLike({ FromPort: 8443, ToPort: 8443 })],
    });
  });

  it.each(['SnapshotsStale', 'SuspectRun', 'UnbilledServers', 'ServerMonthFull', 'ActivityLogOutOfOrder'])('raises %s per installation, named after it, on the Installation dimension', (alarm) => {
    template.resourcePropertiesCountIs('AWS::CloudWatch::Alarm', { AlarmName: `solus-billing-bridge-test-${alarm}` }, 0);
    for (const { id } of INSTALLATIONS) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        AlarmName: `solus-billing-bridge-test-${alarm}-${id}`,
        AlarmDescription: Match.stringLikeRegexp(`^Installation ${id}: `),
        Dimensions: [{ Name: 'Installation', Value: id }],
      });
    }
  });
});

describe('BridgeStack with the single solusioUrl form', () => {
  it('keeps today\'s environment, one schedule per snapshot job and the undimensioned alarms', () => {
    const { stack, template, resources } = synthBridge({ stage: 'test' });
    expect(stack.snapshots.jobs['snapshot-servers'].schedules).toHaveLength(1);
    const fn = logicalIdOf(stack, stack.snapshots.jobs['snapshot-servers'].function.function);
    const variables = (resources[fn]?.Properties['Environment'] as { Variables: Record<string, string> }).Variables;
    expect(variables[ENV.solusioUrl]).toBe('https://solusio.example.test/api/v1');
    expect(variables[ENV.solusioInstallations]).toBeUndefined();
    expect(resources[fn]?.Properties['ReservedConcurrentExecutions']).toBe(1);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'solus-billing-bridge-test-SnapshotsStale', Dimensions: Match.absent() });
  });
});
