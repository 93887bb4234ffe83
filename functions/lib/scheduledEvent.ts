import * as z from 'zod';
import { isPeriod, isPeriodInstant } from '../../shared/billing';
import { BadRequestError } from '../../shared/errors';
import { INSTALLATION_ID_MESSAGE, isInstallationId } from '../../shared/installations';

/**
 * What a schedule delivers: `{"time": "<scheduled time>"}`, the handler's only notion of now; a
 * snapshot schedule per installation adds `installation` (the job runs that installation only).
 */
const scheduledEventSchema = z.object({
  time: z.string().refine(isPeriodInstant, 'an ISO-8601 UTC instant (Z or +00:00) from 2000 to 2999, e.g. 2026-11-03T10:05:00Z'),
  period: z.string().refine(isPeriod, 'a period YYYY-MM from 2000-01 to 2999-12').optional(),
  installation: z.string().refine(isInstallationId, INSTALLATION_ID_MESSAGE).optional(),
});

export type ScheduledEvent = z.infer<typeof scheduledEventSchema>;

export function parseScheduledEvent(event: unknown): ScheduledEvent {
  const parsed = scheduledEventSchema.safeParse(event);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'event'}: ${issue.message}`).join('; ');
    throw new BadRequestError(`Invalid scheduled event: ${problems}`, 'invalid_event');
  }
  return parsed.data;
}
