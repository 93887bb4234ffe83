import type { Period } from '../billing';
import type { Logger } from '../logging';
import type { HeldGap } from './gapHold';
import { recordOutcome, type CustomerPush } from './pushCustomer';
import { errorView, type PushRecord } from './pushState';
import type { PushRecordRepository } from './ports';
import type { BillingSystemName, DraftInvoice } from './types';

/**
 * A customer a push holds for a snapshot gap: recorded `skipped` / `held_gap` with the gap, once
 * (a record the hold already wrote is answered as it is, nothing written); nothing is looked up or
 * created. A record a confirmed push made meanwhile wins: its state is the answer.
 */
export async function holdCustomer(
  records: PushRecordRepository,
  system: BillingSystemName,
  invoice: DraftInvoice,
  heldGap: HeldGap,
  record: PushRecord | undefined,
  time: string,
): Promise<CustomerPush> {
  const base = { customer: invoice.clientId, total: invoice.total, tag: invoice.tag };
  if (record !== undefined) return recordOutcome(base, record);
  try {
    const { record: current } = await records.hold({
      period: invoice.period,
      customer: invoice.clientId,
      system,
      tag: invoice.tag,
      currency: invoice.currency,
      totalMinor: invoice.totalMinor,
      heldGap,
      time,
    });
    return recordOutcome(base, current);
  } catch (error) {
    // Nothing was written: the customer stays to be pushed (or held) by the next push.
    return { ...base, outcome: 'pending', lastError: errorView(error) };
  }
}

/** The customers of a push answer held for a snapshot gap. */
export function heldForGaps(customers: readonly CustomerPush[]): ({ customer: string } & HeldGap)[] {
  return customers.flatMap((customer) => (customer.outcome === 'skipped' && customer.reason === 'held_gap' && customer.heldGap !== undefined ? [{ customer: customer.customer, ...customer.heldGap }] : []));
}

/**
 * The error line an operator acts on (the PushesHeldForGaps alarm points here): it names the period,
 * each held customer with its server and longest gap, and how to push them once checked.
 */
export function logHeldForGaps(logger: Logger, period: Period, holdGapHours: number, customers: readonly CustomerPush[]): void {
  const held = heldForGaps(customers);
  if (held.length === 0) return;
  logger.error(
    `invoice push of ${period} held ${held.length} customer(s) for a snapshot gap longer than ${holdGapHours} h: check their usage ` +
      `(GET /v1/periods/${period}/pushes, GET /v1/servers/{serverId}/history?period=${period}), then POST /v1/periods/${period}/push {"confirmGaps": true}`,
    { period, holdGapHours, held },
  );
}
