import { mapWithConcurrency } from '../../async';
import type { Period } from '../../billing';
import type { Logger } from '../../logging';
import type { DetectedChange } from '../detectChanges';
import { MonthItemFullError, StaleItemError, type ServerMonthStore } from '../ports';
import { dateOntoMonths, planDating, type DatingWindow } from './dateChanges';

const MAX_STALE_RETRIES = 3;

/** The servers a run wrote month items for, and those it held back. */
export interface MonthWrites {
  /** Servers whose changes were applied (held ones excluded). */
  readonly touched: Set<number>;
  /** Servers held at their last recorded state because a month item of theirs is full. */
  readonly held: Set<number>;
  /** Servers whose changes altered at least one item. */
  readonly written: Set<number>;
}

type Deps = { readonly store: ServerMonthStore; readonly logger: Logger; readonly settings: { readonly concurrency: number } };

/**
 * Step 7, write the month items: reads each changed server's items, dates its changes onto them
 * (`dateChanges.ts`) and writes what changed, conditional on the version read (a lost race reads
 * again and re-dates). A server whose item is full is held back (logged as an error; the rest of
 * the run goes on). A past month that changed is marked late for aggregation.
 */
export async function writeMonthItems(deps: Deps, changes: readonly DetectedChange[], window: DatingWindow): Promise<MonthWrites> {
  const datings = planDating(changes, window);
  const late = new Map<Period, number[]>();
  const held = new Set<number>();
  const written = new Set<number>();
  await mapWithConcurrency(datings, deps.settings.concurrency, async (dating) => {
    const { serverId } = dating;
    for (let attempt = 0; ; attempt += 1) {
      const items = await deps.store.getServerMonths(dating.periods.map((period) => ({ serverId, period })));
      const changed = dateOntoMonths(dating, items, window);
      try {
        for (const month of changed) await deps.store.putServerMonth(month, window.time);
        if (changed.length > 0) written.add(serverId);
        for (const month of changed) if (month.period < window.currentPeriod) late.set(month.period, [...(late.get(month.period) ?? []), serverId]);
        return;
      } catch (error) {
        if (error instanceof MonthItemFullError) {
          // One pathological server (state flipped hundreds of times this month) must not stop the
          // fleet's billing: it is held at its last recorded state and reported on every run.
          deps.logger.error('A server month item is full: the server is held at its last recorded state', {
            server: serverId,
            period: error.period,
            bytes: error.bytes,
            run: window.time,
          });
          held.add(serverId);
          return;
        }
        // Someone (the API recording a change, a duplicate delivery) wrote in between: read again and re-apply.
        if (!(error instanceof StaleItemError) || attempt >= MAX_STALE_RETRIES) throw error;
      }
    }
  });
  // A past month changed: if it is closed already, aggregation turns the change into an adjustment.
  for (const [period, ids] of late) await deps.store.markLate(period, ids);
  return { touched: new Set(datings.map((dating) => dating.serverId).filter((id) => !held.has(id))), held, written };
}
