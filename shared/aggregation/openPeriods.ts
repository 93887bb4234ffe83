import { periodOf, type Period } from '../billing';
import { periodsFrom } from '../snapshots/time';
import type { PeriodHeader } from './types';

/** Periods not closed, from `from`'s month (or the oldest header's) to `asOf`'s. */
export function openPeriods(headers: readonly PeriodHeader[], from: string, asOf: string): Period[] {
  const closed = new Set(headers.filter((header) => header.status === 'closed').map((header) => header.period));
  const first = [periodOf(from), ...headers.map((header) => header.period)].sort()[0] as Period;
  return periodsFrom(first, periodOf(asOf)).filter((period) => !closed.has(period));
}
