import { Stack } from 'aws-cdk-lib';
import { LayerVersion, type ILayerVersion } from 'aws-cdk-lib/aws-lambda';
import { StringParameter } from 'aws-cdk-lib/aws-ssm';
import type { Construct } from 'constructs';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

/** Modules every bundle leaves to the runtime: the AWS SDK (Lambda's) and Powertools (its layer). */
export const RUNTIME_PROVIDED_MODULES = ['@aws-sdk/*', '@aws-lambda-powertools/*'];

/**
 * The Powertools version the project pins (package.json, exact): every `@aws-lambda-powertools/*`
 * dependency must name the same one, or the layer would not hold the code the tests ran.
 */
export function pinnedPowertoolsVersion(packageJsonPath: string = path.resolve(__dirname, '..', '..', '..', 'package.json')): string {
  const { dependencies = {} } = JSON.parse(readFileSync(packageJsonPath, 'utf8')) as { dependencies?: Record<string, string> };
  const versions = new Set(Object.entries(dependencies).filter(([name]) => name.startsWith('@aws-lambda-powertools/')).map(([, version]) => version));
  const [version, ...others] = [...versions];
  if (version === undefined || others.length > 0 || !/^\d+\.\d+\.\d+$/.test(version)) {
    throw new Error(`package.json must pin every @aws-lambda-powertools/* package to one exact version (found: ${[...versions].join(', ') || 'none'})`);
  }
  return version;
}

/** The public SSM parameter AWS keeps for each Powertools release: its layer ARN in the deploy's region. */
export const powertoolsLayerParameter = (version: string = pinnedPowertoolsVersion()): string => `/aws/service/powertools/typescript/generic/all/${version}`;

/**
 * The official Powertools for AWS Lambda (TypeScript) layer at exactly the version the lockfile
 * installs (the tests ran that one), one per stack. CloudFormation resolves the ARN at deploy time,
 * so synth calls nothing. Why a layer: Powertools (with the X-Ray SDK) is about half of every
 * handler bundle; in the layer it is uploaded once, not seventeen times.
 */
export function powertoolsLayer(scope: Construct): ILayerVersion {
  const stack = Stack.of(scope);
  const existing = stack.node.tryFindChild('PowertoolsLayer') as ILayerVersion | undefined;
  if (existing) return existing;
  return LayerVersion.fromLayerVersionArn(stack, 'PowertoolsLayer', StringParameter.valueForStringParameter(stack, powertoolsLayerParameter()));
}
