import type { SimInvoice } from '../../../local/billingSystems';
import type { LocalStack } from '../../../local/stack';
import { invoiceTagPrefix, type BillingSystemName } from '../../../shared/invoicing';
import { createConnector } from '../../../shared/invoicing/connectors';
import type { PushReport, ReconciliationReport } from '../../../shared/invoicing/InvoicePusher';
import { MemoryLogger } from '../../../shared/logging';
import { bearer, requestJson, startTestStack, TEST_ADMIN_KEY, type JsonReply } from '../../support/localStack';
import { BillingSimClient } from '../../support/billingSimClient';
import { SnapshotHarness } from '../../support/snapshotHarness';
import { SNAPSHOT_FIXTURES } from '../snapshots/fixtures';

/** The operation that creates an invoice, as each simulator's fault rules name it. */
const CREATE_OPERATION: Record<BillingSystemName, string> = { whmcs: 'CreateInvoice', blesta: 'invoices/add', hostbill: 'addInvoice' };

interface InvoicesJson {
  customers: { customer: string; money: Record<string, number>; lines: { prepaid: boolean; money: Record<string, number> }[] }[];
}

/** A decimal string of the simulator as USD cents. */
const cents = (amount: string): number => Math.round(Number(amount) * 100);

describe.each(['whmcs', 'blesta', 'hostbill'] as const)('push-invoices into %s', (system) => {
  let stack: LocalStack;
  let h: SnapshotHarness;
  const call = (method: string, path: string, body?: unknown): Promise<JsonReply> =>
    requestJson(`${stack.apiUrl}${path}`, { method, ...(body === undefined ? {} : { body }), headers: bearer(TEST_ADMIN_KEY) });
  const simClient = new BillingSimClient(() => stack.billingSimulator?.url ?? '');
  const billing = (method: string, path: string, body?: unknown): Promise<unknown> => simClient.control(method, path, body);
  const simInvoices = (): Promise<SimInvoice[]> => simClient.invoices();

  beforeAll(async () => {
    stack = await startTestStack({
      logger: new MemoryLogger(),
      billingSystem: system,
      billingPort: 0,
      billingIdentifier: `${system}-api-user`,
      billingSecret: `${system}-secret-7f3a`,
      billingStart: '2026-11-01T00:00:00Z',
      gapToleranceMinutes: String(60 * 24 * 40),
    });
    h = new SnapshotHarness(stack);
  }, 60_000);

  afterAll(async () => {
    await stack?.stop();
  });

  beforeEach(async () => {
    await fetch(`${stack.apiUrl}/_local/reset`, { method: 'POST' });
    await billing('POST', 'reset', {});
  });

  /**
   * November with three kinds of customer: 1001 (two servers, one with backups and an extra IP),
   * 1002 (one server), an unmapped SolusIO user, and 4242 whose only server is prepaid. The close's
   * BillingPeriodClosed reaches push-invoices as on AWS.
   */
  async function closeNovember(options: { awaitPush?: boolean } = {}): Promise<void> {
    await h.sim.reset({
      ...SNAPSHOT_FIXTURES,
      servers: [
        { id: 1, name: 'vps1.example.test', plan: 1, user: 1, created_at: '2026-10-01T00:00:00Z', backup_settings: { enabled: true }, additional_ip_count: 1 },
        { id: 2, name: 'vps2.example.test', plan: 2, user: 1, created_at: '2026-11-10T08:30:00Z' },
        { id: 3, name: 'vps3.example.test', plan: 1, user: 2, created_at: '2026-10-01T00:00:00Z' },
        { id: 4, name: 'vps4.example.test', plan: 1, user: 3, created_at: '2026-10-01T00:00:00Z' },
      ],
    });
    await h.sim.setClock('2026-11-01T00:00:00.000Z');
    await h.snapshot('2026-11-01T00:00:00.000Z');
    await h.sim.setClock('2026-11-20T10:00:00.000Z');
    const prepaid = await call('POST', '/v1/services', {
      serviceRef: 'PREPAID-1',
      customer: { email: 'prepaid@example.test', billingClientId: 4242 },
      planId: 1,
      locationId: 1,
      osImageId: 1,
      hostname: 'prepaid.example.test',
      password: 'correct-horse-battery',
      backups: false,
      additionalIps: 0,
      billingMode: 'prepaid',
    });
    expect(prepaid.status).toBe(202);
    await h.snapshot('2026-11-20T10:00:00.000Z');
    await h.sim.setClock('2026-12-01T00:05:00.000Z');
    await h.snapshot('2026-12-01T00:05:00.000Z');
    expect((await h.invoke('aggregate-usage', { time: '2026-12-01T01:00:00Z' })).status).toBe(200);
    expect((await h.invoke('close-period', { time: '2026-12-01T02:00:00Z', period: '2026-11' })).status).toBe(200);
    if (options.awaitPush !== false) await stack.deliveriesSettled();
  }

  it('pushes one draft per billable customer on close, to the cent, and reports the skipped ones', async () => {
    await closeNovember();

    const invoices = await simInvoices();
    expect(invoices.map((invoice) => invoice.clientId).sort()).toEqual(['1001', '1002']);
    const computed = (await call('GET', '/v1/periods/2026-11/invoices')).json as InvoicesJson;
    for (const invoice of invoices) {
      const customer = computed.customers.find((candidate) => candidate.customer === invoice.clientId);
      const postpaidCents = (customer?.lines ?? []).filter((line) => !line.prepaid).map((line) => line.money['USD'] ?? 0);
      expect(invoice.items.map((item) => cents(item.amount)).sort((a, b) => a - b)).toEqual(postpaidCents.filter((amount) => amount !== 0).sort((a, b) => a - b));
      expect(invoice.items.reduce((sum, item) => sum + cents(item.amount), 0)).toBe(customer?.money['USD']);
      expect(invoice.notes).toContain(`sbb-2026-11-c${invoice.clientId}-`);
    }
    expect(invoices.find((invoice) => invoice.clientId === '1001')?.items).toHaveLength(4);

    // A repeat pushes nothing again and says why for everyone.
    const repeat = await call('POST', '/v1/periods/2026-11/push');
    expect(repeat.status).toBe(200);
    const report = repeat.json as PushReport;
    expect(report.counts).toMatchObject({ already_pushed: 2, skipped: 2, pushed: 0, failed: 0 });
    expect(report.customers.filter((customer) => customer.outcome === 'skipped').map(({ customer, reason }) => ({ customer, reason }))).toEqual([
      { customer: '4242', reason: 'prepaid' },
      { customer: 'solusio-user:3', reason: 'no_billing_reference' },
    ]);
    expect(await simInvoices()).toHaveLength(2);

    const reconciliation = (await call('GET', '/v1/periods/2026-11/pushes')).json as ReconciliationReport;
    expect(reconciliation.counts).toEqual({ match: 2, missing: 0, differs: 0, skipped: 2 });
  }, 60_000);

  it('shows a draft an admin edited as differs and a deleted one as missing; a dry run sends nothing', async () => {
    await closeNovember();
    const [first, second] = await simInvoices();
    const item = first?.items[0];
    await billing('PATCH', `invoices/${first?.id ?? 0}`, { items: [{ id: item?.id, amount: (Number(item?.amount ?? '0') + 1).toFixed(2) }] });
    await billing('DELETE', `invoices/${second?.id ?? 0}`);

    const reconciliation = (await call('GET', '/v1/periods/2026-11/pushes')).json as ReconciliationReport;
    const byCustomer = Object.fromEntries(reconciliation.customers.map((customer) => [customer.customer, customer]));
    expect(byCustomer[first?.clientId ?? '']).toMatchObject({ status: 'differs', remote: { invoiceId: String(first?.id) } });
    expect(byCustomer[first?.clientId ?? '']?.differences).toEqual(expect.arrayContaining([expect.stringMatching(/^missing line: /), expect.stringMatching(/^unexpected line: /)]));
    expect(byCustomer[second?.clientId ?? '']).toMatchObject({ status: 'missing', remote: null, pushed: { status: 'pushed', invoiceId: String(second?.id) } });

    const before = ((await billing('GET', 'stats')) as { total: number }).total;
    const dry = (await call('POST', '/v1/periods/2026-11/push', { dryRun: true })).json as PushReport;
    expect(dry).toMatchObject({ dryRun: true, counts: { already_pushed: 2, would_push: 0 } });
    expect(((await billing('GET', 'stats')) as { total: number }).total).toBe(before);

    // A plain push leaves the deleted draft deleted; repushMissing replaces it, and only it.
    expect(((await call('POST', '/v1/periods/2026-11/push')).json as PushReport).counts).toMatchObject({ already_pushed: 2, pushed: 0 });
    const repush = (await call('POST', '/v1/periods/2026-11/push', { repushMissing: true })).json as PushReport;
    expect(repush.counts).toMatchObject({ pushed: 1, already_pushed: 1 });
    expect(repush.customers.find((customer) => customer.customer === second?.clientId)).toMatchObject({ outcome: 'pushed', replacedInvoiceId: String(second?.id) });
    expect((await simInvoices()).map((invoice) => invoice.clientId).sort()).toEqual(['1001', '1002']);
    const after = (await call('GET', '/v1/periods/2026-11/pushes')).json as ReconciliationReport;
    expect(after.counts).toEqual({ match: 1, missing: 0, differs: 1, skipped: 2 });
  }, 60_000);

  it('leaves exactly one invoice per customer after two pushes at once racing the close event', async () => {
    await closeNovember({ awaitPush: false });
    const replies = await Promise.all([call('POST', '/v1/periods/2026-11/push'), call('POST', '/v1/periods/2026-11/push')]);
    await stack.deliveriesSettled();
    for (const reply of replies) expect(reply.status).toBe(200);
    expect((await simInvoices()).map((invoice) => invoice.clientId).sort()).toEqual(['1001', '1002']);
    const reconciliation = (await call('GET', '/v1/periods/2026-11/pushes')).json as ReconciliationReport;
    expect(reconciliation.counts).toEqual({ match: 2, missing: 0, differs: 0, skipped: 2 });
  }, 60_000);

  it('finds the invoice by its tag when the create succeeded but its answer was lost, and creates no second one', async () => {
    await billing('POST', 'faults', { rules: [{ operation: CREATE_OPERATION[system], loseAnswer: true, times: 1 }] });
    await closeNovember();
    expect((await simInvoices()).map((invoice) => invoice.clientId).sort()).toEqual(['1001', '1002']);
    const repeat = (await call('POST', '/v1/periods/2026-11/push')).json as PushReport;
    expect(repeat.counts).toMatchObject({ already_pushed: 2 });
    expect(await simInvoices()).toHaveLength(2);
  }, 60_000);

  it('never creates again in a push whose create got no answer; the next push creates once', async () => {
    // The create fails before doing anything (503), so nothing exists: the push waits, looks the tag
    // up, finds nothing, and leaves the customer failed instead of risking a second create.
    await billing('POST', 'faults', { rules: [{ operation: CREATE_OPERATION[system], status: 503, times: 1 }] });
    await closeNovember();
    expect(await simInvoices()).toHaveLength(1);
    const retried = (await call('POST', '/v1/periods/2026-11/push')).json as PushReport;
    expect(retried.counts).toMatchObject({ pushed: 1, already_pushed: 1, failed: 0 });
    expect((await simInvoices()).map((invoice) => invoice.clientId).sort()).toEqual(['1001', '1002']);
  }, 60_000);

  it('refuses to adopt an invoice of the customer and period whose lines differ, and creates none beside it', async () => {
    // An invoice an earlier computation made for 1001 (another checksum, other lines).
    const connector = createConnector(system, { baseUrl: stack.billingSimulator?.url ?? '', identifier: `${system}-api-user`, secret: `${system}-secret-7f3a` });
    const tag = `${invoiceTagPrefix('2026-11', '1001')}0123456789abcdef`;
    await connector.createDraft({
      period: '2026-11',
      clientId: '1001',
      currency: 'USD',
      date: '2026-12-01',
      dueDate: '2026-12-15',
      tag,
      notes: `SolusIO usage, November 2026. Ref: ${tag}`,
      lines: [{ serverId: 1, kind: 'runtime', description: 'server 1: 1 h runtime, November 2026', amount: '0.01', amountMinor: 1 }],
      total: '0.01',
      totalMinor: 1,
    });
    await closeNovember();
    const report = (await call('POST', '/v1/periods/2026-11/push')).json as PushReport;
    expect(report.customers.find((customer) => customer.customer === '1001')).toMatchObject({ outcome: 'failed', error: { code: 'InvoiceMismatchError' } });
    expect((await simInvoices()).map((invoice) => invoice.clientId).sort()).toEqual(['1001', '1002']);
  }, 60_000);

  it('reports a customer the billing system does not know as failed, and pushes it once the client exists', async () => {
    await billing('POST', 'reset', { clients: ['1001'] });
    await closeNovember();
    const failed = (await call('POST', '/v1/periods/2026-11/push')).json as PushReport;
    expect(failed.customers.find((customer) => customer.customer === '1002')).toMatchObject({ outcome: 'failed', error: { code: 'BillingClientNotFoundError' } });
    expect(failed.counts).toMatchObject({ already_pushed: 1, failed: 1 });

    await billing('POST', 'reset', {});
    const retried = (await call('POST', '/v1/periods/2026-11/push')).json as PushReport;
    expect(retried.customers.find((customer) => customer.customer === '1002')).toMatchObject({ outcome: 'pushed' });
    expect((await simInvoices()).map((invoice) => invoice.clientId)).toEqual(['1002']);
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
      counts: { would_push: 1 },
      customers: [{ customer: '1001', outcome: 'would_push', total: '5.00', invoice: { clientId: '1001', date: '2026-12-01', dueDate: '2026-12-15', lines: [{ kind: 'runtime', amount: '5.00' }] } }],
    });
    expect((await h.invoke('push-invoices', { time: '2026-12-01T03:00:00Z', period: '2026-11' })).json).toMatchObject({ system: 'none', pushed: false });
    expect(await h.invoke('push-invoices', { time: '2026-12-01T03:00:00+02:00', period: '2026-11' })).toMatchObject({ status: 400 });
  }, 60_000);
});
