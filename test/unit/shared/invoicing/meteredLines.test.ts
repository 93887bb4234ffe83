import { invoiceLines } from '../../../../shared/aggregation/invoiceLines';
import type { InvoiceLine } from '../../../../shared/aggregation/types';
import { usageFromLines } from '../../../../shared/aggregation/usageFromLines';
import type { UsageLine } from '../../../../shared/aggregation/usageFromRows';
import { draftInvoices, SKIP_REASONS } from '../../../../shared/invoicing/draftInvoices';
import { gapHolds } from '../../../../shared/invoicing/gapHold';

/** A November runtime line of customer 7's server 12 for 12.30 USD, with `overrides`. */
function line(overrides: Partial<InvoiceLine> = {}): InvoiceLine {
  return { customer: '7', serverId: 12, kind: 'runtime', hours: 700, tokens: 12_300, money: { USD: 1230 }, prepaid: false, flags: [], description: 'server 12: 700 h runtime, November 2026', ...overrides };
}

const OPTIONS = { currency: 'USD', dueDays: 14 };

describe('metered lines and the invoice push', () => {
  it('leaves a metered server\'s lines out of the customer\'s invoice', () => {
    // Prepare
    const lines = [line({ serverId: 12 }), line({ serverId: 13, metered: true, money: { USD: 999 } }), line({ serverId: 13, kind: 'ips', metered: true, money: { USD: 50 } })];

    // Act
    const plan = draftInvoices('2026-11', lines, OPTIONS);

    // Assess
    expect(plan.invoices.map((invoice) => [invoice.clientId, invoice.totalMinor, invoice.lines.map((draft) => draft.serverId)])).toEqual([['7', 1230, [12]]]);
    expect(plan.skipped).toEqual([]);
  });

  it('skips a customer with only metered lines as metered, and one with prepaid and metered lines too; only prepaid lines stay prepaid', () => {
    // Prepare
    const lines = [
      line({ customer: '1', metered: true }),
      line({ customer: '2', serverId: 20, prepaid: true, money: { USD: 0 }, tokens: 0 }),
      line({ customer: '2', serverId: 21, metered: true }),
      line({ customer: '3', serverId: 30, prepaid: true, money: { USD: 0 }, tokens: 0 }),
    ];

    // Act
    const plan = draftInvoices('2026-11', lines, OPTIONS);

    // Assess
    expect(plan.invoices).toEqual([]);
    expect(plan.skipped).toEqual([
      { customer: '1', reason: 'metered', totalMinor: 0 },
      { customer: '2', reason: 'metered', totalMinor: 0 },
      { customer: '3', reason: 'prepaid', totalMinor: 0 },
    ]);
    expect(SKIP_REASONS).toContain('metered');
  });

  it('holds no push for a metered server\'s snapshot gap (it is never invoiced)', () => {
    const holds = gapHolds([line({ metered: true, longestGapMinutes: 600 }), line({ customer: '8', longestGapMinutes: 600 })], 6);

    expect([...holds.keys()]).toEqual(['8']);
  });

  it('marks the invoice lines of a metered usage line, and a closed period\'s usage reads the mode back from them', () => {
    // Prepare
    const usage = (serverId: number, billingMode: UsageLine['billingMode']): UsageLine => ({
      serverId,
      runtimeHours: 720,
      runtimeTokens: 5000,
      ipTokens: 500,
      backupTokens: 0,
      totalTokens: 5500,
      prepaid: billingMode === 'prepaid',
      billingMode,
      flags: [],
      money: { USD: 550 },
    });

    // Act
    const lines = invoiceLines([{ customer: '7', totalTokens: 0, money: { USD: 0 }, servers: [usage(1, 'postpaid'), usage(2, 'metered')] }], '2026-11', { USD: '0.001' });
    const closedUsage = usageFromLines(lines, { USD: '0.001' });

    // Assess
    expect(lines.map((invoiceLine) => [invoiceLine.serverId, invoiceLine.kind, invoiceLine.metered])).toEqual([
      [1, 'runtime', undefined],
      [1, 'ips', undefined],
      [2, 'runtime', true],
      [2, 'ips', true],
    ]);
    expect(lines.filter((invoiceLine) => invoiceLine.serverId === 1).every((invoiceLine) => !('metered' in invoiceLine))).toBe(true);
    expect(closedUsage[0]?.servers.map((server) => [server.serverId, server.billingMode, server.totalTokens])).toEqual([
      [1, 'postpaid', 5500],
      [2, 'metered', 5500],
    ]);
  });
});
