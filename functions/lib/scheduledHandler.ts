import type { Context } from 'aws-lambda';
import { parseScheduledEvent, type ScheduledEvent } from './scheduledEvent';

export type ScheduledJob<R> = (event: ScheduledEvent) => Promise<R>;
export type ScheduledHandler<R> = (event: unknown, context?: Context) => Promise<R>;

/** Wraps a scheduled job: validates `{"time"}` (a 400-class error when malformed), then runs it. */
export function scheduledHandler<R>(job: ScheduledJob<R>): ScheduledHandler<R> {
  return async (event) => job(parseScheduledEvent(event));
}
