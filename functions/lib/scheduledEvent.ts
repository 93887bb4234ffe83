import { z } from 'zod';
import { BadRequestError } from '../../shared/errors';

/** What a schedule delivers: `{"time": "<scheduled time>"}`; the handler's only notion of now. */
const scheduledEventSchema = z.object({
  time: z.iso.datetime({ offset: true }),
  period: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a period YYYY-MM').optional(),
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
