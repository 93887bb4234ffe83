import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { z } from 'zod';
import { isPeriodInstant } from '../../shared/billing/periods';
import { CONFIG_DEFAULTS, PUSH_HOLD_GAP_MAX_HOURS } from '../../shared/config/defaults';
import { isSecureUpstreamUrl, SECURE_URL_MESSAGE } from '../../shared/config/httpUrl';
import { tokenRatesJsonSchema } from '../../shared/config/tokenRatesSchema';
import { SCHEDULED_JOBS, type ScheduledJobName } from '../../shared/schedules';
import { DEFAULT_INSTALLATION, INSTALLATION_ID_MESSAGE, INSTALLATION_ID_PATTERN, refuseRepeatedIds } from '../../shared/installations';
import { backupScheduleSchema } from '../../shared/solusio/backupSchedule';
import { unknownContextKeys, unknownKeyMessage } from './contextKeys';
import { InfraConfigError } from './infraConfigError';

/** The retention periods CloudWatch Logs accepts, in days. */
const RETENTION_DAYS = Object.values(RetentionDays).filter((value): value is number => typeof value === 'number' && value > 0);

/** `-c key=value` always gives a string; cdk.json may hold JSON. Accept both for structured keys. */
const jsonOrValue = (value: unknown): unknown => {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
};

const minutes = z.coerce.number().int().positive();

/** Minutes between runs per job; jobs left out keep their default (CONFIG_DEFAULTS.scheduleRates). */
const scheduleRatesSchema = z.preprocess(
  jsonOrValue,
  z
    .object(Object.fromEntries(SCHEDULED_JOBS.map((job) => [job, minutes.optional()])) as Record<ScheduledJobName, z.ZodOptional<typeof minutes>>)
    .strict()
    .transform((rates) => {
      const merged: Record<ScheduledJobName, number> = { ...CONFIG_DEFAULTS.scheduleRates };
      for (const job of SCHEDULED_JOBS) merged[job] = rates[job] ?? merged[job];
      return merged;
    }),
);

/** An upstream's base URL: https (credentials travel with every call), plain http to loopback only. */
const upstreamUrl = z.string().refine(isSecureUpstreamUrl, SECURE_URL_MESSAGE);

/** One SolusIO installation of a deployment: its slug, its API and the secret holding its token. */
const installationSchema = z.strictObject({
  id: z.string().regex(INSTALLATION_ID_PATTERN, INSTALLATION_ID_MESSAGE),
  url: upstreamUrl,
  tokenSecretName: z.string().min(1),
});

/** `solusioInstallations`: a JSON list (cdk.json may hold the array), ids unique. */
const installationsSchema = z.preprocess(
  jsonOrValue,
  z
    .array(installationSchema)
    .min(1, 'at least one installation')
    .superRefine(refuseRepeatedIds),
);

const SOLUSIO_URL_REQUIRED =
  'required: the SolusIO API base URL, e.g. -c solusioUrl=https://solusio.example.com/api/v1 (or several installations with solusioInstallations)';

const BOTH_FORMS = 'give it or solusioUrl, not both (solusioUrl alone is the installation "default")';

/**
 * What an operator sets for a deployment, from CDK context (`cdk deploy -c solusioUrl=...`).
 * Validated at synth so a typo fails before anything is deployed. Defaults: shared/config/defaults.ts,
 * the same table the runtime and the local stack use.
 *
 * THE list of context keys: every key the app reads is one property here, and CONTEXT_KEYS and the
 * unknown-key check ("did you mean ...?") follow from it. Add a key here (one entry, anywhere in the
 * object) and in docs/operations.md's table; nothing else lists them.
 */
const infraConfigSchema = z
  .object({
    /** `prod` turns on deletion protection and keeps the table on stack deletion. */
    stage: z.string().regex(/^[a-z0-9-]+$/).default('dev'),
    /**
     * No default: a deployment names its SolusIO (a placeholder would deploy a bridge that bills nothing),
     * either this one URL (installation `default`) or `solusioInstallations`, never both.
     */
    solusioUrl: upstreamUrl.optional(),
    /** Several SolusIO installations: `[{"id":"eu","url":"https://...","tokenSecretName":"solusio-eu"}, ...]`. */
    solusioInstallations: installationsSchema.optional(),
    solusioTokenSecretName: z.string().min(1).default(CONFIG_DEFAULTS.solusioTokenSecretName),
    // Kept as the JSON string the Lambda environment carries; checked as the runtime will parse it.
    tokenRates: z
      .string()
      .superRefine((text, ctx) => {
        for (const issue of tokenRatesJsonSchema.safeParse(text).error?.issues ?? []) ctx.addIssue({ code: 'custom', message: issue.message });
      })
      .default(CONFIG_DEFAULTS.tokenRates),
    // cdk.json may hold a JSON boolean, `-c` always gives a string: the Lambda environment wants the string.
    billSuspendedTime: z.union([z.boolean().transform(String), z.enum(['true', 'false'])]).default(String(CONFIG_DEFAULTS.billSuspendedTime)),
    billingStart: z.iso.datetime({ offset: false }).refine(isPeriodInstant, 'an instant from 2000 to 2999').optional(),
    gapToleranceMinutes: minutes.default(CONFIG_DEFAULTS.gapToleranceMinutes),
    closeGraceMinutes: minutes.default(CONFIG_DEFAULTS.closeGraceMinutes),
    scheduleRates: scheduleRatesSchema.default({ ...CONFIG_DEFAULTS.scheduleRates }),
    /** Where closed periods are pushed as draft invoices (`none`: nowhere; the push API answers 409). */
    billingSystem: z.enum(['none', 'whmcs', 'blesta', 'hostbill', 'ubersmith']).default('none'),
    /** The billing system's root URL, e.g. `https://billing.example.com/whmcs`. */
    billingUrl: upstreamUrl.optional(),
    billingCredentialsSecretName: z.string().min(1).default(CONFIG_DEFAULTS.billingCredentialsSecretName),
    /** The invoices' currency, one of tokenRates (default: its only currency; required with several and a billing system). */
    billingCurrency: z.string().regex(/^[A-Z]{3}$/).optional(),
    billingDueDays: z.coerce.number().int().nonnegative().max(365).default(CONFIG_DEFAULTS.billingDueDays),
    /** Pushed invoice lines marked taxable; a cdk.json boolean or a `-c` string, carried as the string. */
    billingTaxed: z.union([z.boolean().transform(String), z.enum(['true', 'false'])]).default(String(CONFIG_DEFAULTS.billingTaxed)),
    /** A server create with an unknown outcome: minutes a retry of that service waits for its server before creating again. */
    solusioCreateQuarantineMinutes: minutes.default(CONFIG_DEFAULTS.solusioCreateQuarantineMinutes),
    /** An invoice create with an unknown outcome: minutes before a lookup settles it. */
    pushUnknownQuarantineMinutes: minutes.default(CONFIG_DEFAULTS.pushUnknownQuarantineMinutes),
    /** Hours: a customer with a server whose longest single snapshot gap inside its billable time is longer is held from the automatic push until an operator confirms. */
    pushHoldGapHours: z.coerce.number().int().positive().max(PUSH_HOLD_GAP_MAX_HOURS).default(CONFIG_DEFAULTS.pushHoldGapHours),
    /** The `backup_settings.schedule` of a server created with backups (JSON; cdk.json may hold the object), kept as the JSON string the Lambda environment carries. */
    solusioBackupSchedule: z
      .preprocess(jsonOrValue, backupScheduleSchema)
      .transform((schedule) => JSON.stringify(schedule))
      .default(CONFIG_DEFAULTS.solusioBackupSchedule),
    /** Alarms go to an SNS topic; with an address it is subscribed by e-mail (confirm the first mail). */
    alarmEmail: z.email().optional(),
    logRetentionDays: z.coerce
      .number()
      .int()
      .refine((days) => RETENTION_DAYS.includes(days), `one of CloudWatch Logs' retention periods: ${RETENTION_DAYS.join(', ')}`)
      .default(CONFIG_DEFAULTS.logRetentionDays),
    /**
     * How the functions that call SolusIO and the billing system reach them. `lambda`: from Lambda's
     * own network, whose addresses change. `nat`: from a VPC through a NAT gateway with one Elastic
     * IP (the `EgressIp` output), for upstreams that allow-list callers (WHMCS's API IP list).
     */
    egress: z.enum(['lambda', 'nat']).default('lambda'),
  })
  .superRefine((config, ctx) => {
    if (config.billingSystem !== 'none' && config.billingUrl === undefined) {
      ctx.addIssue({ code: 'custom', path: ['billingUrl'], message: `required with billingSystem ${config.billingSystem}` });
    }
    // As the runtime decides (shared/config/bridgeConfig.ts), but at synth rather than at the first push.
    const currencies = currenciesOf(config.tokenRates);
    if (config.billingCurrency !== undefined && currencies.length > 0 && !currencies.includes(config.billingCurrency)) {
      ctx.addIssue({ code: 'custom', path: ['billingCurrency'], message: `${config.billingCurrency} is not a currency of tokenRates (${currencies.join(', ')})` });
    }
    if (config.billingCurrency === undefined && config.billingSystem !== 'none' && currencies.length > 1) {
      ctx.addIssue({ code: 'custom', path: ['billingCurrency'], message: `required with billingSystem ${config.billingSystem}: tokenRates has several currencies (${currencies.join(', ')})` });
    }
    // A snapshot run must end before the next one starts (timeout = rate - 30 s, capped at 15 min),
    // and the function timeout must leave room for the run's own deadline for SolusIO calls.
    for (const job of ['snapshot-servers', 'snapshot-backups'] as const) {
      if (snapshotTimeoutSeconds(config.scheduleRates[job]) <= CONFIG_DEFAULTS.snapshotDeadlineSeconds) {
        ctx.addIssue({
          code: 'custom',
          path: ['scheduleRates', job],
          message: `at least ${Math.ceil((CONFIG_DEFAULTS.snapshotDeadlineSeconds + 31) / 60)} minutes: a run (deadline ${CONFIG_DEFAULTS.snapshotDeadlineSeconds} s) must end before the next starts`,
        });
      }
    }
    if (config.gapToleranceMinutes < config.scheduleRates['snapshot-servers']) {
      ctx.addIssue({ code: 'custom', path: ['gapToleranceMinutes'], message: 'must not be shorter than the snapshot-servers rate (every run would leave a gap)' });
    }
  });

/** An installation as the stack deploys it: never a token, only the secret that holds it. */
export interface InfraInstallation {
  readonly id: string;
  readonly url: string;
  readonly tokenSecretName: string;
}

/**
 * The installations a deployment watches: `solusioInstallations`, or the single `solusioUrl` as
 * installation `default` with `solusioTokenSecretName`.
 */
export function installationsOfInfra(config: Pick<InfraConfig, 'solusioUrl' | 'solusioInstallations' | 'solusioTokenSecretName'>): readonly InfraInstallation[] {
  if (config.solusioInstallations !== undefined) return config.solusioInstallations;
  return config.solusioUrl === undefined ? [] : [{ id: DEFAULT_INSTALLATION, url: config.solusioUrl, tokenSecretName: config.solusioTokenSecretName }];
}

/** The timeout of a snapshot function run every `rateMinutes`: shorter than the rate, so runs never overlap. */
export function snapshotTimeoutSeconds(rateMinutes: number): number {
  return Math.min(rateMinutes * 60 - 30, 15 * 60);
}

/** The currencies of a tokenRates JSON string; none when it does not parse (its own check says why). */
function currenciesOf(tokenRates: string): string[] {
  try {
    const rates = JSON.parse(tokenRates) as unknown;
    return typeof rates === 'object' && rates !== null && !Array.isArray(rates) ? Object.keys(rates).sort() : [];
  } catch {
    return [];
  }
}

export type InfraConfig = z.infer<typeof infraConfigSchema>;

/** The context keys an operator may set (`cdk deploy -c key=value`): exactly the schema's. */
export const CONTEXT_KEYS = Object.keys(infraConfigSchema.shape) as (keyof InfraConfig)[];

/**
 * The app's configuration from the whole CDK context (`app.node.getAllContext()`): the CDK's own
 * keys are left alone, any other key the app does not define is an error naming the nearest key.
 * Every problem is reported at once, on one line (InfraConfigError).
 */
export function parseInfraConfig(context: Readonly<Record<string, unknown>>): InfraConfig {
  const problems = unknownContextKeys(context, CONTEXT_KEYS).map((key) => `${key}: ${unknownKeyMessage(key, CONTEXT_KEYS)}`);
  const appContext = Object.fromEntries(Object.entries(context).filter(([key, value]) => (CONTEXT_KEYS as string[]).includes(key) && value !== undefined));
  // Checked here rather than in the schema, so they are reported with any other problem.
  if (appContext['solusioUrl'] === undefined && appContext['solusioInstallations'] === undefined) problems.push(`solusioUrl: ${SOLUSIO_URL_REQUIRED}`);
  if (appContext['solusioUrl'] !== undefined && appContext['solusioInstallations'] !== undefined) problems.push(`solusioInstallations: ${BOTH_FORMS}`);
  const parsed = infraConfigSchema.safeParse(appContext);
  if (!parsed.success) problems.push(...parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  if (problems.length > 0 || !parsed.success) throw new InfraConfigError(`Invalid CDK context: ${problems.join('; ')}`);
  return parsed.data;
}
