import type { CustomerPush } from '../../../shared/invoicing/pushCustomer';
import { createConnector } from '../../../shared/invoicing/connectors';
import { NO_STATUSES as NONE, outcomeOf, PushHarness, SETTLES_AT } from './pushHarness';

/** HostBill's create takes a call per line: exactly once rests on the invoice id the push records before any line. */
describe('push-invoices into hostbill, a create of several calls', () => {
  let p: PushHarness;

  beforeAll(async () => {
    p = await PushHarness.start('hostbill');
  }, 60_000);

  afterAll(async () => {
    await p?.stack.stop();
  });

  beforeEach(async () => {
    await p.reset();
  });

  it('records the invoice id before the lines; a line whose answer is lost leaves the customer unknown, and at settlesAt it is resumed by that id, never created again', async () => {
    await p.sim.faults([{ operation: 'addInvoiceItem', loseAnswer: true, times: 1 }]);
    await p.closeNovember();

    const unknown = (await p.reconcile()).customers.find((customer) => customer.status === 'unknown');
    expect(unknown?.push).toMatchObject({ status: 'unknown', settlesAt: SETTLES_AT, invoiceId: expect.stringMatching(/^\d+$/) });
    expect(await p.sim.requests('addInvoice')).toBe(2);

    const retried = await p.retryAt(SETTLES_AT);
    expect(retried.periods).toEqual([{ period: '2026-11', counts: expect.objectContaining({ pushed: 2, unknown: 0 }) }]);
    expect(await p.sim.requests('addInvoice')).toBe(2);
    expect(await p.clientsInvoiced()).toEqual(['1001', '1002']);
    const reconciliation = await p.reconcile();
    expect(reconciliation.counts).toEqual({ ...NONE, match: 2, skipped: 2 });
    expect(reconciliation.customers.find((customer) => customer.customer === unknown?.customer)?.push?.invoiceId).toBe(unknown?.push?.invoiceId);
  }, 60_000);

  it('still finds an invoice pushed before ids were recorded, by the tag in its notes, and adopts it instead of creating another', async () => {
    // The close's push fails for everyone (credentials refused), so the bridge records no invoice.
    await p.sim.faults([{ operation: 'getClientDetails', status: 401 }]);
    await p.closeNovember();
    await p.sim.control('DELETE', 'faults');
    // An older bridge pushed 1001's invoice: it is in HostBill with the tag in its notes, and no push record names it.
    const dry = (await p.call('POST', '/v1/periods/2026-11/push', { dryRun: true })).json as { customers: CustomerPush[] };
    const legacy = dry.customers.find((customer) => customer.customer === '1001')?.invoice;
    if (legacy === undefined) throw new Error('a draft of 1001 expected');
    const older = createConnector('hostbill', { baseUrl: p.stack.billingSimulator?.url ?? '', identifier: 'hostbill-api-user', secret: 'hostbill-secret-7f3a' });
    const legacyId = await older.createDraft(legacy);

    const report = await p.pushAt('2026-12-01T03:00:00Z');

    expect(outcomeOf(report, '1001')).toMatchObject({ outcome: 'pushed', foundByTag: true, invoiceId: legacyId });
    expect(await p.clientsInvoiced()).toEqual(['1001', '1002']);
  }, 60_000);
});
