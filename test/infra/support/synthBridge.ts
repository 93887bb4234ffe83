import { App, CfnElement } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { Template } from 'aws-cdk-lib/assertions';
import { BridgeStack } from '../../../infra/lib/BridgeStack';
import { parseInfraConfig } from '../../../infra/lib/infraConfig';

export type Resource = { Type: string; Properties: Record<string, unknown>; DeletionPolicy?: string };

export interface SynthesizedBridge {
  readonly stack: BridgeStack;
  readonly template: Template;
  readonly resources: Readonly<Record<string, Resource>>;
}

/** What every deployment must name (no default): the tests' SolusIO. */
export const REQUIRED_CONTEXT = { solusioUrl: 'https://solusio.example.test/api/v1' } as const;

/**
 * The bridge's stack with placeholder function code (no bundling): call once per test file, in
 * beforeAll. Bundling itself is covered by test/infra/BridgeFunction.test.ts on one function.
 * `context` comes on top of REQUIRED_CONTEXT.
 */
export function synthBridge(context: Readonly<Record<string, unknown>> = { stage: 'test' }): SynthesizedBridge {
  const app = new App();
  const stack = new BridgeStack(app, 'Test', { config: parseInfraConfig({ ...REQUIRED_CONTEXT, ...context }), functionCode: 'placeholder' });
  const template = Template.fromStack(stack);
  return { stack, template, resources: template.toJSON()['Resources'] as Record<string, Resource> };
}

/** Logical ids of the resources of `type`. */
export function idsOfType(resources: Readonly<Record<string, Resource>>, type: string): string[] {
  return Object.entries(resources)
    .filter(([, resource]) => resource.Type === type)
    .map(([id]) => id);
}

export interface PolicyStatementJson {
  readonly Action: string | string[];
  readonly Effect: string;
  readonly Resource: unknown;
  readonly Condition?: Record<string, unknown>;
}

/** Every IAM statement in the policies attached to `roleId`. */
export function statementsOfRole(resources: Readonly<Record<string, Resource>>, roleId: string): PolicyStatementJson[] {
  return Object.values(resources)
    .filter((r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties['Roles']).includes(`"${roleId}"`))
    .flatMap((r) => (r.Properties['PolicyDocument'] as { Statement: PolicyStatementJson[] }).Statement);
}

/** Every IAM action in the policies attached to `roleId`. */
export function actionsOfRole(resources: Readonly<Record<string, Resource>>, roleId: string): string[] {
  return statementsOfRole(resources, roleId).flatMap((statement) => (Array.isArray(statement.Action) ? statement.Action : [statement.Action]));
}

/** The role logical id of a function. */
export function roleOf(resources: Readonly<Record<string, Resource>>, functionId: string): string {
  const role = resources[functionId]?.Properties['Role'] as { 'Fn::GetAtt': string[] } | undefined;
  return role?.['Fn::GetAtt'][0] ?? '';
}

/** The logical id of a construct's CloudFormation resource (its default child, or itself). */
export function logicalIdOf(stack: BridgeStack, construct: IConstruct): string {
  const element = construct instanceof CfnElement ? construct : construct.node.defaultChild;
  if (!(element instanceof CfnElement)) throw new Error(`${construct.node.path}: no CloudFormation resource`);
  return String(stack.resolve(element.logicalId));
}
