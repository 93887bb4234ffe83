// Over 300 lines: every call of one connector (encoding, reads, error mapping, create) shares one fake or simulator setup.
import { inspect } from 'node:util';
import { createBlestaConnector } from '../../../../shared/invoicing/connectors/blesta';
import {
  BillingAuthError,
  BillingClientNotFoundError,
  BillingRejectedError,
  BillingResponseError,
  BillingTransportError,
  BillingUnavailableError,
  type DraftInvoice,
} from '../../../../shared/invoicing';

const USER = 'bridge-api-user-41';
const KEY = 'blesta-key-9f3c2a7e51d4';
const BASE = 'https://billing.example.test/blesta/';

interface SeenRequest {
  readonly url: URL;
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly form: URLSearchParams | undefined;
}

type Answer = { status: number; body: unknown } | Error;

/** A fetch that records each request and answers from `answers` in order (the last one repeats). */
function fakeFetch(answers: Answer[]): { fetch: typeof fetch; seen: SeenRequest[] } {
  const seen: SeenRequest[] = [];
  const fake = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const headers = (init?.headers ?? {}) as Record<string, string>;
    const body = typeof init?.body === 'string' ? new URLSearchParams(init.body) : undefined;
    seen.push({ url: new URL(String(input)), method: init?.method ?? 'GET', headers, form: body });
    const answer = answers[Math.min(seen.length - 1, answers.length - 1)];
    if (answer === undefined) throw new Error('no answer scripted');
    if (answer instanceof Error) throw answer;
    const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
    return new Response(text, { status: answer.status, headers: { 'content-type': 'application/json' } });
  };
  return { fetch: fake as typeof fetch, seen };
}

function connectorWith(answers: Answer[], sleeps: number[] = []) {
  const { fetch, seen } = fakeFetch(answers);
  const connector = createBlestaConnector({
    baseUrl: BASE,
    identifier: USER,
    secret: KEY,
    fetch,
    retry: { random: () => 0.5, sleep: async (ms) => void sleeps.push(ms) },
  });
  return { connector, seen };
}

const ok = (response: unknown): Answer => ({ status: 200, body: { message: 'OK', response } });

const DRAFT: DraftInvoice = {
  period: '2026-11',
  clientId: '7',
  currency: 'USD',
  date: '2026-12-01',
  dueDate: '2026-12-15',
  tag: 'sbb-2026-11-c7-0123456789abcdef',
  notes: 'SolusIO usage, November 2026. Ref: sbb-2026-11-c7-0123456789abcdef',
  taxed: false,
  lines: [
    { serverId: 12, kind: 'runtime', description: 'server 12: 700 h runtime, November 2026', amount: '12.30', amountMinor: 1230 },
    { serverId: 12, kind: 'adjustment', description: 'server 12: correction of October 2026', amount: '-0.50', amountMinor: -50 },
  ],
  total: '11.80',
  totalMinor: 1180,
};

const summary = (id: number, notes: string | null, extra: Record<string, unknown> = {}) => ({
  id: String(id),
  client_id: '7',
  status: 'draft',
  note_public: '',
  note_private: notes,
  currency: 'USD',
  ...extra,
});

const invoice = (id: number, notes: string, lines: { description: string; amount: string; qty?: string; subtotal?: string }[], extra: Record<string, unknown> = {}) => ({
  ...summary(id, notes),
  line_items: lines.map((line, index) => ({ id: String(100 + index), invoice_id: String(id), qty: '1.0000', ...line })),
  ...extra,
});

describe('Blesta connector', () => {
  describe('request encoding', () => {
    it('creates a draft with one untaxed line per draft line, the notes in note_private and no delivery', async () => {
      // Prepare
      const { connector, seen } = connectorWith([ok('42')]);

      // Act
      const id = await connector.createDraft(DRAFT);

      // Assess
      expect(id).toBe('42');
      expect(seen).toHaveLength(1);
      const [request] = seen;
      expect(request?.method).toBe('POST');
      expect(request?.url.toString()).toBe('https://billing.example.test/blesta/api/invoices/add.json');
      expect(request?.url.search).toBe('');
      expect(request?.headers).toMatchObject({
        'BLESTA-API-USER': USER,
        'BLESTA-API-KEY': KEY,
        authorization: `Basic ${Buffer.from(`${USER}:${KEY}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      });
      expect([...(request?.form ?? [])]).toEqual([
        ['vars[client_id]', '7'],
        ['vars[date_billed]', '2026-12-01'],
        ['vars[date_due]', '2026-12-15'],
        ['vars[currency]', 'USD'],
        ['vars[status]', 'draft'],
        ['vars[note_private]', DRAFT.notes],
        ['vars[lines][0][description]', 'server 12: 700 h runtime, November 2026'],
        ['vars[lines][0][qty]', '1'],
        ['vars[lines][0][amount]', '12.30'],
        ['vars[lines][1][description]', 'server 12: correction of October 2026'],
        ['vars[lines][1][qty]', '1'],
        ['vars[lines][1][amount]', '-0.50'],
      ]);
    });

    it("sends tax=true on every line of a taxed invoice (an untaxed one sends no tax: Blesta reads any text but '0' as taxed)", async () => {
      // Prepare
      const { connector, seen } = connectorWith([ok('42')]);

      // Act
      await connector.createDraft({ ...DRAFT, taxed: true });

      // Assess
      const form = seen[0]?.form;
      expect([form?.get('vars[lines][0][tax]'), form?.get('vars[lines][1][tax]')]).toEqual(['true', 'true']);
    });

    it('sends HTTP Basic on reads too (Blesta 4.x reads only that), and redacts its encoding from errors', async () => {
      // Prepare
      const basic = Buffer.from(`${USER}:${KEY}`).toString('base64');
      const { connector, seen } = connectorWith([{ status: 401, body: { message: `bad Authorization: Basic ${basic}`, response: null } }]);

      // Act
      const error = await connector.getInvoice('5').catch((caught: unknown) => caught);

      // Assess
      expect(seen[0]?.headers['authorization']).toBe(`Basic ${basic}`);
      expect(error).toBeInstanceOf(BillingAuthError);
      expect(inspect(error)).not.toContain(basic);
    });

    it("reads the client's default_currency with a GET of clients/get; Blesta keeps 4 decimals; false is an unknown client", async () => {
      // Prepare
      const { connector, seen } = connectorWith([ok({ id: '7', settings: { default_currency: 'EUR', language: 'en_us' } }), ok(false)]);

      // Act
      const currency = await connector.clientCurrency('7');
      const unknown = await connector.clientCurrency('8').catch((caught: unknown) => caught);

      // Assess
      expect(currency).toEqual({ code: 'EUR', storedDecimals: 4 });
      expect(seen[0]?.method).toBe('GET');
      expect(seen[0]?.url.pathname).toBe('/blesta/api/clients/get.json');
      expect(seen[0]?.url.searchParams.get('client_id')).toBe('7');
      expect(unknown).toBeInstanceOf(BillingClientNotFoundError);
    });

    it('accepts a numeric invoice id and an answer without the OK message', async () => {
      // Prepare
      const { connector } = connectorWith([{ status: 200, body: { response: 43 } }]);

      // Act
      const id = await connector.createDraft(DRAFT);

      // Assess
      expect(id).toBe('43');
    });

    it('reads one invoice with a GET of invoices/get and normalises its amounts in the line order', async () => {
      // Prepare
      const { connector, seen } = connectorWith([
        ok(
          invoice(5, DRAFT.notes, [
            { description: 'a', amount: '12.3000', subtotal: '12.30000000' },
            { description: 'b', amount: '-0.5000' },
            { description: 'c', amount: '2.5000', qty: '3.0000' },
            { description: 'd', amount: '1.2345', subtotal: '1.23450000' },
          ]),
        ),
      ]);

      // Act
      const found = await connector.getInvoice('5');

      // Assess
      expect(seen[0]?.method).toBe('GET');
      expect(seen[0]?.url.pathname).toBe('/blesta/api/invoices/get.json');
      expect(Object.fromEntries(seen[0]?.url.searchParams ?? [])).toEqual({ invoice_id: '5' });
      expect(seen[0]?.form).toBeUndefined();
      expect(found).toEqual({
        id: '5',
        clientId: '7',
        status: 'draft',
        notes: DRAFT.notes,
        lines: [
          { description: 'a', amount: '12.30' },
          { description: 'b', amount: '-0.50' },
          { description: 'c', amount: '7.50' },
          { description: 'd', amount: '1.2345' },
        ],
      });
    });

    it('writes amounts in the minor digits of the invoice currency', async () => {
      // Prepare
      const { connector } = connectorWith([ok(invoice(5, 'x', [{ description: 'a', amount: '700.0000' }], { currency: 'JPY' }))]);

      // Act
      const found = await connector.getInvoice('5');

      // Assess
      expect(found?.lines).toEqual([{ description: 'a', amount: '700' }]);
    });

    it('answers undefined when Blesta has no such invoice (response false or null)', async () => {
      // Prepare
      const { connector } = connectorWith([ok(false), ok(null)]);

      // Act
      const first = await connector.getInvoice('99');
      const second = await connector.getInvoice('98');

      // Assess
      expect(first).toBeUndefined();
      expect(second).toBeUndefined();
    });
  });

  describe('findAllByTag', () => {
    it('lists every status of the client newest first and opens only the invoices whose notes carry the tag', async () => {
      // Prepare
      const { connector, seen } = connectorWith([
        ok([summary(9, 'Ref: sbb-other'), summary(8, DRAFT.notes, { status: 'active' }), summary(7, null)]),
        ok(invoice(8, DRAFT.notes, [{ description: 'a', amount: '12.3000' }], { status: 'active' })),
        ok([]),
      ]);

      // Act
      const found = await connector.findAllByTag('7', DRAFT.tag);

      // Assess
      expect(found).toEqual([expect.objectContaining({ id: '8', status: 'active', lines: [{ description: 'a', amount: '12.30' }] })]);
      expect(seen.map((r) => r.url.pathname)).toEqual(['/blesta/api/invoices/getList.json', '/blesta/api/invoices/get.json', '/blesta/api/invoices/getList.json']);
      expect(Object.fromEntries(seen[0]?.url.searchParams ?? [])).toEqual({ client_id: '7', status: 'all', page: '1', 'order_by[id]': 'DESC' });
      expect(seen[1]?.url.searchParams.get('invoice_id')).toBe('8');
    });

    it('answers every invoice carrying the tag, so a duplicate shows', async () => {
      // Prepare
      const { connector } = connectorWith([
        ok([summary(9, DRAFT.notes), summary(8, 'x'), summary(7, DRAFT.notes)]),
        ok(invoice(9, DRAFT.notes, [{ description: 'a', amount: '1.0000' }])),
        ok(invoice(7, DRAFT.notes, [{ description: 'a', amount: '1.0000' }])),
        ok([]),
      ]);

      // Act
      const found = await connector.findAllByTag('7', DRAFT.tag);

      // Assess
      expect(found.map((remote) => remote.id)).toEqual(['9', '7']);
    });

    it('walks the pages until one is shorter than the first and answers nothing without a match', async () => {
      // Prepare
      const { connector, seen } = connectorWith([
        ok([summary(7, 'a'), summary(6, 'b'), summary(5, 'c')]),
        ok([summary(4, 'd'), summary(3, 'e'), summary(2, 'f')]),
        ok([summary(1, 'g')]),
      ]);

      // Act
      const found = await connector.findAllByTag('7', DRAFT.tag);

      // Assess
      expect(found).toEqual([]);
      expect(seen.map((r) => r.url.searchParams.get('page'))).toEqual(['1', '2', '3']);
    });

    it('stops at an empty page, and at a page that repeats one already seen', async () => {
      // Prepare
      const empty = connectorWith([ok([summary(2, 'a'), summary(1, 'b')]), ok([])]);
      const repeating = connectorWith([ok([summary(2, 'a'), summary(1, 'b')])]);
      const none = connectorWith([ok(false)]);

      // Act
      const results = await Promise.all([empty.connector.findAllByTag('7', DRAFT.tag), repeating.connector.findAllByTag('7', DRAFT.tag), none.connector.findAllByTag('7', DRAFT.tag)]);

      // Assess
      expect(results).toEqual([[], [], []]);
      expect(empty.seen).toHaveLength(2);
      expect(repeating.seen).toHaveLength(2);
      expect(none.seen).toHaveLength(1);
    });

    it('finds the tag on a later page', async () => {
      // Prepare
      const { connector, seen } = connectorWith([
        ok([summary(3, 'a'), summary(2, 'b')]),
        ok([summary(1, DRAFT.notes)]),
        ok(invoice(1, DRAFT.notes, [{ description: 'a', amount: '1.0000' }])),
      ]);

      // Act
      const found = await connector.findAllByTag('7', DRAFT.tag);

      // Assess
      expect(found.map((remote) => remote.id)).toEqual(['1']);
      expect(seen).toHaveLength(3);
    });

    it('opens the invoices when the list answers without their notes', async () => {
      // Prepare
      const bare = (id: number) => ({ id: String(id), client_id: '7', status: 'draft' });
      const { connector, seen } = connectorWith([
        ok([bare(2), bare(1)]),
        ok(invoice(2, 'other notes', [])),
        ok(invoice(1, DRAFT.notes, [{ description: 'a', amount: '1.0000' }])),
        ok([]),
      ]);

      // Act
      const found = await connector.findAllByTag('7', DRAFT.tag);

      // Assess
      expect(found.map((remote) => remote.id)).toEqual(['1']);
      expect(seen.map((r) => r.url.pathname.split('/').pop())).toEqual(['getList.json', 'get.json', 'get.json', 'getList.json']);
    });

    it("skips another client's invoice even when the list carries it", async () => {
      // Prepare
      const { connector, seen } = connectorWith([ok([summary(1, DRAFT.notes, { client_id: '8' })]), ok([])]);

      // Act
      const found = await connector.findAllByTag('7', DRAFT.tag);

      // Assess
      expect(found).toEqual([]);
      expect(seen.every((r) => r.url.pathname.endsWith('getList.json'))).toBe(true);
    });
  });

  describe('error mapping', () => {
    it.each([
      [401, { message: 'The authorization details given appear to be invalid.', response: null }, BillingAuthError],
      [403, { message: 'The requested resource is not accessible.', response: null }, BillingAuthError],
      [400, { message: 'The request cannot be fulfilled due to bad syntax.', errors: { client_id: { exists: 'Invalid client ID.' } }, response: null }, BillingClientNotFoundError],
      [400, { message: 'The request cannot be fulfilled due to bad syntax.', errors: { 'lines[][amount]': { format: 'The unit cost must be a number.' } } }, BillingRejectedError],
      [404, { message: 'The requested resource does not exist.', response: null }, BillingRejectedError],
      [415, 'Unsupported', BillingRejectedError],
      // A redirect is refused by the transport: it would carry the API key to another origin.
      [302, '', BillingRejectedError],
    ])('maps HTTP %i to its named error', async (status, body, errorClass) => {
      // Prepare
      const { connector, seen } = connectorWith([{ status, body }]);

      // Act
      const error = await connector.createDraft(DRAFT).catch((caught: unknown) => caught);

      // Assess
      expect(error).toBeInstanceOf(errorClass);
      expect(error).toMatchObject({ system: 'blesta', operation: 'invoices/add', status });
      expect(seen).toHaveLength(1);
    });

    it('says what Blesta refused in the message', async () => {
      // Prepare
      const { connector } = connectorWith([{ status: 400, body: { message: 'The request cannot be fulfilled due to bad syntax.', errors: { date_due: { after_billed: 'The date due must be on or after the date billed.' } } } }]);

      // Act
      const error = await connector.createDraft(DRAFT).catch((caught: unknown) => caught);

      // Assess
      expect(error).toBeInstanceOf(BillingRejectedError);
      expect(String(error)).toContain('date_due: The date due must be on or after the date billed.');
      expect(String(error)).toContain('HTTP 400');
    });

    it.each([
      ['a body that is not JSON', { status: 200, body: '<html>maintenance</html>' }],
      ['an envelope without a response', { status: 200, body: { message: 'OK' } }],
      ['an id that is not one', { status: 200, body: { message: 'OK', response: { id: 4 } } }],
      ['no id at all', ok(null)],
    ])('answers BillingResponseError for %s on create', async (_name, answer) => {
      // Prepare
      const { connector } = connectorWith([answer as Answer]);

      // Act
      const error = await connector.createDraft(DRAFT).catch((caught: unknown) => caught);

      // Assess
      expect(error).toBeInstanceOf(BillingResponseError);
    });

    it.each([
      ['line items missing', ok({ id: '5', client_id: '7', status: 'draft', note_private: 'x' })],
      ['an amount that is not a decimal', ok(invoice(5, 'x', [{ description: 'a', amount: '12,30 EUR' }]))],
      ['a list that is not a list', ok({ invoices: [] })],
    ])('answers BillingResponseError for %s on reads', async (name, answer) => {
      // Prepare
      const { connector } = connectorWith([answer]);

      // Act
      const error = await (name.startsWith('a list') ? connector.findAllByTag('7', 'x') : connector.getInvoice('5')).catch((caught: unknown) => caught);

      // Assess
      expect(error).toBeInstanceOf(BillingResponseError);
    });

    it('never shows a credential, even one the system echoes back', async () => {
      // Prepare
      const { connector } = connectorWith([{ status: 401, body: { message: `API key ${KEY} of user ${USER} is invalid`, response: null } }]);

      // Act
      const error = await connector.getInvoice('5').catch((caught: unknown) => caught);

      // Assess
      expect(error).toBeInstanceOf(BillingAuthError);
      for (const shown of [(error as Error).message, String(error), inspect(error)]) {
        expect(shown).not.toContain(KEY);
        expect(shown).not.toContain(USER);
      }
      expect((error as Error).message).toContain('[redacted]');
    });

    it('retries reads on 5xx and transport errors, recording the waits', async () => {
      // Prepare
      const sleeps: number[] = [];
      const { connector, seen } = connectorWith(
        [{ status: 503, body: { message: 'The requested resource is currently unavailable due to maintenance.' } }, new TypeError('fetch failed'), ok(false)],
        sleeps,
      );

      // Act
      const found = await connector.getInvoice('5');

      // Assess
      expect(found).toBeUndefined();
      expect(seen).toHaveLength(3);
      expect(sleeps).toEqual([100, 200]);
    });

    it('tries a create once: a 5xx or a lost answer is thrown, not retried', async () => {
      // Prepare
      const unavailable = connectorWith([{ status: 500, body: { message: 'An unexpected error occured.' } }, ok('1')]);
      const lost = connectorWith([new TypeError('socket hang up'), ok('1')]);

      // Act
      const errors = await Promise.all([unavailable.connector.createDraft(DRAFT).catch((e: unknown) => e), lost.connector.createDraft(DRAFT).catch((e: unknown) => e)]);

      // Assess
      expect(errors[0]).toBeInstanceOf(BillingUnavailableError);
      expect(errors[1]).toBeInstanceOf(BillingTransportError);
      expect(unavailable.seen).toHaveLength(1);
      expect(lost.seen).toHaveLength(1);
    });
  });
});
