import type { App } from 'aws-cdk-lib';
import { BridgeStack } from './BridgeStack';
import { parseInfraConfig } from './infraConfig';

/** Context keys an operator may set (`cdk deploy -c key=value`). */
export const CONTEXT_KEYS = [
  'stage',
  'solusioUrl',
  'solusioTokenSecretName',
  'tokenRates',
  'billSuspendedTime',
  'billingStart',
  'gapToleranceMinutes',
  'closeGraceMinutes',
  'alarmEmail',
] as const;

/** Adds the bridge's stack to `app`, configured from the app's context (validated). */
export function buildApp(app: App): BridgeStack {
  const context = Object.fromEntries(
    CONTEXT_KEYS.map((key) => [key, app.node.tryGetContext(key) as unknown]).filter(([, value]) => value !== undefined),
  );
  const config = parseInfraConfig(context);
  return new BridgeStack(app, `SolusBillingBridge-${config.stage}`, { config, description: 'solus-billing-bridge: SolusIO usage billing' });
}
