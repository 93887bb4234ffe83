import type { InvoiceLine } from '../../../../shared/aggregation/types';
import { draftInvoices, invoiceTag } from '../../../../shared/invoicing/draftInvoices';

/** A postpaid November runtime line of customer 7's server 12 for 12.30 USD, with `overrides`. */
function line(overrides: Partial<InvoiceLine> = {}): InvoiceLine {
  return {
    customer: '7',
    serverId: 12,
    kind: 'runtime',
    hours: 700,
    tokens: 12_300,
    money: { USD: 1230 },
    prepaid: false,
    flags: [],
    description: 'server 12: 700 h runtime, November 2026',
    ...overrides,
  };
}

const OPTIONS = { currency: 'USD', dueDays: 14 };
const TAG_PATTERN = /^sbb-2026-11-c7-[0-9a-f]{16}$/;

describe('draftInvoices', () => {
  it('drafts one invoice per customer, in customer order, with their lines in the period order', () => {
    // Prepare
    const lines = [
      line({ customer: '3', serverId: 30, money: { USD: 300 } }),
      line({ customer: '1', serverId: 11, money: { USD: 100 } }),
      line({ customer: '3', serverId: 31, kind: 'ips', money: { USD: 50 } }),
      line({ customer: '2', serverId: 20, money: { USD: 200 } }),
      line({ customer: '3', serverId: 29, kind: 'backups', money: { USD: 7 } }),
    ];

    // Act
    const plan = draftInvoices('2026-11', lines, OPTIONS);

    // Assess
    expect(plan.invoices.map((invoice) => invoice.clientId)).toEqual(['1', '2', '3']);
    expect(plan.invoices[2]?.lines.map((draft) => [draft.serverId, draft.kind])).toEqual([
      [30, 'runtime'],
      [31, 'ips'],
      [29, 'backups'],
    ]);
    expect(plan.invoices[2]).toMatchObject({ period: '2026-11', currency: 'USD', total: '3.57', totalMinor: 357 });
    expect(plan.skipped).toEqual([]);
  });

  it('marks the invoice taxed only when asked, without changing its tag', () => {
    // Act
    const [untaxed] = draftInvoices('2026-11', [line()], OPTIONS).invoices;
    const [taxed] = draftInvoices('2026-11', [line()], { ...OPTIONS, taxed: true }).invoices;

    // Assess
    expect([untaxed?.taxed, taxed?.taxed]).toEqual([false, true]);
    expect(taxed?.tag).toBe(untaxed?.tag);
  });

  it('drafts nothing for a period without lines', () => {
    // Act
    const plan = draftInvoices('2026-11', [], OPTIONS);

    // Assess
    expect(plan).toEqual({ invoices: [], skipped: [] });
  });

  it('leaves prepaid lines out of the invoice and its total', () => {
    // Prepare
    const lines = [line(), line({ serverId: 13, prepaid: true, money: { USD: 5000 }, description: 'server 13: prepaid' })];

    // Act
    const plan = draftInvoices('2026-11', lines, OPTIONS);

    // Assess
    expect(plan.invoices).toHaveLength(1);
    expect(plan.invoices[0]?.lines.map((draft) => draft.serverId)).toEqual([12]);
    expect(plan.invoices[0]).toMatchObject({ total: '12.30', totalMinor: 1230 });
  });

  it("skips a customer with only prepaid servers as 'prepaid'", () => {
    // Prepare
    const lines = [line({ prepaid: true }), line({ prepaid: true, kind: 'ips', money: { USD: 300 } })];

    // Act
    const plan = draftInvoices('2026-11', lines, OPTIONS);

    // Assess
    expect(plan.invoices).toEqual([]);
    expect(plan.skipped).toEqual([{ customer: '7', reason: 'prepaid', totalMinor: 0 }]);
  });

  it("skips a customer without a billing reference as 'no_billing_reference', with what it would have paid", () => {
    // Prepare
    const lines = [line({ customer: 'solusio-user:7' }), line({ customer: 'solusio-user:7', kind: 'ips', money: { USD: 70 } })];

    // Act
    const plan = draftInvoices('2026-11', lines, OPTIONS);

    // Assess
    expect(plan.invoices).toEqual([]);
    expect(plan.skipped).toEqual([{ customer: 'solusio-user:7', reason: 'no_billing_reference', totalMinor: 1300 }]);
  });

  it("skips a customer whose lines come to nothing as 'zero_amount'", () => {
    // Prepare
    const lines = [line({ money: { USD: 0 } }), line({ kind: 'ips', money: { USD: 0 } })];

    // Act
    const plan = draftInvoices('2026-11', lines, OPTIONS);

    // Assess
    expect(plan.invoices).toEqual([]);
    expect(plan.skipped).toEqual([{ customer: '7', reason: 'zero_amount', totalMinor: 0 }]);
  });

  it("skips a customer whose adjustment credit outweighs the usage as 'credit'", () => {
    // Prepare
    const lines = [line({ money: { USD: 100 } }), line({ adjustmentOf: '2026-10', money: { USD: -300 }, description: 'server 12: adjustment' })];

    // Act
    const plan = draftInvoices('2026-11', lines, OPTIONS);

    // Assess
    expect(plan.invoices).toEqual([]);
    expect(plan.skipped).toEqual([{ customer: '7', reason: 'credit', totalMinor: -200 }]);
  });

  it('reports every skipped customer beside the invoiced ones, in customer order', () => {
    // Prepare
    const lines = [
      line({ customer: '9', money: { USD: 0 } }),
      line({ customer: '5' }),
      line({ customer: '8', prepaid: true }),
      line({ customer: '6', money: { USD: -1 } }),
    ];

    // Act
    const plan = draftInvoices('2026-11', lines, OPTIONS);

    // Assess
    expect(plan.invoices.map((invoice) => invoice.clientId)).toEqual(['5']);
    expect(plan.skipped.map(({ customer, reason }) => [customer, reason])).toEqual([
      ['6', 'credit'],
      ['8', 'prepaid'],
      ['9', 'zero_amount'],
    ]);
  });

  it('drops the zero-amount lines of an invoice that is not zero', () => {
    // Prepare
    const lines = [line(), line({ kind: 'ips', money: { USD: 0 } }), line({ kind: 'backups', money: { USD: 200 } })];

    // Act
    const plan = draftInvoices('2026-11', lines, OPTIONS);

    // Assess
    expect(plan.invoices[0]?.lines.map((draft) => draft.kind)).toEqual(['runtime', 'backups']);
    expect(plan.invoices[0]?.totalMinor).toBe(1430);
  });

  it("writes a line adjusting an earlier period as kind 'adjustment', a credit as a negative amount", () => {
    // Prepare
    const adjustment = line({ kind: 'ips', adjustmentOf: '2026-10', money: { USD: -50 }, description: 'server 12: adjustment of 1 IP, October 2026' });

    // Act
    const plan = draftInvoices('2026-11', [line(), adjustment], OPTIONS);

    // Assess
    expect(plan.invoices[0]?.lines).toEqual([
      { serverId: 12, kind: 'runtime', description: 'server 12: 700 h runtime, November 2026', amount: '12.30', amountMinor: 1230 },
      { serverId: 12, kind: 'adjustment', description: 'server 12: adjustment of 1 IP, October 2026', amount: '-0.50', amountMinor: -50 },
    ]);
    expect(plan.invoices[0]).toMatchObject({ total: '11.80', totalMinor: 1180 });
  });

  it('writes exact decimals where floating-point sums would not be', () => {
    // Prepare
    const lines = [line({ money: { USD: 10 } }), line({ kind: 'ips', money: { USD: 20 } }), line({ kind: 'backups', money: { USD: 1 } })];

    // Act
    const plan = draftInvoices('2026-11', lines, OPTIONS);

    // Assess
    expect(plan.invoices[0]?.lines.map((draft) => draft.amount)).toEqual(['0.10', '0.20', '0.01']);
    expect(plan.invoices[0]).toMatchObject({ total: '0.31', totalMinor: 31 });
  });

  it.each([
    ['EUR', { USD: 1230, EUR: 1119 }, '11.19'],
    ['JPY', { USD: 1230, JPY: 1845 }, '1845'],
    ['BHD', { USD: 1230, BHD: 4637 }, '4.637'],
  ])('bills the amounts of the chosen currency %s with its minor digits', (currency, money, expected) => {
    // Act
    const plan = draftInvoices('2026-11', [line({ money })], { currency, dueDays: 14 });

    // Assess
    expect(plan.invoices[0]).toMatchObject({ currency, total: expected, lines: [{ amount: expected }] });
  });

  it.each([
    ['2026-11', 14, '2026-12-01', '2026-12-15'],
    ['2026-12', 14, '2027-01-01', '2027-01-15'],
    ['2028-02', 14, '2028-03-01', '2028-03-15'],
    ['2028-01', 29, '2028-02-01', '2028-03-01'],
    ['2027-01', 28, '2027-02-01', '2027-03-01'],
    ['2026-11', 0, '2026-12-01', '2026-12-01'],
    ['2026-12', 365, '2027-01-01', '2028-01-01'],
  ])('dates the invoice of %s on the day after it, due %p days later', (period, dueDays, date, dueDate) => {
    // Act
    const plan = draftInvoices(period, [line()], { currency: 'USD', dueDays });

    // Assess
    expect(plan.invoices[0]).toMatchObject({ date, dueDate });
  });

  it('tags the invoice with the period, the customer and 16 hex digits, the same for the same lines', () => {
    // Act
    const first = draftInvoices('2026-11', [line(), line({ kind: 'ips', money: { USD: 70 } })], OPTIONS);
    const second = draftInvoices('2026-11', [line(), line({ kind: 'ips', money: { USD: 70 } })], OPTIONS);

    // Assess
    expect(first.invoices[0]?.tag).toMatch(TAG_PATTERN);
    expect(second.invoices[0]?.tag).toBe(first.invoices[0]?.tag);
  });

  it("keeps a customer's tag when other customers' lines change", () => {
    // Act
    const alone = draftInvoices('2026-11', [line()], OPTIONS);
    const withOthers = draftInvoices('2026-11', [line({ customer: '8', money: { USD: 999 } }), line()], OPTIONS);

    // Assess
    expect(withOthers.invoices.find((invoice) => invoice.clientId === '7')?.tag).toBe(alone.invoices[0]?.tag);
  });

  it('changes the tag when an amount changes', () => {
    // Act
    const before = draftInvoices('2026-11', [line()], OPTIONS);
    const after = draftInvoices('2026-11', [line({ money: { USD: 1231 } })], OPTIONS);

    // Assess
    expect(after.invoices[0]?.tag).toMatch(TAG_PATTERN);
    expect(after.invoices[0]?.tag).not.toBe(before.invoices[0]?.tag);
  });

  it('tags with invoiceTag over the drafted lines', () => {
    // Act
    const invoice = draftInvoices('2026-11', [line()], OPTIONS).invoices[0];

    // Assess
    expect(invoice?.tag).toBe(invoiceTag('2026-11', '7', invoice?.lines ?? []));
  });

  it('writes notes that name the period and carry the tag', () => {
    // Act
    const invoice = draftInvoices('2026-11', [line()], OPTIONS).invoices[0];

    // Assess
    expect(invoice?.notes).toContain(invoice?.tag);
    expect(invoice?.notes).toBe(`SolusIO usage, November 2026. Ref: ${invoice?.tag ?? ''}`);
  });

  it('refuses a currency the lines carry no amounts in, naming BILLING_CURRENCY', () => {
    // Act
    const act = () => draftInvoices('2026-11', [line()], { currency: 'EUR', dueDays: 14 });

    // Assess
    expect(act).toThrow(RangeError);
    expect(act).toThrow(/EUR.*BILLING_CURRENCY/);
  });
});
