// Over 300 lines: every call of one connector (encoding, reads, error mapping, create) shares one fake or simulator setup.
import { inspect } from 'node:util';
import { createWhmcsConnector, type WhmcsConnectorConfig } from '../../../../shared/invoicing/connectors/whmcs';
import {
  BillingAuthError,
  BillingClientNotFoundError,
  BillingRejectedError,
  BillingResponseError,
  BillingUnavailableError,
  type DraftInvoice,
} from '../../../../shared/invoicing';

const IDENTIFIER = 'whmcs-ident-5f2c81d0';
const SECRET = 'whmcs-secret-a93be47c11';
const BASE_URL = 'https://billing.example.test/whmcs';

interface SentRequest {
  readonly url: string;
  readonly method: string;
  readonly contentType: string | undefined;
  readonly form: URLSearchParams;
}

type Reply = { status?: number; json?: unknown; text?: string };

/** A fetch that answers `replies` in order (the last one again when they run out) and records every request. */
function fakeFetch(replies: Reply[]): { fetch: typeof fetch; sent: SentRequest[] } {
  const sent: SentRequest[] = [];
  const fake = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const headers = new Headers(init?.headers);
    sent.push({
      url: String(input),
      method: init?.method ?? 'GET',
      contentType: headers.get('content-type') ?? undefined,
      form: new URLSearchParams(typeof init?.body === 'string' ? init.body : ''),
    });
    const reply = replies[Math.min(sent.length - 1, replies.length - 1)] ?? { status: 500 };
    const body = reply.text ?? JSON.stringify(reply.json ?? null);
    return new Response(body, { status: reply.status ?? 200, headers: { 'content-type': 'application/json' } });
  };
  return { fetch: fake as typeof fetch, sent };
}

function connector(replies: Reply[], config: Partial<WhmcsConnectorConfig> = {}) {
  const fake = fakeFetch(replies);
  const sleeps: number[] = [];
  const whmcs = createWhmcsConnector({
    baseUrl: BASE_URL,
    identifier: IDENTIFIER,
    secret: SECRET,
    fetch: fake.fetch,
    retry: { sleep: async (ms) => void sleeps.push(ms), random: () => 0.5 },
    ...config,
  });
  return { whmcs, sent: fake.sent, sleeps };
}

const TAG = 'sbb-2026-11-c7-0123456789abcdef';

const DRAFT: DraftInvoice = {
  period: '2026-11',
  clientId: '7',
  currency: 'USD',
  date: '2026-12-01',
  dueDate: '2026-12-15',
  tag: TAG,
  notes: `SolusIO usage, November 2026. Ref: ${TAG}`,
  taxed: false,
  lines: [
    { serverId: 12, kind: 'runtime', description: 'server 12: 700 h runtime, November 2026', amount: '12.30', amountMinor: 1230 },
    { serverId: 12, kind: 'adjustment', description: 'server 12: adjustment of October 2026', amount: '-0.50', amountMinor: -50 },
  ],
  total: '11.80',
  totalMinor: 1180,
};

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

function expectNoCredential(error: unknown): void {
  for (const text of [String(error), inspect(error), (error as Error).message]) {
    expect(text).not.toContain(IDENTIFIER);
    expect(text).not.toContain(SECRET);
  }
}

describe('WHMCS connector', () => {
  describe('createDraft', () => {
    it('posts CreateInvoice as a form with the credentials, a never-sent draft and one untaxed item per line', async () => {
      // Arrange
      const { whmcs, sent } = connector([{ json: { result: 'success', invoiceid: 42, status: 'Draft' } }]);

      // Act
      const id = await whmcs.createDraft(DRAFT);

      // Assess
      expect(id).toBe('42');
      expect(sent).toHaveLength(1);
      const [request] = sent;
      expect(request?.url).toBe(`${BASE_URL}/includes/api.php`);
      expect(request?.method).toBe('POST');
      expect(request?.contentType).toBe('application/x-www-form-urlencoded');
      expect(Object.fromEntries(request?.form ?? [])).toEqual({
        identifier: IDENTIFIER,
        secret: SECRET,
        action: 'CreateInvoice',
        responsetype: 'json',
        userid: '7',
        status: 'Draft',
        draft: '1',
        sendinvoice: '0',
        autoapplycredit: '0',
        date: '2026-12-01',
        duedate: '2026-12-15',
        notes: DRAFT.notes,
        itemdescription1: 'server 12: 700 h runtime, November 2026',
        itemamount1: '12.30',
        itemtaxed1: '0',
        itemdescription2: 'server 12: adjustment of October 2026',
        itemamount2: '-0.50',
        itemtaxed2: '0',
      });
    });

    it('sends the configured access key as accesskey with every call, and keeps it out of errors', async () => {
      // Arrange
      const accessKey = 'acc3ss-k3y-77aa';
      const { whmcs, sent } = connector(
        [{ json: { result: 'success', invoiceid: 42 } }, { status: 403, json: { result: 'error', message: `Invalid IP 203.0.113.9 (${accessKey})` } }],
        { accessKey },
      );

      // Act
      await whmcs.createDraft(DRAFT);
      const error = await caught(whmcs.getInvoice('42'));

      // Assess
      expect(sent.map((request) => request.form.get('accesskey'))).toEqual([accessKey, accessKey]);
      expect(error).toBeInstanceOf(BillingAuthError);
      expect((error as Error).message).toMatch(/Invalid IP 203\.0\.113\.9.*access key was refused/);
      expect(inspect(error, { depth: 5 })).not.toContain(accessKey);
    });

    it('sends no accesskey when none is configured, and says how to get past the IP restriction', async () => {
      // Arrange
      const { whmcs, sent } = connector([{ status: 403, json: { result: 'error', message: 'Invalid IP 203.0.113.9' } }]);

      // Act
      const error = await caught(whmcs.createDraft(DRAFT));

      // Assess
      expect(sent[0]?.form.has('accesskey')).toBe(false);
      expect((error as Error).message).toMatch(/API IP Access Restriction.*access key/);
    });

    it('marks every item taxed (itemtaxedN=1) when the invoice is taxed', async () => {
      // Arrange
      const { whmcs, sent } = connector([{ json: { result: 'success', invoiceid: 42 } }]);

      // Act
      await whmcs.createDraft({ ...DRAFT, taxed: true });

      // Assess
      expect([sent[0]?.form.get('itemtaxed1'), sent[0]?.form.get('itemtaxed2')]).toEqual(['1', '1']);
    });

    it('accepts the invoice id as a numeric string', async () => {
      // Arrange
      const { whmcs } = connector([{ json: { result: 'success', invoiceid: '1001', status: 'Draft' } }]);

      // Act
      const id = await whmcs.createDraft(DRAFT);

      // Assess
      expect(id).toBe('1001');
    });

    it('tries a create once: a 503 is BillingUnavailableError without a retry', async () => {
      // Arrange
      const { whmcs, sent, sleeps } = connector([{ status: 503, text: 'busy' }, { json: { result: 'success', invoiceid: 1 } }]);

      // Act
      const error = await caught(whmcs.createDraft(DRAFT));

      // Assess
      expect(error).toBeInstanceOf(BillingUnavailableError);
      expect(sent).toHaveLength(1);
      expect(sleeps).toEqual([]);
    });

    it('refuses a client id WHMCS cannot have without asking it', async () => {
      // Arrange
      const { whmcs, sent } = connector([{ json: { result: 'success', invoiceid: 1 } }]);

      // Act
      const error = await caught(whmcs.createDraft({ ...DRAFT, clientId: 'solusio-user:3' }));

      // Assess
      expect(error).toBeInstanceOf(BillingClientNotFoundError);
      expect(sent).toHaveLength(0);
    });

    it('refuses an invoice in another currency than the configured one', async () => {
      // Arrange
      const { whmcs, sent } = connector([{ json: { result: 'success', invoiceid: 1 } }], { currency: 'EUR' });

      // Act
      const error = await caught(whmcs.createDraft(DRAFT));

      // Assess
      expect(error).toBeInstanceOf(BillingRejectedError);
      expect(sent).toHaveLength(0);
    });
  });

  describe('clientCurrency', () => {
    it("reads GetClientsDetails' client.currency_code, or the top-level one older versions answer; WHMCS keeps 2 decimals", async () => {
      // Arrange
      const { whmcs, sent } = connector([{ json: { result: 'success', client: { id: 7, currency: 2, currency_code: 'EUR' } } }, { json: { result: 'success', userid: 7, currency_code: 'GBP' } }]);

      // Act
      const current = await whmcs.clientCurrency('7');
      const older = await whmcs.clientCurrency('7');

      // Assess
      expect([current, older]).toEqual([
        { code: 'EUR', storedDecimals: 2 },
        { code: 'GBP', storedDecimals: 2 },
      ]);
      expect(Object.fromEntries(sent[0]?.form ?? [])).toMatchObject({ action: 'GetClientsDetails', clientid: '7' });
    });

    it('maps Client Not Found, and an id WHMCS cannot have (without asking), to BillingClientNotFoundError; an answer without a currency to BillingResponseError', async () => {
      // Arrange
      const { whmcs, sent } = connector([{ json: { result: 'error', message: 'Client Not Found' } }, { json: { result: 'success', client: { id: 7 } } }]);

      // Act
      const errors = [await caught(whmcs.clientCurrency('9')), await caught(whmcs.clientCurrency('solusio-user:3')), await caught(whmcs.clientCurrency('7'))];

      // Assess
      expect(errors.map((error) => (error as Error).name)).toEqual(['BillingClientNotFoundError', 'BillingClientNotFoundError', 'BillingResponseError']);
      expect(sent).toHaveLength(2);
    });
  });

  describe('error mapping', () => {
    it.each<[string, Reply, abstract new (...args: never[]) => Error]>([
      ['HTTP 403 Authentication Failed', { status: 403, json: { result: 'error', message: 'Authentication Failed' } }, BillingAuthError],
      ['Authentication Failed with HTTP 200 (older versions)', { json: { result: 'error', message: 'Authentication Failed' } }, BillingAuthError],
      ['an IP not allowed', { status: 403, json: { result: 'error', message: 'Invalid IP 203.0.113.9' } }, BillingAuthError],
      ['a 401 without a body', { status: 401, text: '' }, BillingAuthError],
      ['Client ID Not Found', { json: { result: 'error', message: 'Client ID Not Found' } }, BillingClientNotFoundError],
      ['another refusal', { json: { result: 'error', message: 'Cannot create and send a draft invoice in a single API request.' } }, BillingRejectedError],
      ['an error result without a message', { json: { result: 'error' } }, BillingRejectedError],
      ['a 404 HTML page', { status: 404, text: '<html>Not Found</html>' }, BillingRejectedError],
      ['a 200 HTML page', { text: '<html>maintenance</html>' }, BillingResponseError],
      ['success without an invoice id', { json: { result: 'success' } }, BillingResponseError],
      ['an invoice id 0', { json: { result: 'success', invoiceid: 0 } }, BillingResponseError],
      ['an unknown result word', { json: { result: 'maybe', invoiceid: 3 } }, BillingResponseError],
    ])('maps %s', async (_name, reply, type) => {
      // Arrange
      const { whmcs } = connector([reply]);

      // Act
      const error = await caught(whmcs.createDraft(DRAFT));

      // Assess
      expect(error).toBeInstanceOf(type);
      expect(error).toMatchObject({ system: 'whmcs', operation: 'CreateInvoice', status: reply.status ?? 200 });
      expectNoCredential(error);
    });

    it('keeps credentials echoed by WHMCS out of the message, String() and inspect()', async () => {
      // Arrange
      const { whmcs } = connector([{ status: 403, json: { result: 'error', message: `Authentication Failed for ${IDENTIFIER} / ${SECRET}` } }]);

      // Act
      const error = await caught(whmcs.findAllByTag('7', TAG));

      // Assess
      expect(error).toBeInstanceOf(BillingAuthError);
      expect((error as Error).message).toContain('[redacted]');
      expectNoCredential(error);
    });

    it('keeps credentials out of a non-JSON answer snippet', async () => {
      // Arrange
      const { whmcs } = connector([{ text: `<pre>${'x'.repeat(183)}${SECRET}</pre>` }]);

      // Act
      const error = await caught(whmcs.getInvoice('5'));

      // Assess
      expect(error).toBeInstanceOf(BillingResponseError);
      expectNoCredential(error);
      expect((error as Error).message).not.toContain(SECRET.slice(0, 8));
    });
  });

  describe('getInvoice', () => {
    const invoiceAnswer = (items: unknown) => ({
      result: 'success',
      invoiceid: '5',
      userid: '7',
      status: 'Draft',
      notes: `Ref: ${TAG}`,
      items,
      transactions: '',
    });

    it('reads GetInvoice and normalises the amounts, lines in order', async () => {
      // Arrange
      const items = {
        item: [
          { id: '1', description: 'a', amount: '12.3', taxed: '0' },
          { id: '2', description: 'b', amount: -0.5, taxed: '0' },
          { id: '3', description: 'c', amount: '1,234.50', taxed: '0' },
          { id: '4', description: 'd', amount: '7.00', taxed: '0' },
        ],
      };
      const { whmcs, sent } = connector([{ json: invoiceAnswer(items) }]);

      // Act
      const invoice = await whmcs.getInvoice('5');

      // Assess
      expect(invoice).toEqual({
        id: '5',
        clientId: '7',
        status: 'Draft',
        notes: `Ref: ${TAG}`,
        lines: [
          { description: 'a', amount: '12.30' },
          { description: 'b', amount: '-0.50' },
          { description: 'c', amount: '1234.50' },
          { description: 'd', amount: '7.00' },
        ],
      });
      expect(Object.fromEntries(sent[0]?.form ?? [])).toMatchObject({ action: 'GetInvoice', invoiceid: '5', responsetype: 'json' });
    });

    it('uses the minor digits of the configured currency and keeps amounts with more digits as they are', async () => {
      // Arrange
      const items = { item: [{ description: 'yen', amount: '7.00' }, { description: 'odd', amount: '7.25' }] };
      const { whmcs } = connector([{ json: invoiceAnswer(items) }], { currency: 'JPY' });

      // Act
      const invoice = await whmcs.getInvoice('5');

      // Assess
      expect(invoice?.lines).toEqual([
        { description: 'yen', amount: '7' },
        { description: 'odd', amount: '7.25' },
      ]);
    });

    it('reads an invoice without items answered as an empty string', async () => {
      // Arrange
      const { whmcs } = connector([{ json: invoiceAnswer('') }]);

      // Act
      const invoice = await whmcs.getInvoice('5');

      // Assess
      expect(invoice?.lines).toEqual([]);
    });

    it('answers undefined for Invoice ID Not Found, and for an id WHMCS cannot have without asking', async () => {
      // Arrange
      const { whmcs, sent } = connector([{ json: { result: 'error', message: 'Invoice ID Not Found' } }]);

      // Act
      const missing = await whmcs.getInvoice('99');
      const impossible = await whmcs.getInvoice('abc');

      // Assess
      expect(missing).toBeUndefined();
      expect(impossible).toBeUndefined();
      expect(sent).toHaveLength(1);
    });

    it('answers undefined for the shape WHMCS answers an unknown id with: status error and no result key', async () => {
      // Arrange
      const { whmcs } = connector([{ json: { status: 'error', message: 'Invoice ID Not Found' } }]);

      // Act
      const missing = await whmcs.getInvoice('99');

      // Assess
      expect(missing).toBeUndefined();
    });

    it.each<[string, Reply, abstract new (...args: never[]) => Error]>([
      ['another status-error message', { json: { status: 'error', message: 'Something else' } }, BillingRejectedError],
      ['Invoice ID Not Found with HTTP 403', { status: 403, json: { status: 'error', message: 'Invoice ID Not Found' } }, BillingAuthError],
      ['a success answer without items of any invoice status word', { json: { status: 'Unpaid' } }, BillingResponseError],
    ])('reads %s as an error, not as a missing invoice', async (_name, reply, type) => {
      // Arrange
      const { whmcs } = connector([reply]);

      // Act
      const error = await caught(whmcs.getInvoice('99'));

      // Assess
      expect(error).toBeInstanceOf(type);
    });

    it('retries a read after a 502 and records the sleep', async () => {
      // Arrange
      const { whmcs, sent, sleeps } = connector([{ status: 502, text: 'bad gateway' }, { json: invoiceAnswer({ item: [] }) }]);

      // Act
      const invoice = await whmcs.getInvoice('5');

      // Assess
      expect(invoice?.id).toBe('5');
      expect(sent).toHaveLength(2);
      expect(sleeps).toEqual([100]);
    });

    it('rejects an answer whose item amount is not a number', async () => {
      // Arrange
      const { whmcs } = connector([{ json: invoiceAnswer({ item: [{ description: 'a', amount: 'twelve' }] }) }]);

      // Act
      const error = await caught(whmcs.getInvoice('5'));

      // Assess
      expect(error).toBeInstanceOf(BillingResponseError);
    });
  });

  describe('findAllByTag', () => {
    const entry = (id: number, notes: string | null, userid = 7) => ({ id, userid, status: 'Unpaid', notes, total: '1.00', currencycode: 'USD' });
    const page = (total: number, entries: unknown[]) => ({ result: 'success', totalresults: total, startnumber: 0, numreturned: entries.length, invoices: { invoice: entries } });
    const opened = (id: number) => ({ result: 'success', invoiceid: id, userid: 7, status: 'Draft', notes: `Ref: ${TAG}`, items: { item: [{ description: 'a', amount: '1.00' }] } });

    it('walks every page newest first and opens only the invoices whose notes carry the tag', async () => {
      // Arrange
      const { whmcs, sent } = connector(
        [
          { json: page(5, [entry(9, 'other'), entry(8, null)]) },
          { json: page(5, [entry(7, `Ref: ${TAG}`), entry(6, 'x')]) },
          { json: opened(7) },
          { json: page(5, [entry(5, 'y')]) },
        ],
        { pageSize: 2 },
      );

      // Act
      const invoices = await whmcs.findAllByTag('7', TAG);

      // Assess
      expect(invoices).toEqual([{ id: '7', clientId: '7', status: 'Draft', notes: `Ref: ${TAG}`, lines: [{ description: 'a', amount: '1.00' }] }]);
      expect(sent.map((request) => Object.fromEntries(request.form))).toEqual([
        expect.objectContaining({ action: 'GetInvoices', userid: '7', limitstart: '0', limitnum: '2', orderby: 'id', order: 'desc' }),
        expect.objectContaining({ action: 'GetInvoices', userid: '7', limitstart: '2', limitnum: '2' }),
        expect.objectContaining({ action: 'GetInvoice', invoiceid: '7' }),
        expect.objectContaining({ action: 'GetInvoices', userid: '7', limitstart: '4', limitnum: '2' }),
      ]);
    });

    it('answers every invoice carrying the tag, newest first, so a duplicate shows', async () => {
      // Arrange
      const { whmcs, sent } = connector([{ json: page(3, [entry(9, `Ref: ${TAG}`), entry(8, 'x'), entry(4, `Ref: ${TAG}a`)]) }, { json: opened(9) }, { json: opened(4) }]);

      // Act
      const invoices = await whmcs.findAllByTag('7', TAG);

      // Assess
      expect(invoices.map((invoice) => invoice.id)).toEqual(['9', '4']);
      expect(sent.filter((request) => request.form.get('action') === 'GetInvoice').map((request) => request.form.get('invoiceid'))).toEqual(['9', '4']);
    });

    it('answers nothing after the last page without opening any invoice', async () => {
      // Arrange
      const { whmcs, sent } = connector([{ json: page(3, [entry(3, 'a'), entry(2, 'b')]) }, { json: page(3, [entry(1, 'c')]) }], { pageSize: 2 });

      // Act
      const invoices = await whmcs.findAllByTag('7', TAG);

      // Assess
      expect(invoices).toEqual([]);
      expect(sent).toHaveLength(2);
    });

    it.each([
      ['an empty array', []],
      ['an empty string', ''],
      ['an empty invoice list', { invoice: [] }],
    ])('answers nothing for a client without invoices (invoices as %s)', async (_name, invoices) => {
      // Arrange
      const { whmcs, sent } = connector([{ json: { result: 'success', totalresults: '0', startnumber: '0', numreturned: '0', invoices } }]);

      // Act
      const found = await whmcs.findAllByTag('7', TAG);

      // Assess
      expect(found).toEqual([]);
      expect(sent).toHaveLength(1);
    });

    it("ignores another client's invoice carrying the tag", async () => {
      // Arrange
      const { whmcs, sent } = connector([{ json: page(1, [entry(4, `Ref: ${TAG}`, 8)]) }]);

      // Act
      const invoices = await whmcs.findAllByTag('7', TAG);

      // Assess
      expect(invoices).toEqual([]);
      expect(sent).toHaveLength(1);
    });

    it('leaves out an invoice deleted between the list and its read', async () => {
      // Arrange
      const { whmcs } = connector([{ json: page(1, [entry(4, `Ref: ${TAG}`)]) }, { json: { result: 'error', message: 'Invoice ID Not Found' } }]);

      // Act
      const invoices = await whmcs.findAllByTag('7', TAG);

      // Assess
      expect(invoices).toEqual([]);
    });

    it('rejects a list answer without the documented shape', async () => {
      // Arrange
      const { whmcs } = connector([{ json: { result: 'success', invoices: { invoice: [{ id: 1 }] } } }]);

      // Act
      const error = await caught(whmcs.findAllByTag('7', TAG));

      // Assess
      expect(error).toBeInstanceOf(BillingResponseError);
      expect(error).toMatchObject({ operation: 'GetInvoices' });
    });

    it('retries the list after a 500, up to the policy, then gives up with BillingUnavailableError', async () => {
      // Arrange
      const recorded: number[] = [];
      const { whmcs, sent, sleeps } = connector([{ status: 500, text: 'oops' }], { retry: { maxRetries: 2, sleep: async (ms) => void recorded.push(ms), random: () => 0 } });

      // Act
      const error = await caught(whmcs.findAllByTag('7', TAG));

      // Assess
      expect(error).toBeInstanceOf(BillingUnavailableError);
      expect(sent).toHaveLength(3);
      expect(recorded).toEqual([0, 0]);
      expect(sleeps).toEqual([]);
    });
  });
});
