import { CfnElement, Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * The reference cdk-nag writes for a resource's attribute in a finding id, e.g. `<TableB43F.Arn>`.
 * cdk-nag 3 acknowledges findings one by one (`AwsSolutions-IAM5[Resource::<TableB43F.Arn>/index/*]`),
 * so an acknowledgement is built from the resource it names rather than a copied logical id.
 */
export function nagRef(resource: IConstruct, attribute: string): string {
  const element = resource.node.defaultChild;
  if (!(element instanceof CfnElement)) throw new Error(`${resource.node.path}: no CloudFormation resource to name`);
  return `<${String(Stack.of(element).resolve(element.logicalId))}.${attribute}>`;
}

/** Acknowledges one cdk-nag finding on `scope` (and its children), with the reason it is acceptable. */
export function acknowledge(scope: IConstruct, id: string, reason: string): void {
  if (reason.trim().length < 20) throw new Error(`${id}: an acknowledgement needs a written reason`);
  Validations.of(scope).acknowledge({ id, reason });
}
