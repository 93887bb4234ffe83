import { inspect } from 'node:util';
import { blestaApi } from '../../../local/billingSystems/blesta';
import { startBillingSimulator, type BillingSimStatsJson, type RunningBillingSimulator } from '../../../local/billingSystems/server';
import { createBlestaConnector, type BlestaConnectorConfig } from '../../../shared/invoicing/connectors/blesta';
import {
  BillingAuthError,
  BillingClientNotFoundError,
  BillingTransportError,
  BillingUnavailableError,
  type BillingConnector,
  type DraftInvoice,
  type DraftInvoiceLine,
} from '../../../shared/invoicing';

const API_USER = 'bridge-sim-user';
const API_KEY = 'sim-key-6d1f0e93b2c84a57';

/** Pure draft data as the push builds it: the tag in the notes, one line per server and kind. */
function draft(clientId: string, tag: string, lines: readonly Pick<DraftInvoiceLine, 'description' | 'amount' | 'amountMinor'>[]): DraftInvoice {
  const totalMinor = lines.reduce((sum, line) => sum + line.amountMinor, 0);
  return {
    period: '2026-11',
    clientId,
    currency: 'USD',
    date: '2026-12-01',
    dueDate: '2026-12-15',
    tag,
    notes: `SolusIO usage, November 2026. Ref: ${tag}`,
    taxed: false,
    lines: lines.map((line, index) => ({ serverId: 10 + index, kind: line.amountMinor < 0 ? 'adjustment' : 'runtime', ...line })),
    total: (totalMinor / 100).toFixed(2),
    totalMinor,
  };
}

const TAG = 'sbb-2026-11-c7-5a1e0c3d9b7f2468';
const INVOICE = draft('7', TAG, [
  { description: 'server 10: 700 h runtime, November 2026', amount: '12.30', amountMinor: 1230 },
  { description: 'server 11: 2 additional IPs, November 2026', amount: '0.05', amountMinor: 5 },
  { description: 'server 10: correction of October 2026', amount: '-0.50', amountMinor: -50 },
]);
const EXPECTED_LINES = [
  { description: 'server 10: 700 h runtime, November 2026', amount: '12.30' },
  { description: 'server 11: 2 additional IPs, November 2026', amount: '0.05' },
  { description: 'server 10: correction of October 2026', amount: '-0.50' },
];

describe('Blesta connector against the Blesta simulator', () => {
  let sim: RunningBillingSimulator;
  let sleeps: number[];

  beforeAll(async () => {
    sim = await startBillingSimulator(blestaApi, { port: 0, identifier: API_USER, secret: API_KEY });
  });
  afterAll(() => sim.close());

  const control = async <T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> => {
    const res = await fetch(`${sim.url}/_sim/${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as T };
  };
  const faults = async (rules: unknown[]): Promise<void> => {
    const reply = await control('POST', 'faults', { rules });
    if (reply.status !== 200) throw new Error(`faults rejected: ${JSON.stringify(reply.body)}`);
  };
  const requests = async (): Promise<Record<string, number>> => (await control<BillingSimStatsJson>('GET', 'stats')).body.requests;

  beforeEach(async () => {
    const reply = await control('POST', 'reset', {});
    if (reply.status !== 200) throw new Error('reset failed');
    sleeps = [];
  });

  /** A connector whose retry waits are recorded, not slept. */
  const makeConnector = (config: Partial<BlestaConnectorConfig> = {}): BillingConnector =>
    createBlestaConnector({
      baseUrl: sim.url,
      identifier: API_USER,
      secret: API_KEY,
      retry: { random: () => 0.5, sleep: async (ms) => void sleeps.push(ms) },
      ...config,
    });

  it('creates a draft and reads it back by tag and by id with the exact amounts', async () => {
    // Prepare
    const connector = makeConnector();

    // Act
    const id = await connector.createDraft(INVOICE);
    const byTag = await connector.findAllByTag('7', TAG);
    const byId = await connector.getInvoice(id);

    // Assess
    const expected = { id, clientId: '7', status: 'draft', notes: INVOICE.notes, lines: EXPECTED_LINES };
    expect(byTag).toEqual([expected]);
    expect(byId).toEqual(expected);
    const stored = sim.store.get(Number(id));
    expect(stored).toMatchObject({ clientId: '7', status: 'draft', date: '2026-12-01', dueDate: '2026-12-15', currency: 'USD', notes: INVOICE.notes });
    expect(stored?.items.map((item) => item.amount)).toEqual(['12.3000', '0.0500', '-0.5000']);
    // The whole list is walked (page 2 is empty), so a second invoice carrying the tag would show.
    expect(await requests()).toEqual({ 'invoices/add': 1, 'invoices/getList': 2, 'invoices/get': 2 });
  });

  it('answers nothing for a tag nobody carries, and undefined for an unknown invoice id', async () => {
    // Prepare
    const connector = makeConnector();
    await connector.createDraft(INVOICE);

    // Act
    const otherTag = await connector.findAllByTag('7', 'sbb-2026-11-c7-ffffffffffffffff');
    const otherClient = await connector.findAllByTag('8', TAG);
    const missing = await connector.getInvoice('999');

    // Assess
    expect(otherTag).toEqual([]);
    expect(otherClient).toEqual([]);
    expect(missing).toBeUndefined();
  });

  it('walks the list pages to an older invoice, whatever its status now', async () => {
    // Prepare: the tagged invoice is the oldest of 26, so it sits on the second page of 20
    const connector = makeConnector();
    const id = await connector.createDraft(INVOICE);
    for (let n = 0; n < 25; n++) {
      sim.store.addInvoice({ clientId: '7', status: n % 2 === 0 ? 'draft' : 'active', date: '2026-11-01', dueDate: '2026-11-15', notes: `other ${n}`, currency: 'USD', items: [{ description: 'x', amount: '1.00', taxed: false }] });
    }
    expect((await control('PATCH', `invoices/${id}`, { status: 'active' })).status).toBe(200);
    const before = await requests();

    // Act
    const found = await connector.findAllByTag('7', TAG);
    const absent = await connector.findAllByTag('7', 'sbb-none');

    // Assess
    expect(found).toEqual([expect.objectContaining({ id, status: 'active', lines: EXPECTED_LINES })]);
    expect(absent).toEqual([]);
    const after = await requests();
    const delta = (operation: string) => (after[operation] ?? 0) - (before[operation] ?? 0);
    // found: pages 1 and 2, then the one invoice; absent: page 1 (full) and page 2 (shorter).
    expect(delta('invoices/getList')).toBe(4);
    expect(delta('invoices/get')).toBe(1);
  });

  it('answers BillingAuthError for wrong credentials without showing them', async () => {
    // Prepare
    const wrongKey = 'wrong-key-0c9d8e7f6a5b';
    const connector = makeConnector({ secret: wrongKey });

    // Act
    const error = await connector.findAllByTag('7', TAG).catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(BillingAuthError);
    expect(error).toMatchObject({ status: 401, operation: 'invoices/getList' });
    for (const shown of [(error as Error).message, String(error), inspect(error)]) {
      expect(shown).not.toContain(wrongKey);
      expect(shown).not.toContain(API_KEY);
    }
    expect((error as Error).message).toContain('The authorization details given appear to be invalid.');
  });

  it('accepts HTTP Basic alone (Blesta 4.x) or the headers alone, and refuses a request whose two pairs disagree', async () => {
    // Prepare
    const basic = (user: string, key: string) => `Basic ${Buffer.from(`${user}:${key}`).toString('base64')}`;
    const get = (headers: Record<string, string>) => fetch(`${sim.url}/api/invoices/get.json?invoice_id=1`, { headers });

    // Act
    const basicOnly = await get({ authorization: basic(API_USER, API_KEY) });
    const headersOnly = await get({ 'BLESTA-API-USER': API_USER, 'BLESTA-API-KEY': API_KEY });
    const wrongBasic = await get({ authorization: basic(API_USER, 'not-the-key'), 'BLESTA-API-USER': API_USER, 'BLESTA-API-KEY': API_KEY });
    const wrongHeaders = await get({ authorization: basic(API_USER, API_KEY), 'BLESTA-API-USER': API_USER, 'BLESTA-API-KEY': 'not-the-key' });
    const none = await get({});

    // Assess
    expect([basicOnly.status, headersOnly.status, wrongBasic.status, wrongHeaders.status, none.status]).toEqual([200, 200, 401, 401, 401]);
    expect(await wrongBasic.json()).toEqual({ message: 'The authorization details given appear to be invalid.', response: null });
  });

  it('answers BillingClientNotFoundError for a client Blesta does not have', async () => {
    // Prepare
    await control('POST', 'reset', { clients: ['7'] });
    const connector = makeConnector();

    // Act
    const error = await connector.createDraft(draft('8', 'sbb-2026-11-c8-0000000000000000', [{ description: 'x', amount: '1.00', amountMinor: 100 }])).catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(BillingClientNotFoundError);
    expect(error).toMatchObject({ status: 400, operation: 'invoices/add' });
    expect((error as Error).message).toContain('client_id: Invalid client ID.');
    expect(sim.store.all()).toHaveLength(0);
  });

  it('retries a read after 5xx answers, with the waits recorded', async () => {
    // Prepare
    const connector = makeConnector();
    const id = await connector.createDraft(INVOICE);
    await faults([{ operation: 'invoices/get', status: 500, times: 1 }, { operation: 'invoices/get', status: 503, times: 1 }]);

    // Act
    const found = await connector.getInvoice(id);

    // Assess
    expect(found).toMatchObject({ id, lines: EXPECTED_LINES });
    expect(sleeps).toEqual([100, 200]);
    expect((await requests())['invoices/get']).toBe(3);
  });

  it('tries a create once when Blesta fails it', async () => {
    // Prepare
    const connector = makeConnector();
    await faults([{ operation: 'invoices/add', status: 503 }]);

    // Act
    const error = await connector.createDraft(INVOICE).catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(BillingUnavailableError);
    expect(sleeps).toEqual([]);
    expect((await requests())['invoices/add']).toBe(1);
  });

  it('throws BillingTransportError when the answer to a create is lost, and the tag finds the invoice', async () => {
    // Prepare
    const connector = makeConnector();
    await faults([{ operation: 'invoices/add', loseAnswer: true, times: 1 }]);

    // Act
    const error = await connector.createDraft(INVOICE).catch((caught: unknown) => caught);
    const found = await connector.findAllByTag('7', TAG);

    // Assess
    expect(error).toBeInstanceOf(BillingTransportError);
    expect((await requests())['invoices/add']).toBe(1);
    expect(sim.store.all()).toHaveLength(1);
    expect(found).toEqual([{ id: String(sim.store.all()[0]?.id), clientId: '7', status: 'draft', notes: INVOICE.notes, lines: EXPECTED_LINES }]);
  });

  it('answers undefined for an invoice the admin deleted', async () => {
    // Prepare
    const connector = makeConnector();
    const id = await connector.createDraft(INVOICE);
    expect((await control('DELETE', `invoices/${id}`)).status).toBe(200);

    // Act
    const byId = await connector.getInvoice(id);
    const byTag = await connector.findAllByTag('7', TAG);

    // Assess
    expect(byId).toBeUndefined();
    expect(byTag).toEqual([]);
  });

  it('shows an amount the admin edited', async () => {
    // Prepare
    const connector = makeConnector();
    const id = await connector.createDraft(INVOICE);
    const itemId = sim.store.get(Number(id))?.items[0]?.id;
    expect((await control('PATCH', `invoices/${id}`, { items: [{ id: itemId, amount: '15.5' }] })).status).toBe(200);

    // Act
    const found = await connector.getInvoice(id);

    // Assess
    expect(found?.lines).toEqual([{ description: 'server 10: 700 h runtime, November 2026', amount: '15.50' }, ...EXPECTED_LINES.slice(1)]);
  });

  it("speaks Blesta's own errors for unknown methods and formats", async () => {
    // Prepare
    const headers = { 'BLESTA-API-USER': API_USER, 'BLESTA-API-KEY': API_KEY };

    // Act
    const unknownMethod = await fetch(`${sim.url}/api/invoices/noSuchMethod.json`, { headers });
    const unknownModel = await fetch(`${sim.url}/api/nosuchmodel/get.json`, { headers });
    const xml = await fetch(`${sim.url}/api/invoices/get.xml?invoice_id=1`, { headers });
    const outside = await fetch(`${sim.url}/admin/login`, { headers });

    // Assess
    expect(unknownMethod.status).toBe(404);
    expect(await unknownMethod.json()).toEqual({ message: 'The requested resource does not exist.', response: null });
    expect(unknownModel.status).toBe(404);
    expect(xml.status).toBe(415);
    expect(outside.status).toBe(404);
    expect(await outside.json()).toEqual({ message: 'The requested resource does not exist.', response: null });
  });
});
