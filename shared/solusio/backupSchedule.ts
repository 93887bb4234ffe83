import * as z from 'zod';

/**
 * A server's backup schedule as SolusIO takes it in `backup_settings.schedule`: the Go SDK's
 * `VirtualServerBackupSettingsSchedule` (virtual_servers.go): `type` daily | weekly | monthly,
 * `time { hour, minutes }`, `days`. What `days` counts from (weekday numbering, day of month) is
 * not public: it is sent as configured, required for weekly and monthly schedules only (an
 * assumption, docs/conformance.md, "POST servers").
 */
export const BACKUP_SCHEDULE_TYPES = ['daily', 'weekly', 'monthly'] as const;

export interface SolusBackupSchedule {
  readonly type: (typeof BACKUP_SCHEDULE_TYPES)[number];
  readonly time: { readonly hour: number; readonly minutes: number };
  readonly days?: readonly number[];
}

export const backupScheduleSchema: z.ZodType<SolusBackupSchedule> = z
  .strictObject({
    type: z.enum(BACKUP_SCHEDULE_TYPES),
    time: z.strictObject({ hour: z.int().min(0).max(23), minutes: z.int().min(0).max(59) }),
    days: z.array(z.int().min(0).max(31)).min(1).optional(),
  })
  .refine((schedule) => schedule.type === 'daily' || schedule.days !== undefined, { message: 'a weekly or monthly schedule needs days', path: ['days'] });

/**
 * What the official WHMCS module sends with a create that has backups (solusiovps
 * `ServerCreateRequestBuilder`): daily at 00:00. The bridge's default, as the JSON its
 * configuration carries (`SOLUSIO_BACKUP_SCHEDULE`, CDK context `solusioBackupSchedule`).
 */
export const DEFAULT_BACKUP_SCHEDULE_JSON = '{"type":"daily","time":{"hour":0,"minutes":0}}';

/** A schedule as configuration carries it: a JSON string, checked by `backupScheduleSchema`. */
export const backupScheduleJsonSchema = z
  .string()
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: `not valid JSON, expected e.g. ${DEFAULT_BACKUP_SCHEDULE_JSON}` });
      return z.NEVER;
    }
  })
  .pipe(backupScheduleSchema);
