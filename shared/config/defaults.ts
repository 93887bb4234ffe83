import { SCHEDULE_DEFINITIONS, type ScheduledJobName } from '../schedules';
import { DEFAULT_BACKUP_SCHEDULE_JSON } from '../solusio/backupSchedule';

/**
 * The bridge's defaults, written once: the runtime configuration (`parseConfig`, used by the
 * Lambda handlers and the local stack) and the CDK context (`infra/lib/infraConfig.ts`) both take
 * them from here, so a default cannot drift between the deployed and the local bridge.
 */
export const CONFIG_DEFAULTS = {
  /** Token rates as the environment carries them: a JSON object of currency -> money per token. */
  tokenRates: '{"USD":"0.001"}',
  billSuspendedTime: false,
  /** Two consecutive complete snapshot runs further apart than this leave a gap (and raise the staleness alarm). */
  gapToleranceMinutes: 15,
  /** A period may close this long after its end (with a complete run at or after the end). */
  closeGraceMinutes: 120,
  suspectMinServers: 3,
  suspectPercent: 20,
  /** A snapshot run's budget for SolusIO calls; the function timeout is longer, the rate longer still. */
  snapshotDeadlineSeconds: 240,
  /** Secrets Manager name of the SolusIO API token (AWS only; locally `SOLUSIO_TOKEN`). */
  solusioTokenSecretName: 'solus-billing-bridge/solusio-token',
  /** Days from a pushed invoice's date (the day after its period) to its due date. */
  billingDueDays: 14,
  /** Whether pushed invoice lines are marked taxable (the billing system applies its tax rules). */
  billingTaxed: false,
  /** A server create whose outcome is unknown (SolusIO answered too late): how long a retry of that service waits for its server to show up before creating again. */
  solusioCreateQuarantineMinutes: 15,
  /** An invoice create whose outcome is unknown: how long before a lookup settles it (no new create meanwhile). */
  pushUnknownQuarantineMinutes: 15,
  /** A customer with a server whose longest single snapshot gap inside its billable time exceeds this many hours is held from the automatic push until an operator confirms. */
  pushHoldGapHours: 6,
  /** The backup schedule a server created with backups gets (SolusIO `backup_settings.schedule`, as JSON): the official WHMCS module's, daily at 00:00. */
  solusioBackupSchedule: DEFAULT_BACKUP_SCHEDULE_JSON,
  /** Secrets Manager name of the billing system's credentials, `{"identifier", "secret"}` (AWS only). */
  billingCredentialsSecretName: 'solus-billing-bridge/billing-credentials',
  /** CloudWatch Logs retention of every function's and the API's log group (AWS only). */
  logRetentionDays: 30,
  /** Minutes between two runs of each scheduled job: the CDK schedules and the local timers. */
  scheduleRates: Object.fromEntries(SCHEDULE_DEFINITIONS.map((definition) => [definition.name, definition.everyMinutes])) as Readonly<
    Record<ScheduledJobName, number>
  >,
} as const;

/** The most `pushHoldGapHours` may be: the longest month (744 h); no gap inside a period lasts longer, so a larger value would hold nothing. */
export const PUSH_HOLD_GAP_MAX_HOURS = 31 * 24;
