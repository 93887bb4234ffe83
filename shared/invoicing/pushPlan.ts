import type { Period } from '../billing';
import { draftInvoices, type DraftInvoicePlan } from './draftInvoices';
import { gapHolds, type HeldGap } from './gapHold';
import { PeriodNotClosedError } from './pushErrors';
import type { ClosedInvoicesSource } from './ports';

export interface PlanSettings {
  readonly currency: string;
  readonly dueDays: number;
  readonly taxed?: boolean;
  /** A customer whose lines show a single snapshot gap longer than this many hours is held (PUSH_HOLD_GAP_HOURS). */
  readonly holdGapHours: number;
}

export interface ClosedPlan extends DraftInvoicePlan {
  /** Customers with a draft whose lines show a gap longer than `holdGapHours`: held unless the gaps are confirmed. */
  readonly heldGaps: ReadonlyMap<string, HeldGap>;
}

/** A closed period's drafts, skipped customers and gap holds (409 `period_not_closed` for an open one). */
export async function closedPlan(source: ClosedInvoicesSource, period: Period, settings: PlanSettings): Promise<ClosedPlan> {
  const { status, lines } = await source.invoices(period);
  if (status !== 'closed') throw new PeriodNotClosedError(period);
  const plan = draftInvoices(period, lines, settings);
  const holds = gapHolds(lines, settings.holdGapHours);
  const heldGaps = new Map(plan.invoices.flatMap((invoice) => {
    const heldGap = holds.get(invoice.clientId);
    return heldGap === undefined ? [] : [[invoice.clientId, heldGap] as const];
  }));
  return { ...plan, heldGaps };
}
