import { startBillingSystemSimulator, type RunningBillingSimulator } from '../../../local/billingSystems';
import { BILLING_SYSTEMS, invoiceTag, type DraftInvoice, type DraftInvoiceLine } from '../../../shared/invoicing';
import { createConnector } from '../../../shared/invoicing/connectors';
import { BillingSimClient } from '../../support/billingSimClient';

const IDENTIFIER = 'taxed-lines-user';
const SECRET = 'taxed-lines-secret-0b7e';

/** Client 7's November draft of two lines, taxed or not. */
function draft(taxed: boolean): DraftInvoice {
  const lines: DraftInvoiceLine[] = [
    { serverId: 1, kind: 'runtime', description: 'server 1: 700 h runtime, November 2026', amount: '12.30', amountMinor: 1230 },
    { serverId: 1, kind: 'ips', description: 'server 1: 1 IP, November 2026', amount: '1.05', amountMinor: 105 },
  ];
  const tag = invoiceTag('2026-11', '7', lines);
  return { period: '2026-11', clientId: '7', currency: 'USD', date: '2026-12-01', dueDate: '2026-12-15', tag, notes: `Ref: ${tag}`, taxed, lines, total: '13.35', totalMinor: 1335 };
}

describe.each(BILLING_SYSTEMS)('taxed lines into the %s simulator', (system) => {
  let sim: RunningBillingSimulator;
  const simClient = new BillingSimClient(() => sim.url);

  beforeAll(async () => {
    sim = await startBillingSystemSimulator(system, { port: 0, identifier: IDENTIFIER, secret: SECRET });
  });

  afterAll(async () => {
    await sim.close();
  });

  it('records every line of a taxed invoice as taxed', async () => {
    // Arrange
    await simClient.control('POST', 'reset', {});
    const connector = createConnector(system, { baseUrl: sim.url, identifier: IDENTIFIER, secret: SECRET, currency: 'USD' });

    // Act
    await connector.createDraft(draft(true));

    // Assess
    expect((await simClient.invoices()).flatMap((invoice) => invoice.items.map((item) => item.taxed))).toEqual([true, true]);
  });

  it('records an untaxed invoice as untaxed', async () => {
    // Arrange
    await simClient.control('POST', 'reset', {});
    const connector = createConnector(system, { baseUrl: sim.url, identifier: IDENTIFIER, secret: SECRET, currency: 'USD' });

    // Act
    await connector.createDraft(draft(false));

    // Assess
    expect((await simClient.invoices()).flatMap((invoice) => invoice.items.map((item) => item.taxed))).toEqual([false, false]);
  });
});
