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
import type { BillingHttpResponse } from '../transport';
import type { BillingConnector, ClientCurrency, DraftInvoice, RemoteInvoice, RemoteInvoiceLine } from '../types';

/**
 * WHMCS External API connector. Every call is `POST {baseUrl}/includes/api.php`, form-encoded,
 * with `identifier`, `secret` (an admin's API credential pair), `accesskey` when configured (lets
 * the call past WHMCS's API IP restriction), `action` and `responsetype=json`. Answers are
 * `{"result":"success", ...}` or `{"result":"error","message":"..."}`; a refused credential comes
 * as `Authentication Failed`, a refused address as `Invalid IP <ip>` (HTTP 403 on recent versions).
 *
 * Calls: `GetClientsDetails` (the client's `currency_code`: WHMCS bills a client in its own
 * currency and CreateInvoice takes none), `CreateInvoice` (draft, never emailed, one item per line, `itemtaxedN` 1 when the invoice is taxed, tag in `notes`),
 * `GetInvoices` (a client's list, newest first, paged with `limitstart`/`limitnum`; its entries
 * carry `notes`, so only the invoices carrying the tag are opened) and `GetInvoice` (items of one invoice).
 */
export interface WhmcsConnectorConfig extends ConnectorConfig {
  /** `limitnum` of one `GetInvoices` page (default 100). */
  readonly pageSize?: number;
}

const API_PATH = '/includes/api.php';
const DEFAULT_PAGE_SIZE = 100;
const DEFAULT_CURRENCY = 'USD';

/** WHMCS answers ids and counts as numbers or numeric strings depending on version. */
const intSchema = z.union([z.int().nonnegative(), z.string().regex(/^\d+$/).transform(Number)]);
/** Amounts come as decimal strings (`"15.95"`), sometimes as numbers. */
const amountSchema = z.union([z.string(), z.number().transform(String)]);
/** A text field PHP may answer as null. */
const textSchema = z
  .string()
  .nullish()
  .transform((value) => value ?? '');

/**
 * An error answer: `{"result":"error","message"}`, or (GetInvoice of an unknown id, as WHMCS's own
 * `includes/api/getinvoice.php` answers it) `{"status":"error","message"}` with no `result`.
 */
const errorBodySchema = z.union([
  z.object({ result: z.literal('error'), message: z.string().optional() }),
  z.object({ status: z.literal('error'), message: z.string().optional() }),
]);

const createInvoiceSchema = z.object({ result: z.literal('success'), invoiceid: intSchema.refine((id) => id > 0, 'invoice id 0') });

const listEntrySchema = z.object({ id: intSchema, userid: intSchema, status: z.string(), notes: textSchema });

/** An empty list is answered as `[]` or `""` by some versions instead of `{"invoice": []}`. */
const emptyCollection = z.union([z.literal(''), z.array(z.never()).length(0)]).transform(() => undefined);

const getInvoicesSchema = z.object({
  result: z.literal('success'),
  totalresults: intSchema,
  numreturned: intSchema,
  invoices: z.union([z.object({ invoice: z.array(listEntrySchema) }), emptyCollection]).optional(),
});

const itemSchema = z.object({ description: textSchema, amount: amountSchema });

const getInvoiceSchema = z.object({
  result: z.literal('success'),
  invoiceid: intSchema,
  userid: intSchema,
  status: z.string(),
  notes: textSchema,
  items: z.union([z.object({ item: z.array(itemSchema) }), emptyCollection]).optional(),
});

/** `GetClientsDetails`: the client under `client` (7.x on); older versions answer its fields at the top level too. */
const currencyCode = z.string().trim().min(1);
const clientDetailsSchema = z.union([
  z.object({ result: z.literal('success'), client: z.object({ currency_code: currencyCode }) }).transform((answer) => answer.client.currency_code),
  z.object({ result: z.literal('success'), currency_code: currencyCode }).transform((answer) => answer.currency_code),
]);

/** WHMCS keeps invoice amounts in decimal(16,2) columns, whatever the currency. */
const STORED_DECIMALS = 2;

type WhmcsAction = 'CreateInvoice' | 'GetInvoices' | 'GetInvoice' | 'GetClientsDetails';

const AUTH_MESSAGE = /authentication failed|invalid ip|access key|api access|permission denied|not authori[sz]ed/i;
const INVALID_IP_MESSAGE = /^invalid ip\b/i;
const CLIENT_NOT_FOUND_MESSAGE = /client id not found|client not found|user id not found|invalid client/i;
const INVOICE_NOT_FOUND_MESSAGE = /invoice id not found/i;
const POSITIVE_ID = /^[1-9]\d{0,9}$/;

export function createWhmcsConnector(config: WhmcsConnectorConfig): BillingConnector {
  const http = connectorHttp('whmcs', config);
  const currency = config.currency ?? DEFAULT_CURRENCY;
  const pageSize = config.pageSize ?? DEFAULT_PAGE_SIZE;
  if (!Number.isSafeInteger(pageSize) || pageSize < 1) throw new RangeError(`pageSize must be a positive integer, got ${pageSize}`);

  /** Every error shape of WHMCS, as the named billing errors (messages redacted). */
  function failure(action: WhmcsAction, response: BillingHttpResponse): BillingSystemError {
    const status = response.status;
    const parsed = errorBodySchema.safeParse(response.json);
    const upstream = parsed.success ? (parsed.data.message ?? '') : '';
    // Redact before cutting: a cut could leave part of a credential.
    const message = upstream === '' ? `HTTP ${status}${http.excerpt(response.text, ': ')}` : http.redact(upstream);
    const options = { status };
    if (INVALID_IP_MESSAGE.test(upstream)) {
      const hint =
        config.accessKey === undefined
          ? 'list the address in the API IP Access Restriction, or set the access key: accessKey in the credentials secret, BILLING_ACCESS_KEY locally'
          : "the access key was refused: it must equal $api_access_key in WHMCS's configuration.php";
      return new BillingAuthError('whmcs', action, `${message} (${hint})`, options);
    }
    if (status === 401 || status === 403 || AUTH_MESSAGE.test(upstream)) return new BillingAuthError('whmcs', action, message, options);
    if (CLIENT_NOT_FOUND_MESSAGE.test(upstream)) return new BillingClientNotFoundError('whmcs', action, message, options);
    if (parsed.success || (status >= 400 && status < 500)) return new BillingRejectedError('whmcs', action, message, options);
    return new BillingResponseError('whmcs', action, `unexpected answer (HTTP ${status})${http.excerpt(response.text, ': ')}`, options);
  }

  function shapeError(action: WhmcsAction, response: BillingHttpResponse, error: z.ZodError): BillingResponseError {
    const where = error.issues
      .slice(0, 3)
      .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
      .join('; ');
    return new BillingResponseError('whmcs', action, http.redact(`answer without the documented shape (${where})`), { status: response.status });
  }

  async function call(action: WhmcsAction, params: Record<string, string>, idempotent: boolean): Promise<BillingHttpResponse> {
    return http.request({
      operation: action,
      method: 'POST',
      path: API_PATH,
      form: {
        identifier: config.identifier,
        secret: config.secret,
        ...(config.accessKey === undefined ? {} : { accesskey: config.accessKey }),
        action,
        responsetype: 'json',
        ...params,
      },
      idempotent,
    });
  }

  /** A success answer parsed with `schema`; any error answer goes through `failure`. */
  function expect<T>(action: WhmcsAction, response: BillingHttpResponse, schema: z.ZodType<T>): T {
    if (response.status < 200 || response.status >= 300 || isErrorResult(response.json)) throw failure(action, response);
    const parsed = schema.safeParse(response.json);
    if (!parsed.success) {
      if (response.json === undefined) {
        throw new BillingResponseError('whmcs', action, `answer is not JSON${http.excerpt(response.text, ': ')}`, { status: response.status });
      }
      throw shapeError(action, response, parsed.error);
    }
    return parsed.data;
  }

  function normaliseAmount(text: string): string {
    const minor = parseAmountMinor(text, currency);
    if (minor !== undefined) return formatMinorUnits(minor, currency);
    // More digits than the currency has: keep them, so the comparison sees the difference.
    const plain = text.trim().replace(/,/g, '');
    if (/^-?\d+(\.\d+)?$/.test(plain)) return plain;
    throw new BillingResponseError('whmcs', 'GetInvoice', http.redact(`item amount is not a decimal: ${JSON.stringify(text.slice(0, 40))}`));
  }

  async function getInvoice(id: string): Promise<RemoteInvoice | undefined> {
    if (!POSITIVE_ID.test(id)) return undefined;
    const response = await call('GetInvoice', { invoiceid: id }, true);
    if (isErrorResult(response.json) && response.status !== 401 && response.status !== 403) {
      const parsed = errorBodySchema.safeParse(response.json);
      if (parsed.success && INVOICE_NOT_FOUND_MESSAGE.test(parsed.data.message ?? '')) return undefined;
    }
    const invoice = expect('GetInvoice', response, getInvoiceSchema);
    const lines: RemoteInvoiceLine[] = (invoice.items?.item ?? []).map((item) => ({ description: item.description, amount: normaliseAmount(item.amount) }));
    return { id: String(invoice.invoiceid), clientId: String(invoice.userid), status: invoice.status, notes: invoice.notes, lines };
  }

  async function findAllByTag(clientId: string, tag: string): Promise<RemoteInvoice[]> {
    if (!POSITIVE_ID.test(clientId)) throw new BillingClientNotFoundError('whmcs', 'GetInvoices', `client id must be a positive integer, got ${JSON.stringify(http.redact(clientId))}`);
    if (tag === '') throw new RangeError('tag must not be empty');
    const found: RemoteInvoice[] = [];
    const seen = new Set<number>();
    for (let start = 0; ; ) {
      const response = await call(
        'GetInvoices',
        { userid: clientId, limitstart: String(start), limitnum: String(pageSize), orderby: 'id', order: 'desc' },
        true,
      );
      const page = expect('GetInvoices', response, getInvoicesSchema);
      const entries = page.invoices?.invoice ?? [];
      for (const entry of entries) {
        // The list carries the notes: only an invoice with the tag is opened (once, if pages shift).
        if (String(entry.userid) !== clientId || !entry.notes.includes(tag) || seen.has(entry.id)) continue;
        seen.add(entry.id);
        const invoice = await getInvoice(String(entry.id));
        // Deleted between the list and the read: not there.
        if (invoice !== undefined && invoice.notes.includes(tag)) found.push(invoice);
      }
      start += entries.length;
      if (entries.length === 0 || start >= page.totalresults) return found;
    }
  }

  async function clientCurrency(clientId: string): Promise<ClientCurrency> {
    if (!POSITIVE_ID.test(clientId)) {
      throw new BillingClientNotFoundError('whmcs', 'GetClientsDetails', `client id must be a positive integer, got ${JSON.stringify(http.redact(clientId))}`);
    }
    const response = await call('GetClientsDetails', { clientid: clientId }, true);
    return { code: expect('GetClientsDetails', response, clientDetailsSchema), storedDecimals: STORED_DECIMALS };
  }

  async function createDraft(invoice: DraftInvoice): Promise<string> {
    if (!POSITIVE_ID.test(invoice.clientId)) {
      throw new BillingClientNotFoundError('whmcs', 'CreateInvoice', `client id must be a positive integer, got ${JSON.stringify(http.redact(invoice.clientId))}`);
    }
    if (config.currency !== undefined && invoice.currency !== config.currency) {
      throw new BillingRejectedError('whmcs', 'CreateInvoice', `invoice is in ${invoice.currency}, the WHMCS clients are billed in ${config.currency}`);
    }
    if (!invoice.notes.includes(invoice.tag)) throw new RangeError('the invoice notes must contain its tag');
    const params: Record<string, string> = {
      userid: invoice.clientId,
      // PHP reads "false" as true: booleans go as 1/0. A draft may not be sent in the same call.
      status: 'Draft',
      draft: '1',
      sendinvoice: '0',
      autoapplycredit: '0',
      date: invoice.date,
      duedate: invoice.dueDate,
      notes: invoice.notes,
    };
    invoice.lines.forEach((line, index) => {
      params[`itemdescription${index + 1}`] = line.description;
      params[`itemamount${index + 1}`] = line.amount;
      params[`itemtaxed${index + 1}`] = invoice.taxed ? '1' : '0';
    });
    const response = await call('CreateInvoice', params, false);
    return String(expect('CreateInvoice', response, createInvoiceSchema).invoiceid);
  }

  return { system: 'whmcs', clientCurrency, findAllByTag, createDraft, getInvoice };
}

/** `result: error`, or `status: error` with no `result` (a success answer's `status` is the invoice's: `Draft`, `Unpaid`...). */
function isErrorResult(json: unknown): boolean {
  if (typeof json !== 'object' || json === null) return false;
  const { result, status } = json as { result?: unknown; status?: unknown };
  return result === 'error' || (result === undefined && status === 'error');
}

