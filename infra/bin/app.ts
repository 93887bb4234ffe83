import { App } from 'aws-cdk-lib';
import { BridgeStack } from '../lib/BridgeStack';
import { parseInfraConfig } from '../lib/infraConfig';

const app = new App();
const contextKeys = ['stage', 'solusioUrl', 'solusioTokenSecretName', 'tokenRates', 'billSuspendedTime', 'billingStart', 'gapToleranceMinutes', 'closeGraceMinutes', 'alarmEmail'];
const context = Object.fromEntries(contextKeys.map((key) => [key, app.node.tryGetContext(key) as unknown]).filter(([, value]) => value !== undefined));
const config = parseInfraConfig(context);
new BridgeStack(app, `SolusBillingBridge-${config.stage}`, { config, description: 'solus-billing-bridge: SolusIO usage billing' });
