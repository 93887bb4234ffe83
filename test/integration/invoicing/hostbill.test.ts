// Over 300 lines: every call of one connector (encoding, reads, error mapping, create) shares one fake or simulator setup.
import { inspect } from 'node:util';
import { hostbillApi } from '../../../local/billingSystems/hostbill';
import { startBillingSimulator, type RunningBillingSimulator } from '../../../local/billingSystems/server';
import { createHostbillConnector, type HostbillConnectorConfig } from '../../../shared/invoicing/connectors/hostbill';
import {
  BillingAuthError,
  BillingClientNotFoundError,
  BillingTransportError,
  formatMinorUnits,
  invoiceTag,
  type DraftInvoice,
  type DraftInvoiceLine,
} from '../../../shared/invoicing';
import { BillingSimClient } from '../../support/billingSimClient';

const API_ID = 'sim-hb-apiid-5c2e81';
const API_KEY = 'sim-hb-apikey-9d04b7e3a1';

describe('HostBill connector against the HostBill simulator', () => {
  let sim: RunningBillingSimulator;
  let sleeps: number[];

  beforeAll(async () => {
    sim = await startBillingSimulator(hostbillApi, { port: 0, identifier: API_ID, secret: API_KEY });
  });

  afterAll(async () => {
    await sim.close();
  });

  const simClient = new BillingSimClient(() => sim.url);
  const control = <T = unknown>(method: string, route: string, body?: unknown): Promise<T> => simClient.control<T>(method, route, body);

  const requests = (operation: string) => simClient.requests(operation);
  const simInvoices = () => simClient.invoices();
  const faults = (rules: unknown[]) => simClient.faults(rules);

  beforeEach(async () => {
    await control('POST', 'reset', {});
    sleeps = [];
  });

  /** A connector whose retry waits are recorded, not slept. */
  const makeConnector = (config: Partial<HostbillConnectorConfig> = {}) =>
    createHostbillConnector({
      baseUrl: sim.url,
      identifier: API_ID,
      secret: API_KEY,
      currency: 'USD',
      retry: { random: () => 0.5, sleep: async (ms) => void sleeps.push(ms) },
      ...config,
    });

  /** A client's draft for `period` (dated the first day after it), three lines unless given. */
  function draft(clientId: string, serverId: number, options: { period?: string; lines?: readonly Omit<DraftInvoiceLine, 'serverId'>[] } = {}): DraftInvoice {
    const period = options.period ?? '2026-11';
    const draftLines: DraftInvoiceLine[] = (
      options.lines ?? [
        { kind: 'runtime', description: `server ${serverId}: 700 h runtime, ${period}`, amount: '12.30', amountMinor: 1230 },
        { kind: 'ips', description: `server ${serverId}: 2 IPs, ${period}`, amount: '1.05', amountMinor: 105 },
        { kind: 'adjustment', description: `server ${serverId}: adjustment of an earlier period`, amount: '-0.50', amountMinor: -50 },
      ]
    ).map((line) => ({ ...line, serverId }));
    const tag = invoiceTag(period, clientId, draftLines);
    const totalMinor = draftLines.reduce((sum, line) => sum + line.amountMinor, 0);
    const [year = 0, month = 0] = period.split('-').map(Number);
    const date = new Date(Date.UTC(year, month, 1)).toISOString().slice(0, 10);
    return {
      period,
      clientId,
      currency: 'USD',
      date,
      dueDate: new Date(Date.UTC(year, month, 15)).toISOString().slice(0, 10),
      tag,
      notes: `SolusIO usage, ${period}. Ref: ${tag}`,
      taxed: false,
      lines: draftLines,
      total: formatMinorUnits(totalMinor, 'USD'),
      totalMinor,
    };
  }

  it('creates a draft and finds and reads it back with exact amounts, lines in order', async () => {
    // Arrange
    const hostbill = makeConnector();
    const invoice = draft('7', 12);

    // Act
    const id = await hostbill.createDraft(invoice);
    const found = await hostbill.findAllByTag('7', invoice.tag);
    const read = await hostbill.getInvoice(id);

    // Assess
    const expected = {
      id,
      clientId: '7',
      status: 'Draft',
      notes: invoice.notes,
      lines: [
        { description: 'server 12: 700 h runtime, 2026-11', amount: '12.30' },
        { description: 'server 12: 2 IPs, 2026-11', amount: '1.05' },
        { description: 'server 12: adjustment of an earlier period', amount: '-0.50' },
      ],
    };
    expect(found).toEqual([expected]);
    expect(read).toEqual(expected);
    const [stored] = await simInvoices();
    expect(stored).toMatchObject({ clientId: '7', status: 'Draft', date: '2026-12-01', dueDate: '2026-12-15', notes: invoice.notes });
    expect(stored?.items.map((item) => item.amount)).toEqual(['12.30', '1.05', '-0.50']);
    expect(await requests('addInvoice')).toBe(1);
    expect(await requests('addInvoiceItem')).toBe(3);
    expect(await requests('getClientInvoices')).toBe(1);
    // No read back after the create: one by findAllByTag, one by getInvoice.
    expect(await requests('getInvoiceDetails')).toBe(2);
  });

  it('answers nothing for a tag no invoice carries, and for a client without invoices', async () => {
    // Arrange
    const hostbill = makeConnector();
    await hostbill.createDraft(draft('7', 12));

    // Act
    const missing = await hostbill.findAllByTag('7', 'sbb-2026-11-c7-ffffffffffffffff');
    const none = await hostbill.findAllByTag('9', 'sbb-2026-11-c9-ffffffffffffffff');

    // Assess
    expect(missing).toEqual([]);
    expect(none).toEqual([]);
  });

  it('walks the pages of the client list, opening only invoices dated since the tag period began', async () => {
    // Arrange: the tagged invoice is the oldest; 26 newer ones of an earlier period fill page 0
    // (25 a page) and part of page 1.
    const hostbill = makeConnector();
    const target = draft('7', 1);
    const targetId = await hostbill.createDraft(target);
    const single = [{ kind: 'runtime', description: 'older period', amount: '3.00', amountMinor: 300 }] as const;
    for (let serverId = 2; serverId <= 27; serverId++) await hostbill.createDraft(draft('7', serverId, { period: '2026-09', lines: single }));
    const listedBefore = await requests('getClientInvoices');
    const openedBefore = await requests('getInvoiceDetails');

    // Act
    const found = await hostbill.findAllByTag('7', target.tag);

    // Assess
    expect(found.map((invoice) => invoice.id)).toEqual([targetId]);
    expect(found[0]?.lines).toHaveLength(3);
    expect((await requests('getClientInvoices')) - listedBefore).toBe(2);
    expect((await requests('getInvoiceDetails')) - openedBefore).toBe(1);
  });

  it('refuses wrong credentials with BillingAuthError and no credential in the error', async () => {
    // Arrange
    const wrongKey = 'wrong-hb-key-77aa01';
    const hostbill = makeConnector({ secret: wrongKey });

    // Act
    const createError = await hostbill.createDraft(draft('7', 1)).catch((caught: unknown) => caught);
    const readError = await hostbill.getInvoice('1').catch((caught: unknown) => caught);

    // Assess
    for (const error of [createError, readError]) {
      expect(error).toBeInstanceOf(BillingAuthError);
      const shown = `${String(error)} ${inspect(error)} ${(error as Error).message}`;
      expect(shown).not.toContain(wrongKey);
      expect(shown).not.toContain(API_ID);
    }
    expect(createError).toMatchObject({ system: 'hostbill', operation: 'addInvoice' });
    expect(await simInvoices()).toEqual([]);
  });

  it('reports an unknown client as BillingClientNotFoundError on create and on lookup', async () => {
    // Arrange
    await control('POST', 'reset', { clients: ['7'] });
    const hostbill = makeConnector();

    // Act
    const createError = await hostbill.createDraft(draft('8', 1)).catch((caught: unknown) => caught);
    const findError = await hostbill.findAllByTag('8', 'sbb-2026-11-c8-0000000000000000').catch((caught: unknown) => caught);

    // Assess
    expect(createError).toBeInstanceOf(BillingClientNotFoundError);
    expect(createError).toMatchObject({ operation: 'addInvoice' });
    expect(findError).toBeInstanceOf(BillingClientNotFoundError);
    expect(findError).toMatchObject({ operation: 'getClientInvoices' });
    expect(await simInvoices()).toEqual([]);
  });

  it('retries a read through 5xx answers, sleeping the recorded backoff', async () => {
    // Arrange
    const hostbill = makeConnector();
    const id = await hostbill.createDraft(draft('7', 1));
    const before = await requests('getInvoiceDetails');
    await faults([{ operation: 'getInvoiceDetails', status: 503, times: 2 }]);

    // Act
    const read = await hostbill.getInvoice(id);

    // Assess
    expect(read?.lines.map((line) => line.amount)).toEqual(['12.30', '1.05', '-0.50']);
    expect((await requests('getInvoiceDetails')) - before).toBe(3);
    expect(sleeps).toEqual([100, 200]);
  });

  it('tries a create once: a lost answer is a BillingTransportError and the tag finds the invoice', async () => {
    // Arrange
    const hostbill = makeConnector();
    const invoice = draft('7', 1);
    await faults([{ operation: 'addInvoice', loseAnswer: true, times: 1 }]);

    // Act
    const error = await hostbill.createDraft(invoice).catch((caught: unknown) => caught);
    const found = await hostbill.findAllByTag('7', invoice.tag);

    // Assess
    expect(error).toBeInstanceOf(BillingTransportError);
    expect(await requests('addInvoice')).toBe(1);
    expect(sleeps).toEqual([]);
    // The first call carried the tag: the invoice is found, without its lines (the push sees it differ).
    expect(found).toEqual([expect.objectContaining({ clientId: '7', status: 'Draft', notes: invoice.notes, lines: [] })]);
    expect(await simInvoices()).toHaveLength(1);
  });

  it('reports the invoice id before any line, and resumes a create that stopped between lines by that id, adding only the lines it lacks', async () => {
    // Arrange: the first line's answer is lost after HostBill added it.
    const hostbill = makeConnector();
    const invoice = draft('7', 1);
    const created: string[] = [];
    let lineCalls = 0;
    const progress = {
      created: async (id: string) => {
        created.push(id);
        lineCalls = await requests('addInvoiceItem');
        await faults([{ operation: 'addInvoiceItem', loseAnswer: true, times: 1 }]);
      },
    };

    // Act
    const error = await hostbill.createDraft(invoice, progress).catch((caught: unknown) => caught);
    const resumed = await hostbill.resumeDraft?.(created[0] ?? '', invoice);

    // Assess
    expect(error).toBeInstanceOf(BillingTransportError);
    expect((error as Error).message).toContain('draft invoice 1 lacks 3 of its 3 lines');
    expect(created).toEqual(['1']);
    expect(lineCalls).toBe(0);
    expect(resumed?.lines.map((line) => line.amount)).toEqual(['12.30', '1.05', '-0.50']);
    expect(await requests('addInvoice')).toBe(1);
    expect(await requests('addInvoiceItem')).toBe(3);
    expect(await simInvoices()).toHaveLength(1);
  });

  it('treats an answer of getClientInvoices without its invoices list as an error, never as no invoices', async () => {
    // Arrange: a proxy answering HostBill's envelope without the list.
    const hostbill = createHostbillConnector({
      baseUrl: 'http://billing.invalid',
      identifier: API_ID,
      secret: API_KEY,
      fetch: async () => new Response(JSON.stringify({ success: true, call: 'getClientInvoices', server_time: 1 }), { status: 200 }),
    });

    // Act
    const error = await hostbill.findAllByTag('7', 'sbb-2026-11-c7-').catch((caught: unknown) => caught);

    // Assess
    expect(error).toMatchObject({ name: 'BillingResponseError', operation: 'getClientInvoices' });
  });

  it('answers undefined for an invoice an admin deleted', async () => {
    // Arrange
    const hostbill = makeConnector();
    const id = await hostbill.createDraft(draft('7', 1));
    await control('DELETE', `invoices/${id}`);

    // Act
    const read = await hostbill.getInvoice(id);
    const found = await hostbill.findAllByTag('7', draft('7', 1).tag);

    // Assess
    expect(read).toBeUndefined();
    expect(found).toEqual([]);
  });

  it('shows an amount an admin edited', async () => {
    // Arrange
    const hostbill = makeConnector();
    const id = await hostbill.createDraft(draft('7', 1));
    const [stored] = await simInvoices();
    const firstItem = stored?.items[0]?.id;
    await control('PATCH', `invoices/${id}`, { items: [{ id: firstItem, amount: '13' }] });

    // Act
    const read = await hostbill.getInvoice(id);

    // Assess
    expect(read?.lines.map((line) => line.amount)).toEqual(['13.00', '1.05', '-0.50']);
  });

  it("answers an unknown call with HostBill's error shape", async () => {
    // Act
    const response = await fetch(`${sim.url}/admin/api.php`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ api_id: API_ID, api_key: API_KEY, call: 'noSuchCall' }).toString(),
    });

    // Assess
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ success: false, call: 'noSuchCall', error: ['Unknown API call'] });
    expect(await requests('noSuchCall')).toBe(1);
  });
});
