import { query, type Api } from './api';
import type { Run, RunsPage } from './types';

/** How many runs the overview reads: a month of hourly runs, three and a half days at five minutes. */
export const RECENT_RUNS = 1000;
const PAGE = 200;

/** The newest runs of every installation, newest first, at most `count`. */
export async function recentRuns(api: Api, count = RECENT_RUNS): Promise<Run[]> {
  const runs: Run[] = [];
  let cursor: string | undefined;
  do {
    const page = await api.get<RunsPage>(`/v1/runs${query({ limit: Math.min(PAGE, count - runs.length), cursor })}`);
    runs.push(...page.runs);
    cursor = page.nextCursor;
  } while (cursor !== undefined && runs.length < count);
  return runs;
}

/** The newest complete run of each installation among `runs` (newest first), by installation id. */
export function latestCompleteByInstallation(runs: readonly Run[]): Map<string, Run | undefined> {
  const latest = new Map<string, Run | undefined>();
  for (const run of runs) {
    if (!latest.has(run.installation)) latest.set(run.installation, undefined);
    if (run.complete && latest.get(run.installation) === undefined) latest.set(run.installation, run);
  }
  return new Map([...latest].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Runs an operator should look at: partial, suspect, the first complete one after a gap, or one that held servers. */
export function runsToLookAt(runs: readonly Run[]): Run[] {
  return runs.filter((run) => (run.partial && run.superseded !== true) || run.suspect || run.gapFrom !== undefined || (run.heldServerIds ?? []).length > 0);
}

/** Servers the newest run of each installation held at their last recorded state (month item full). */
export function heldByNewestRuns(runs: readonly Run[]): { readonly installation: string; readonly time: string; readonly serverIds: readonly number[] }[] {
  const newest = new Map<string, Run>();
  for (const run of runs) if (!newest.has(run.installation)) newest.set(run.installation, run);
  return [...newest.values()]
    .filter((run) => (run.heldServerIds ?? []).length > 0)
    .map((run) => ({ installation: run.installation, time: run.time, serverIds: run.heldServerIds ?? [] }));
}

/**
 * Suspect runs whose held servers wait for an admin: per installation, its newest run when that
 * run is suspect and not confirmed (an older suspect run is settled by what came after it).
 */
export function awaitingConfirmation(runs: readonly Run[]): Run[] {
  const newest = new Map<string, Run>();
  for (const run of runs) if (!newest.has(run.installation)) newest.set(run.installation, run);
  return [...newest.values()].filter((run) => run.suspect && run.confirmedAt === undefined);
}
