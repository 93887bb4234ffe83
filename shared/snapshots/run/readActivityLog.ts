import type { Deadline } from '../../solusio';
import { NO_LOG_FACTS, type LogFacts } from '../detectChanges';
import { readLogFacts, type ActivityLogSource } from '../logFacts';
import { describe } from './deps';

/**
 * Step 3, read the activity log facts down to the previous complete run. Without the log a
 * deletion could not be dated exactly, so a failed walk makes the run partial (nothing may end).
 */
export async function readActivityLog(solusio: ActivityLogSource, deadline: Deadline, since: string): Promise<{ logs: LogFacts; error?: string }> {
  try {
    return { logs: await readLogFacts(solusio, deadline, since) };
  } catch (logError) {
    return { logs: NO_LOG_FACTS, error: `activity log: ${describe(logError)}` };
  }
}
