import type { Logger } from '../../shared/logging';
import { canonicalInstant } from '../../shared/snapshots/time';
import { chooseInstallation } from './installationParam';
import type { ScheduledEvent } from './scheduledEvent';

/** One installation's entry in a fan-out answer: its run record, or why its run failed. */
export type InstallationEntry<R> = ({ readonly installation: string } & R) | { readonly installation: string; readonly error: string };

/** The answer of a run over every installation (several configured, none named). */
export interface FanOutAnswer<R> {
  readonly time: string;
  readonly installations: InstallationEntry<R>[];
}

/**
 * `{ time, installation? }` -> `R` (one installation, none named: today's answer), `R` with
 * `installation` (one named), or `FanOutAnswer<R>` (several, none named).
 */
export type InstallationRunAnswer<R> = R | ({ readonly installation: string } & R) | FanOutAnswer<R>;

export function isFanOutAnswer<R extends object>(answer: InstallationRunAnswer<R>): answer is FanOutAnswer<R> {
  return 'installations' in answer && Array.isArray(answer.installations);
}

/** Each installation's run record in an answer (failed entries left out), with the installation it belongs to. */
export function recordsOf<R extends { readonly time: string }>(answer: InstallationRunAnswer<R>, installation: string): { installation: string; record: R }[] {
  if (!isFanOutAnswer(answer)) return [{ installation: 'installation' in answer ? answer.installation : installation, record: answer }];
  // A run record has its time (a partial one has an `error` too); a failed run's entry has only the error.
  return answer.installations.flatMap((entry) => ('time' in entry ? [{ installation: entry.installation, record: entry }] : []));
}

/**
 * Runs a scheduled job for the installation the event names, or for every configured one when it
 * names none. With several, each runs after the other (a run is mostly waiting on its own SolusIO,
 * and on AWS each installation has its own schedule) and one that fails leaves the others their run.
 */
export async function runPerInstallation<R extends object>(
  configured: readonly string[],
  event: ScheduledEvent,
  run: (installation: string) => Promise<R>,
  logger: Logger,
): Promise<InstallationRunAnswer<R>> {
  if (event.installation !== undefined) {
    const installation = chooseInstallation(configured, event.installation);
    return { ...(await run(installation)), installation };
  }
  const [only, ...others] = configured;
  if (only !== undefined && others.length === 0) return run(only);
  const installations: InstallationEntry<R>[] = [];
  for (const installation of configured) {
    try {
      installations.push({ installation, ...(await run(installation)) });
    } catch (error) {
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      logger.error('An installation\'s run failed; the other installations run on', { installation, error: message });
      installations.push({ installation, error: message });
    }
  }
  return { time: canonicalInstant(event.time), installations };
}
