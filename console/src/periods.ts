import type { Period } from './types';

/** The instant a period ends: the first of the next month, UTC. */
export function periodEnd(period: string): string {
  const [year = 1970, month = 1] = period.split('-').map(Number);
  return new Date(Date.UTC(year, month, 1)).toISOString();
}

/**
 * Whether closing an open period is worth offering: its usage is known past its end (a run after
 * the month). The API decides (409 before the close grace has passed); this only spares a click.
 */
export function closeLooksDue(period: Period): boolean {
  return period.status === 'open' && typeof period.asOf === 'string' && period.asOf >= periodEnd(period.period);
}
