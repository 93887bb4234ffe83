import { SNAPSHOT_FIXTURES } from '../snapshots/fixtures';
import { CLOSE_TIME, NO_STATUSES as NONE, outcomeOf, PushHarness } from './pushHarness';

const ACCESS_KEY = 'whmcs-acc3ss(key)';

/**
 * Issue #23's acceptance: a WHMCS that enforces its access key and bills one client in another
 * currency. The bridge pushes exactly one draft per same-currency client (its lines taxed, with
 * BILLING_TAXED), skips the other as currency_mismatch, and a draft deleted in WHMCS then shows as
 * missing in reconciliation while the rest answer match.
 */
describe('push-invoices into a WHMCS with an access key and a client in another currency', () => {
  let p: PushHarness;

  beforeAll(async () => {
    p = await PushHarness.start('whmcs', { billingAccessKey: ACCESS_KEY, billingTaxed: 'true' });
  }, 60_000);

  afterAll(async () => {
    await p?.stack.stop();
  });

  /** November for 1001 and 1002 (USD) and 1003 (billed in EUR by WHMCS), one server each; closed, its push on the close event. */
  async function closeNovember(): Promise<void> {
    const { h } = p;
    await h.sim.reset({
      ...SNAPSHOT_FIXTURES,
      users: [...SNAPSHOT_FIXTURES.users, { id: 4, email: 'd@example.test', billing_user_id: 1003 }],
      servers: [
        { id: 1, name: 'vps1.example.test', plan: 1, user: 1, created_at: '2026-10-01T00:00:00Z' },
        { id: 2, name: 'vps2.example.test', plan: 2, user: 2, created_at: '2026-10-01T00:00:00Z' },
        { id: 3, name: 'vps3.example.test', plan: 1, user: 4, created_at: '2026-10-01T00:00:00Z' },
      ],
    });
    await h.sim.setClock('2026-11-01T00:00:00.000Z');
    await h.snapshot('2026-11-01T00:00:00.000Z');
    await h.sim.setClock('2026-12-01T00:05:00.000Z');
    await h.snapshot('2026-12-01T00:05:00.000Z');
    expect((await h.invoke('aggregate-usage', { time: '2026-12-01T01:00:00Z' })).status).toBe(200);
    expect((await h.invoke('close-period', { time: CLOSE_TIME, period: '2026-11' })).status).toBe(200);
    await p.stack.deliveriesSettled();
  }

  it('pushes one draft per same-currency client and skips the other; a draft deleted in WHMCS is missing, the rest match', async () => {
    // Prepare
    await p.reset();
    await p.sim.control('POST', 'reset', { clients: [1001, 1002, { id: 1003, currency: 'EUR' }] });
    const keyless = await fetch(`${p.stack.billingUrl ?? ''}/includes/api.php`, {
      method: 'POST',
      body: new URLSearchParams({ identifier: 'whmcs-api-user', secret: 'whmcs-secret-7f3a', action: 'GetInvoices', responsetype: 'json' }),
    });

    // Act
    await closeNovember();
    const invoices = await p.simInvoices();
    const report = await p.pushAt('2026-12-01T03:00:00Z');
    const before = await p.reconcile();
    const deleted = invoices.find((invoice) => invoice.clientId === '1001');
    await p.sim.control('DELETE', `invoices/${String(deleted?.id)}`);
    const after = await p.reconcile();

    // Assess
    expect(keyless.status).toBe(403);
    expect(await keyless.json()).toEqual({ result: 'error', message: 'Invalid IP 127.0.0.1' });
    // Customers are pushed concurrently: the invoices' ids say nothing of the order.
    expect(invoices.map((invoice) => [invoice.clientId, invoice.currency, invoice.status]).sort()).toEqual([
      ['1001', 'USD', 'Draft'],
      ['1002', 'USD', 'Draft'],
    ]);
    expect(invoices.flatMap((invoice) => invoice.items.map((item) => item.taxed))).toEqual([true, true]);
    expect(await p.sim.requests('CreateInvoice')).toBe(2);
    expect(outcomeOf(report, '1003')).toMatchObject({ outcome: 'skipped', reason: 'currency_mismatch', clientCurrency: 'EUR' });
    expect(report.counts).toMatchObject({ pushed: 2, skipped: 1, failed: 0 });
    expect(before.counts).toEqual({ ...NONE, match: 2, skipped: 1 });
    expect(after.counts).toEqual({ ...NONE, match: 1, missing: 1, skipped: 1 });
    expect(after.customers.map(({ customer, status, reason }) => ({ customer, status, ...(reason === undefined ? {} : { reason }) }))).toEqual([
      { customer: '1001', status: 'missing' },
      { customer: '1002', status: 'match' },
      { customer: '1003', status: 'skipped', reason: 'currency_mismatch' },
    ]);
  }, 60_000);
});
