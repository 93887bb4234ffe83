import { draftInvoices } from '../../../../shared/invoicing/draftInvoices';
import { BillingUnavailableError, type DraftInvoice } from '../../../../shared/invoicing';
import { InvoiceReconciliation } from '../../../../shared/invoicing/InvoiceReconciliation';
import { PUSH_DEFAULTS } from '../../../../shared/invoicing/InvoicePush';
import { FakeBillingConnector, FakePushStore, fakeSource, invoiceLine } from '../../../support/fakeInvoicing';

const PERIOD = '2026-11';
const T0 = '2026-12-01T02:00:00.000Z';
const NOW_MS = 5_000_000;
/** Customers 1 to 6 with an invoice each, and 9 with a prepaid server only. */
const LINES = [...[1, 2, 3, 4, 5, 6].map((n) => invoiceLine(String(n), n, n * 100)), invoiceLine('9', 9, 0, { prepaid: true })];

function setup(system: 'whmcs' | 'none' = 'whmcs', lines = LINES) {
  const store = new FakePushStore();
  const connector = new FakeBillingConnector();
  const reconciliation = new InvoiceReconciliation({
    source: fakeSource({ [PERIOD]: lines }),
    records: store,
    runs: store,
    system,
    connector: async () => connector,
    settings: { currency: 'USD', dueDays: 14, concurrency: 4, holdGapHours: 6 },
    wallClockMs: () => NOW_MS,
  });
  const drafts = new Map(draftInvoices(PERIOD, lines, { currency: 'USD', dueDays: 14 }).invoices.map((invoice) => [invoice.clientId, invoice]));
  const draftOf = (customer: string): DraftInvoice => {
    const draft = drafts.get(customer);
    if (draft === undefined) throw new Error(`no draft for ${customer}`);
    return draft;
  };
  /** A push record `pushed` with the invoice `id`. */
  const recordPushed = (customer: string, invoiceId: string) =>
    store.put({ period: PERIOD, customer, status: 'pushed', system: 'whmcs', tag: draftOf(customer).tag, currency: 'USD', totalMinor: 0, leaseUntilMs: 0, attempts: 1, invoiceId, pushedAt: T0, updatedAt: T0 });
  return { reconciliation, store, connector, draftOf, recordPushed };
}

describe('InvoiceReconciliation', () => {
  describe('reconcile', () => {
    it('tells match, missing, differs, duplicate, unknown and skipped apart, and one failing customer does not fail the others', async () => {
      // Prepare
      const { reconciliation, store, connector, draftOf, recordPushed } = setup();
      recordPushed('1', connector.addDraft(draftOf('1')));
      recordPushed('2', '99');
      const edited = draftOf('3');
      recordPushed('3', connector.addDraft({ ...edited, lines: edited.lines.map((line) => ({ ...line, amount: '0.01' })) }));
      connector.addDraft(draftOf('4'));
      connector.addDraft(draftOf('4'));
      store.put({ period: PERIOD, customer: '5', status: 'unknown', system: 'whmcs', tag: draftOf('5').tag, currency: 'USD', totalMinor: 500, leaseUntilMs: 0, attempts: 1, settlesAt: '2026-12-01T02:15:00.000Z', settlesAtMs: 0, updatedAt: T0 });
      const down = () => new BillingUnavailableError('whmcs', 'GetInvoices', 'HTTP 503');
      connector.lookupFailures.set('6', [down()]);

      // Act
      const page = await reconciliation.reconcile(PERIOD, { limit: 25 });

      // Assess
      expect(page.customers.map((customer) => [customer.customer, customer.status])).toEqual([
        ['1', 'match'],
        ['2', 'missing'],
        ['3', 'differs'],
        ['4', 'duplicate'],
        ['5', 'unknown'],
        ['6', 'error'],
        ['9', 'skipped'],
      ]);
      expect(page.counts).toEqual({ match: 1, missing: 1, differs: 1, duplicate: 1, skipped: 1, unknown: 1, error: 1 });
      const byCustomer = new Map(page.customers.map((customer) => [customer.customer, customer]));
      expect(byCustomer.get('1')).toMatchObject({ remote: { invoiceId: '1', status: 'Draft', total: '1.00', lines: 1 }, push: { status: 'pushed', invoiceId: '1' } });
      expect(byCustomer.get('2')).toMatchObject({ remote: null, push: { status: 'pushed', invoiceId: '99' } });
      expect(byCustomer.get('3')?.differences).toHaveLength(2);
      expect(byCustomer.get('4')).toMatchObject({ invoiceIds: ['4', '3'], remote: null });
      expect(byCustomer.get('5')).toMatchObject({ push: { status: 'unknown', settlesAt: '2026-12-01T02:15:00.000Z' } });
      expect(byCustomer.get('6')).toMatchObject({ error: { code: 'BillingUnavailableError', message: 'whmcs GetInvoices: HTTP 503' }, computed: { total: '6.00' } });
      expect(byCustomer.get('9')).toMatchObject({ reason: 'prepaid', computed: null });
      expect(page.moreAfter).toBeUndefined();
    });

    it('reports any failure of the billing-system calls as that customer error, never the whole page', async () => {
      // Prepare
      const { reconciliation, connector } = setup();
      connector.lookupFailures.set('2', [new TypeError('answer had no invoices')]);

      // Act
      const page = await reconciliation.reconcile(PERIOD, { limit: 25 });

      // Assess
      expect(page.customers.find((customer) => customer.customer === '2')).toMatchObject({ status: 'error', error: { code: 'TypeError', message: 'answer had no invoices' } });
      expect(page.counts).toMatchObject({ error: 1, missing: 5 });
    });

    it("shows a customer the push skipped for its currency as skipped with the push's reason, without reading the billing system for it", async () => {
      // Prepare
      const { reconciliation, store, connector, draftOf } = setup();
      store.put({ period: PERIOD, customer: '2', status: 'skipped', skipReason: 'currency_mismatch', clientCurrency: 'EUR', system: 'whmcs', tag: draftOf('2').tag, currency: 'USD', totalMinor: 200, leaseUntilMs: 0, attempts: 1, updatedAt: T0 });

      // Act
      const page = await reconciliation.reconcile(PERIOD, { limit: 25, customer: '2' });

      // Assess
      expect(page.customers).toEqual([
        expect.objectContaining({ customer: '2', status: 'skipped', reason: 'currency_mismatch', clientCurrency: 'EUR', remote: null, push: expect.objectContaining({ status: 'skipped' }) }),
      ]);
      expect(connector.calls).toEqual([]);
    });

    it('shows a customer held for a snapshot gap as skipped held_gap with its gap, before any push and from the hold record, without reading the billing system for it; a confirmed push compares as usual', async () => {
      // Prepare: customers 2, 3 and 4 each had a 7-hour gap; 3 was held by a push, 4 pushed once the gaps were confirmed.
      const gapped = LINES.map((line) => (['2', '3', '4'].includes(line.customer) ? { ...line, longestGapMinutes: 420 } : line));
      const { reconciliation, store, connector, draftOf, recordPushed } = setup('whmcs', gapped);
      const heldGap = { serverId: 3, longestGapMinutes: 420 };
      store.put({ period: PERIOD, customer: '3', status: 'skipped', skipReason: 'held_gap', heldGap, system: 'whmcs', tag: draftOf('3').tag, currency: 'USD', totalMinor: 300, leaseUntilMs: 0, attempts: 0, updatedAt: T0 });
      recordPushed('4', connector.addDraft(draftOf('4')));

      // Act
      const page = await reconciliation.reconcile(PERIOD, { limit: 25 });

      // Assess
      const byCustomer = new Map(page.customers.map((customer) => [customer.customer, customer]));
      expect(byCustomer.get('2')).toEqual({ customer: '2', status: 'skipped', reason: 'held_gap', heldGap: { serverId: 2, longestGapMinutes: 420 }, computed: expect.objectContaining({ total: '2.00' }), push: null, remote: null });
      expect(byCustomer.get('3')).toMatchObject({ status: 'skipped', reason: 'held_gap', heldGap, push: { status: 'skipped' }, remote: null });
      expect(byCustomer.get('4')).toMatchObject({ status: 'match', push: { status: 'pushed' } });
      expect(page.counts).toMatchObject({ skipped: 3, match: 1, missing: 3 });
      // Customers 1, 4, 5 and 6 only.
      expect(connector.count('findAllByTag')).toBe(4);
    });

    it('pages by customer: limit customers, then the ones after the last, and no more after the last page', async () => {
      // Prepare
      const { reconciliation, connector } = setup();

      // Act
      const first = await reconciliation.reconcile(PERIOD, { limit: 3 });
      const second = await reconciliation.reconcile(PERIOD, { limit: 3, after: first.moreAfter ?? '' });
      const last = await reconciliation.reconcile(PERIOD, { limit: 3, after: second.moreAfter ?? '' });

      // Assess
      expect([first, second, last].map((page) => page.customers.map((customer) => customer.customer))).toEqual([['1', '2', '3'], ['4', '5', '6'], ['9']]);
      expect([first.moreAfter, second.moreAfter, last.moreAfter]).toEqual(['3', '6', undefined]);
      // Only the page's customers are looked up in the billing system.
      expect(connector.count('findAllByTag')).toBe(6);
    });

    it('answers one customer, without reading the billing system for a skipped one', async () => {
      // Prepare
      const { reconciliation, connector } = setup();

      // Act
      const one = await reconciliation.reconcile(PERIOD, { limit: 25, customer: '9' });

      // Assess
      expect(one.customers).toEqual([{ customer: '9', status: 'skipped', reason: 'prepaid', computed: null, push: null, remote: null }]);
      expect(connector.calls).toEqual([]);
    });

    it('says a push is running while one is accepted or started within its lease, or holds a customer; done with finishedAt after', async () => {
      // Prepare
      const { reconciliation, store, draftOf } = setup();
      const before = (await reconciliation.reconcile(PERIOD, { limit: 1 })).run;
      await store.markRun(PERIOD, 'started', T0, NOW_MS - 1, PUSH_DEFAULTS.leaseMs);
      const started = (await reconciliation.reconcile(PERIOD, { limit: 1 })).run;
      await store.finishRun(PERIOD, '2026-12-01T02:01:00.000Z', NOW_MS, 0);
      await store.claim({ period: PERIOD, customer: '1', system: 'whmcs', tag: draftOf('1').tag, currency: 'USD', totalMinor: 100, nowMs: NOW_MS, leaseMs: 1000, time: T0, timeMs: 0, retryFailed: true });
      const held = (await reconciliation.reconcile(PERIOD, { limit: 1 })).run;
      const holding = await store.get(PERIOD, '1');
      if (holding === undefined) throw new Error('a held record expected');
      store.put({ ...holding, leaseUntilMs: NOW_MS });

      // Act
      const done = (await reconciliation.reconcile(PERIOD, { limit: 1 })).run;

      // Assess
      expect(before).toEqual({ state: 'done', startedAt: null, finishedAt: null });
      expect(started).toEqual({ state: 'running', startedAt: T0, finishedAt: null });
      expect(held).toEqual({ state: 'running', startedAt: T0, finishedAt: '2026-12-01T02:01:00.000Z' });
      expect(done).toEqual({ state: 'done', startedAt: T0, finishedAt: '2026-12-01T02:01:00.000Z' });
    });

    it('refuses with no billing system, and for a period that is not closed', async () => {
      // Act
      const errors = await Promise.all([
        setup('none').reconciliation.reconcile(PERIOD, { limit: 1 }).catch((error: unknown) => error),
        setup().reconciliation.reconcile('2026-12', { limit: 1 }).catch((error: unknown) => error),
      ]);

      // Assess
      expect(errors).toEqual([expect.objectContaining({ code: 'billing_system_not_configured' }), expect.objectContaining({ code: 'period_not_closed' })]);
    });
  });
});
