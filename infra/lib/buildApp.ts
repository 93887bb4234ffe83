import { Validations, type App } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { BridgeStack } from './BridgeStack';
import { parseInfraConfig } from './infraConfig';

/**
 * Adds the bridge's stack to `app`, configured from the app's context (validated: a bad or unknown
 * key throws InfraConfigError before any construct exists), with cdk-nag's
 * AWS Solutions checks as a validation plugin: an unacknowledged finding fails the synthesis.
 * Every acknowledgement sits next to the resource it is about, with its rule id and reason.
 */
export function buildApp(app: App): BridgeStack {
  const config = parseInfraConfig(app.node.getAllContext() as Record<string, unknown>);
  const stack = new BridgeStack(app, `SolusBillingBridge-${config.stage}`, { config, description: 'solus-billing-bridge: SolusIO usage billing' });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return stack;
}
