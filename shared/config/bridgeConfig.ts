import * as z from 'zod';
import { isPeriodInstant } from '../billing';
import { CONFIG_DEFAULTS, PUSH_HOLD_GAP_MAX_HOURS } from './defaults';
import { ENV } from './envNames';
import { HTTP_URL_MESSAGE, isHttpUrl } from './httpUrl';
import { backupScheduleJsonSchema, type SolusBackupSchedule } from '../solusio/backupSchedule';
import { tokenRatesJsonSchema } from './tokenRatesSchema';
import { installationListJsonSchema, installationsOf, type SolusioInstallation } from '../installations';

// The billing engine's own instant parser decides (one parser for instants in the whole project).
const isoInstant = z.string().refine(isPeriodInstant, 'an ISO-8601 UTC instant from 2000 to 2999, e.g. 2026-11-01T00:00:00Z');

// An upstream's base URL is checked here, with everything else, so a typo fails the cold start
// naming the variable instead of the first call that needs it.
const httpUrl = z.string().refine(isHttpUrl, HTTP_URL_MESSAGE);

const booleanFlag = z.enum(['true', 'false']).transform((flag) => flag === 'true');

const positiveInt = z.coerce.number().int().positive();

/** WHMCS accepts letters, digits and `! @ # $ % . ( ) * [ ] - _` in `$api_access_key` (developers.whmcs.com/api/access-control). */
const whmcsAccessKey = z.string().regex(/^[A-Za-z0-9!@#$%.()*[\]_-]+$/, 'letters, digits and ! @ # $ % . ( ) * [ ] - _ only (WHMCS access key)');

/** The raw environment as the bridge reads it; every variable is named in ENV. */
const envSchema = z.object({
  [ENV.stage]: z.string().min(1).default('local'),
  [ENV.tableName]: z.string().min(1),
  [ENV.dynamoDbEndpoint]: z.url().optional(),
  [ENV.solusioUrl]: httpUrl.optional(),
  [ENV.solusioToken]: z.string().min(1).optional(),
  [ENV.solusioTokenSecretName]: z.string().min(1).optional(),
  [ENV.solusioInstallations]: installationListJsonSchema.optional(),
  [ENV.eventBusName]: z.string().min(1).optional(),
  [ENV.tokenRates]: tokenRatesJsonSchema.prefault(CONFIG_DEFAULTS.tokenRates),
  [ENV.billSuspendedTime]: booleanFlag.default(CONFIG_DEFAULTS.billSuspendedTime),
  [ENV.billingStart]: isoInstant.optional(),
  [ENV.gapToleranceMinutes]: positiveInt.default(CONFIG_DEFAULTS.gapToleranceMinutes),
  [ENV.closeGraceMinutes]: positiveInt.default(CONFIG_DEFAULTS.closeGraceMinutes),
  [ENV.suspectMinServers]: z.coerce.number().int().nonnegative().default(CONFIG_DEFAULTS.suspectMinServers),
  [ENV.suspectPercent]: z.coerce.number().min(0).max(100).default(CONFIG_DEFAULTS.suspectPercent),
  [ENV.snapshotDeadlineSeconds]: positiveInt.default(CONFIG_DEFAULTS.snapshotDeadlineSeconds),
  [ENV.billingSystem]: z.enum(['none', 'whmcs', 'blesta', 'hostbill', 'ubersmith']).default('none'),
  [ENV.billingUrl]: httpUrl.optional(),
  [ENV.billingIdentifier]: z.string().min(1).optional(),
  [ENV.billingSecret]: z.string().min(1).optional(),
  [ENV.billingAccessKey]: whmcsAccessKey.optional(),
  [ENV.billingCredentialsSecretName]: z.string().min(1).optional(),
  [ENV.billingCurrency]: z.string().regex(/^[A-Z]{3}$/, 'a three-letter ISO 4217 code').optional(),
  [ENV.billingDueDays]: z.coerce.number().int().nonnegative().max(365).default(CONFIG_DEFAULTS.billingDueDays),
  [ENV.billingTaxed]: booleanFlag.default(CONFIG_DEFAULTS.billingTaxed),
  [ENV.solusioCreateQuarantineMinutes]: positiveInt.max(24 * 60).default(CONFIG_DEFAULTS.solusioCreateQuarantineMinutes),
  [ENV.pushUnknownQuarantineMinutes]: positiveInt.max(7 * 24 * 60).default(CONFIG_DEFAULTS.pushUnknownQuarantineMinutes),
  [ENV.pushHoldGapHours]: positiveInt.max(PUSH_HOLD_GAP_MAX_HOURS).default(CONFIG_DEFAULTS.pushHoldGapHours),
  [ENV.solusioBackupSchedule]: backupScheduleJsonSchema.prefault(CONFIG_DEFAULTS.solusioBackupSchedule),
});

export interface BridgeConfig {
  readonly stage: string;
  readonly tableName: string;
  readonly dynamoDbEndpoint?: string;
  readonly solusioUrl?: string;
  readonly solusioToken?: string;
  readonly solusioTokenSecretName?: string;
  /**
   * Every SolusIO installation the bridge watches, in configured order: `SOLUSIO_INSTALLATIONS`, or
   * the single `SOLUSIO_URL` form as installation `default`; empty when neither is set.
   */
  readonly installations: readonly SolusioInstallation[];
  readonly eventBusName?: string;
  /** Currency code -> decimal string: money per token. */
  readonly tokenRates: Readonly<Record<string, string>>;
  readonly billSuspendedTime: boolean;
  readonly billingStart?: string;
  readonly gapToleranceMinutes: number;
  readonly closeGraceMinutes: number;
  /** Mass-disappearance guard: more than max(min, percent of the known servers) vanishing is suspect. */
  readonly suspectMinServers: number;
  readonly suspectPercent: number;
  /** A snapshot run's budget for SolusIO calls (below the function timeout). */
  readonly snapshotDeadlineSeconds: number;
  /** Where closed periods are pushed as draft invoices; `none`: nowhere (dry runs only). */
  readonly billingSystem: 'none' | 'whmcs' | 'blesta' | 'hostbill' | 'ubersmith';
  /** The billing system's root URL (`https://billing.example.com/whmcs`). */
  readonly billingUrl?: string;
  /** Its two credentials (WHMCS identifier/secret, Blesta API user/key, HostBill api_id/api_key, Ubersmith API user/token), locally. */
  readonly billingIdentifier?: string;
  readonly billingSecret?: string;
  /** WHMCS `accesskey` sent with every call (locally; on AWS the secret's `accessKey`). */
  readonly billingAccessKey?: string;
  /** On AWS: a Secrets Manager secret holding `{"identifier", "secret"}`. */
  readonly billingCredentialsSecretName?: string;
  /** The invoices' currency: one of TOKEN_RATES (default: its only currency). */
  readonly billingCurrency: string;
  readonly billingDueDays: number;
  /** Pushed lines are marked taxable: WHMCS `itemtaxedN`, Blesta line `tax`, HostBill `tax`; Ubersmith lines keep its default taxes (else `taxes[0]=0`). */
  readonly billingTaxed: boolean;
  /** A service whose server create has an unknown outcome answers 409 `service_in_progress` until its server is found or this has passed. */
  readonly solusioCreateQuarantineMinutes: number;
  /** A customer whose invoice create has an unknown outcome gets no new create until a lookup after this settles it. */
  readonly pushUnknownQuarantineMinutes: number;
  /** A customer with a server whose longest single snapshot gap inside its billable time exceeds this is held from the automatic push (`held_gap`). */
  readonly pushHoldGapHours: number;
  /** The `backup_settings.schedule` sent when the bridge turns a server's backups on (create or update). */
  readonly solusioBackupSchedule: SolusBackupSchedule;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/**
 * The invoices' currency: the one named (it must be a TOKEN_RATES currency), else the only one
 * there is. With several and no billing system, the first (dry runs only); with a billing system,
 * pushing in a guessed currency would be wrong, so it must be named.
 */
function billingCurrencyOf(named: string | undefined, currencies: readonly string[], billingSystem: string): string {
  if (named !== undefined) {
    if (!currencies.includes(named)) throw new ConfigError(`Invalid configuration: ${ENV.billingCurrency}: ${named} is not a currency of ${ENV.tokenRates} (${currencies.join(', ')})`);
    return named;
  }
  const [first, ...others] = [...currencies].sort();
  if (first === undefined || (others.length > 0 && billingSystem !== 'none')) {
    throw new ConfigError(`Invalid configuration: ${ENV.billingCurrency}: set it to one of ${currencies.join(', ')} (${ENV.tokenRates} has several)`);
  }
  return first;
}

/** Parses the environment once; a missing or malformed variable fails here, named. */
export function parseConfig(env: Readonly<Record<string, string | undefined>>): BridgeConfig {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'environment'}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  }
  const e = parsed.data;
  if (e[ENV.billingSystem] !== 'none' && e[ENV.billingUrl] === undefined) {
    throw new ConfigError(`Invalid configuration: ${ENV.billingUrl}: required with ${ENV.billingSystem}=${e[ENV.billingSystem]}`);
  }
  if (e[ENV.solusioInstallations] !== undefined && e[ENV.solusioUrl] !== undefined) {
    throw new ConfigError(`Invalid configuration: ${ENV.solusioUrl}: give it or ${ENV.solusioInstallations}, not both`);
  }
  return Object.freeze({
    stage: e[ENV.stage],
    tableName: e[ENV.tableName],
    dynamoDbEndpoint: e[ENV.dynamoDbEndpoint],
    solusioUrl: e[ENV.solusioUrl],
    solusioToken: e[ENV.solusioToken],
    solusioTokenSecretName: e[ENV.solusioTokenSecretName],
    installations: installationsOf({ list: e[ENV.solusioInstallations], solusioUrl: e[ENV.solusioUrl], solusioToken: e[ENV.solusioToken], solusioTokenSecretName: e[ENV.solusioTokenSecretName] }),
    eventBusName: e[ENV.eventBusName],
    tokenRates: Object.freeze({ ...e[ENV.tokenRates] }),
    billSuspendedTime: e[ENV.billSuspendedTime],
    billingStart: e[ENV.billingStart],
    gapToleranceMinutes: e[ENV.gapToleranceMinutes],
    closeGraceMinutes: e[ENV.closeGraceMinutes],
    suspectMinServers: e[ENV.suspectMinServers],
    suspectPercent: e[ENV.suspectPercent],
    snapshotDeadlineSeconds: e[ENV.snapshotDeadlineSeconds],
    billingSystem: e[ENV.billingSystem],
    billingUrl: e[ENV.billingUrl],
    billingIdentifier: e[ENV.billingIdentifier],
    billingSecret: e[ENV.billingSecret],
    billingAccessKey: e[ENV.billingAccessKey],
    billingCredentialsSecretName: e[ENV.billingCredentialsSecretName],
    billingCurrency: billingCurrencyOf(e[ENV.billingCurrency], Object.keys(e[ENV.tokenRates]), e[ENV.billingSystem]),
    billingDueDays: e[ENV.billingDueDays],
    billingTaxed: e[ENV.billingTaxed],
    solusioCreateQuarantineMinutes: e[ENV.solusioCreateQuarantineMinutes],
    pushUnknownQuarantineMinutes: e[ENV.pushUnknownQuarantineMinutes],
    pushHoldGapHours: e[ENV.pushHoldGapHours],
    solusioBackupSchedule: e[ENV.solusioBackupSchedule],
  });
}
