import type { InvoiceLine } from '../aggregation/types';
import type { PushRecord } from './pushState';

/**
 * Why a customer is held: the server with its longest single snapshot gap, and that gap in whole
 * minutes; the server's installation when it is not `default` (server ids repeat across installations).
 */
export interface HeldGap {
  readonly serverId: number;
  readonly installation?: string;
  readonly longestGapMinutes: number;
}

/** Which of two equally long gaps names the hold: the lower server id, then the installation (absent first). */
function namesTie(line: InvoiceLine, before: HeldGap): boolean {
  if (line.serverId !== before.serverId) return line.serverId < before.serverId;
  return (line.installation ?? '') < (before.installation ?? '');
}

/**
 * The customers held from the automatic push for a snapshot gap (pure): those with an invoiced
 * (postpaid) line whose server's longest single gap is longer than `holdHours`, each with its
 * longest one (the lowest server id on a tie, then the installation). Prepaid and metered lines are never invoiced, so they hold nothing.
 */
export function gapHolds(lines: readonly InvoiceLine[], holdHours: number): Map<string, HeldGap> {
  const limitMinutes = holdHours * 60;
  const held = new Map<string, HeldGap>();
  for (const line of lines) {
    const minutes = line.longestGapMinutes ?? 0;
    if (line.prepaid || line.metered === true || minutes <= limitMinutes) continue;
    const before = held.get(line.customer);
    if (before === undefined || minutes > before.longestGapMinutes || (minutes === before.longestGapMinutes && namesTie(line, before))) {
      held.set(line.customer, { serverId: line.serverId, ...(line.installation === undefined ? {} : { installation: line.installation }), longestGapMinutes: minutes });
    }
  }
  return held;
}

/**
 * Whether a push holds a customer whose lines show a long gap: unless the operator confirmed the
 * gaps, while nothing was started for it (no record, or the hold's own). A record in any other
 * state exists only because a confirmed push claimed it, so that push's work is carried on.
 */
export function holdsCustomer(heldGap: HeldGap | undefined, record: PushRecord | undefined, confirmGaps: boolean): heldGap is HeldGap {
  if (heldGap === undefined || confirmGaps) return false;
  return record === undefined || (record.status === 'skipped' && record.skipReason === 'held_gap');
}
