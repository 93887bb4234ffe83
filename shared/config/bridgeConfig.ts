import { z } from 'zod';
import { ConfigurationError, parseBillingSettings } from '../billing';
import { ENV } from './envNames';

const isoInstant = z.iso.datetime({ offset: false }).describe('an ISO-8601 UTC instant, e.g. 2026-11-01T00:00:00Z');

const tokenRatesJson = z.string().transform((text, ctx) => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    ctx.addIssue({ code: 'custom', message: 'not valid JSON, expected e.g. {"USD":"0.001"}' });
    return z.NEVER;
  }
}).pipe(z.record(z.string(), z.string()).refine((rates) => Object.keys(rates).length > 0, 'at least one currency'));

const booleanFlag = z.enum(['true', 'false']).transform((flag) => flag === 'true');

const positiveInt = z.coerce.number().int().positive();

/** The raw environment as the bridge reads it; every variable is named in ENV. */
const envSchema = z.object({
  [ENV.stage]: z.string().min(1).default('local'),
  [ENV.tableName]: z.string().min(1),
  [ENV.dynamoDbEndpoint]: z.url().optional(),
  [ENV.solusioUrl]: z.url().optional(),
  [ENV.solusioToken]: z.string().min(1).optional(),
  [ENV.solusioTokenSecretName]: z.string().min(1).optional(),
  [ENV.eventBusName]: z.string().min(1).optional(),
  [ENV.tokenRates]: tokenRatesJson.default({ USD: '0.001' }),
  [ENV.billSuspendedTime]: booleanFlag.default(false),
  [ENV.billingStart]: isoInstant.optional(),
  [ENV.gapToleranceMinutes]: positiveInt.default(30),
  [ENV.closeGraceMinutes]: positiveInt.default(120),
});

export interface BridgeConfig {
  readonly stage: string;
  readonly tableName: string;
  readonly dynamoDbEndpoint?: string;
  readonly solusioUrl?: string;
  readonly solusioToken?: string;
  readonly solusioTokenSecretName?: string;
  readonly eventBusName?: string;
  /** Currency code -> decimal string: money per token. */
  readonly tokenRates: Readonly<Record<string, string>>;
  readonly billSuspendedTime: boolean;
  readonly billingStart?: string;
  readonly gapToleranceMinutes: number;
  readonly closeGraceMinutes: number;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
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
  assertBillingSettings(e[ENV.tokenRates], e[ENV.billSuspendedTime], e[ENV.billingStart]);
  return Object.freeze({
    stage: e[ENV.stage],
    tableName: e[ENV.tableName],
    dynamoDbEndpoint: e[ENV.dynamoDbEndpoint],
    solusioUrl: e[ENV.solusioUrl],
    solusioToken: e[ENV.solusioToken],
    solusioTokenSecretName: e[ENV.solusioTokenSecretName],
    eventBusName: e[ENV.eventBusName],
    tokenRates: Object.freeze({ ...e[ENV.tokenRates] }),
    billSuspendedTime: e[ENV.billSuspendedTime],
    billingStart: e[ENV.billingStart],
    gapToleranceMinutes: e[ENV.gapToleranceMinutes],
    closeGraceMinutes: e[ENV.closeGraceMinutes],
  });
}

const SETTING_VARIABLES: Readonly<Record<string, string>> = {
  tokenRates: ENV.tokenRates,
  billSuspendedTime: ENV.billSuspendedTime,
  billingStart: ENV.billingStart,
};

/** The billing engine's own validation of rates and settings, run at start so a bad rate never reaches a report. */
function assertBillingSettings(tokenRates: Record<string, string>, billSuspendedTime: boolean, billingStart: string | undefined): void {
  try {
    parseBillingSettings({ tokenRates, billSuspendedTime, billingStart });
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    const setting = error.setting.split('.')[0] ?? error.setting;
    throw new ConfigError(`Invalid configuration: ${SETTING_VARIABLES[setting] ?? setting}: ${error.message}`);
  }
}
