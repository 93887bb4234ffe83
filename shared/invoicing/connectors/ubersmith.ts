import type * as z from 'zod';
import { connectorHttp, type ConnectorConfig } from '../connectorConfig';
import { formatMinorUnits, parseAmountMinor } from '../amounts';
import { resumeByAddingLines } from '../compareInvoice';
import {
  BillingAuthError,
  BillingClientNotFoundError,
  BillingRejectedError,
  BillingResponseError,
  BillingUnavailableError,
  type BillingSystemError,
} from '../errors';
import type { BillingHttpResponse } from '../transport';
import type { BillingConnector, ClientCurrency, CreateProgress, DraftInvoice, DraftInvoiceLine, RemoteInvoice, RemoteInvoiceLine } from '../types';
import {
  AUTH_PATTERN,
  byPackId,
  clientGetSchema,
  envelopeSchema,
  MAINTENANCE_PATTERN,
  NOT_FOUND_PATTERN,
  serviceAddSchema,
  serviceGetSchema,
  serviceListSchema,
  serviceStatus,
  type UbersmithService,
} from './ubersmithAnswers';

/**
 * Ubersmith API 2.0: every call is a POST to `{baseUrl}/api/2.0/?method=<section.method>` with
 * HTTP Basic authentication (an API user and its API token) and form-encoded parameters; answers
 * are `{status, error_code, error_message, data}`.
 *
 * Ubersmith has no call that creates an invoice with given lines: invoices come from a client's
 * services (`client.invoice_generate`, or its own billing run). So a customer's period is pushed as
 * pending one-time charges, which a billing admin reviews and activates before Ubersmith invoices them:
 * - `client.service_add` without `parent_id`: the charge group, the bridge's "invoice". Its
 *   `description` is the notes with the tag (how it is found again), price 0, `period=0` (one-time),
 *   `status=2` (Pending). Its service id is the invoice id, recorded before any line.
 * - `client.service_add` with `parent_id`: one child service a line (description, `price`,
 *   quantity 1, one-time, Pending; `taxes[0]=0` unless the invoice is taxed).
 * - `client.service_get` (service_id): the group; `client.service_list` (client_id, `parentpack`,
 *   `pack_type_select=3`: every status, paged with offset/limit): its lines, or (no parentpack)
 *   every service of the client, which findAllByTag walks for groups carrying the tag.
 * - `client.get` (client_id): whether the client exists. Its documented output names no currency:
 *   the client is taken to be billed in the configured currency (see docs/billing-systems.md).
 *
 * Like HostBill's, the create takes 1 + n calls: exactly once rests on the group's id, written to the
 * push record as soon as Ubersmith answers it (`progress.created`), and an interrupted create is
 * resumed by that id (resumeDraft adds the lines it lacks), never made again.
 */
export interface UbersmithConnectorConfig extends ConnectorConfig {
  /** `limit` of one `client.service_list` page (default 100). */
  readonly pageSize?: number;
}

const SYSTEM = 'ubersmith';
const API_PATH = '/api/2.0/';
const DEFAULT_PAGE_SIZE = 100;
/** Pages a list walks at most (a guard against a system that never says it is done). */
const MAX_PAGES = 1_000;
/** The documentation shows every price with 2 decimals (`"35.48"`). */
const STORED_DECIMALS = 2;
const POSITIVE_ID = /^[1-9]\d{0,9}$/;
/** `pack_type_select=3`: every service, whatever its status (cancelled and deactivated too). */
const ALL_SERVICES = '3';
/** `period=0`: a one-time charge; `status=2`: Pending. */
const ONE_TIME = '0';
const PENDING = '2';

export const UBERSMITH_OPERATIONS = {
  add: 'client.service_add',
  get: 'client.service_get',
  list: 'client.service_list',
  client: 'client.get',
} as const;

type Failure = { readonly kind: 'no-such-service' } | { readonly kind: 'error'; readonly error: BillingSystemError };

export function createUbersmithConnector(config: UbersmithConnectorConfig): BillingConnector {
  const currency = config.currency ?? 'USD';
  const pageSize = config.pageSize ?? DEFAULT_PAGE_SIZE;
  if (!Number.isSafeInteger(pageSize) || pageSize < 1) throw new RangeError(`pageSize must be a positive integer, got ${pageSize}`);
  const basic = Buffer.from(`${config.identifier}:${config.secret}`).toString('base64');
  const http = connectorHttp(SYSTEM, config, [basic]);

  /** Every refusal Ubersmith answers, as the named errors (messages redacted). */
  function failureOf(operation: string, response: BillingHttpResponse): Failure {
    const fail = (error: BillingSystemError): Failure => ({ kind: 'error', error });
    const status = response.status;
    const parsed = envelopeSchema.safeParse(response.json);
    const upstream = parsed.success ? (parsed.data.error_message ?? '') : '';
    const code = parsed.success && parsed.data.error_code !== null && parsed.data.error_code !== undefined ? ` (error_code ${parsed.data.error_code})` : '';
    const said = http.redact(upstream === '' ? `HTTP ${status}${http.excerpt(response.text, ': ')}` : `${upstream}${code}`);
    const options = { status };
    if (status === 401 || status === 403 || AUTH_PATTERN.test(upstream)) return fail(new BillingAuthError(SYSTEM, operation, `credentials refused: ${said}`, options));
    if (MAINTENANCE_PATTERN.test(upstream)) return fail(new BillingUnavailableError(SYSTEM, operation, said, options));
    if (/client/i.test(upstream) && NOT_FOUND_PATTERN.test(upstream)) return fail(new BillingClientNotFoundError(SYSTEM, operation, said, options));
    if (operation === UBERSMITH_OPERATIONS.get && /service/i.test(upstream) && NOT_FOUND_PATTERN.test(upstream)) return { kind: 'no-such-service' };
    if ((parsed.success && !parsed.data.status) || (status >= 400 && status < 500)) return fail(new BillingRejectedError(SYSTEM, operation, said, options));
    if (response.json === undefined) return fail(new BillingResponseError(SYSTEM, operation, `answer is not JSON${http.excerpt(response.text, ': ')}`, options));
    return fail(new BillingResponseError(SYSTEM, operation, `answer without the documented shape: ${said}`, options));
  }

  async function call<T>(operation: string, params: Record<string, string>, idempotent: boolean, schema: z.ZodType<T>): Promise<{ ok: true; value: T } | { ok: false; failure: Failure }> {
    const response = await http.request({
      operation,
      method: 'POST',
      path: API_PATH,
      query: { method: operation },
      form: params,
      headers: { authorization: `Basic ${basic}` },
      idempotent,
    });
    const envelope = envelopeSchema.safeParse(response.json);
    if (response.status !== 200 || !envelope.success || !envelope.data.status) return { ok: false, failure: failureOf(operation, response) };
    const parsed = schema.safeParse(response.json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue === undefined ? 'invalid' : `${issue.path.join('.') || '(root)'}: ${issue.message}`;
      throw new BillingResponseError(SYSTEM, operation, http.redact(`answer without the documented shape (${where})`), { status: response.status });
    }
    return { ok: true, value: parsed.data };
  }

  async function must<T>(operation: string, params: Record<string, string>, idempotent: boolean, schema: z.ZodType<T>): Promise<T> {
    const result = await call(operation, params, idempotent, schema);
    if (result.ok) return result.value;
    if (result.failure.kind === 'error') throw result.failure.error;
    throw new BillingRejectedError(SYSTEM, operation, 'no such service');
  }

  /** Every service `params` selects, walking offset/limit pages; a repeated or shifted row counts once. */
  async function listServices(params: Record<string, string>): Promise<UbersmithService[]> {
    const found = new Map<string, UbersmithService>();
    for (let page = 0; page < MAX_PAGES; page++) {
      const answer = await must(UBERSMITH_OPERATIONS.list, { ...params, pack_type_select: ALL_SERVICES, offset: String(page * pageSize), limit: String(pageSize) }, true, serviceListSchema);
      const rows = Object.values(answer.data);
      const fresh = rows.filter((row) => !found.has(row.packid));
      for (const row of fresh) found.set(row.packid, row);
      // Done: a page with nothing new (a version that ignores offset repeats its one page), or a short page.
      if (fresh.length === 0 || rows.length < pageSize) break;
    }
    return [...found.values()].sort(byPackId);
  }

  function normaliseAmount(text: string): string {
    const minor = parseAmountMinor(text, currency);
    return minor === undefined ? text.trim() : formatMinorUnits(minor, currency);
  }

  /** A service's amount for the whole line: Ubersmith keeps a price and a quantity (`"1.00"`). */
  function lineOf(service: UbersmithService): RemoteInvoiceLine {
    const qty = Number(service.quantity === undefined || service.quantity === '' ? '1' : service.quantity);
    if (qty === 1) return { description: service.desserv, amount: normaliseAmount(service.price) };
    const minor = parseAmountMinor(service.price, currency);
    const amount = minor === undefined || !Number.isInteger(qty) ? `${service.price.trim()} x ${service.quantity ?? ''}` : formatMinorUnits(minor * qty, currency);
    return { description: service.desserv, amount };
  }

  async function getInvoice(id: string): Promise<RemoteInvoice | undefined> {
    if (!POSITIVE_ID.test(id)) return undefined;
    const result = await call(UBERSMITH_OPERATIONS.get, { service_id: id }, true, serviceGetSchema);
    if (!result.ok) {
      if (result.failure.kind === 'no-such-service') return undefined;
      throw result.failure.error;
    }
    const group = result.value.data;
    const children = (await listServices({ client_id: group.clientid, parentpack: id })).filter((child) => child.parentpack === id);
    // The group is created at 0: a price an admin gave it is a line, so the comparison sees it.
    const own = parseAmountMinor(group.price, currency) === 0 ? [] : [lineOf(group)];
    return { id: group.packid, clientId: group.clientid, status: serviceStatus(group), notes: group.desserv, lines: [...own, ...children.map(lineOf)] };
  }

  function taxParams(invoice: DraftInvoice): Record<string, string> {
    // `taxes[0]=0` is the documented way to set no taxes; a taxed line keeps Ubersmith's defaults.
    return invoice.taxed ? {} : { 'taxes[0]': '0' };
  }

  async function addLines(id: string, invoice: DraftInvoice, lines: readonly DraftInvoiceLine[]): Promise<void> {
    let added = 0;
    try {
      for (const line of lines) {
        const params = { client_id: invoice.clientId, parent_id: id, description: line.description, price: line.amount, quantity: '1', period: ONE_TIME, status: PENDING, ...taxParams(invoice) };
        await must(UBERSMITH_OPERATIONS.add, params, false, serviceAddSchema);
        added += 1;
      }
    } catch (error) {
      if (error instanceof Error) {
        error.message += ` (charge group ${id} lacks ${lines.length - added} of its ${invoice.lines.length} lines; a later push resumes it by its id, adding only those)`;
      }
      throw error;
    }
  }

  async function clientCurrency(clientId: string): Promise<ClientCurrency> {
    if (!POSITIVE_ID.test(clientId)) {
      throw new BillingClientNotFoundError(SYSTEM, UBERSMITH_OPERATIONS.client, `client id must be a positive integer, got ${JSON.stringify(http.redact(clientId))}`);
    }
    await must(UBERSMITH_OPERATIONS.client, { client_id: clientId }, true, clientGetSchema);
    return { code: currency, storedDecimals: STORED_DECIMALS };
  }

  return {
    system: SYSTEM,
    clientCurrency,

    async findAllByTag(clientId, tag) {
      if (!POSITIVE_ID.test(clientId)) {
        throw new BillingClientNotFoundError(SYSTEM, UBERSMITH_OPERATIONS.list, `client id must be a positive integer, got ${JSON.stringify(http.redact(clientId))}`);
      }
      if (tag === '') throw new RangeError('tag must not be empty');
      const services = await listServices({ client_id: clientId });
      const groups = services.filter((service) => service.clientid === clientId && (service.parentpack ?? '0') === '0' && service.desserv.includes(tag));
      const found: RemoteInvoice[] = [];
      for (const group of groups.reverse()) {
        const invoice = await getInvoice(group.packid);
        if (invoice !== undefined && invoice.notes.includes(tag)) found.push(invoice);
      }
      return found;
    },

    async createDraft(invoice: DraftInvoice, progress?: CreateProgress) {
      if (!POSITIVE_ID.test(invoice.clientId)) {
        throw new BillingClientNotFoundError(SYSTEM, UBERSMITH_OPERATIONS.add, `client id must be a positive integer, got ${JSON.stringify(http.redact(invoice.clientId))}`);
      }
      if (!invoice.notes.includes(invoice.tag)) throw new RangeError('the charge group description must contain its tag');
      const group = { client_id: invoice.clientId, description: invoice.notes, price: '0', quantity: '1', period: ONE_TIME, status: PENDING, ...taxParams(invoice) };
      const id = (await must(UBERSMITH_OPERATIONS.add, group, false, serviceAddSchema)).data;
      // Recorded before any line: from here on the group is resumed by this id, never created again.
      await progress?.created(id);
      await addLines(id, invoice, invoice.lines);
      return id;
    },

    getInvoice,

    resumeDraft: (invoiceId: string, invoice: DraftInvoice) => resumeByAddingLines(invoiceId, invoice, { getInvoice, addLines }),
  };
}
