import type { LocalStack } from '../../../local/stack';
import { MemoryLogger } from '../../../shared/logging';
import { METRIC } from '../../../shared/metrics/metricNames';
import { bearer, requestJson, startTestStack, TEST_ADMIN_KEY, type JsonReply } from '../../support/localStack';
import { SnapshotHarness } from '../../support/snapshotHarness';
import { SNAPSHOT_FIXTURES } from '../snapshots/fixtures';
import { CREATE_OPERATION, LIST_OPERATION, NO_STATUSES as NONE, outcomeOf, PushHarness, SETTLES_AT } from './pushHarness';

interface InvoicesJson {
  customers: { customer: string; money: Record<string, number>; lines: { prepaid: boolean; money: Record<string, number> }[] }[];
}

/** A decimal string of the simulator as USD cents. */
const cents = (amount: string): number => Math.round(Number(amount) * 100);

describe.each(['whmcs', 'blesta', 'hostbill', 'ubersmith'] as const)('push-invoices into %s', (system) => {
  let p: PushHarness;

  beforeAll(async () => {
    p = await PushHarness.start(system);
  }, 60_000);

  afterAll(async () => {
    await p?.stack.stop();
  });

  beforeEach(async () => {
    await p.reset();
  });

  it('pushes one draft per billable customer on close, to the cent; a repeat sends nothing and says pushed; reconciliation pages by customer', async () => {
    await p.closeNovember();

    const invoices = await p.simInvoices();
    expect(invoices.map((invoice) => invoice.clientId).sort()).toEqual(['1001', '1002']);
    const computed = (await p.call('GET', '/v1/periods/2026-11/invoices')).json as InvoicesJson;
    for (const invoice of invoices) {
      const customer = computed.customers.find((candidate) => candidate.customer === invoice.clientId);
      const postpaidCents = (customer?.lines ?? []).filter((line) => !line.prepaid).map((line) => line.money['USD'] ?? 0);
      expect(invoice.items.map((item) => cents(item.amount)).sort((a, b) => a - b)).toEqual(postpaidCents.filter((amount) => amount !== 0).sort((a, b) => a - b));
      expect(invoice.items.reduce((sum, item) => sum + cents(item.amount), 0)).toBe(customer?.money['USD']);
      expect(invoice.notes).toContain(`sbb-2026-11-c${invoice.clientId}-`);
    }
    expect(invoices.find((invoice) => invoice.clientId === '1001')?.items).toHaveLength(4);

    // A repeat pushes nothing again and says why for everyone.
    await p.pushAccepted();
    const report = await p.pushAt('2026-12-01T03:00:00Z');
    expect(report.counts).toEqual({ pushed: 2, skipped: 2, pending: 0, in_progress: 0, unknown: 0, failed: 0 });
    expect(outcomeOf(report, '1001')).toMatchObject({ outcome: 'pushed', alreadyPushed: true, invoiceId: String(invoices.find((invoice) => invoice.clientId === '1001')?.id) });
    expect(report.customers.filter((customer) => customer.outcome === 'skipped').map(({ customer, reason }) => ({ customer, reason }))).toEqual([
      { customer: '4242', reason: 'prepaid' },
      { customer: 'solusio-user:3', reason: 'no_billing_reference' },
    ]);
    expect(await p.simInvoices()).toHaveLength(2);

    const reconciliation = await p.reconcile();
    expect(reconciliation.counts).toEqual({ ...NONE, match: 2, skipped: 2 });
    expect(reconciliation.run).toMatchObject({ state: 'done', finishedAt: expect.any(String) });
    expect(reconciliation.nextCursor).toBeUndefined();
    // A page at a time: the cursor walks every customer once, and the last page has none.
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await p.reconcile(`?limit=1${cursor === undefined ? '' : `&cursor=${cursor}`}`);
      seen.push(...page.customers.map((customer) => customer.customer));
      cursor = page.nextCursor;
    } while (cursor !== undefined);
    expect(seen).toEqual(reconciliation.customers.map((customer) => customer.customer));
    expect(seen).toHaveLength(4);
  }, 60_000);

  it('shows a draft an admin edited as differs and a deleted one as missing; a dry run sends nothing; repushMissing replaces only the deleted one', async () => {
    await p.closeNovember();
    const [first, second] = await p.simInvoices();
    const item = first?.items[0];
    await p.sim.control('PATCH', `invoices/${first?.id ?? 0}`, { items: [{ id: item?.id, amount: (Number(item?.amount ?? '0') + 1).toFixed(2) }] });
    await p.sim.control('DELETE', `invoices/${second?.id ?? 0}`);

    const reconciliation = await p.reconcile();
    const byCustomer = Object.fromEntries(reconciliation.customers.map((customer) => [customer.customer, customer]));
    expect(byCustomer[first?.clientId ?? '']).toMatchObject({ status: 'differs', remote: { invoiceId: String(first?.id) } });
    expect(byCustomer[first?.clientId ?? '']?.differences).toEqual(expect.arrayContaining([expect.stringMatching(/^missing line: /), expect.stringMatching(/^unexpected line: /)]));
    expect(byCustomer[second?.clientId ?? '']).toMatchObject({ status: 'missing', remote: null, push: { status: 'pushed', invoiceId: String(second?.id) } });

    const before = ((await p.sim.control('GET', 'stats')) as { total: number }).total;
    const dry = await p.call('POST', '/v1/periods/2026-11/push', { dryRun: true });
    expect(dry).toMatchObject({ status: 200, json: { dryRun: true, counts: { pushed: 2, pending: 0 } } });
    expect(((await p.sim.control('GET', 'stats')) as { total: number }).total).toBe(before);

    // A plain push leaves the deleted draft deleted; repushMissing replaces it, and only it.
    await p.pushAccepted();
    expect(await p.simInvoices()).toHaveLength(1);
    await p.pushAccepted({ repushMissing: true });
    expect(await p.clientsInvoiced()).toEqual(['1001', '1002']);
    const after = await p.reconcile();
    expect(after.counts).toEqual({ ...NONE, match: 1, differs: 1, skipped: 2 });
    expect(after.customers.find((customer) => customer.customer === second?.clientId)?.push?.invoiceId).not.toBe(String(second?.id));
  }, 60_000);

  it('leaves exactly one invoice per customer after two accepted pushes racing the close event', async () => {
    await p.closeNovember({ awaitPush: false });
    const replies = await Promise.all([p.call('POST', '/v1/periods/2026-11/push'), p.call('POST', '/v1/periods/2026-11/push')]);
    await p.stack.deliveriesSettled();
    for (const reply of replies) expect(reply.status).toBe(202);
    expect(await p.clientsInvoiced()).toEqual(['1001', '1002']);
    expect((await p.reconcile()).counts).toEqual({ ...NONE, match: 2, skipped: 2 });
  }, 60_000);

  it('finds the invoice by its tag when the create succeeded but its answer was lost, and creates no second one', async () => {
    await p.sim.control('POST', 'faults', { rules: [{ operation: CREATE_OPERATION[system], loseAnswer: true, times: 1 }] });
    await p.closeNovember();
    expect(await p.clientsInvoiced()).toEqual(['1001', '1002']);
    const repeat = await p.pushAt('2026-12-01T03:00:00Z');
    expect(repeat.counts).toMatchObject({ pushed: 2, unknown: 0 });
    expect(repeat.customers.filter((customer) => customer.foundByTag === true)).toHaveLength(1);
    expect(await p.simInvoices()).toHaveLength(2);
  }, 60_000);

  it('treats a 5xx on the create as unknown: nothing is created for that customer before settlesAt, then the lookup finds none and creates once', async () => {
    // The create fails before doing anything (503): it may as well have committed, so nobody creates again until settlesAt.
    await p.sim.control('POST', 'faults', { rules: [{ operation: CREATE_OPERATION[system], status: 503, times: 1 }] });
    await p.closeNovember();
    expect(await p.simInvoices()).toHaveLength(1);
    const [unknown] = (await p.reconcile()).customers.filter((customer) => customer.status === 'unknown');
    expect(unknown?.push).toMatchObject({ status: 'unknown', settlesAt: SETTLES_AT, lastError: { code: 'CreateOutcomeUnknownError' } });

    const early = await p.pushAt('2026-12-01T02:14:59Z');
    expect(outcomeOf(early, unknown?.customer ?? '')).toMatchObject({ outcome: 'unknown', settlesAt: SETTLES_AT });
    expect(await p.sim.requests(CREATE_OPERATION[system])).toBe(2);

    expect((await p.retryAt(SETTLES_AT)).periods).toEqual([{ period: '2026-11', counts: expect.objectContaining({ pushed: 2, unknown: 0 }) }]);
    expect(await p.clientsInvoiced()).toEqual(['1001', '1002']);
  }, 60_000);

  it('refuses to adopt an invoice of the customer and period whose lines differ, and creates none beside it', async () => {
    // An invoice an earlier computation made for 1001 (another checksum, other lines).
    await p.createTagged('1001', '0123456789abcdef');
    await p.closeNovember();
    const report = await p.pushAt('2026-12-01T03:00:00Z');
    expect(outcomeOf(report, '1001')).toMatchObject({ outcome: 'failed', error: { code: 'InvoiceMismatchError' } });
    expect(await p.clientsInvoiced()).toEqual(['1001', '1002']);
  }, 60_000);

  it('never creates beside two invoices carrying the tag: the customer fails as a duplicate, reconciliation and the metric show it', async () => {
    await p.createTagged('1001', '0123456789abcdef');
    await p.createTagged('1001', 'fedcba9876543210');
    const metricsFrom = p.stack.metrics.published.length;
    await p.closeNovember();

    const report = await p.pushAt('2026-12-01T03:00:00Z');
    expect(outcomeOf(report, '1001')).toMatchObject({ outcome: 'failed', error: { code: 'DuplicateInvoicesError' } });
    expect(await p.clientsInvoiced()).toEqual(['1001', '1001', '1002']);
    const duplicate = (await p.reconcile('?customer=1001')).customers[0];
    expect(duplicate).toMatchObject({ status: 'duplicate', remote: null, push: { status: 'failed', error: { code: 'DuplicateInvoicesError' } } });
    expect(duplicate?.invoiceIds).toHaveLength(2);
    const duplicates = p.stack.metrics.published.slice(metricsFrom).map((document) => document[METRIC.invoiceDuplicates]).filter((value) => value !== undefined);
    // The close's push, the push by hand, and the reconciliation each counted it.
    expect(duplicates).toEqual([1, 1, 1]);
  }, 60_000);

  it('leaves customers pending while the billing system is down, and the hourly retry-pushes pushes them once it is back', async () => {
    await p.sim.control('POST', 'faults', { rules: [{ operation: LIST_OPERATION[system], status: 503 }] });
    await p.closeNovember();
    const pending = await p.reconcile();
    expect(pending.counts).toEqual({ ...NONE, error: 2, skipped: 2 });
    expect(pending.customers.filter((customer) => customer.push?.status === 'pending').map((customer) => customer.push?.lastError?.code)).toEqual(['BillingUnavailableError', 'BillingUnavailableError']);
    expect(await p.simInvoices()).toEqual([]);

    await p.sim.control('DELETE', 'faults');
    expect((await p.retryAt('2026-12-01T03:00:00Z')).periods).toEqual([{ period: '2026-11', counts: expect.objectContaining({ pushed: 2, pending: 0 }) }]);
    expect(await p.clientsInvoiced()).toEqual(['1001', '1002']);
    // Complete now: the next run has nothing to do.
    expect((await p.retryAt('2026-12-01T04:00:00Z')).periods).toEqual([]);
  }, 60_000);

  // Ubersmith's documented client.get names no currency: it is taken to bill in the configured one (docs/billing-systems.md).
  (system === 'ubersmith' ? it.skip : it)('skips a client billed in another currency (currency_mismatch) without pushing it, in the push answer, its record and reconciliation', async () => {
    await p.sim.control('POST', 'reset', { clients: [1001, { id: 1002, currency: 'EUR' }, 4242] });
    await p.closeNovember();

    expect(await p.clientsInvoiced()).toEqual(['1001']);
    const report = await p.pushAt('2026-12-01T03:00:00Z');
    expect(outcomeOf(report, '1002')).toMatchObject({ outcome: 'skipped', reason: 'currency_mismatch', clientCurrency: 'EUR' });
    const reconciliation = await p.reconcile();
    expect(reconciliation.counts).toEqual({ ...NONE, match: 1, skipped: 3 });
    expect(reconciliation.customers.find((customer) => customer.customer === '1002')).toMatchObject({
      status: 'skipped',
      reason: 'currency_mismatch',
      clientCurrency: 'EUR',
      push: { status: 'skipped' },
    });
  }, 60_000);

  it('reports a customer the billing system does not know as failed; the retry schedule leaves it, a push asked for pushes it once the client exists', async () => {
    await p.sim.control('POST', 'reset', { clients: ['1001'] });
    await p.closeNovember();
    const failed = await p.pushAt('2026-12-01T03:00:00Z');
    expect(outcomeOf(failed, '1002')).toMatchObject({ outcome: 'failed', error: { code: 'BillingClientNotFoundError' } });
    expect(failed.counts).toMatchObject({ pushed: 1, failed: 1 });

    await p.sim.control('POST', 'reset', {});
    expect((await p.retryAt('2026-12-01T04:00:00Z')).periods).toEqual([]);
    expect(await p.simInvoices()).toEqual([]);
    await p.pushAccepted();
    expect(await p.clientsInvoiced()).toEqual(['1002']);
  }, 60_000);
});

describe('push-invoices with no billing system', () => {
  let stack: LocalStack;
  let h: SnapshotHarness;
  const call = (method: string, path: string, body?: unknown): Promise<JsonReply> =>
    requestJson(`${stack.apiUrl}${path}`, { method, ...(body === undefined ? {} : { body }), headers: bearer(TEST_ADMIN_KEY) });

  beforeAll(async () => {
    stack = await startTestStack({ logger: new MemoryLogger(), billingStart: '2026-11-01T00:00:00Z', gapToleranceMinutes: String(60 * 24 * 40) });
    h = new SnapshotHarness(stack);
  }, 60_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('refuses a push of an open period, refuses a real push with 409 and answers a dry run with the drafts', async () => {
    await h.sim.reset({ ...SNAPSHOT_FIXTURES, servers: [{ id: 1, plan: 1, user: 1, created_at: '2026-10-01T00:00:00Z' }] });
    await h.sim.setClock('2026-11-01T00:00:00.000Z');
    await h.snapshot('2026-11-01T00:00:00.000Z');
    expect(await call('POST', '/v1/periods/2026-11/push', { dryRun: true })).toMatchObject({ status: 409, json: { error: { code: 'period_not_closed' } } });
    await h.sim.setClock('2026-12-01T00:05:00.000Z');
    await h.snapshot('2026-12-01T00:05:00.000Z');
    await h.invoke('close-period', { time: '2026-12-01T02:00:00Z', period: '2026-11' });
    await stack.deliveriesSettled();

    expect(await call('POST', '/v1/periods/2026-11/push')).toMatchObject({ status: 409, json: { error: { code: 'billing_system_not_configured' } } });
    expect(await call('GET', '/v1/periods/2026-11/pushes')).toMatchObject({ status: 409 });
    const dry = await call('POST', '/v1/periods/2026-11/push', { dryRun: true });
    expect(dry.status).toBe(200);
    // 720 h of 7 tokens is 5,040, capped at the plan's 5,000 tokens: USD 5.00 at 0.001 a token.
    expect(dry.json).toMatchObject({
      system: 'none',
      dryRun: true,
      counts: { pending: 1, pushed: 0 },
      customers: [{ customer: '1001', outcome: 'pending', total: '5.00', invoice: { clientId: '1001', date: '2026-12-01', dueDate: '2026-12-15', lines: [{ kind: 'runtime', amount: '5.00' }] } }],
    });
    expect((await h.invoke('push-invoices', { time: '2026-12-01T03:00:00Z', period: '2026-11' })).json).toMatchObject({ system: 'none', pushed: false });
    expect(await h.invoke('push-invoices', { time: '2026-12-01T03:00:00+02:00', period: '2026-11' })).toMatchObject({ status: 400 });
    expect((await h.invoke('retry-pushes', { time: '2026-12-01T03:00:00Z' })).json).toEqual({ time: '2026-12-01T03:00:00Z', system: 'none', periods: [] });
  }, 60_000);

  it.each([
    ['a limit of 0', '?limit=0', 'invalid_parameter'],
    ['a limit over 100', '?limit=101', 'invalid_parameter'],
    ['a limit that is not a number', '?limit=ten', 'invalid_parameter'],
    ['a cursor that is not base64url', '?cursor=%25%25', 'invalid_cursor'],
    ['a cursor of made-up JSON', `?cursor=${Buffer.from('{"after":"1"}').toString('base64url')}`, 'invalid_cursor'],
    ['a cursor of another period', `?cursor=${Buffer.from('{"period":"2026-10","after":"1"}').toString('base64url')}`, 'invalid_cursor'],
  ])('refuses GET .../pushes with %s (%s) as 400 %s, before anything else', async (_case, query, code) => {
    expect(await call('GET', `/v1/periods/2026-11/pushes${query}`)).toMatchObject({ status: 400, json: { error: { code } } });
  });
});
