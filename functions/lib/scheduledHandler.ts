import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { contextOutsideLambda } from './contextOutsideLambda';
import type { MetricsRecorder, Observability } from './observability';
import { parseScheduledEvent, type ScheduledEvent } from './scheduledEvent';

export type ScheduledJob<R> = (event: ScheduledEvent) => Promise<R>;
export type ScheduledHandler<R> = (event: unknown, context?: Context) => Promise<R>;

export interface ScheduledHandlerOptions<R, E extends ScheduledEvent = ScheduledEvent> {
  /** The job's name: the correlation id is `<name>@<scheduled time>`, the same for every retry of one run. */
  readonly name: string;
  /** The job's metrics from its result (flushed by the Metrics middleware). */
  readonly recordMetrics?: (result: R, metrics: MetricsRecorder, event: E) => void | Promise<void>;
  /** Reads the event (default: `{"time", "period"?}`); a malformed one must throw a 400-class error. */
  readonly parse?: (raw: unknown) => E;
}

/**
 * A scheduled job through Middy: Powertools (logger context, tracer, metrics flush), then
 * `{"time"}` validated (a 400-class error when malformed) and set on every log line with the
 * correlation id, then the job and its metrics.
 */
export function scheduledHandler<R, E extends ScheduledEvent = ScheduledEvent>(
  observability: Observability,
  job: (event: E) => Promise<R>,
  options: ScheduledHandlerOptions<R, E>,
): ScheduledHandler<R> {
  const parse = options.parse ?? ((raw: unknown) => parseScheduledEvent(raw) as E);
  const handler = middy<unknown, R>()
    .use(observability.middlewares())
    .handler(async (raw) => {
      const event = parse(raw);
      observability.setInvocationKeys({ correlationId: `${options.name}@${event.time}`, scheduledTime: event.time });
      const result = await job(event);
      await options.recordMetrics?.(result, observability.metrics, event);
      return result;
    });
  return (event, context) => handler(event, context ?? contextOutsideLambda(options.name));
}
