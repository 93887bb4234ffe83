import { startBillingSystemSimulator, type RunningBillingSimulator } from '../../../local/billingSystems';
import { BILLING_SYSTEMS, BillingClientNotFoundError, invoiceTag, type DraftInvoice, type DraftInvoiceLine } from '../../../shared/invoicing';
import { createConnector } from '../../../shared/invoicing/connectors';
import { BillingSimClient } from '../../support/billingSimClient';

const IDENTIFIER = 'currency-user';
const SECRET = 'currency-secret-5d1c';
const STORED_DECIMALS = { whmcs: 2, blesta: 4, hostbill: 2, ubersmith: 2 } as const;

function draft(clientId: string, currency: string): DraftInvoice {
  const lines: DraftInvoiceLine[] = [{ serverId: 1, kind: 'runtime', description: 'server 1: 700 h runtime, November 2026', amount: '12.30', amountMinor: 1230 }];
  const tag = invoiceTag('2026-11', clientId, lines);
  return { period: '2026-11', clientId, currency, date: '2026-12-01', dueDate: '2026-12-15', tag, notes: `Ref: ${tag}`, taxed: false, lines, total: '12.30', totalMinor: 1230 };
}

/** The systems whose API says which currency a client is billed in (Ubersmith's documented `client.get` does not). */
const READS_CLIENT_CURRENCY = BILLING_SYSTEMS.filter((system) => system !== 'ubersmith');

describe.each(READS_CLIENT_CURRENCY)('client currencies in the %s simulator', (system) => {
  let sim: RunningBillingSimulator;
  const simClient = new BillingSimClient(() => sim.url);
  const connector = () => createConnector(system, { baseUrl: sim.url, identifier: IDENTIFIER, secret: SECRET, currency: 'USD' });

  beforeAll(async () => {
    sim = await startBillingSystemSimulator(system, { port: 0, identifier: IDENTIFIER, secret: SECRET, currency: 'USD' });
  });

  afterAll(async () => {
    await sim.close();
  });

  it('answers the currency a reset gave a client, the default one for a plain id (string or number), and no such client beyond them', async () => {
    // Arrange
    await simClient.control('POST', 'reset', { clients: [{ id: 1001, currency: 'EUR' }, 1002, '1003', { id: '1004' }] });

    // Act
    const known = await Promise.all(['1001', '1002', '1003', '1004'].map((id) => connector().clientCurrency(id)));
    const unknown = await connector()
      .clientCurrency('1005')
      .catch((caught: unknown) => caught);

    // Assess
    const decimals = STORED_DECIMALS[system];
    expect(known).toEqual([
      { code: 'EUR', storedDecimals: decimals },
      { code: 'USD', storedDecimals: decimals },
      { code: 'USD', storedDecimals: decimals },
      { code: 'USD', storedDecimals: decimals },
    ]);
    expect(unknown).toBeInstanceOf(BillingClientNotFoundError);
  });

  it("keeps every id a client in the default currency when reset without clients", async () => {
    // Arrange
    await simClient.control('POST', 'reset', {});

    // Act
    const currency = await connector().clientCurrency('4242');

    // Assess
    expect(currency.code).toBe('USD');
  });

  it("stores an invoice in the client's own currency where the create call takes none (WHMCS, HostBill), in the one sent otherwise (Blesta)", async () => {
    // Arrange
    await simClient.control('POST', 'reset', { clients: [{ id: 1001, currency: 'EUR' }] });

    // Act
    await connector().createDraft(draft('1001', 'USD'));

    // Assess
    expect((await simClient.invoices()).map((invoice) => invoice.currency)).toEqual([system === 'blesta' ? 'USD' : 'EUR']);
  });

  it('refuses a reset client that is not a positive id or whose currency is not an ISO code', async () => {
    // Act
    const replies = await Promise.all(
      [{ clients: [0] }, { clients: [{ id: 1, currency: 'eur' }] }, { clients: [{ id: 1, currency: 'EUR', vip: true }] }].map(async (body) => {
        const response = await fetch(`${sim.url}/_sim/reset`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
        return response.status;
      }),
    );

    // Assess
    expect(replies).toEqual([400, 400, 400]);
  });
});

describe('client currencies in the ubersmith simulator', () => {
  let sim: RunningBillingSimulator;
  const simClient = new BillingSimClient(() => sim.url);
  const connector = (currency: string) => createConnector('ubersmith', { baseUrl: sim.url, identifier: IDENTIFIER, secret: SECRET, currency });

  beforeAll(async () => {
    sim = await startBillingSystemSimulator('ubersmith', { port: 0, identifier: IDENTIFIER, secret: SECRET, currency: 'USD' });
  });

  afterAll(async () => {
    await sim.close();
  });

  it('answers the configured currency for every client client.get knows (its output names none), and no such client beyond them', async () => {
    // Arrange
    await simClient.control('POST', 'reset', { clients: [{ id: 1001, currency: 'EUR' }, 1002] });

    // Act
    const known = await Promise.all([connector('USD').clientCurrency('1001'), connector('EUR').clientCurrency('1002')]);
    const unknown = await connector('USD')
      .clientCurrency('1005')
      .catch((caught: unknown) => caught);

    // Assess
    expect(known).toEqual([
      { code: 'USD', storedDecimals: STORED_DECIMALS.ubersmith },
      { code: 'EUR', storedDecimals: STORED_DECIMALS.ubersmith },
    ]);
    expect(unknown).toBeInstanceOf(BillingClientNotFoundError);
  });
});
