import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { EVENT_FUNCTIONS, HTTP_FUNCTIONS, SCHEDULED_FUNCTIONS, type FunctionNeeds } from '../../functions/catalog';
import type { BridgeStack } from '../../infra/lib/BridgeStack';
import { LAMBDA_VPC_ACTIONS } from '../../infra/lib/constructs/BridgeFunction';
import { upstreamPorts } from '../../infra/lib/constructs/Egress';
import { actionsOfRole, idsOfType, logicalIdOf, roleOf, synthBridge, type Resource } from './support/synthBridge';

/** Every function of the catalog with its needs and its construct, by catalog name. */
function catalogFunctions(stack: BridgeStack): { name: string; needs: FunctionNeeds; fn: LambdaFunction }[] {
  const api = stack.api.functions as Record<string, { function: LambdaFunction }>;
  const jobs: Record<string, { function: { function: LambdaFunction } }> = { ...stack.snapshots.jobs, ...stack.aggregation.jobs, 'retry-pushes': stack.invoicing.retryJob };
  return [
    ...Object.entries(HTTP_FUNCTIONS).map(([name, needs]) => ({ name, needs: needs as FunctionNeeds, fn: api[name]?.function })),
    ...Object.entries(SCHEDULED_FUNCTIONS).map(([name, needs]) => ({ name, needs, fn: jobs[name]?.function.function })),
    ...Object.entries(EVENT_FUNCTIONS).map(([name, needs]) => ({ name, needs: needs as FunctionNeeds, fn: stack.invoicing.function.function })),
  ].map(({ name, needs, fn }) => {
    if (!fn) throw new Error(`no function ${name}`);
    return { name, needs, fn };
  });
}

describe('BridgeStack with egress nat', () => {
  let stack: BridgeStack;
  let template: Template;
  let resources: Readonly<Record<string, Resource>>;

  beforeAll(() => {
    ({ stack, template, resources } = synthBridge({ stage: 'test', egress: 'nat', billingSystem: 'whmcs', billingUrl: 'https://billing.example.test:8443/whmcs' }));
  });

  it('has one NAT gateway holding the one Elastic IP, and prints that address as the EgressIp output', () => {
    template.resourceCountIs('AWS::EC2::NatGateway', 1);
    template.resourceCountIs('AWS::EC2::EIP', 1);
    const [eip] = idsOfType(resources, 'AWS::EC2::EIP');
    template.hasResourceProperties('AWS::EC2::NatGateway', { AllocationId: { 'Fn::GetAtt': [eip, 'AllocationId'] } });
    template.hasOutput('EgressIp', { Value: { 'Fn::GetAtt': [eip, 'PublicIp'] } });
  });

  it('creates its VPC (no lookup): two zones, DynamoDB through a gateway endpoint, flow logs', () => {
    template.resourceCountIs('AWS::EC2::VPC', 1);
    template.resourceCountIs('AWS::EC2::Subnet', 4);
    template.hasResourceProperties('AWS::EC2::VPCEndpoint', { VpcEndpointType: 'Gateway', ServiceName: Match.objectLike({ 'Fn::Join': Match.arrayWith([Match.arrayWith(['.dynamodb'])]) }) });
    template.resourceCountIs('AWS::EC2::FlowLog', 1);
    expect(stack.node.tryGetContext('vpc-provider')).toBeUndefined();
  });

  it('puts exactly the functions that call SolusIO or the billing system in the VPC, with the ENI permissions Lambda needs', () => {
    const functions = catalogFunctions(stack);
    const callsOut = functions.filter(({ needs }) => needs.solusio || needs.billing === true).map(({ name }) => name);
    expect(callsOut.sort()).toEqual(['catalog', 'periodPushes', 'push-invoices', 'retry-pushes', 'services', 'snapshot-backups', 'snapshot-servers']);
    const inVpc = idsOfType(resources, 'AWS::Lambda::Function').filter((id) => resources[id]?.Properties['VpcConfig'] !== undefined);
    expect(inVpc.sort()).toEqual(functions.filter(({ name }) => callsOut.includes(name)).map(({ fn }) => logicalIdOf(stack, fn)).sort());
    const securityGroup = logicalIdOf(stack, stack.egress?.securityGroup ?? stack);
    for (const id of inVpc) {
      expect(resources[id]?.Properties['VpcConfig']).toEqual({ SecurityGroupIds: [{ 'Fn::GetAtt': [securityGroup, 'GroupId'] }], SubnetIds: expect.any(Array) });
    }
    for (const { fn } of functions) {
      const id = logicalIdOf(stack, fn);
      expect([id, actionsOfRole(resources, roleOf(resources, id)).includes('ec2:CreateNetworkInterface')]).toEqual([id, inVpc.includes(id)]);
    }
  });

  it('lets those functions open connections to 443 and the upstreams\' ports only', () => {
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      SecurityGroupEgress: [
        { CidrIp: '0.0.0.0/0', IpProtocol: 'tcp', FromPort: 443, ToPort: 443, Description: Match.anyValue() },
        { CidrIp: '0.0.0.0/0', IpProtocol: 'tcp', FromPort: 8443, ToPort: 8443, Description: Match.anyValue() },
      ],
    });
  });

  it('grants "*" only to X-Ray\'s two calls and Lambda\'s network-interface calls', () => {
    const statements = Object.values(resources)
      .filter((r) => r.Type === 'AWS::IAM::Policy')
      .flatMap((r) => (r.Properties['PolicyDocument'] as { Statement: { Action: string | string[]; Resource: unknown }[] }).Statement);
    const onEveryResource = statements.filter((s) => [s.Resource].flat().includes('*')).map((s) => [s.Action].flat().sort().join(' '));
    const tracing = 'xray:PutTelemetryRecords xray:PutTraceSegments';
    const networkInterfaces = [...LAMBDA_VPC_ACTIONS].sort().join(' ');
    expect(onEveryResource.filter((actions) => actions !== tracing && actions !== networkInterfaces)).toEqual([]);
    expect(onEveryResource.filter((actions) => actions === networkInterfaces)).toHaveLength(7);
  });

  it('has no unacknowledged cdk-nag AwsSolutions finding', () => {
    const report = new AwsSolutionsChecks().validateScope(stack);
    expect(report.violations.map((violation) => `${violation.ruleName}: ${violation.violatingResources.map((r) => r.resourceLogicalId).join(', ')}`)).toEqual([]);
  });
});

describe('upstreamPorts', () => {
  it('always opens 443, and the port each upstream URL names or implies', () => {
    expect(upstreamPorts([])).toEqual([443]);
    expect(upstreamPorts(['https://solusio.example.com/api/v1', 'https://billing.example.com:8443/whmcs', 'http://127.0.0.1/x'])).toEqual([80, 443, 8443]);
  });
});
