import { inspect } from 'node:util';
import { whmcsApi } from '../../../local/billingSystems/whmcs';
import { startBillingSimulator, type RunningBillingSimulator } from '../../../local/billingSystems/server';
import { createWhmcsConnector, type WhmcsConnectorConfig } from '../../../shared/invoicing/connectors/whmcs';
import {
  BillingAuthError,
  BillingClientNotFoundError,
  BillingTransportError,
  invoiceTag,
  type DraftInvoice,
  type DraftInvoiceLine,
} from '../../../shared/invoicing';
import { BillingSimClient } from '../../support/billingSimClient';

const IDENTIFIER = 'sim-whmcs-ident-3b7d0e';
const SECRET = 'sim-whmcs-secret-f18a92c4d5';

describe('WHMCS connector against the WHMCS simulator', () => {
  let sim: RunningBillingSimulator;
  let sleeps: number[];

  beforeAll(async () => {
    sim = await startBillingSimulator(whmcsApi, { port: 0, identifier: IDENTIFIER, secret: SECRET });
  });

  afterAll(async () => {
    await sim.close();
  });

  const simClient = new BillingSimClient(() => sim.url);
  const control = <T = unknown>(method: string, route: string, body?: unknown): Promise<T> => simClient.control<T>(method, route, body);

  const requests = (operation: string) => simClient.requests(operation);
  const simInvoices = () => simClient.invoices();

  beforeEach(async () => {
    await control('POST', 'reset', {});
    sleeps = [];
  });

  /** A connector whose retry waits are recorded, not slept. */
  const makeConnector = (config: Partial<WhmcsConnectorConfig> = {}) =>
    createWhmcsConnector({
      baseUrl: sim.url,
      identifier: IDENTIFIER,
      secret: SECRET,
      currency: 'USD',
      retry: { random: () => 0.5, sleep: async (ms) => void sleeps.push(ms) },
      ...config,
    });

  function draft(clientId: string, serverId: number, lines?: readonly Omit<DraftInvoiceLine, 'serverId'>[]): DraftInvoice {
    const draftLines: DraftInvoiceLine[] = (
      lines ?? [
        { kind: 'runtime', description: `server ${serverId}: 700 h runtime, November 2026`, amount: '12.30', amountMinor: 1230 },
        { kind: 'ips', description: `server ${serverId}: 2 IPs, November 2026`, amount: '1.05', amountMinor: 105 },
        { kind: 'adjustment', description: `server ${serverId}: adjustment of October 2026`, amount: '-0.50', amountMinor: -50 },
      ]
    ).map((line) => ({ ...line, serverId }));
    const tag = invoiceTag('2026-11', clientId, draftLines);
    const totalMinor = draftLines.reduce((sum, line) => sum + line.amountMinor, 0);
    return {
      period: '2026-11',
      clientId,
      currency: 'USD',
      date: '2026-12-01',
      dueDate: '2026-12-15',
      tag,
      notes: `SolusIO usage, November 2026. Ref: ${tag}`,
      taxed: false,
      lines: draftLines,
      total: (totalMinor / 100).toFixed(2),
      totalMinor,
    };
  }

  const faults = (rules: unknown[]) => simClient.faults(rules);

  it('creates a draft and finds and reads it back with exact amounts, lines in order', async () => {
    // Arrange
    const whmcs = makeConnector();
    const invoice = draft('7', 12);

    // Act
    const id = await whmcs.createDraft(invoice);
    const found = await whmcs.findAllByTag('7', invoice.tag);
    const read = await whmcs.getInvoice(id);

    // Assess
    const expected = {
      id,
      clientId: '7',
      status: 'Draft',
      notes: invoice.notes,
      lines: [
        { description: 'server 12: 700 h runtime, November 2026', amount: '12.30' },
        { description: 'server 12: 2 IPs, November 2026', amount: '1.05' },
        { description: 'server 12: adjustment of October 2026', amount: '-0.50' },
      ],
    };
    expect(found).toEqual([expected]);
    expect(read).toEqual(expected);
    const [stored] = await simInvoices();
    expect(stored).toMatchObject({ clientId: '7', status: 'Draft', date: '2026-12-01', dueDate: '2026-12-15', notes: invoice.notes });
    expect(await requests('CreateInvoice')).toBe(1);
    expect(await requests('GetInvoices')).toBe(1);
    expect(await requests('GetInvoice')).toBe(2);
  });

  it('answers undefined for a tag no invoice carries', async () => {
    // Arrange
    const whmcs = makeConnector();
    await whmcs.createDraft(draft('7', 12));

    // Act
    const found = await whmcs.findAllByTag('7', 'sbb-2026-11-c7-ffffffffffffffff');

    // Assess
    expect(found).toEqual([]);
    expect(await requests('GetInvoice')).toBe(0);
  });

  it('walks every page of the list to find an old invoice, opening only that one', async () => {
    // Arrange: the tagged invoice is the oldest of five, behind two full pages.
    const whmcs = makeConnector({ pageSize: 2 });
    const oldest = draft('7', 1);
    await whmcs.createDraft(oldest);
    for (const serverId of [2, 3, 4, 5]) await whmcs.createDraft(draft('7', serverId));
    await whmcs.createDraft(draft('8', 1, [{ kind: 'runtime', description: 'other client', amount: '3.00', amountMinor: 300 }]));

    // Act
    const found = await whmcs.findAllByTag('7', oldest.tag);

    // Assess
    expect(found).toEqual([expect.objectContaining({ id: '1', clientId: '7', notes: oldest.notes })]);
    expect(await requests('GetInvoices')).toBe(3);
    expect(await requests('GetInvoice')).toBe(1);
  });

  it('refuses wrong credentials as BillingAuthError without the credentials in it', async () => {
    // Arrange
    const wrongSecret = 'not-the-secret-77c2e1';
    const whmcs = makeConnector({ secret: wrongSecret });

    // Act
    const error = await whmcs.findAllByTag('7', 'sbb-x').catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(BillingAuthError);
    expect(error).toMatchObject({ status: 403, operation: 'GetInvoices' });
    for (const text of [String(error), inspect(error)]) {
      expect(text).not.toContain(wrongSecret);
      expect(text).not.toContain(IDENTIFIER);
    }
  });

  it('reset with an access key refuses every call without it as WHMCS refuses an unlisted address, and takes the key', async () => {
    // Arrange
    const accessKey = 'sim-acc3ss-(k)';
    await control('POST', 'reset', { accessKey });
    const withoutKey = makeConnector();
    const withKey = makeConnector({ accessKey });
    const wrongKey = makeConnector({ accessKey: 'not-the-key' });

    // Act
    const refused = await fetch(`${sim.url}/includes/api.php`, { method: 'POST', body: new URLSearchParams({ identifier: IDENTIFIER, secret: SECRET, action: 'GetInvoices', responsetype: 'json' }) });
    const refusedBody = (await refused.json()) as unknown;
    const noKeyError = await withoutKey.createDraft(draft('7', 12)).catch((caught: unknown) => caught);
    const wrongKeyError = await wrongKey.findAllByTag('7', 'sbb-x').catch((caught: unknown) => caught);
    const id = await withKey.createDraft(draft('7', 12));
    await control('POST', 'reset', {});
    const afterReset = await withoutKey.findAllByTag('7', 'sbb-x');

    // Assess
    expect({ status: refused.status, body: refusedBody }).toEqual({ status: 403, body: { result: 'error', message: 'Invalid IP 127.0.0.1' } });
    expect(noKeyError).toBeInstanceOf(BillingAuthError);
    expect(noKeyError).toMatchObject({ status: 403, operation: 'CreateInvoice' });
    expect(wrongKeyError).toBeInstanceOf(BillingAuthError);
    expect(inspect(wrongKeyError)).not.toContain('not-the-key');
    expect(id).toBe('1');
    expect(afterReset).toEqual([]);
  });

  it('maps an unknown client to BillingClientNotFoundError and creates nothing', async () => {
    // Arrange
    await control('POST', 'reset', { clients: ['7'] });
    const whmcs = makeConnector();

    // Act
    const error = await whmcs.createDraft(draft('9', 12)).catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(BillingClientNotFoundError);
    expect(error).toMatchObject({ operation: 'CreateInvoice', message: 'whmcs CreateInvoice: Client ID Not Found' });
    expect(await simInvoices()).toEqual([]);
  });

  it('retries a read answered 503 and records the wait', async () => {
    // Arrange
    const whmcs = makeConnector();
    const invoice = draft('7', 12);
    await whmcs.createDraft(invoice);
    await faults([{ operation: 'GetInvoices', status: 503, times: 1 }]);

    // Act
    const found = await whmcs.findAllByTag('7', invoice.tag);

    // Assess
    expect(found.map((remote) => remote.notes)).toEqual([invoice.notes]);
    expect(sleeps).toEqual([100]);
    expect(await requests('GetInvoices')).toBe(2);
  });

  it('reports a lost create answer as BillingTransportError, and findAllByTag then finds the invoice', async () => {
    // Arrange
    const whmcs = makeConnector();
    const invoice = draft('7', 12);
    await faults([{ operation: 'CreateInvoice', loseAnswer: true, times: 1 }]);

    // Act
    const error = await whmcs.createDraft(invoice).catch((caught: unknown) => caught);
    const found = await whmcs.findAllByTag('7', invoice.tag);

    // Assess
    expect(error).toBeInstanceOf(BillingTransportError);
    expect(await requests('CreateInvoice')).toBe(1);
    expect(sleeps).toEqual([]);
    expect(found).toEqual([expect.objectContaining({ id: '1', status: 'Draft', notes: invoice.notes })]);
    expect(found[0]?.lines.map((line) => line.amount)).toEqual(['12.30', '1.05', '-0.50']);
  });

  it('answers undefined for an invoice an admin deleted', async () => {
    // Arrange
    const whmcs = makeConnector();
    const invoice = draft('7', 12);
    const id = await whmcs.createDraft(invoice);
    await control('DELETE', `invoices/${id}`);

    // Act
    const raw = await fetch(`${sim.url}/includes/api.php`, { method: 'POST', body: new URLSearchParams({ identifier: IDENTIFIER, secret: SECRET, action: 'GetInvoice', invoiceid: id, responsetype: 'json' }) });
    const rawBody = (await raw.json()) as unknown;
    const read = await whmcs.getInvoice(id);
    const found = await whmcs.findAllByTag('7', invoice.tag);

    // Assess
    expect({ status: raw.status, body: rawBody }).toEqual({ status: 200, body: { status: 'error', message: 'Invoice ID Not Found' } });
    expect(read).toBeUndefined();
    expect(found).toEqual([]);
  });

  it('shows an amount an admin edited', async () => {
    // Arrange
    const whmcs = makeConnector();
    const id = await whmcs.createDraft(draft('7', 12));
    const [stored] = await simInvoices();
    const secondItem = stored?.items[1]?.id ?? -1;
    await control('PATCH', `invoices/${id}`, { items: [{ id: secondItem, amount: '2.5' }] });

    // Act
    const read = await whmcs.getInvoice(id);

    // Assess
    expect(read?.lines.map((line) => line.amount)).toEqual(['12.30', '2.50', '-0.50']);
  });

  it('answers in WHMCS shapes: unknown command, draft sent in the same call, missing credentials', async () => {
    // Arrange
    const post = async (form: Record<string, string>) => {
      const response = await fetch(`${sim.url}/includes/api.php`, { method: 'POST', body: new URLSearchParams({ responsetype: 'json', ...form }) });
      return { status: response.status, body: (await response.json()) as unknown };
    };
    const auth = { identifier: IDENTIFIER, secret: SECRET };

    // Act
    const unknown = await post({ ...auth, action: 'GetNothing' });
    const sentDraft = await post({ ...auth, action: 'createinvoice', userid: '7', draft: '1', sendinvoice: 'false' });
    const anonymous = await post({ action: 'GetInvoices' });

    // Assess
    expect(unknown).toEqual({ status: 200, body: { result: 'error', message: 'Command Not Found' } });
    expect(sentDraft.body).toMatchObject({ result: 'error', message: expect.stringContaining('Cannot create and send a draft invoice') });
    expect(anonymous).toEqual({ status: 403, body: { result: 'error', message: 'Authentication Failed' } });
    expect(await requests('GetNothing')).toBe(1);
    expect(await requests('CreateInvoice')).toBe(1);
    expect(await simInvoices()).toEqual([]);
  });
});
