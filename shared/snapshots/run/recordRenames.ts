import { mapWithConcurrency } from '../../async';
import type { Period } from '../../billing';
import type { ServerMonthStore } from '../ports';

export interface RenamesInput {
  /** Servers whose hostname this run saw change: id -> the new hostname (`nameKnownServers`). */
  readonly renamed: ReadonlyMap<number, string>;
  /** Servers whose current month's item this run wrote already, name included (changes, a new month), or held back. */
  readonly written: ReadonlySet<number>;
  readonly currentPeriod: Period;
  readonly time: string;
}

type Deps = { readonly store: Pick<ServerMonthStore, 'nameServerMonth'>; readonly settings: { readonly concurrency: number } };

/**
 * Step 7c, record the renames: the current month's item of each renamed server that no other write
 * of this run named takes its new hostname, one update each (the latest hostname of the month names
 * its lines). A run that saw no rename writes nothing here. Answers how many items were written.
 */
export async function recordRenames(deps: Deps, input: RenamesInput): Promise<number> {
  const pending = [...input.renamed].filter(([id]) => !input.written.has(id));
  const written = await mapWithConcurrency(pending, deps.settings.concurrency, ([id, hostname]) => deps.store.nameServerMonth(id, input.currentPeriod, hostname, input.time));
  return written.filter(Boolean).length;
}
