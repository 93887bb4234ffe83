import * as path from 'node:path';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { FunctionNeeds } from '../../../functions/catalog';

/** The project root: entries in functions/catalog.ts are relative to it. */
export const PROJECT_ROOT = path.resolve(__dirname, '..', '..', '..');

export interface BridgeFunctionProps {
  /** Handler file relative to the project root, e.g. `functions/http/health.ts`. */
  readonly entry: string;
  readonly environment: Readonly<Record<string, string>>;
  /** Default: 30 seconds. */
  readonly timeout?: Duration;
  /** Default: 256 MB. */
  readonly memorySize?: number;
}

/** What the bridge's functions may be granted. */
export interface BridgeResources {
  readonly table: ITableV2;
  readonly eventBus: IEventBus;
  readonly solusioToken: ISecret;
}

/** Grants a function exactly what its catalog entry says it needs. */
export function grantNeeds(fn: NodejsFunction, needs: FunctionNeeds, resources: BridgeResources): void {
  if (needs.table === 'read') resources.table.grantReadData(fn);
  else resources.table.grantReadWriteData(fn);
  if (needs.solusio) resources.solusioToken.grantRead(fn);
  if (needs.publishesEvents) resources.eventBus.grantPutEventsTo(fn);
}

/**
 * One place for every function's runtime, memory, timeout, logging and bundling defaults.
 * Node 24: the newest Lambda runtime; every handler is async, so its removal of callbacks is moot.
 */
export class BridgeFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: BridgeFunctionProps) {
    const logGroup = new LogGroup(scope, `${id}Logs`, { retention: RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY });
    super(scope, id, {
      entry: path.join(PROJECT_ROOT, props.entry),
      handler: 'handler',
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 256,
      timeout: props.timeout ?? Duration.seconds(30),
      environment: { NODE_OPTIONS: '--enable-source-maps', ...props.environment },
      logGroup,
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: path.join(PROJECT_ROOT, 'package-lock.json'),
      bundling: { minify: true, sourceMap: true, target: 'node24', format: OutputFormat.CJS },
    });
  }
}
