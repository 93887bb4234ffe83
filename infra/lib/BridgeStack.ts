import { Stack, type StackProps } from 'aws-cdk-lib';
import { EventBus } from 'aws-cdk-lib/aws-events';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { ENV } from '../../shared/config/envNames';
import { Api } from './constructs/Api';
import { Schedules } from './constructs/Schedules';
import { Storage } from './constructs/Storage';
import type { InfraConfig } from './infraConfig';

export interface BridgeStackProps extends StackProps {
  readonly config: InfraConfig;
}

/** Composes the bridge from its constructs; no resource is defined here directly. */
export class BridgeStack extends Stack {
  constructor(scope: Construct, id: string, props: BridgeStackProps) {
    super(scope, id, props);
    const { config } = props;
    const storage = new Storage(this, 'Storage');
    const eventBus = new EventBus(this, 'EventBus', { eventBusName: `solus-billing-bridge-${config.stage}` });
    const solusioToken = Secret.fromSecretNameV2(this, 'SolusioToken', config.solusioTokenSecretName);

    const environment: Record<string, string> = {
      [ENV.stage]: config.stage,
      [ENV.tableName]: storage.table.tableName,
      [ENV.eventBusName]: eventBus.eventBusName,
      [ENV.solusioUrl]: config.solusioUrl,
      [ENV.solusioTokenSecretName]: config.solusioTokenSecretName,
      [ENV.tokenRates]: config.tokenRates,
      [ENV.billSuspendedTime]: config.billSuspendedTime,
      [ENV.gapToleranceMinutes]: String(config.gapToleranceMinutes),
      [ENV.closeGraceMinutes]: String(config.closeGraceMinutes),
      ...(config.billingStart ? { [ENV.billingStart]: config.billingStart } : {}),
    };

    const resources = { table: storage.table, eventBus, solusioToken };
    new Api(this, 'Api', { resources, environment });
    new Schedules(this, 'Schedules', { resources, environment });
  }
}
