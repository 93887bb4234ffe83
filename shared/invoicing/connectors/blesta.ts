import * as z from 'zod';
import { connectorHttp, type ConnectorConfig } from '../connectorConfig';
import { formatMinorUnits, parseAmountMinor } from '../amounts';
import {
  BillingAuthError,
  BillingClientNotFoundError,
  BillingRejectedError,
  BillingResponseError,
  type BillingSystemError,
} from '../errors';
import type { BillingHttp, BillingHttpResponse } from '../transport';
import type { BillingConnector, ClientCurrency, DraftInvoice, RemoteInvoice, RemoteInvoiceLine } from '../types';

/**
 * Blesta's REST API: `{baseUrl}/api/{model}/{method}.json`, the model's public method called with
 * the request's parameters matched to its arguments by name (reads: GET with the query, writes:
 * POST with a form; `Invoices::add(array $vars)` takes `vars[...]`, nested arrays in PHP's bracket
 * notation). Credentials go both as HTTP Basic (what Blesta 4.x's API controller reads:
 * docs.blesta.com/display/dev/API, "The API supports Basic Authentication"; the official SDK sent it
 * until 2025) and in the `BLESTA-API-USER` / `BLESTA-API-KEY` headers (Blesta 5, the SDK since). Answers:
 * `{"message":"OK","response": ...}`; refusals: 400 `{"message", "errors": {field: {code: text}}}`,
 * 401 (credentials), 403 (not callable), 404 (no such model or method), 500 / 503.
 *
 * Calls (also the operation names of errors, stats and fault rules):
 * - `clients/get` (GET): `client_id`; the client's `settings.default_currency` (false: no such client).
 * - `invoices/add` (POST): `vars[client_id]`, `vars[date_billed]`, `vars[date_due]`, `vars[currency]`,
 *   `vars[status]=draft`, `vars[note_private]` (the notes with the tag: staff-only, returned by
 *   every read), `vars[lines][i][description|qty|amount]` and `[tax]=true` when the invoice is
 *   taxed (left out otherwise: PHP reads the text `false` as true); no `vars[delivery]`, so nothing is
 *   sent to the customer. Answers the invoice id.
 * - `invoices/getList` (GET): `client_id`, `status=all` (the default `open` hides drafts), `page`,
 *   `order_by[id]=DESC`; a page of invoices with their notes but without lines.
 * - `invoices/get` (GET): `invoice_id`; the invoice with `line_items`, or `false` when there is none.
 */

/** `currency`: the currency of amounts when an invoice does not state its own. */
export type BlestaConnectorConfig = ConnectorConfig;

const OP_ADD = 'invoices/add';
const OP_LIST = 'invoices/getList';
const OP_GET = 'invoices/get';
const OP_CLIENT = 'clients/get';

/** Stops a list walk whose pages never end (a server ignoring `page`) long before it hurts. */
const MAX_PAGES = 10_000;

const numericText = z.union([z.string().trim().min(1), z.number()]).transform((value) => String(value));
const idText = z.union([z.string().regex(/^\d+$/), z.int().nonnegative()]).transform((value) => String(value));
const noteText = z.string().nullish();

const envelopeSchema = z.object({ message: z.string().optional(), response: z.unknown() });
const errorBodySchema = z.object({ message: z.string().optional(), errors: z.unknown().optional() });

const addResponseSchema = idText;

const summarySchema = z.object({
  id: idText,
  client_id: idText,
  status: z.string(),
  note_private: noteText,
});
const listResponseSchema = z.union([z.array(summarySchema), z.literal(false), z.null()]);

const lineSchema = z.object({
  description: z.string(),
  amount: numericText,
  qty: numericText.optional(),
  /** `qty*amount`, as Blesta's `getLineItems` computes it. */
  subtotal: numericText.optional(),
});
const invoiceSchema = z.object({
  id: idText,
  client_id: idText,
  status: z.string(),
  currency: z.string().optional(),
  note_private: noteText,
  line_items: z.array(lineSchema),
});
const getResponseSchema = z.union([invoiceSchema, z.literal(false), z.null()]);

/** `clients/get`: the client with its settings (`default_currency`), or false when there is none. */
const clientResponseSchema = z.union([z.object({ id: idText, settings: z.object({ default_currency: z.string().trim().min(1) }) }), z.literal(false), z.null()]);

/** Blesta answers amounts with four decimals (`"12.3000"`): what its columns keep. */
const STORED_DECIMALS = 4;

type Summary = z.infer<typeof summarySchema>;
type BlestaInvoice = z.infer<typeof invoiceSchema>;

export function createBlestaConnector(config: BlestaConnectorConfig): BillingConnector {
  // Blesta 4.x reads only HTTP Basic, later versions the BLESTA-API-* headers: both are sent.
  const basic = Buffer.from(`${config.identifier}:${config.secret}`, 'utf8').toString('base64');
  const http = connectorHttp('blesta', config, [basic]);
  const auth = { 'BLESTA-API-USER': config.identifier, 'BLESTA-API-KEY': config.secret, authorization: `Basic ${basic}` };
  const fallbackCurrency = config.currency ?? 'USD';

  const pathOf = (operation: string): string => `/api/${operation}.json`;

  /** The `response` of a 200 answer, validated; any other status is mapped to its named error. */
  async function call<T>(operation: string, send: { method: 'GET' | 'POST'; params: Record<string, string> }, schema: z.ZodType<T>): Promise<T> {
    const response = await http.request({
      operation,
      method: send.method,
      path: pathOf(operation),
      headers: auth,
      ...(send.method === 'GET' ? { query: send.params } : { form: send.params }),
      idempotent: send.method === 'GET',
    });
    if (response.status !== 200) throw failure(http, operation, response);
    const envelope = envelopeSchema.safeParse(response.json);
    if (!envelope.success) throw shapeError(http, operation, response, 'the answer is not a Blesta JSON envelope');
    const parsed = schema.safeParse(envelope.data.response);
    if (!parsed.success) throw shapeError(http, operation, response, `unexpected response: ${z.prettifyError(parsed.error)}`);
    return parsed.data;
  }

  function toRemote(invoice: BlestaInvoice): RemoteInvoice {
    const currency = invoice.currency ?? fallbackCurrency;
    const lines: RemoteInvoiceLine[] = invoice.line_items.map((line) => {
      const amount = lineAmount(line, currency);
      if (amount === undefined) {
        throw new BillingResponseError('blesta', OP_GET, http.redact(`invoice ${invoice.id} has a line amount that is not a decimal: ${JSON.stringify(line.amount)}`));
      }
      return { description: line.description, amount };
    });
    return { id: invoice.id, clientId: invoice.client_id, status: invoice.status, notes: invoice.note_private ?? '', lines };
  }

  async function getInvoice(id: string): Promise<RemoteInvoice | undefined> {
    const invoice = await call(OP_GET, { method: 'GET', params: { invoice_id: id } }, getResponseSchema);
    return invoice === false || invoice === null ? undefined : toRemote(invoice);
  }

  async function clientCurrency(clientId: string): Promise<ClientCurrency> {
    const client = await call(OP_CLIENT, { method: 'GET', params: { client_id: clientId } }, clientResponseSchema);
    if (client === false || client === null) throw new BillingClientNotFoundError('blesta', OP_CLIENT, `no client ${JSON.stringify(http.redact(clientId))}`);
    return { code: client.settings.default_currency, storedDecimals: STORED_DECIMALS };
  }

  async function findAllByTag(clientId: string, tag: string): Promise<RemoteInvoice[]> {
    const found: RemoteInvoice[] = [];
    const seen = new Set<string>();
    let firstPageSize = 0;
    for (let page = 1; page <= MAX_PAGES; page++) {
      const listed = await call(
        OP_LIST,
        { method: 'GET', params: { client_id: clientId, status: 'all', page: String(page), 'order_by[id]': 'DESC' } },
        listResponseSchema,
      );
      const summaries: Summary[] = listed === false || listed === null ? [] : listed;
      const fresh = summaries.filter((summary) => !seen.has(summary.id));
      for (const summary of fresh) {
        seen.add(summary.id);
        if (summary.client_id !== clientId) continue;
        // The list carries the notes; only an answer without them makes us open the invoice.
        if (summary.note_private !== undefined && !(summary.note_private ?? '').includes(tag)) continue;
        const invoice = await getInvoice(summary.id);
        if (invoice !== undefined && invoice.notes.includes(tag)) found.push(invoice);
      }
      // Done: an empty page, a page shorter than the first (full) one, or a repeated page.
      if (fresh.length === 0) return found;
      if (page === 1) firstPageSize = summaries.length;
      else if (summaries.length < firstPageSize) return found;
    }
    return found;
  }

  async function createDraft(invoice: DraftInvoice): Promise<string> {
    const form: Record<string, string> = {
      'vars[client_id]': invoice.clientId,
      'vars[date_billed]': invoice.date,
      'vars[date_due]': invoice.dueDate,
      'vars[currency]': invoice.currency,
      'vars[status]': 'draft',
      'vars[note_private]': invoice.notes,
    };
    invoice.lines.forEach((line, index) => {
      form[`vars[lines][${index}][description]`] = line.description;
      form[`vars[lines][${index}][qty]`] = '1';
      form[`vars[lines][${index}][amount]`] = line.amount;
      // Blesta taxes a line whose `tax` is any non-empty text but "0": an untaxed line leaves it out.
      if (invoice.taxed) form[`vars[lines][${index}][tax]`] = 'true';
    });
    return call(OP_ADD, { method: 'POST', params: form }, addResponseSchema);
  }

  return { system: 'blesta', clientCurrency, findAllByTag, createDraft, getInvoice };
}

/**
 * Maps every refusal Blesta answers to the named errors: 401 and 403 (credentials refused, or the
 * call is not accessible to them) are auth errors; a 400 whose input errors name `client_id` is an
 * unknown client; any other 4xx is a rejection; anything else is an answer out of shape.
 */
function failure(http: BillingHttp, operation: string, response: BillingHttpResponse): BillingSystemError {
  const status = response.status;
  const parsed = errorBodySchema.safeParse(response.json);
  const body = parsed.success ? parsed.data : undefined;
  const inputErrors = body === undefined ? [] : flattenErrors(body.errors);
  const detail = [body?.message ?? http.excerpt(response.text), ...inputErrors.map(([field, text]) => `${field}: ${text}`)].filter((part) => part !== '').join('; ');
  const message = http.redact(`HTTP ${status}${detail === '' ? '' : `: ${detail}`}`);
  if (status === 401 || status === 403) return new BillingAuthError('blesta', operation, message, { status });
  if (status === 400 && inputErrors.some(([field]) => field === 'client_id')) return new BillingClientNotFoundError('blesta', operation, message, { status });
  if (status >= 400 && status < 500) return new BillingRejectedError('blesta', operation, message, { status });
  return new BillingResponseError('blesta', operation, message, { status });
}

function shapeError(http: BillingHttp, operation: string, response: BillingHttpResponse, problem: string): BillingResponseError {
  const text = http.excerpt(response.text);
  return new BillingResponseError('blesta', operation, http.redact(`${problem}${text === '' ? '' : ` (${text})`}`), { status: response.status });
}

/** Blesta's input errors `{field: {code: text}}` as `[field, text]` pairs (any depth, any order kept). */
function flattenErrors(errors: unknown, field?: string): [string, string][] {
  if (typeof errors === 'string') return [[field ?? 'error', errors]];
  if (errors === null || typeof errors !== 'object') return [];
  return Object.entries(errors as Record<string, unknown>).flatMap(([key, value]) => flattenErrors(value, field ?? key));
}


/** A line's total (`qty × amount`) as a plain decimal of the currency, or undefined when not a decimal. */
function lineAmount(line: z.infer<typeof lineSchema>, currency: string): string | undefined {
  if (line.subtotal !== undefined) return normaliseAmount(line.subtotal, currency);
  const amount = parseDecimal(line.amount);
  const qty = line.qty === undefined ? { units: 1n, scale: 0 } : parseDecimal(line.qty);
  if (amount === undefined || qty === undefined) return undefined;
  return normaliseAmount(decimalText({ units: amount.units * qty.units, scale: amount.scale + qty.scale }), currency);
}

/**
 * `"12.3000"` -> `"12.30"` in the currency's minor digits; a decimal with more significant digits
 * than the currency has stays exact (`"12.3456"`), so it still differs from what was sent.
 */
function normaliseAmount(text: string, currency: string): string | undefined {
  const minor = parseAmountMinor(text, currency);
  if (minor !== undefined) return formatMinorUnits(minor, currency);
  const decimal = parseDecimal(text);
  return decimal === undefined ? undefined : decimalText(decimal);
}

interface Decimal {
  readonly units: bigint;
  readonly scale: number;
}

function parseDecimal(text: string): Decimal | undefined {
  const match = /^\s*(-?)(\d+)(?:\.(\d+))?\s*$/.exec(text);
  if (match === null) return undefined;
  const [, sign = '', whole = '', fraction = ''] = match;
  const units = BigInt(`${whole}${fraction}`);
  return { units: sign === '-' ? -units : units, scale: fraction.length };
}

/** The exact decimal, trailing fraction zeros cut: `{1230000, 5}` -> `"12.3"`. */
function decimalText({ units, scale }: Decimal): string {
  const sign = units < 0n ? '-' : '';
  const digits = (units < 0n ? -units : units).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const fraction = digits.slice(digits.length - scale).replace(/0+$/, '');
  const text = fraction === '' ? whole : `${whole}.${fraction}`;
  return text === '0' ? '0' : `${sign}${text}`;
}
