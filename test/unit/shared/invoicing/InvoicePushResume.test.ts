import { BillingRejectedError, BillingUnavailableError } from '../../../../shared/invoicing';
import { FakeMultiCallConnector } from '../../../support/fakeInvoicing';
import { at, outcomeOf, PERIOD, QUARANTINE_MS, setup, T0 } from './invoicePushFixture';

/** Pushes into a system whose create takes a call per line (HostBill): exactly once rests on the recorded invoice id. */
describe('InvoicePush with a create of several calls', () => {
  const multiCall = () => setup({ connector: new FakeMultiCallConnector() });

  it('records the invoice id before any line; a line without an answer leaves the customer unknown, then resumes it by id, adding only what it lacks', async () => {
    // Prepare: customer 7's only line is added but its answer is lost.
    const { push, store, connector } = multiCall();
    connector.lineAdds = ['unanswered-committed'];

    // Act
    const first = await push.push(PERIOD, T0);
    const recorded = await store.get(PERIOD, '7');
    const lookups = connector.count('findAllByTag');
    const settled = await push.push(PERIOD, at(QUARANTINE_MS));

    // Assess
    expect(outcomeOf(first, '7')).toMatchObject({ outcome: 'unknown', lastError: { code: 'CreateOutcomeUnknownError' } });
    expect(recorded).toMatchObject({ status: 'unknown', invoiceId: '1' });
    expect(outcomeOf(settled, '7')).toMatchObject({ outcome: 'pushed', invoiceId: '1', foundByTag: false, alreadyPushed: false });
    expect(connector.count('createDraft')).toBe(2);
    expect(connector.count('findAllByTag')).toBe(lookups);
    expect(connector.invoices.get('1')?.lines).toHaveLength(1);
    expect([...connector.invoices.values()].filter((invoice) => invoice.clientId === '7')).toHaveLength(1);
  });

  it('leaves a refused line failed with the draft recorded; a push asked for resumes the same draft', async () => {
    // Prepare
    const { push, store, connector } = multiCall();
    connector.lineAdds = [new BillingRejectedError('hostbill', 'addInvoiceItem', 'Invalid price')];

    // Act
    const first = await push.push(PERIOD, T0);
    const recorded = await store.get(PERIOD, '7');
    const asked = await push.push(PERIOD, at(60_000));

    // Assess
    expect(outcomeOf(first, '7')).toMatchObject({ outcome: 'failed', error: { code: 'BillingRejectedError' } });
    expect(recorded).toMatchObject({ status: 'failed', invoiceId: '1' });
    expect(outcomeOf(asked, '7')).toMatchObject({ outcome: 'pushed', invoiceId: '1' });
    expect(connector.count('resumeDraft')).toBe(1);
    expect(connector.invoices.size).toBe(2);
  });

  it('starts over when the recorded draft was deleted in the billing system: looked up, then created anew', async () => {
    // Prepare
    const { push, connector } = multiCall();
    connector.lineAdds = [new BillingRejectedError('hostbill', 'addInvoiceItem', 'Invalid price')];
    await push.push(PERIOD, T0);
    connector.invoices.delete('1');

    // Act
    const asked = await push.push(PERIOD, at(60_000));

    // Assess
    expect(outcomeOf(asked, '7')).toMatchObject({ outcome: 'pushed', invoiceId: '3', foundByTag: false });
    expect(connector.invoices.get('3')?.lines).toHaveLength(1);
  });

  it("records and completes the empty tagged draft an invoice whose own answer was lost left, when the lookup finds it", async () => {
    // Prepare
    const { push, store, connector } = multiCall();
    connector.creates = ['unanswered-committed'];

    // Act
    const report = await push.push(PERIOD, T0);

    // Assess
    expect(outcomeOf(report, '7')).toMatchObject({ outcome: 'pushed', invoiceId: '1', foundByTag: true });
    expect(await store.get(PERIOD, '7')).toMatchObject({ status: 'pushed', invoiceId: '1' });
    expect(connector.invoices.get('1')?.lines).toHaveLength(1);
    expect(connector.count('createDraft')).toBe(2);
  });

  it('never resumes an invoice holding a line that is not a computed one: it is a mismatch for a person', async () => {
    // Prepare
    const { push, connector } = multiCall();
    connector.lineAdds = [new BillingUnavailableError('hostbill', 'addInvoiceItem', 'HTTP 503')];
    await push.push(PERIOD, T0);
    const draft = connector.invoices.get('1');
    if (draft === undefined) throw new Error('the draft expected');
    connector.invoices.set('1', { ...draft, lines: [{ description: 'added by an admin', amount: '1.00' }] });

    // Act
    const settled = await push.push(PERIOD, at(QUARANTINE_MS));

    // Assess
    expect(outcomeOf(settled, '7')).toMatchObject({ outcome: 'failed', error: { code: 'InvoiceMismatchError' } });
    expect(connector.invoices.get('1')?.lines).toHaveLength(1);
  });

  it('adds no line after losing the lease when the invoice was made: the push holding it decides', async () => {
    // Prepare: between the claim and the create, another push takes customer 7 over.
    const { push, store, connector } = multiCall();
    const original = connector.createDraft.bind(connector);
    connector.createDraft = async (invoice, progress) => {
      if (invoice.clientId === '7') {
        const current = await store.get(PERIOD, '7');
        if (current !== undefined) store.put({ ...current, leaseUntilMs: 1 });
      }
      return original(invoice, progress);
    };

    // Act
    const report = await push.push(PERIOD, T0);

    // Assess
    expect(outcomeOf(report, '7')).toMatchObject({ outcome: 'in_progress' });
    expect([...connector.invoices.values()].filter((invoice) => invoice.clientId === '7').map((invoice) => invoice.lines)).toEqual([[]]);
  });
});
