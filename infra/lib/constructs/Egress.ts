import { CfnOutput, RemovalPolicy } from 'aws-cdk-lib';
import { CfnEIP, FlowLogDestination, FlowLogTrafficType, GatewayVpcEndpointAwsService, NatProvider, Peer, Port, SecurityGroup, SubnetType, Vpc } from 'aws-cdk-lib/aws-ec2';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { FunctionNetwork } from './BridgeFunction';

export interface EgressProps {
  /**
   * The upstreams' base URLs (SolusIO, the billing system): the functions may open TCP connections
   * to their ports on any address, and to 443 (AWS APIs, the usual https port), nothing else.
   */
  readonly upstreamUrls: readonly string[];
  /** Retention of the VPC flow log's log group. */
  readonly logRetention: RetentionDays;
}

/**
 * One fixed source address for the calls to SolusIO and the billing system (context `egress: nat`):
 * a VPC created here (never looked up, so synth stays offline) over two availability zones, whose
 * private subnets reach the internet through one NAT gateway holding one Elastic IP. The address is
 * the `EgressIp` output, what the billing system's (or SolusIO's) allow-list must hold.
 *
 * One NAT gateway, not one per zone: the bridge's calls out are batch work that retries, and a second
 * gateway would double the hourly cost (docs/operations.md, "Egress"). DynamoDB traffic takes a
 * gateway endpoint (free) instead of the NAT gateway (charged per GB).
 */
export class Egress extends Construct {
  public readonly vpc: Vpc;
  public readonly elasticIp: CfnEIP;
  public readonly securityGroup: SecurityGroup;
  /** Where the calling functions are placed: the private subnets, with the security group. */
  public readonly network: FunctionNetwork;

  constructor(scope: Construct, id: string, props: EgressProps) {
    super(scope, id);
    this.elasticIp = new CfnEIP(this, 'ElasticIp', { domain: 'vpc' });
    const flowLogs = new LogGroup(this, 'FlowLogs', { retention: props.logRetention, removalPolicy: RemovalPolicy.DESTROY });
    this.vpc = new Vpc(this, 'Vpc', {
      maxAzs: 2,
      natGateways: 1,
      natGatewayProvider: NatProvider.gateway({ eipAllocationIds: [this.elasticIp.attrAllocationId] }),
      subnetConfiguration: [
        { name: 'Public', subnetType: SubnetType.PUBLIC, cidrMask: 24 },
        { name: 'Functions', subnetType: SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 24 },
      ],
      // Nothing uses the default security group; restricting it would add a custom-resource Lambda.
      restrictDefaultSecurityGroup: false,
      gatewayEndpoints: { DynamoDb: { service: GatewayVpcEndpointAwsService.DYNAMODB } },
      flowLogs: { All: { destination: FlowLogDestination.toCloudWatchLogs(flowLogs), trafficType: FlowLogTrafficType.ALL } },
    });
    this.securityGroup = new SecurityGroup(this, 'Functions', {
      vpc: this.vpc,
      description: 'solus-billing-bridge functions that call SolusIO or the billing system: outbound only',
      allowAllOutbound: false,
    });
    for (const port of upstreamPorts(props.upstreamUrls)) {
      this.securityGroup.addEgressRule(Peer.anyIpv4(), Port.tcp(port), `https to AWS APIs and upstreams (${port})`);
    }
    this.network = { vpc: this.vpc, vpcSubnets: { subnetType: SubnetType.PRIVATE_WITH_EGRESS }, securityGroups: [this.securityGroup] };
    const output = new CfnOutput(this, 'EgressIp', {
      value: this.elasticIp.attrPublicIp,
      description: 'The one address the bridge calls SolusIO and the billing system from: allow-list it there',
    });
    // A plain output key, so `describe-stacks --query "...[?OutputKey=='EgressIp']"` finds it.
    output.overrideLogicalId('EgressIp');
  }
}

/** 443 and every port the upstream URLs name (explicitly, or by their scheme). */
export function upstreamPorts(urls: readonly string[]): number[] {
  const ports = new Set([443]);
  for (const url of urls) {
    const parsed = new URL(url);
    ports.add(parsed.port !== '' ? Number(parsed.port) : parsed.protocol === 'http:' ? 80 : 443);
  }
  return [...ports].sort((a, b) => a - b);
}
