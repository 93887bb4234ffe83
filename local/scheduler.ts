import type { ScheduledHandler } from '../functions/lib/scheduledHandler';
import { SCHEDULE_DEFINITIONS, type ScheduledJobName } from '../shared/schedules';

export interface SchedulerLog {
  log(line: string): void;
}

/**
 * The schedules as in-process timers, from the same definitions as the CDK app. Each tick sends
 * `{"time": <stack clock>}`, as EventBridge Scheduler sends the scheduled time (no `installation`:
 * locally one tick of a snapshot job runs every installation); a job still running
 * is not started a second time.
 */
export function startSchedules(
  handlers: Record<ScheduledJobName, ScheduledHandler<unknown>>,
  now: () => Date,
  out: SchedulerLog = console,
): () => void {
  const running = new Set<ScheduledJobName>();
  const timers = SCHEDULE_DEFINITIONS.map((definition) =>
    setInterval(() => {
      if (running.has(definition.name)) return;
      running.add(definition.name);
      const time = now().toISOString();
      handlers[definition.name]({ time })
        .then(() => out.log(`schedule ${definition.name} at ${time}: ok`))
        .catch((error: unknown) => out.log(`schedule ${definition.name} at ${time}: ${error instanceof Error ? error.message : String(error)}`))
        .finally(() => running.delete(definition.name));
    }, definition.everyMinutes * 60_000),
  );
  return () => timers.forEach((timer) => clearInterval(timer));
}
