import { mapWithConcurrency } from '../../async';
import { nextPeriod, type Period } from '../../billing';
import type { ObservedStateStore, ServerMonthStore } from '../ports';
import { carriedOverMonth } from '../serverMonths';
import { periodsFrom } from '../time';
import type { KnownServer, ServerMonth } from '../types';

export interface NewMonthsInput {
  /** The latest period every known server has an item for (the observed state's meta). */
  readonly monthsUpTo: Period | undefined;
  readonly currentPeriod: Period;
  /** The known servers after this run. */
  readonly known: ReadonlyMap<number, KnownServer>;
  /** Servers this run's changes wrote already. */
  readonly touched: ReadonlySet<number>;
  readonly time: string;
}

type Deps = { readonly store: ServerMonthStore & Pick<ObservedStateStore, 'writeMeta'>; readonly settings: { readonly concurrency: number } };

/**
 * Step 7b, at the first run of a month every present server gets its item for that month
 * (design.md), named with its latest hostname. Answers the servers given their current month's
 * item (their names are written with it).
 */
export async function startNewMonths(deps: Deps, input: NewMonthsInput): Promise<Set<number>> {
  const { monthsUpTo, currentPeriod, known, touched, time } = input;
  const started = new Set<number>();
  if (monthsUpTo === undefined || monthsUpTo >= currentPeriod) {
    if (monthsUpTo === undefined && known.size > 0) await deps.store.writeMeta({ month: currentPeriod });
    return started;
  }
  for (const period of periodsFrom(nextPeriod(monthsUpTo), currentPeriod)) {
    const present = await deps.store.serverIdsWithMonth(period);
    const carried: ServerMonth[] = [];
    const intoEmpty: ServerMonth[] = [];
    for (const server of known.values()) {
      if (server.deletedAt !== undefined || touched.has(server.id) || present.get(server.id) === 'segments') continue;
      // An item with only API changes (the bridge acted before this run) keeps them.
      (present.has(server.id) ? intoEmpty : carried).push(carriedOverMonth(server.id, period, server.state, server.hostname));
      if (period === currentPeriod) started.add(server.id);
    }
    await deps.store.putNewServerMonths(carried, time);
    await mapWithConcurrency(intoEmpty, deps.settings.concurrency, (month) => deps.store.carryIntoEmptyMonth(month, time));
  }
  await deps.store.writeMeta({ month: currentPeriod });
  return started;
}
