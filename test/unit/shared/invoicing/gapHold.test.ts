import { gapHolds, holdsCustomer } from '../../../../shared/invoicing/gapHold';
import type { PushRecord } from '../../../../shared/invoicing/pushState';
import { invoiceLine } from '../../../support/fakeInvoicing';

const record = (overrides: Partial<PushRecord>): PushRecord => ({
  period: '2026-11',
  customer: '7',
  status: 'pending',
  system: 'whmcs',
  tag: 'sbb-2026-11-c7-0123456789abcdef',
  currency: 'USD',
  totalMinor: 1230,
  leaseUntilMs: 0,
  attempts: 1,
  updatedAt: '2026-12-01T02:00:00.000Z',
  ...overrides,
});

describe('gapHolds', () => {
  it('holds a customer with a gap longer than the hold hours, and not one with a gap of exactly that long', () => {
    const lines = [invoiceLine('7', 1, 1230, { longestGapMinutes: 361 }), invoiceLine('8', 2, 500, { longestGapMinutes: 360 }), invoiceLine('9', 3, 500)];

    expect(gapHolds(lines, 6)).toEqual(new Map([['7', { serverId: 1, longestGapMinutes: 361 }]]));
  });

  it("names the customer's longest gap among its servers and lines (the lowest server id on a tie)", () => {
    const lines = [
      invoiceLine('7', 4, 100, { longestGapMinutes: 200 }),
      invoiceLine('7', 2, 100, { longestGapMinutes: 500 }),
      invoiceLine('7', 2, 100, { kind: 'ips', longestGapMinutes: 500 }),
      invoiceLine('7', 1, 100, { longestGapMinutes: 500 }),
      invoiceLine('7', 3, 100, { longestGapMinutes: 90 }),
    ];

    expect(gapHolds(lines, 1).get('7')).toEqual({ serverId: 1, longestGapMinutes: 500 });
  });

  it('names the installation of a server of another installation than default (server ids repeat), and breaks a tie on it', () => {
    const lines = [invoiceLine('7', 2, 100, { installation: 'us', longestGapMinutes: 500 }), invoiceLine('7', 2, 100, { installation: 'eu', longestGapMinutes: 500 })];

    expect(gapHolds(lines, 1).get('7')).toEqual({ serverId: 2, installation: 'eu', longestGapMinutes: 500 });
    expect(gapHolds([invoiceLine('7', 2, 100, { longestGapMinutes: 500 }), ...lines], 1).get('7')).toEqual({ serverId: 2, longestGapMinutes: 500 });
  });

  it('is not held by a prepaid server (its lines are never invoiced) nor by lines without a gap', () => {
    const lines = [invoiceLine('7', 1, 0, { prepaid: true, longestGapMinutes: 5000 }), invoiceLine('7', 2, 1230)];

    expect(gapHolds(lines, 6).size).toBe(0);
  });

  it('follows the configured hours', () => {
    const lines = [invoiceLine('7', 1, 1230, { longestGapMinutes: 120 })];

    expect([gapHolds(lines, 1).has('7'), gapHolds(lines, 2).has('7')]).toEqual([true, false]);
  });
});

describe('holdsCustomer', () => {
  const heldGap = { serverId: 1, longestGapMinutes: 361 };

  it('holds a customer with a long gap that nothing was started for, or that a hold recorded', () => {
    expect(holdsCustomer(heldGap, undefined, false)).toBe(true);
    expect(holdsCustomer(heldGap, record({ status: 'skipped', skipReason: 'held_gap', heldGap }), false)).toBe(true);
  });

  it('holds nothing once the operator confirmed the gaps, nor a customer without a long gap', () => {
    expect(holdsCustomer(heldGap, undefined, true)).toBe(false);
    expect(holdsCustomer(heldGap, record({ status: 'skipped', skipReason: 'held_gap', heldGap }), true)).toBe(false);
    expect(holdsCustomer(undefined, undefined, false)).toBe(false);
  });

  it.each(['pending', 'in_progress', 'unknown', 'pushed', 'failed'] as const)('carries on a confirmed push that left the customer %s', (status) => {
    expect(holdsCustomer(heldGap, record({ status }), false)).toBe(false);
  });

  it('carries on a confirmed push that found the client in another currency', () => {
    expect(holdsCustomer(heldGap, record({ status: 'skipped', skipReason: 'currency_mismatch', clientCurrency: 'EUR' }), false)).toBe(false);
  });
});
