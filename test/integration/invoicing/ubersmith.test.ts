import { inspect } from 'node:util';
import { LINE_ADD_OPERATION, ubersmithApi } from '../../../local/billingSystems/ubersmith';
import { startBillingSimulator, type RunningBillingSimulator } from '../../../local/billingSystems/server';
import { createUbersmithConnector, type UbersmithConnectorConfig } from '../../../shared/invoicing/connectors/ubersmith';
import {
  BillingAuthError,
  BillingClientNotFoundError,
  BillingTransportError,
  BillingUnavailableError,
  formatMinorUnits,
  invoiceTag,
  type DraftInvoice,
  type DraftInvoiceLine,
} from '../../../shared/invoicing';
import { BillingSimClient } from '../../support/billingSimClient';

const API_USER = 'sim-uber-apiuser-41c9';
const API_TOKEN = 'sim-uber-token-0e7d5a93b2';

describe('Ubersmith connector against the Ubersmith simulator', () => {
  let sim: RunningBillingSimulator;
  let sleeps: number[];

  beforeAll(async () => {
    sim = await startBillingSimulator(ubersmithApi, { port: 0, identifier: API_USER, secret: API_TOKEN });
  });

  afterAll(async () => {
    await sim.close();
  });

  const simClient = new BillingSimClient(() => sim.url);
  const requests = (operation: string) => simClient.requests(operation);

  beforeEach(async () => {
    await simClient.control('POST', 'reset', {});
    sleeps = [];
  });

  const makeConnector = (config: Partial<UbersmithConnectorConfig> = {}) =>
    createUbersmithConnector({
      baseUrl: sim.url,
      identifier: API_USER,
      secret: API_TOKEN,
      currency: 'USD',
      retry: { random: () => 0.5, sleep: async (ms) => void sleeps.push(ms) },
      ...config,
    });

  function draft(clientId: string, serverId: number, period = '2026-11'): DraftInvoice {
    const lines: DraftInvoiceLine[] = [
      { serverId, kind: 'runtime', description: `server ${serverId}: 700 h runtime, ${period}`, amount: '12.30', amountMinor: 1230 },
      { serverId, kind: 'ips', description: `server ${serverId}: 2 IPs, ${period}`, amount: '1.05', amountMinor: 105 },
      { serverId, kind: 'adjustment', description: `server ${serverId}: adjustment of an earlier period`, amount: '-0.50', amountMinor: -50 },
    ];
    const tag = invoiceTag(period, clientId, lines);
    const totalMinor = lines.reduce((sum, line) => sum + line.amountMinor, 0);
    return { period, clientId, currency: 'USD', date: '2026-12-01', dueDate: '2026-12-15', tag, notes: `SolusIO usage, ${period}. Ref: ${tag}`, taxed: false, lines, total: formatMinorUnits(totalMinor, 'USD'), totalMinor };
  }

  it('creates a pending charge group with a child service a line, and finds and reads it back with exact amounts in order', async () => {
    // Arrange
    const ubersmith = makeConnector();
    const invoice = draft('7', 12);

    // Act
    const id = await ubersmith.createDraft(invoice);
    const found = await ubersmith.findAllByTag('7', invoice.tag);
    const read = await ubersmith.getInvoice(id);

    // Assess
    const expected = {
      id,
      clientId: '7',
      status: 'Pending',
      notes: invoice.notes,
      lines: [
        { description: 'server 12: 700 h runtime, 2026-11', amount: '12.30' },
        { description: 'server 12: 2 IPs, 2026-11', amount: '1.05' },
        { description: 'server 12: adjustment of an earlier period', amount: '-0.50' },
      ],
    };
    expect(found).toEqual([expected]);
    expect(read).toEqual(expected);
    const [stored] = await simClient.invoices();
    expect(stored).toMatchObject({ clientId: '7', status: 'Pending', notes: invoice.notes });
    expect(stored?.items.map((item) => [item.amount, item.taxed])).toEqual([['12.30', false], ['1.05', false], ['-0.50', false]]);
    expect(await requests('client.service_add')).toBe(1);
    expect(await requests(LINE_ADD_OPERATION)).toBe(3);
  });

  it('answers nothing for a tag no group carries, and for a client without services', async () => {
    // Arrange
    const ubersmith = makeConnector();
    await ubersmith.createDraft(draft('7', 12));

    // Act
    const missing = await ubersmith.findAllByTag('7', 'sbb-2026-11-c7-ffffffffffffffff');
    const none = await ubersmith.findAllByTag('9', 'sbb-2026-11-c9-ffffffffffffffff');

    // Assess
    expect(missing).toEqual([]);
    expect(none).toEqual([]);
  });

  it('walks offset/limit pages of the client services and finds two groups with the tag prefix, newest first', async () => {
    // Arrange: 8 groups of 4 services each, 5 services a page: the two tagged groups are the first and the last.
    const ubersmith = makeConnector({ pageSize: 5 });
    const first = await ubersmith.createDraft(draft('7', 1));
    for (let serverId = 2; serverId <= 7; serverId++) await ubersmith.createDraft(draft('7', serverId, '2026-09'));
    const otherTag = `${draft('7', 1).tag.slice(0, -16)}0000000000000000`;
    const last = await ubersmith.createDraft({ ...draft('7', 8), tag: otherTag, notes: `Ref: ${otherTag}` });
    const listedBefore = await requests('client.service_list');

    // Act
    const found = await ubersmith.findAllByTag('7', draft('7', 1).tag.slice(0, -16));

    // Assess
    expect(found.map((invoice) => invoice.id)).toEqual([last, first]);
    // 32 services: 7 pages to the short one, then one list of children per group found.
    expect((await requests('client.service_list')) - listedBefore).toBe(7 + 2);
  });

  it('refuses wrong credentials (HTTP 401) with BillingAuthError and no credential, nor its Basic encoding, in the error', async () => {
    // Arrange
    const wrongToken = 'wrong-uber-token-5521aa';
    const ubersmith = makeConnector({ secret: wrongToken });

    // Act
    const createError = await ubersmith.createDraft(draft('7', 1)).catch((caught: unknown) => caught);
    const readError = await ubersmith.getInvoice('1').catch((caught: unknown) => caught);

    // Assess
    for (const error of [createError, readError]) {
      expect(error).toBeInstanceOf(BillingAuthError);
      const shown = `${String(error)} ${inspect(error)}`;
      for (const secret of [wrongToken, API_USER, Buffer.from(`${API_USER}:${wrongToken}`).toString('base64')]) expect(shown).not.toContain(secret);
    }
    expect(createError).toMatchObject({ system: 'ubersmith', operation: 'client.service_add', status: 401 });
    expect(await simClient.invoices()).toEqual([]);
  });

  it('reports an unknown client as BillingClientNotFoundError on create, lookup and currency', async () => {
    // Arrange
    await simClient.control('POST', 'reset', { clients: ['7'] });
    const ubersmith = makeConnector();

    // Act
    const errors = await Promise.all([
      ubersmith.createDraft(draft('8', 1)).catch((caught: unknown) => caught),
      ubersmith.findAllByTag('8', 'sbb-2026-11-c8-').catch((caught: unknown) => caught),
      ubersmith.clientCurrency('8').catch((caught: unknown) => caught),
    ]);

    // Assess
    for (const error of errors) expect(error).toBeInstanceOf(BillingClientNotFoundError);
    expect(errors.map((error) => (error as BillingClientNotFoundError).operation)).toEqual(['client.service_add', 'client.service_list', 'client.get']);
    expect(await simClient.invoices()).toEqual([]);
  });

  it('retries a read through 5xx answers, sleeping the recorded backoff', async () => {
    // Arrange
    const ubersmith = makeConnector();
    const id = await ubersmith.createDraft(draft('7', 1));
    await simClient.faults([{ operation: 'client.service_get', status: 503, times: 2 }]);

    // Act
    const read = await ubersmith.getInvoice(id);

    // Assess
    expect(read?.lines.map((line) => line.amount)).toEqual(['12.30', '1.05', '-0.50']);
    expect(await requests('client.service_get')).toBe(3);
    expect(sleeps).toEqual([100, 200]);
  });

  it('tries a create once: a lost answer is a BillingTransportError and the tag finds the group, without lines', async () => {
    // Arrange
    const ubersmith = makeConnector();
    const invoice = draft('7', 1);
    await simClient.faults([{ operation: 'client.service_add', loseAnswer: true, times: 1 }]);

    // Act
    const error = await ubersmith.createDraft(invoice).catch((caught: unknown) => caught);
    const found = await ubersmith.findAllByTag('7', invoice.tag);

    // Assess
    expect(error).toBeInstanceOf(BillingTransportError);
    expect(await requests('client.service_add')).toBe(1);
    expect(sleeps).toEqual([]);
    expect(found).toEqual([expect.objectContaining({ clientId: '7', status: 'Pending', notes: invoice.notes, lines: [] })]);
  });

  it('reports the group id before any line, and resumes a create stopped between lines by that id, adding only the lines it lacks', async () => {
    // Arrange: the second line's answer is lost after Ubersmith added it.
    const ubersmith = makeConnector();
    const invoice = draft('7', 1);
    const created: string[] = [];
    const progress = {
      created: async (id: string) => {
        created.push(id);
        await simClient.faults([
          { operation: LINE_ADD_OPERATION, delayMs: 0, times: 1 },
          { operation: LINE_ADD_OPERATION, loseAnswer: true, times: 1 },
        ]);
      },
    };

    // Act
    const error = await ubersmith.createDraft(invoice, progress).catch((caught: unknown) => caught);
    const resumed = await ubersmith.resumeDraft?.(created[0] ?? '', invoice);

    // Assess
    expect(error).toBeInstanceOf(BillingTransportError);
    expect((error as Error).message).toContain(`charge group ${created[0] ?? ''} lacks 2 of its 3 lines`);
    expect(resumed?.lines.map((line) => line.amount)).toEqual(['12.30', '1.05', '-0.50']);
    expect(await requests('client.service_add')).toBe(1);
    expect(await requests(LINE_ADD_OPERATION)).toBe(3);
  });

  it('answers undefined for a group an admin deleted, and shows an amount an admin edited', async () => {
    // Arrange
    const ubersmith = makeConnector();
    const kept = await ubersmith.createDraft(draft('7', 1));
    const gone = await ubersmith.createDraft(draft('8', 2));
    const [stored] = await simClient.invoices();
    await simClient.control('PATCH', `invoices/${kept}`, { items: [{ id: stored?.items[0]?.id, amount: '13' }] });
    await simClient.control('DELETE', `invoices/${gone}`);

    // Act
    const edited = await ubersmith.getInvoice(kept);
    const deleted = await ubersmith.getInvoice(gone);

    // Assess
    expect(edited?.lines.map((line) => line.amount)).toEqual(['13.00', '1.05', '-0.50']);
    expect(deleted).toBeUndefined();
  });

  it('treats a list whose data is not keyed services as an error, never as no services; maintenance as unavailable', async () => {
    // Arrange: a proxy answering the envelope with other data, then Ubersmith's maintenance refusal.
    const answer = (body: unknown) => async () => new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
    const config = { baseUrl: 'http://billing.invalid', identifier: API_USER, secret: API_TOKEN, retry: { maxRetries: 0 } };
    const shapeless = createUbersmithConnector({ ...config, fetch: answer({ status: true, error_code: null, error_message: '', data: 'none' }) });
    const maintenance = createUbersmithConnector({
      ...config,
      fetch: answer({ status: false, error_code: 1, error_message: 'We are currently undergoing maintenance, please check back shortly.', data: '' }),
    });

    // Act
    const shapeError = await shapeless.findAllByTag('7', 'sbb-2026-11-c7-').catch((caught: unknown) => caught);
    const maintenanceError = await maintenance.findAllByTag('7', 'sbb-2026-11-c7-').catch((caught: unknown) => caught);

    // Assess
    expect(shapeError).toMatchObject({ name: 'BillingResponseError', operation: 'client.service_list' });
    expect(maintenanceError).toBeInstanceOf(BillingUnavailableError);
  });

  it("answers an unknown method with Ubersmith's envelope", async () => {
    // Act
    const response = await fetch(`${sim.url}/api/2.0/?method=client.no_such_method`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${API_USER}:${API_TOKEN}`).toString('base64')}` },
    });

    // Assess
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: false, error_code: 1, data: '' });
    expect(await requests('client.no_such_method')).toBe(1);
  });
});
