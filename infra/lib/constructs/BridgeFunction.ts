import * as path from 'node:path';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { ISecurityGroup, IVpc, SubnetSelection } from 'aws-cdk-lib/aws-ec2';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import { Architecture, Code, Function as LambdaFunction, Runtime, Tracing, type FunctionProps } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type { FunctionNeeds } from '../../../functions/catalog';
import { keys } from '../../../shared/storage/keys';
import { acknowledge, nagRef } from '../nag';
import { powertoolsLayer, RUNTIME_PROVIDED_MODULES } from './powertoolsLayer';

/** What Lambda calls to attach a function to a VPC (Lambda developer guide, "Giving Lambda functions access to a VPC"). */
export const LAMBDA_VPC_ACTIONS = [
  'ec2:CreateNetworkInterface',
  'ec2:DescribeNetworkInterfaces',
  'ec2:DescribeSubnets',
  'ec2:DeleteNetworkInterface',
  'ec2:AssignPrivateIpAddresses',
  'ec2:UnassignPrivateIpAddresses',
] as const;

/** The project root: entries in functions/catalog.ts are relative to it. */
export const PROJECT_ROOT = path.resolve(__dirname, '..', '..', '..');

/**
 * How function code is produced. `esbuild` (the default, and the only mode `npm run synth` and the
 * CDK CLI use) bundles each entry. `placeholder` is for infra tests only: inline stub code, so a test
 * synthesizes the whole stack in about a second instead of bundling every handler.
 */
export type FunctionCode = 'esbuild' | 'placeholder';

export interface BridgeFunctionProps {
  /** Handler file relative to the project root, e.g. `functions/http/health.ts`. */
  readonly entry: string;
  readonly environment: Readonly<Record<string, string>>;
  /** Retention of the function's log group. */
  readonly logRetention: RetentionDays;
  /** Default: 30 seconds. */
  readonly timeout?: Duration;
  /** Default: 256 MB. */
  readonly memorySize?: number;
  /** Default: none (unreserved). */
  readonly reservedConcurrentExecutions?: number;
  /** Default: `esbuild`. */
  readonly code?: FunctionCode;
  /** Default: none, outside any VPC (Lambda's own network). See `networkFor`. */
  readonly network?: FunctionNetwork;
  /** Default: false. True: the bundle carries the built operator console in `console/` (catalog `servesConsole`). */
  readonly servesConsole?: boolean;
}

/** The console's build script, relative to the project root (its CLI writes the console into a directory). */
export const CONSOLE_BUILD_SCRIPT = 'console/build.ts';

/**
 * The shell command that writes the built console into `console/` beside the bundle, run from the
 * project root (`inputDir`) so `tsx` and the console's sources resolve there. Quoted: either path
 * may hold spaces. `script` is for tests only.
 */
export function consoleBuildCommand(inputDir: string, outputDir: string, script: string = CONSOLE_BUILD_SCRIPT): string {
  const quote = (value: string): string => `'${value.replaceAll("'", "'\\''")}'`;
  return `cd ${quote(inputDir)} && node --import tsx ${quote(script)} ${quote(`${outputDir}/console`)}`;
}

/** A VPC placement: the subnets and security groups a function's network interfaces go in. */
export interface FunctionNetwork {
  readonly vpc: IVpc;
  readonly vpcSubnets: SubnetSelection;
  readonly securityGroups: readonly ISecurityGroup[];
}

/**
 * The placement of a function with `needs`: in `network` (the Egress construct's, context `egress: nat`)
 * exactly when it calls out to SolusIO or the billing system, the calls an allow-list may refuse;
 * every other function stays outside the VPC (no ENIs, no NAT charges for its AWS calls).
 */
export function networkFor(needs: FunctionNeeds, network: FunctionNetwork | undefined): { network?: FunctionNetwork } {
  return network !== undefined && (needs.solusio || needs.billing === true) ? { network } : {};
}

/** What the bridge's functions may be granted. */
export interface BridgeResources {
  readonly table: ITableV2;
  readonly eventBus: IEventBus;
  /** The SolusIO token secrets, one per installation: a function that calls SolusIO may read each. */
  readonly solusioTokens: readonly ISecret[];
  /** The billing system's credentials, `{"identifier", "secret"}` (invoice pushes). */
  readonly billingCredentials: ISecret;
}

/** Grants a function exactly what its catalog entry says it needs. */
export function grantNeeds(fn: LambdaFunction, needs: FunctionNeeds, resources: BridgeResources): void {
  if (needs.table !== 'none') grantTable(fn, needs.table, resources);
  if (needs.recordsKeyUse === true) {
    // Last-used times only: UpdateItem on items whose partition key is an API key's hash item.
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:UpdateItem'],
        resources: [resources.table.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${keys.apiKey('').pk}*`] } },
      }),
    );
  }
  if (needs.solusio) for (const token of resources.solusioTokens) token.grantRead(fn);
  if (needs.billing === true) resources.billingCredentials.grantRead(fn);
  if (needs.publishesEvents) resources.eventBus.grantPutEventsTo(fn);
}

/** The table grant and the acknowledgement of its index wildcard: only a function that touches the table has either. */
function grantTable(fn: LambdaFunction, access: 'read' | 'readWrite', resources: BridgeResources): void {
  if (access === 'read') resources.table.grantReadData(fn);
  else resources.table.grantReadWriteData(fn);
  // CDK's table grants cover the table and its indexes (`<table arn>/index/*`): this table's only.
  acknowledge(
    fn.role ?? fn,
    `AwsSolutions-IAM5[Resource::${nagRef(resources.table, 'Arn')}/index/*]`,
    "The table grant covers the bridge table's own secondary indexes (gsi1, projected ALL), which the function queries; no other table.",
  );
}

/**
 * One place for every function's runtime, memory, timeout, logging and bundling defaults.
 * Node 24 on arm64: the newest Lambda runtime; every handler is async, so its removal of callbacks
 * is moot. The bundle leaves out the AWS SDK v3 (the runtime's) and Powertools, which comes from
 * its official layer at exactly the version package.json pins (`powertoolsLayer`).
 */
export class BridgeFunction extends Construct {
  public readonly function: LambdaFunction;
  public readonly logGroup: LogGroup;
  /** The execution role: its own log group only (no AWS managed policy), plus what grantNeeds adds. */
  public readonly role: Role;

  constructor(scope: Construct, id: string, props: BridgeFunctionProps) {
    super(scope, id);
    if (props.reservedConcurrentExecutions !== undefined && props.reservedConcurrentExecutions < 1) {
      throw new Error(`${id}: reservedConcurrentExecutions must be at least 1`);
    }
    this.logGroup = new LogGroup(this, 'Logs', { retention: props.logRetention, removalPolicy: RemovalPolicy.DESTROY });
    this.role = new Role(this, 'Role', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    this.role.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [this.logGroup.logGroupArn] }),
    );
    if (props.network) {
      // What Lambda needs to manage the function's network interfaces: the actions of the AWS managed
      // policy AWSLambdaVPCAccessExecutionRole but logs, inline (a role of ours carries no managed policy).
      this.role.addToPrincipalPolicy(new PolicyStatement({ actions: [...LAMBDA_VPC_ACTIONS], resources: ['*'] }));
    }
    const common = {
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 256,
      timeout: props.timeout ?? Duration.seconds(30),
      environment: { NODE_OPTIONS: '--enable-source-maps', ...props.environment },
      logGroup: this.logGroup,
      role: this.role,
      layers: [powertoolsLayer(this)],
      // The handlers' Powertools Tracer sends its segments to X-Ray only when the function traces.
      tracing: Tracing.ACTIVE,
      ...(props.reservedConcurrentExecutions !== undefined ? { reservedConcurrentExecutions: props.reservedConcurrentExecutions } : {}),
      ...(props.network ? { vpc: props.network.vpc, vpcSubnets: props.network.vpcSubnets, securityGroups: [...props.network.securityGroups] } : {}),
    } satisfies Partial<FunctionProps>;
    this.function =
      (props.code ?? 'esbuild') === 'esbuild'
        ? new NodejsFunction(this, 'Function', {
            ...common,
            entry: path.join(PROJECT_ROOT, props.entry),
            handler: 'handler',
            projectRoot: PROJECT_ROOT,
            depsLockFilePath: path.join(PROJECT_ROOT, 'package-lock.json'),
            // The AWS SDK is the runtime's and Powertools the layer's (docs/architecture.md "Bundles").
            bundling: {
              minify: true,
              sourceMap: true,
              target: 'node24',
              format: OutputFormat.CJS,
              externalModules: [...RUNTIME_PROVIDED_MODULES],
              // The console handler reads its files from `console/` beside index.js (functions/http/console.ts).
              ...(props.servesConsole === true
                ? {
                    commandHooks: {
                      beforeBundling: () => [],
                      beforeInstall: () => [],
                      afterBundling: (inputDir: string, outputDir: string) => [consoleBuildCommand(inputDir, outputDir)],
                    },
                  }
                : {}),
            },
          })
        : new LambdaFunction(this, 'Function', {
            ...common,
            handler: 'index.handler',
            code: Code.fromInline(`// placeholder for ${props.entry} (infra tests only)\nexports.handler = async () => undefined;`),
          });
    acknowledge(
      this.role,
      'AwsSolutions-IAM5[Resource::*]',
      props.network
        ? 'Active tracing (X-Ray PutTraceSegments, PutTelemetryRecords) and Lambda\'s network interfaces in the VPC (ec2 Describe*, Create/Delete/Assign/UnassignPrivateIp as in AWSLambdaVPCAccessExecutionRole) take "*"; nothing else is granted on "*".'
        : 'Active tracing: X-Ray PutTraceSegments and PutTelemetryRecords take no resource-level permissions (AWS requires "*"); nothing else is granted on "*".',
    );
  }
}
