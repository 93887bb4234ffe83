import { Validations, type App } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { BridgeStack } from './BridgeStack';
import { CONTEXT_KEYS, parseInfraConfig } from './infraConfig';

/**
 * Adds the bridge's stack to `app`, configured from the app's context (validated), with cdk-nag's
 * AWS Solutions checks as a validation plugin: an unacknowledged finding fails the synthesis.
 * Every acknowledgement sits next to the resource it is about, with its rule id and reason.
 */
export function buildApp(app: App): BridgeStack {
  const context = Object.fromEntries(
    CONTEXT_KEYS.map((key) => [key, app.node.tryGetContext(key) as unknown]).filter(([, value]) => value !== undefined),
  );
  const config = parseInfraConfig(context);
  const stack = new BridgeStack(app, `SolusBillingBridge-${config.stage}`, { config, description: 'solus-billing-bridge: SolusIO usage billing' });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return stack;
}
