// Over 300 lines: every call of one connector (encoding, reads, error mapping, create) shares one fake or simulator setup.
import { inspect } from 'node:util';
import { createHostbillConnector } from '../../../../shared/invoicing/connectors/hostbill';
import {
  BillingAuthError,
  BillingClientNotFoundError,
  BillingRejectedError,
  BillingResponseError,
  BillingUnavailableError,
  type DraftInvoice,
} from '../../../../shared/invoicing';

const API_ID = 'unit-hb-id-41f0';
const API_KEY = 'unit-hb-key-8e2c99d1';
const TAG = 'sbb-2026-11-c7-0123456789abcdef';

interface Sent {
  readonly url: string;
  readonly method: string;
  readonly contentType: string;
  readonly form: URLSearchParams;
}

type Reply = { status?: number; json?: unknown; text?: string };

/** A fake fetch answering `replies` in turn (the last one again when they run out) and recording requests. */
function fakeFetch(replies: Reply[]): { fetch: typeof fetch; sent: Sent[] } {
  const sent: Sent[] = [];
  let index = 0;
  const fake = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const headers = new Headers(init?.headers);
    sent.push({
      url: String(input),
      method: init?.method ?? 'GET',
      contentType: headers.get('content-type') ?? '',
      form: new URLSearchParams(typeof init?.body === 'string' ? init.body : ''),
    });
    const reply = replies[Math.min(index++, replies.length - 1)] ?? {};
    const body = reply.text ?? JSON.stringify(reply.json ?? {});
    return new Response(body, { status: reply.status ?? 200 });
  };
  return { fetch: fake as typeof fetch, sent };
}

function connectorWith(replies: Reply[]) {
  const { fetch, sent } = fakeFetch(replies);
  const sleeps: number[] = [];
  const connector = createHostbillConnector({
    baseUrl: 'https://billing.example.test/',
    identifier: API_ID,
    secret: API_KEY,
    currency: 'USD',
    fetch,
    retry: { random: () => 0.5, sleep: async (ms) => void sleeps.push(ms) },
  });
  return { connector, sent, sleeps };
}

const refusal = (...error: string[]) => ({ json: { success: false, call: 'x', server_time: 1, error } });

function details(overrides: Record<string, unknown> = {}, items: unknown[] = []): Reply {
  return { json: { success: true, invoice: { id: '5', status: 'Draft', client_id: '7', notes: `Ref: ${TAG}`, items, ...overrides }, call: 'getInvoiceDetails' } };
}

const invoice: DraftInvoice = {
  period: '2026-11',
  clientId: '7',
  currency: 'USD',
  date: '2026-12-01',
  dueDate: '2026-12-15',
  tag: TAG,
  notes: `SolusIO usage, November 2026. Ref: ${TAG}`,
  taxed: false,
  lines: [
    { serverId: 1, kind: 'runtime', description: 'server 1: runtime', amount: '12.30', amountMinor: 1230 },
    { serverId: 1, kind: 'adjustment', description: 'server 1: adjustment', amount: '-0.50', amountMinor: -50 },
  ],
  total: '11.80',
  totalMinor: 1180,
};

describe('HostBill connector', () => {
  describe('request encoding', () => {
    it('creates with addInvoice then one addInvoiceItem a line, posting forms with the credentials in the body', async () => {
      // Arrange
      const { connector, sent } = connectorWith([
        { json: { success: true, invoice_id: '5', call: 'addInvoice' } },
        { json: { success: true, newline: { id: '1' } } },
        { json: { success: true, newline: { id: '2' } } },
      ]);
      const created: [string, number][] = [];

      // Act
      const id = await connector.createDraft(invoice, { created: async (invoiceId) => void created.push([invoiceId, sent.length]) });

      // Assess
      expect(id).toBe('5');
      expect(created).toEqual([['5', 1]]);
      expect(sent.map((request) => [request.method, request.url, request.contentType, request.form.get('call')])).toEqual([
        ['POST', 'https://billing.example.test/admin/api.php', 'application/x-www-form-urlencoded', 'addInvoice'],
        ['POST', 'https://billing.example.test/admin/api.php', 'application/x-www-form-urlencoded', 'addInvoiceItem'],
        ['POST', 'https://billing.example.test/admin/api.php', 'application/x-www-form-urlencoded', 'addInvoiceItem'],
      ]);
      expect(Object.fromEntries(sent[0]?.form ?? [])).toEqual({
        api_id: API_ID,
        api_key: API_KEY,
        call: 'addInvoice',
        client_id: '7',
        date: '2026-12-01',
        duedate: '2026-12-15',
        notes: invoice.notes,
      });
      expect(Object.fromEntries(sent[2]?.form ?? [])).toMatchObject({ id: '5', line: 'server 1: adjustment', price: '-0.50', qty: '1', tax: '0' });
      expect(sent.every((request) => !request.url.includes(API_KEY))).toBe(true);
    });

    it('adds every line of a taxed invoice with tax=1', async () => {
      // Arrange
      const { connector, sent } = connectorWith([
        { json: { success: true, invoice_id: '5', call: 'addInvoice' } },
        { json: { success: true, newline: { id: '1' } } },
        { json: { success: true, newline: { id: '2' } } },
        details(),
      ]);

      // Act
      await connector.createDraft({ ...invoice, taxed: true });

      // Assess
      expect(sent.filter((request) => request.form.get('call') === 'addInvoiceItem').map((request) => request.form.get('tax'))).toEqual(['1', '1']);
    });

    it("reads the client's currency_id, then that currency's ISO code and decimals in getCurrencies (0 is the main one)", async () => {
      // Arrange
      const currencies = {
        json: {
          success: true,
          main: { code: 'EUR', iso: 'EUR', id: 0, decimal: '2' },
          currencies: [{ id: '1', code: 'USD', iso: 'USD' }, { id: '2', code: 'JPY', iso: 'JPY', decimal: '0' }],
          call: 'getCurrencies',
        },
      };
      const { connector, sent } = connectorWith([
        { json: { success: true, client: { id: '7', currency_id: '0' } } },
        currencies,
        { json: { success: true, client: { id: '8', currency_id: '1' } } },
        currencies,
        { json: { success: true, client: { id: '9', currency_id: '2' } } },
        currencies,
        { json: { success: true, client: { id: '10', currency_id: '5' } } },
        currencies,
      ]);

      // Act
      const found = [await connector.clientCurrency('7'), await connector.clientCurrency('8'), await connector.clientCurrency('9')];
      const unlisted = await connector.clientCurrency('10').catch((caught: unknown) => caught);

      // Assess
      expect(found).toEqual([
        { code: 'EUR', storedDecimals: 2 },
        { code: 'USD', storedDecimals: 2 },
        { code: 'JPY', storedDecimals: 0 },
      ]);
      expect(sent.slice(0, 2).map((request) => [request.form.get('call'), request.form.get('id')])).toEqual([
        ['getClientDetails', '7'],
        ['getCurrencies', null],
      ]);
      expect(unlisted).toBeInstanceOf(BillingResponseError);
    });

    it('asks getClientInvoices page by page and opens only rows dated since the period began', async () => {
      // Arrange
      const { connector, sent } = connectorWith([
        { json: { success: true, invoices: [{ id: '9', date: '2026-12-01' }, { id: '8', date: '2026-10-01' }], sorter: { perpage: 2, totalpages: 2, sorterrecords: 3, sorterpage: 1 } } },
        details({ id: '9', notes: 'someone else' }),
        { json: { success: true, invoices: [{ id: '4', date: '2026-11-03' }], sorter: { perpage: 2, totalpages: 2, sorterrecords: 3, sorterpage: 2 } } },
        details({ id: '4' }, [{ description: 'runtime', amount: '12.3', qty: '1' }]),
      ]);

      // Act
      const found = await connector.findAllByTag('7', TAG);

      // Assess
      expect(found).toEqual([{ id: '4', clientId: '7', status: 'Draft', notes: `Ref: ${TAG}`, lines: [{ description: 'runtime', amount: '12.30' }] }]);
      expect(sent.map((request) => [request.form.get('call'), request.form.get('id'), request.form.get('page')])).toEqual([
        ['getClientInvoices', '7', '0'],
        ['getInvoiceDetails', '9', null],
        ['getClientInvoices', '7', '1'],
        ['getInvoiceDetails', '4', null],
      ]);
    });

    it('stops at the last page and at an empty page', async () => {
      // Arrange
      const { connector, sent } = connectorWith([{ json: { success: true, invoices: [] } }]);

      // Act
      const found = await connector.findAllByTag('7', TAG);

      // Assess
      expect(found).toEqual([]);
      expect(sent).toHaveLength(1);
    });

    it('answers every invoice carrying the tag, so a duplicate shows, and opens a row repeated on a later page once', async () => {
      // Arrange
      const { connector, sent } = connectorWith([
        { json: { success: true, invoices: [{ id: '9', date: '2026-12-01' }, { id: '8', date: '2026-12-01' }] } },
        details({ id: '9' }),
        details({ id: '8' }),
        { json: { success: true, invoices: [{ id: '8', date: '2026-12-01' }] } },
      ]);

      // Act
      const found = await connector.findAllByTag('7', TAG);

      // Assess
      expect(found.map((invoice) => invoice.id)).toEqual(['9', '8']);
      expect(sent.map((request) => request.form.get('call'))).toEqual(['getClientInvoices', 'getInvoiceDetails', 'getInvoiceDetails', 'getClientInvoices']);
    });

    it('normalises amounts: decimals to the currency digits, a quantity into the line amount', async () => {
      // Arrange
      const { connector } = connectorWith([
        details({}, [
          { description: 'a', amount: '7', qty: '1' },
          { description: 'b', amount: 1.5 },
          { description: 'c', amount: '2.25', qty: '2' },
          { description: 'd', amount: '0.123', qty: '1' },
        ]),
      ]);

      // Act
      const read = await connector.getInvoice('5');

      // Assess
      expect(read?.lines.map((line) => line.amount)).toEqual(['7.00', '1.50', '4.50', '0.123']);
    });
  });

  describe('error mapping', () => {
    it.each([
      ['a refused API key', [refusal('Invalid API ID or API key')], BillingAuthError],
      ['HTTP 403', [{ status: 403, text: '<html>Forbidden</html>' }], BillingAuthError],
      ['an unknown client', [refusal('Client not found')], BillingClientNotFoundError],
      ['another refusal', [refusal('Wrong parameter')], BillingRejectedError],
      ['an error hash', [{ json: { success: false, error: { client_id: 'Required' } } }], BillingRejectedError],
      ['HTTP 400 with a page', [{ status: 400, text: '<html>Bad request</html>' }], BillingRejectedError],
      ['an answer that is not JSON', [{ text: '<html>maintenance</html>' }], BillingResponseError],
      ['success without invoice_id', [{ json: { success: true } }], BillingResponseError],
    ])('maps %s on addInvoice', async (_name, replies, type) => {
      // Arrange
      const { connector, sent } = connectorWith(replies);

      // Act
      const error = await connector.createDraft(invoice).catch((caught: unknown) => caught);

      // Assess
      expect(error).toBeInstanceOf(type);
      expect(error).toMatchObject({ system: 'hostbill', operation: 'addInvoice' });
      expect(sent).toHaveLength(1);
    });

    it('keeps credentials HostBill echoes out of the message, String() and inspect()', async () => {
      // Arrange
      const { connector } = connectorWith([refusal(`API key ${API_KEY} for ${API_ID} is not allowed from this IP`)]);

      // Act
      const error = await connector.getInvoice('5').catch((caught: unknown) => caught);

      // Assess
      expect(error).toBeInstanceOf(BillingAuthError);
      const shown = `${(error as Error).message} ${String(error)} ${inspect(error)}`;
      expect(shown).toContain('[redacted]');
      expect(shown).not.toContain(API_KEY);
      expect(shown).not.toContain(API_ID);
    });

    it('answers undefined for an invoice HostBill does not have, without asking for it when the id cannot be one', async () => {
      // Arrange
      const { connector, sent } = connectorWith([refusal('Invoice not found')]);

      // Act
      const missing = await connector.getInvoice('404');
      const impossible = await connector.getInvoice('abc');

      // Assess
      expect(missing).toBeUndefined();
      expect(impossible).toBeUndefined();
      expect(sent).toHaveLength(1);
    });

    it('answers a details answer without items or client as BillingResponseError', async () => {
      // Arrange
      const { connector } = connectorWith([{ json: { success: true, invoice: { id: '5', status: 'Draft' } } }]);

      // Act
      const error = await connector.getInvoice('5').catch((caught: unknown) => caught);

      // Assess
      expect(error).toBeInstanceOf(BillingResponseError);
      expect((error as Error).message).toContain('invoice.client_id');
    });

    it('tries addInvoice once on a 503 but retries a read', async () => {
      // Arrange
      const create = connectorWith([{ status: 503, text: 'busy' }]);
      const read = connectorWith([{ status: 503, text: 'busy' }, details()]);

      // Act
      const createError = await create.connector.createDraft(invoice).catch((caught: unknown) => caught);
      const found = await read.connector.getInvoice('5');

      // Assess
      expect(createError).toBeInstanceOf(BillingUnavailableError);
      expect(create.sent).toHaveLength(1);
      expect(found?.id).toBe('5');
      expect(read.sent).toHaveLength(2);
      expect(read.sleeps).toEqual([100]);
    });

    it('adds no line when recording the new invoice id fails', async () => {
      // Arrange
      const { connector, sent } = connectorWith([{ json: { success: true, invoice_id: '5' } }, { json: { success: true, newline: {} } }]);

      // Act
      const error = await connector
        .createDraft(invoice, {
          created: async () => {
            throw new Error('table unavailable');
          },
        })
        .catch((caught: unknown) => caught);

      // Assess
      expect((error as Error).message).toBe('table unavailable');
      expect(sent.map((request) => request.form.get('call'))).toEqual(['addInvoice']);
    });

    it('resumes a draft by its id: reads it and adds only the computed lines it lacks, in order', async () => {
      // Arrange
      const { connector, sent } = connectorWith([
        details({}, [{ description: 'server 1: runtime', amount: '12.30', qty: '1' }]),
        { json: { success: true, newline: {} } },
        details({}, [
          { description: 'server 1: runtime', amount: '12.30', qty: '1' },
          { description: 'server 1: adjustment', amount: '-0.50', qty: '1' },
        ]),
      ]);

      // Act
      const resumed = await connector.resumeDraft?.('5', invoice);

      // Assess
      expect(resumed?.lines).toEqual([
        { description: 'server 1: runtime', amount: '12.30' },
        { description: 'server 1: adjustment', amount: '-0.50' },
      ]);
      expect(sent.map((request) => [request.form.get('call'), request.form.get('line')])).toEqual([
        ['getInvoiceDetails', null],
        ['addInvoiceItem', 'server 1: adjustment'],
        ['getInvoiceDetails', null],
      ]);
    });

    it('resumes nothing into a draft holding a line that is not computed, nor one HostBill no longer has', async () => {
      // Arrange
      const { connector, sent } = connectorWith([details({}, [{ description: 'added by hand', amount: '3.00' }]), refusal('Invoice not found')]);

      // Act
      const foreign = await connector.resumeDraft?.('5', invoice);
      const gone = await connector.resumeDraft?.('6', invoice);

      // Assess
      expect(foreign?.lines).toEqual([{ description: 'added by hand', amount: '3.00' }]);
      expect(gone).toBeUndefined();
      expect(sent.map((request) => request.form.get('call'))).toEqual(['getInvoiceDetails', 'getInvoiceDetails']);
    });

    it.each([
      ['without invoices', { success: true, sorter: { totalpages: 1 } }],
      ['with invoices that are not a list', { success: true, invoices: { 1: { id: '1' } } }],
    ])('treats a getClientInvoices answer %s as an error, never as no invoices', async (_case, json) => {
      // Arrange
      const { connector } = connectorWith([{ json }]);

      // Act
      const error = await connector.findAllByTag('7', TAG).catch((caught: unknown) => caught);

      // Assess
      expect(error).toBeInstanceOf(BillingResponseError);
      expect(error).toMatchObject({ operation: 'getClientInvoices' });
    });

    it('names the half-made invoice when a line is refused', async () => {
      // Arrange
      const { connector, sent } = connectorWith([
        { json: { success: true, invoice_id: '5' } },
        { json: { success: true, newline: {} } },
        refusal('Invalid price'),
      ]);

      // Act
      const error = await connector.createDraft(invoice).catch((caught: unknown) => caught);

      // Assess
      expect(error).toBeInstanceOf(BillingRejectedError);
      expect(error).toMatchObject({ operation: 'addInvoiceItem' });
      expect((error as Error).message).toContain('draft invoice 5 lacks 1 of its 2 lines');
      expect(sent).toHaveLength(3);
    });
  });
});
