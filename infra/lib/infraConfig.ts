import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { z } from 'zod';
import { isPeriodInstant } from '../../shared/billing/periods';
import { CONFIG_DEFAULTS } from '../../shared/config/defaults';
import { HTTP_URL_MESSAGE, isHttpUrl } from '../../shared/config/httpUrl';
import { tokenRatesJsonSchema } from '../../shared/config/tokenRatesSchema';
import { SCHEDULED_JOBS, type ScheduledJobName } from '../../shared/schedules';

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

/**
 * What an operator sets for a deployment, from CDK context (`cdk deploy -c solusioUrl=...`).
 * Validated at synth so a typo fails before anything is deployed. Defaults: shared/config/defaults.ts,
 * the same table the runtime and the local stack use.
 */
const infraConfigSchema = z
  .object({
    /** `prod` turns on deletion protection and keeps the table on stack deletion. */
    stage: z.string().regex(/^[a-z0-9-]+$/).default('dev'),
    solusioUrl: z.string().refine(isHttpUrl, HTTP_URL_MESSAGE).default('https://solusio.example.invalid/api/v1'),
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
    billingSystem: z.enum(['none', 'whmcs', 'blesta', 'hostbill']).default('none'),
    /** The billing system's root URL, e.g. `https://billing.example.com/whmcs`. */
    billingUrl: z.string().refine(isHttpUrl, HTTP_URL_MESSAGE).optional(),
    billingCredentialsSecretName: z.string().min(1).default(CONFIG_DEFAULTS.billingCredentialsSecretName),
    /** The invoices' currency, one of tokenRates (default: its only currency). */
    billingCurrency: z.string().regex(/^[A-Z]{3}$/).optional(),
    billingDueDays: z.coerce.number().int().nonnegative().max(365).default(CONFIG_DEFAULTS.billingDueDays),
    /** Pushed invoice lines marked taxable; a cdk.json boolean or a `-c` string, carried as the string. */
    billingTaxed: z.union([z.boolean().transform(String), z.enum(['true', 'false'])]).default(String(CONFIG_DEFAULTS.billingTaxed)),
    /** A server create with an unknown outcome: minutes a retry of that service waits for its server before creating again. */
    solusioCreateQuarantineMinutes: minutes.default(CONFIG_DEFAULTS.solusioCreateQuarantineMinutes),
    /** An invoice create with an unknown outcome: minutes before a lookup settles it. */
    pushUnknownQuarantineMinutes: minutes.default(CONFIG_DEFAULTS.pushUnknownQuarantineMinutes),
    /** Alarms go to an SNS topic; with an address it is subscribed by e-mail (confirm the first mail). */
    alarmEmail: z.email().optional(),
    logRetentionDays: z.coerce
      .number()
      .int()
      .refine((days) => RETENTION_DAYS.includes(days), `one of CloudWatch Logs' retention periods: ${RETENTION_DAYS.join(', ')}`)
      .default(CONFIG_DEFAULTS.logRetentionDays),
  })
  .superRefine((config, ctx) => {
    if (config.billingSystem !== 'none' && config.billingUrl === undefined) {
      ctx.addIssue({ code: 'custom', path: ['billingUrl'], message: `required with billingSystem ${config.billingSystem}` });
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

/** The timeout of a snapshot function run every `rateMinutes`: shorter than the rate, so runs never overlap. */
export function snapshotTimeoutSeconds(rateMinutes: number): number {
  return Math.min(rateMinutes * 60 - 30, 15 * 60);
}

export type InfraConfig = z.infer<typeof infraConfigSchema>;

/** The context keys an operator may set (`cdk deploy -c key=value`): exactly the schema's. */
export const CONTEXT_KEYS = Object.keys(infraConfigSchema.shape) as (keyof InfraConfig)[];

export function parseInfraConfig(context: Readonly<Record<string, unknown>>): InfraConfig {
  const parsed = infraConfigSchema.safeParse(context);
  if (!parsed.success) {
    throw new Error(`Invalid CDK context: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
  }
  return parsed.data;
}
