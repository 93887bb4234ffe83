// Over 300 lines: every push state transition of one service, with its shared fake connector and store.
import { BillingAuthError, BillingUnavailableError, type DraftInvoice } from '../../../../shared/invoicing';
import { PUSH_DEFAULTS } from '../../../../shared/invoicing/InvoicePush';
import { at, claimOf, outcomeOf, PERIOD, QUARANTINE_MS, setup, T0 } from './invoicePushFixture';

describe('InvoicePush', () => {
  describe('push', () => {
    it('creates one draft per billable customer, reports the skipped one, and a repeat sends nothing and reports pushed', async () => {
      // Prepare
      const { push, connector } = setup();

      // Act
      const first = await push.push(PERIOD, T0);
      const repeat = await push.push(PERIOD, at(60_000));

      // Assess
      expect(first.counts).toMatchObject({ pushed: 2, skipped: 1, pending: 0, failed: 0, unknown: 0, in_progress: 0 });
      expect(outcomeOf(first, '7')).toMatchObject({ outcome: 'pushed', alreadyPushed: false, foundByTag: false, invoiceId: '1', total: '12.30' });
      expect(outcomeOf(first, '9')).toEqual({ customer: '9', outcome: 'skipped', reason: 'prepaid', total: '0.00' });
      expect(repeat.counts).toMatchObject({ pushed: 2, skipped: 1 });
      expect(outcomeOf(repeat, '7')).toMatchObject({ outcome: 'pushed', alreadyPushed: true, invoiceId: '1' });
      expect(connector.count('createDraft')).toBe(2);
      expect(connector.invoices.size).toBe(2);
    });

    it('leaves a customer another push holds (a live lease) in_progress without looking it up', async () => {
      // Prepare
      const { push, store, connector, draftOf } = setup();
      const held = await store.claim({ ...claimOf(draftOf('7')), nowMs: 5_000_000, leaseMs: PUSH_DEFAULTS.leaseMs });
      expect(held.claimed).toBe(true);

      // Act
      const report = await push.push(PERIOD, T0);

      // Assess
      expect(outcomeOf(report, '7')).toMatchObject({ outcome: 'in_progress' });
      expect(connector.count('findAllByTag')).toBe(1);
      expect(connector.invoices.size).toBe(1);
    });

    it('takes over a lease that ran out (its holder is gone) and adopts, by tag, the invoice that holder created', async () => {
      // Prepare
      const { push, store, connector, draftOf, passWallClock } = setup();
      await store.claim({ ...claimOf(draftOf('7')), nowMs: 5_000_000, leaseMs: PUSH_DEFAULTS.leaseMs });
      connector.addDraft(draftOf('7'));
      passWallClock(PUSH_DEFAULTS.leaseMs);

      // Act
      const report = await push.push(PERIOD, T0);

      // Assess
      expect(outcomeOf(report, '7')).toMatchObject({ outcome: 'pushed', foundByTag: true, invoiceId: '1' });
      expect(connector.count('createDraft')).toBe(1);
      expect((await store.get(PERIOD, '7'))?.attempts).toBe(2);
    });

    it('leaves the outcome to whoever took the lease over meanwhile, and does not overwrite it', async () => {
      // Prepare: while customer 7's create runs, its lease is taken over and settled by another push.
      const { push, store, connector, draftOf } = setup();
      connector.beforeCreate = async (invoice) => {
        if (invoice.clientId !== '7') return;
        const current = await store.get(PERIOD, '7');
        if (current === undefined) return;
        store.put({ ...current, leaseUntilMs: 1 });
        const taken = await store.claim({ ...claimOf(draftOf('7')), nowMs: 2, leaseMs: 10 });
        if (taken.claimed) await store.settle(taken.record, { status: 'failed', error: { code: 'X', message: 'decided elsewhere' } }, T0);
      };

      // Act
      const report = await push.push(PERIOD, T0);

      // Assess
      expect(outcomeOf(report, '7')).toMatchObject({ outcome: 'failed', error: { code: 'X' } });
      expect(await store.get(PERIOD, '7')).toMatchObject({ status: 'failed', attempts: 2 });
    });

    it('leaves a create without an answer unknown until push time + quarantine: no re-push, repushMissing or retry creates or even looks before', async () => {
      // Prepare
      const { push, store, connector, sleeps } = setup();
      connector.creates = ['unanswered'];

      // Act
      const first = await push.push(PERIOD, T0);
      const creates = connector.count('createDraft');
      const lookups = connector.count('findAllByTag');
      const again = await push.push(PERIOD, at(60_000));
      const repush = await push.push(PERIOD, at(120_000), { repushMissing: true });
      const retried = await push.retryIncomplete(at(QUARANTINE_MS - 1));

      // Assess
      const slow = first.customers.find((entry) => entry.outcome === 'unknown');
      expect(slow).toMatchObject({ settlesAt: at(QUARANTINE_MS), lastError: { code: 'CreateOutcomeUnknownError' } });
      expect(sleeps).toEqual([PUSH_DEFAULTS.unknownCreateWaitMs]);
      expect(await store.get(PERIOD, slow?.customer ?? '')).toMatchObject({ status: 'unknown', settlesAt: at(QUARANTINE_MS), leaseUntilMs: 0 });
      for (const report of [again, repush, retried.reports[0]]) expect(report === undefined ? undefined : outcomeOf(report, slow?.customer ?? '')).toMatchObject({ outcome: 'unknown' });
      expect(connector.count('createDraft')).toBe(creates);
      expect(connector.count('findAllByTag')).toBe(lookups);
    });

    it('settles an unknown customer at settlesAt: the create that committed late is found and adopted, never made twice', async () => {
      // Prepare
      const { push, connector } = setup();
      connector.creates = ['unanswered'];
      const first = await push.push(PERIOD, T0);
      const slow = first.customers.find((entry) => entry.outcome === 'unknown')?.customer ?? '';
      connector.commitLate();

      // Act
      const settled = await push.push(PERIOD, at(QUARANTINE_MS));

      // Assess
      expect(outcomeOf(settled, slow)).toMatchObject({ outcome: 'pushed', foundByTag: true, alreadyPushed: false });
      expect([...connector.invoices.values()].filter((invoice) => invoice.clientId === slow)).toHaveLength(1);
      expect(connector.count('createDraft')).toBe(2);
    });

    it('settles an unknown customer with none found by creating it then (the create had not committed)', async () => {
      // Prepare
      const { push, connector } = setup();
      connector.creates = ['unanswered'];
      const slow = (await push.push(PERIOD, T0)).customers.find((entry) => entry.outcome === 'unknown')?.customer ?? '';

      // Act
      const settled = await push.push(PERIOD, at(QUARANTINE_MS + 1));

      // Assess
      expect(outcomeOf(settled, slow)).toMatchObject({ outcome: 'pushed', foundByTag: false });
      expect(connector.count('createDraft')).toBe(3);
    });

    it('settles an unknown customer with two invoices found as failed (duplicate), creating nothing', async () => {
      // Prepare
      const { push, connector, store } = setup();
      connector.creates = ['unanswered'];
      const slow = (await push.push(PERIOD, T0)).customers.find((entry) => entry.outcome === 'unknown')?.customer ?? '';
      connector.commitLate();
      connector.addDraft(setup().draftOf(slow));

      // Act
      const settled = await push.push(PERIOD, at(QUARANTINE_MS));

      // Assess
      expect(outcomeOf(settled, slow)).toMatchObject({ outcome: 'failed', error: { code: 'DuplicateInvoicesError' } });
      expect(outcomeOf(settled, slow)?.error?.message).toMatch(/^Invoices \d+, \d+ all carry/);
      expect((await store.get(PERIOD, slow))?.status).toBe('failed');
      expect(connector.count('createDraft')).toBe(2);
    });

    it('adopts a create whose answer was lost when the one lookup after the wait finds it', async () => {
      // Prepare
      const { push, connector } = setup();
      connector.creates = ['unanswered-committed', 'ok'];

      // Act
      const report = await push.push(PERIOD, T0);

      // Assess
      expect(report.counts).toMatchObject({ pushed: 2, unknown: 0 });
      expect(report.customers.filter((entry) => entry.foundByTag === true)).toHaveLength(1);
      expect(connector.invoices.size).toBe(2);
    });

    it('leaves a customer pending with lastError when its lookups fail through every round; the next push pushes it', async () => {
      // Prepare
      const { push, connector, store } = setup();
      const unavailable = () => new BillingUnavailableError('whmcs', 'GetInvoices', 'HTTP 503');
      connector.lookupFailures.set('8', [unavailable(), unavailable(), unavailable()]);

      // Act
      const first = await push.push(PERIOD, T0);
      const runAfterFirst = await store.getRun(PERIOD);
      const next = await push.push(PERIOD, at(60_000));

      // Assess
      expect(outcomeOf(first, '8')).toMatchObject({ outcome: 'pending', lastError: { code: 'BillingUnavailableError', message: 'whmcs GetInvoices: HTTP 503' } });
      expect(runAfterFirst).toMatchObject({ outstanding: 1 });
      expect(next.counts).toMatchObject({ pushed: 2, pending: 0 });
      expect((await store.list(PERIOD)).map((record) => record.lastError)).toEqual([undefined, undefined]);
    });

    it('leaves a refused customer failed for a person; the retry schedule leaves it, a push asked for tries it again', async () => {
      // Prepare
      const { push, connector, store } = setup();
      connector.creates = [new BillingAuthError('whmcs', 'CreateInvoice', 'Authentication Failed')];
      const first = await push.push(PERIOD, T0);
      const refused = first.customers.find((entry) => entry.outcome === 'failed');

      // Act
      const retried = await push.retryIncomplete(at(3_600_000));
      const asked = await push.push(PERIOD, at(7_200_000));

      // Assess
      expect(refused).toMatchObject({ error: { code: 'BillingAuthError' } });
      expect(await store.getRun(PERIOD)).toMatchObject({ outstanding: 0 });
      expect(retried.reports).toEqual([]);
      expect(outcomeOf(asked, refused?.customer ?? '')).toMatchObject({ outcome: 'pushed', alreadyPushed: false });
    });

    it('skips a customer the billing system bills in another currency (currency_mismatch), records it, and pushes it once a push asked for finds it in the invoice currency', async () => {
      // Prepare
      const { push, connector, store } = setup();
      connector.clientCurrencies.set('8', 'EUR');

      // Act
      const first = await push.push(PERIOD, T0);
      const recorded = await store.get(PERIOD, '8');
      const run = await store.getRun(PERIOD);
      const retried = await push.retryIncomplete(at(3_600_000));
      const dry = await push.push(PERIOD, at(3_600_000), { dryRun: true });
      connector.clientCurrencies.delete('8');
      const asked = await push.push(PERIOD, at(7_200_000));

      // Assess
      expect(outcomeOf(first, '8')).toEqual({ customer: '8', outcome: 'skipped', reason: 'currency_mismatch', clientCurrency: 'EUR', total: '5.00', tag: expect.any(String) });
      expect(first.counts).toMatchObject({ pushed: 1, skipped: 2 });
      expect(recorded).toMatchObject({ status: 'skipped', skipReason: 'currency_mismatch', clientCurrency: 'EUR' });
      expect(run).toMatchObject({ outstanding: 0 });
      expect(retried.reports).toEqual([]);
      expect(outcomeOf(dry, '8')).toMatchObject({ outcome: 'skipped', reason: 'currency_mismatch', clientCurrency: 'EUR' });
      expect(outcomeOf(asked, '8')).toMatchObject({ outcome: 'pushed', alreadyPushed: false });
      expect([...connector.invoices.values()].map((invoice) => invoice.clientId).sort()).toEqual(['7', '8']);
    });

    it('refuses, sending nothing, a customer whose amounts the billing system would round (it keeps fewer decimals)', async () => {
      // Prepare
      const { push, connector } = setup();
      connector.storedDecimals = 0;

      // Act
      const report = await push.push(PERIOD, T0);

      // Assess
      expect(outcomeOf(report, '7')).toMatchObject({ outcome: 'failed', error: { code: 'AmountPrecisionError', message: expect.stringMatching(/keeps 0 decimals.*= 12\.30/) } });
      expect(outcomeOf(report, '8')).toMatchObject({ outcome: 'pushed' });
      expect(connector.count('createDraft')).toBe(1);
    });

    it('refuses to adopt an invoice of the customer and period whose lines differ, and creates none beside it', async () => {
      // Prepare
      const { push, connector, draftOf } = setup();
      const draft = draftOf('7');
      connector.addDraft({ ...draft, lines: [{ ...draft.lines[0], amount: '0.01', amountMinor: 1 } as DraftInvoice['lines'][number]] });

      // Act
      const report = await push.push(PERIOD, T0);

      // Assess
      expect(outcomeOf(report, '7')).toMatchObject({ outcome: 'failed', error: { code: 'InvoiceMismatchError' } });
      expect(connector.invoices.size).toBe(2);
    });

    it('fails a customer with two invoices already carrying its tag, and creates nothing for it', async () => {
      // Prepare
      const { push, connector, draftOf } = setup();
      connector.addDraft(draftOf('7'));
      connector.addDraft(draftOf('7'));

      // Act
      const report = await push.push(PERIOD, T0);

      // Assess
      expect(outcomeOf(report, '7')).toMatchObject({ outcome: 'failed', error: { code: 'DuplicateInvoicesError' } });
      expect([...connector.invoices.values()].filter((invoice) => invoice.clientId === '7')).toHaveLength(2);
    });

    it('answers a dry run without a billing call or a write: pending with the invoice, pushed ones as pushed', async () => {
      // Prepare
      const { push, connector, store } = setup();
      await push.push(PERIOD, T0);
      const [, second] = await store.list(PERIOD);
      if (second === undefined) throw new Error('two records expected');
      await store.reopen(second, T0);
      const calls = connector.calls.length;
      const claims = store.claims;

      // Act
      const dry = await push.push(PERIOD, at(60_000), { dryRun: true });

      // Assess
      expect(dry).toMatchObject({ dryRun: true, counts: { pushed: 1, pending: 1, skipped: 1 } });
      expect(dry.customers.find((entry) => entry.outcome === 'pending')?.invoice).toMatchObject({ date: '2026-12-01', dueDate: '2026-12-15' });
      expect(dry.customers.find((entry) => entry.outcome === 'pushed')).toMatchObject({ alreadyPushed: true });
      expect([connector.calls.length, store.claims]).toEqual([calls, claims]);
    });

    it('refuses a real push with no billing system (a dry run still answers), and a period that is not closed', async () => {
      // Prepare
      const none = setup({ system: 'none' });
      const { push } = setup();

      // Act
      const refused = await none.push.push(PERIOD, T0).catch((error: unknown) => error);
      const dry = await none.push.push(PERIOD, T0, { dryRun: true });
      const open = await push.push('2026-12', T0).catch((error: unknown) => error);

      // Assess
      expect(refused).toMatchObject({ statusCode: 409, code: 'billing_system_not_configured' });
      expect(dry.counts).toMatchObject({ pending: 2, skipped: 1 });
      expect(open).toMatchObject({ statusCode: 409, code: 'period_not_closed' });
    });
  });
});
