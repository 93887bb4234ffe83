import { query, type Api } from './api';
import type { Reconciliation, ReconciledCustomer } from './types';

const PAGE = 100;
const path = (period: string) => `/v1/periods/${encodeURIComponent(period)}/pushes`;

/** Every customer of a period's reconciliation, page after page, with the counts summed. */
export async function allReconciliation(api: Api, period: string): Promise<Reconciliation> {
  const first = await api.get<Reconciliation>(`${path(period)}${query({ limit: PAGE })}`);
  const customers = [...first.customers];
  const counts: Record<string, number> = { ...first.counts };
  let cursor = first.nextCursor;
  while (cursor !== undefined) {
    const page = await api.get<Reconciliation>(`${path(period)}${query({ limit: PAGE, cursor })}`);
    customers.push(...page.customers);
    for (const [status, count] of Object.entries(page.counts)) counts[status] = (counts[status] ?? 0) + count;
    cursor = page.nextCursor;
  }
  return { ...first, customers, counts: counts as Reconciliation['counts'] };
}

/** Whether a push of the period runs now, and when the last one started and finished (one customer read: `run` covers them all). */
export async function pushRun(api: Api, period: string): Promise<Reconciliation['run']> {
  return (await api.get<Reconciliation>(`${path(period)}${query({ limit: 1 })}`)).run;
}

export interface PushWait {
  readonly sleep: (ms: number) => Promise<void>;
  readonly attempts: number;
  readonly intervalMs: number;
}

const DEFAULT_WAIT: PushWait = { sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)), attempts: 60, intervalMs: 500 };

/**
 * After a push was handed over (202): until a push run newer than `before` has finished. Answers
 * false when none finished in the time given (it goes on in the background).
 */
export async function waitForPush(api: Api, period: string, before: Reconciliation['run'], wait: PushWait = DEFAULT_WAIT): Promise<boolean> {
  for (let attempt = 0; attempt < wait.attempts; attempt += 1) {
    await wait.sleep(wait.intervalMs);
    const run = await pushRun(api, period);
    if (run.state === 'done' && (run.finishedAt !== before.finishedAt || run.startedAt !== before.startedAt)) return true;
  }
  return false;
}

/** The customers a push held back for a long snapshot gap (pushed only once an operator confirms). */
export const heldForGaps = (reconciliation: Reconciliation): ReconciledCustomer[] => reconciliation.customers.filter((customer) => customer.reason === 'held_gap');
