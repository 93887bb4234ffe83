import type { App } from 'aws-cdk-lib';
import { BridgeStack } from './BridgeStack';
import { CONTEXT_KEYS, parseInfraConfig } from './infraConfig';

/** Adds the bridge's stack to `app`, configured from the app's context (validated). */
export function buildApp(app: App): BridgeStack {
  const context = Object.fromEntries(
    CONTEXT_KEYS.map((key) => [key, app.node.tryGetContext(key) as unknown]).filter(([, value]) => value !== undefined),
  );
  const config = parseInfraConfig(context);
  return new BridgeStack(app, `SolusBillingBridge-${config.stage}`, { config, description: 'solus-billing-bridge: SolusIO usage billing' });
}
