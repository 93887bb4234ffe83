import type { Period } from '../billing';
import { draftInvoices, type DraftInvoicePlan } from './draftInvoices';
import { PeriodNotClosedError } from './pushErrors';
import type { ClosedInvoicesSource } from './ports';

export interface PlanSettings {
  readonly currency: string;
  readonly dueDays: number;
  readonly taxed?: boolean;
}

/** A closed period's drafts and skipped customers (409 `period_not_closed` for an open one). */
export async function closedPlan(source: ClosedInvoicesSource, period: Period, settings: PlanSettings): Promise<DraftInvoicePlan> {
  const { status, lines } = await source.invoices(period);
  if (status !== 'closed') throw new PeriodNotClosedError(period);
  return draftInvoices(period, lines, settings);
}
