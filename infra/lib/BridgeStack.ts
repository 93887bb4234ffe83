import { Stack, type StackProps } from 'aws-cdk-lib';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { ENV } from '../../shared/config/envNames';
import { Aggregation } from './constructs/Aggregation';
import { Egress } from './constructs/Egress';
import { Api } from './constructs/Api';
import type { FunctionCode } from './constructs/BridgeFunction';
import { Events } from './constructs/Events';
import { Invoicing } from './constructs/Invoicing';
import { Monitoring } from './constructs/Monitoring';
import { Snapshots } from './constructs/Snapshots';
import { Storage } from './constructs/Storage';
import { publishesPerInstallation } from '../../shared/installations';
import { installationsOfInfra, type InfraConfig } from './infraConfig';
import { METRICS_NAMESPACE } from '../../shared/metrics/metricNames';

export interface BridgeStackProps extends StackProps {
  readonly config: InfraConfig;
  /**
   * Default `esbuild`: every handler bundled. `placeholder` (inline stub code) is for infra tests
   * only, so they synthesize in about a second; the apps (`npm run synth`, `cdk`) never set it.
   */
  readonly functionCode?: FunctionCode;
}

/** The stage whose table is protected from deletion and kept when the stack goes. */
export const PRODUCTION_STAGE = 'prod';

/** Composes the bridge from its constructs; no resource is defined here directly. */
export class BridgeStack extends Stack {
  public readonly storage: Storage;
  public readonly events: Events;
  public readonly api: Api;
  public readonly snapshots: Snapshots;
  public readonly aggregation: Aggregation;
  public readonly invoicing: Invoicing;
  public readonly monitoring: Monitoring;
  /** Only with context `egress: nat`: the VPC, NAT gateway and Elastic IP the calls out leave from. */
  public readonly egress: Egress | undefined;

  constructor(scope: Construct, id: string, props: BridgeStackProps) {
    super(scope, id, props);
    const { config } = props;
    const production = config.stage === PRODUCTION_STAGE;
    this.storage = new Storage(this, 'Storage', { retainOnDelete: production, deletionProtection: production });
    this.events = new Events(this, 'Events', { eventBusName: `solus-billing-bridge-${config.stage}` });
    // The single solusioUrl form keeps its one secret (and construct id), so its synth is unchanged.
    const installations = installationsOfInfra(config);
    const several = config.solusioInstallations !== undefined;
    // Alarms per installation watch the metrics the functions publish per installation (the same rule).
    const alarmedInstallations = publishesPerInstallation(installations.map((installation) => installation.id)) ? { installations: installations.map((installation) => installation.id) } : {};
    const solusioTokens = several
      ? installations.map((installation) => Secret.fromSecretNameV2(this, `SolusioToken-${installation.id}`, installation.tokenSecretName))
      : [Secret.fromSecretNameV2(this, 'SolusioToken', config.solusioTokenSecretName)];
    const billingCredentials = Secret.fromSecretNameV2(this, 'BillingCredentials', config.billingCredentialsSecretName);

    const environment: Record<string, string> = {
      [ENV.stage]: config.stage,
      [ENV.tableName]: this.storage.table.tableName,
      [ENV.eventBusName]: this.events.eventBus.eventBusName,
      // The list names each token's secret, never a token.
      ...(several
        ? { [ENV.solusioInstallations]: JSON.stringify(installations.map(({ id, url, tokenSecretName }) => ({ id, url, tokenSecretName }))) }
        : { [ENV.solusioUrl]: installations[0]?.url ?? '', [ENV.solusioTokenSecretName]: config.solusioTokenSecretName }),
      [ENV.tokenRates]: config.tokenRates,
      [ENV.billSuspendedTime]: config.billSuspendedTime,
      [ENV.gapToleranceMinutes]: String(config.gapToleranceMinutes),
      [ENV.closeGraceMinutes]: String(config.closeGraceMinutes),
      ...(config.billingStart ? { [ENV.billingStart]: config.billingStart } : {}),
      [ENV.billingSystem]: config.billingSystem,
      ...(config.billingUrl ? { [ENV.billingUrl]: config.billingUrl } : {}),
      [ENV.billingCredentialsSecretName]: config.billingCredentialsSecretName,
      ...(config.billingCurrency ? { [ENV.billingCurrency]: config.billingCurrency } : {}),
      [ENV.billingDueDays]: String(config.billingDueDays),
      [ENV.billingTaxed]: config.billingTaxed,
      [ENV.solusioCreateQuarantineMinutes]: String(config.solusioCreateQuarantineMinutes),
      [ENV.pushUnknownQuarantineMinutes]: String(config.pushUnknownQuarantineMinutes),
      [ENV.pushHoldGapHours]: String(config.pushHoldGapHours),
      [ENV.solusioBackupSchedule]: config.solusioBackupSchedule,
      // Powertools Metrics' own variable: every EMF metric of the bridge lands in one namespace.
      POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
    };

    const resources = { table: this.storage.table, eventBus: this.events.eventBus, solusioTokens, billingCredentials };
    this.egress =
      config.egress === 'nat'
        ? new Egress(this, 'Egress', { upstreamUrls: [...installations.map((installation) => installation.url), ...(config.billingUrl ? [config.billingUrl] : [])], logRetention: config.logRetentionDays })
        : undefined;
    const shared = {
      resources,
      environment,
      logRetention: config.logRetentionDays,
      ...(props.functionCode ? { code: props.functionCode } : {}),
      ...(this.egress ? { network: this.egress.network } : {}),
    };
    this.api = new Api(this, 'Api', shared);
    this.snapshots = new Snapshots(this, 'Snapshots', {
      ...shared,
      rateMinutes: { 'snapshot-servers': config.scheduleRates['snapshot-servers'], 'snapshot-backups': config.scheduleRates['snapshot-backups'] },
      ...(several ? { installations: installations.map((installation) => installation.id) } : {}),
    });
    this.aggregation = new Aggregation(this, 'Aggregation', {
      ...shared,
      rateMinutes: { 'aggregate-usage': config.scheduleRates['aggregate-usage'], 'close-period': config.scheduleRates['close-period'] },
    });
    this.invoicing = new Invoicing(this, 'Invoicing', { ...shared, retryRateMinutes: config.scheduleRates['retry-pushes'] });

    const functions = {
      ...Object.fromEntries(Object.entries(this.api.functions).map(([name, fn]) => [name, fn.function])),
      authorizer: this.api.authorizerFunction.function,
      ...Object.fromEntries([...Object.values(this.snapshots.jobs), ...Object.values(this.aggregation.jobs), this.invoicing.retryJob].map((job) => [job.node.id, job.function.function])),
      'push-invoices': this.invoicing.function.function,
    };
    this.monitoring = new Monitoring(this, 'Monitoring', {
      functions,
      deadLetterQueues: { snapshots: this.snapshots.deadLetterQueue, aggregation: this.aggregation.deadLetterQueue, invoicing: this.invoicing.deadLetterQueue },
      httpApi: this.api.httpApi,
      gapToleranceMinutes: config.gapToleranceMinutes,
      ...alarmedInstallations,
      dashboardName: `solus-billing-bridge-${config.stage}`,
      alarmNamePrefix: `solus-billing-bridge-${config.stage}`,
      ...(config.alarmEmail ? { alarmEmail: config.alarmEmail } : {}),
    });
  }
}
