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
import { resumeByAddingLines } from '../compareInvoice';
import type { BillingHttpResponse } from '../transport';
import type { BillingConnector, ClientCurrency, CreateProgress, DraftInvoice, DraftInvoiceLine, RemoteInvoice, RemoteInvoiceLine } from '../types';
import {
  addInvoiceItemSchema,
  addInvoiceSchema,
  AUTH_PATTERN,
  clientDetailsSchema,
  clientInvoicesSchema,
  currenciesSchema,
  envelopeSchema,
  errorMessages,
  invoiceDetailsSchema,
  INVOICE_GONE_PATTERN,
  NOT_FOUND_PATTERN,
  periodOfTag,
  type HostbillItem,
} from './hostbillAnswers';

/**
 * HostBill's Admin API: every call is a POST to `{baseUrl}/admin/api.php` with the form fields
 * `api_id` (identifier), `api_key` (secret) and `call=<name>` plus the call's parameters. Answers
 * are JSON with `"success": true` and the data, or `"success": false` with an `error` list.
 *
 * Calls used (they are also the operation names of errors, stats and fault rules):
 * - `getClientDetails` (id) and `getCurrencies`: the client's `currency_id` and that currency's
 *   ISO code and decimals (addInvoice takes no currency: HostBill bills a client in its own).
 * - `addInvoice` (client_id; date, duedate and notes, which its reference does not list): HostBill
 *   creates the invoice as a Draft, which the customer cannot see and which is never emailed.
 * - `addInvoiceItem` (id, line, price, qty=1, tax 1 or 0 as the invoice is taxed): one call per line, in order.
 * - `getInvoiceDetails` (id): the invoice with notes, status, client_id and its items.
 * - `getClientInvoices` (id = client, page): the client's invoices, paginated (0-based `page`,
 *   `sorter.totalpages`). The rows carry no notes, so findAllByTag opens single invoices.
 *
 * Creating takes 1 + n calls and cannot be made atomic. Exactly-once rests on the invoice id, not
 * on the notes: the moment addInvoice answers, `progress.created(id)` records it (the push record)
 * before any line is added, and a create that stops half-way is resumed by that id (resumeDraft adds
 * the lines it lacks), never made again. The tag still goes in the notes, for the one case the id
 * cannot cover (addInvoice's own answer lost) and for invoices pushed before ids were recorded.
 */

const SYSTEM = 'hostbill';
const API_PATH = '/admin/api.php';
/** Pages findAllByTag walks at most (a guard against a system that never says it is done). */
const MAX_PAGES = 1_000;

export type HostbillConnectorConfig = ConnectorConfig;

/** Decimals when HostBill does not say (its reference shows `decimal` for the main currency only). */
const DEFAULT_DECIMALS = 2;

type Failure = { readonly kind: 'no-such-invoice' } | { readonly kind: 'error'; readonly error: BillingSystemError };

export function createHostbillConnector(config: HostbillConnectorConfig): BillingConnector {
  const currency = config.currency ?? 'USD';
  const http = connectorHttp(SYSTEM, config);

  /**
   * The one place HostBill's error shapes become named errors. HostBill answers refusals with
   * `"success": false` and `"error": ["..."]` (mostly with HTTP 200), so the words decide.
   */
  function failureOf(operation: string, response: BillingHttpResponse, shapeIssue?: string): Failure {
    const fail = (error: BillingSystemError): Failure => ({ kind: 'error', error });
    const status = response.status;
    if (shapeIssue !== undefined) {
      return fail(new BillingResponseError(SYSTEM, operation, http.redact(`answer without the documented shape: ${shapeIssue}`), { status }));
    }
    const parsed = envelopeSchema.safeParse(response.json);
    const messages = parsed.success ? errorMessages(parsed.data['error']) : [];
    const said = http.redact(messages.length > 0 ? messages.join('; ') : `HTTP ${status}${http.excerpt(response.text, ': ')}`);
    if (status === 401 || status === 403 || messages.some((m) => AUTH_PATTERN.test(m))) {
      return fail(new BillingAuthError(SYSTEM, operation, `credentials refused: ${said}`, { status }));
    }
    if (messages.some((m) => /client/i.test(m) && NOT_FOUND_PATTERN.test(m))) {
      return fail(new BillingClientNotFoundError(SYSTEM, operation, said, { status }));
    }
    if (operation === 'getInvoiceDetails' && messages.some((m) => /invoice/i.test(m) && INVOICE_GONE_PATTERN.test(m))) {
      return { kind: 'no-such-invoice' };
    }
    if (parsed.success && parsed.data.success === false) {
      return fail(new BillingRejectedError(SYSTEM, operation, said, { status }));
    }
    if (status >= 400) return fail(new BillingRejectedError(SYSTEM, operation, said, { status }));
    return fail(new BillingResponseError(SYSTEM, operation, `answer without the documented shape: ${said}`, { status }));
  }

  /** Sends a call; answers the parsed success body, or the failure HostBill answered. */
  async function call<T>(
    operation: string,
    params: Record<string, string>,
    idempotent: boolean,
    schema: z.ZodType<T>,
  ): Promise<{ ok: true; value: T } | { ok: false; failure: Failure }> {
    const response = await http.request({
      operation,
      method: 'POST',
      path: API_PATH,
      form: { api_id: config.identifier, api_key: config.secret, call: operation, ...params },
      idempotent,
    });
    const envelope = envelopeSchema.safeParse(response.json);
    if (response.status !== 200 || !envelope.success || !envelope.data.success) {
      return { ok: false, failure: failureOf(operation, response) };
    }
    const parsed = schema.safeParse(response.json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue === undefined ? 'invalid' : `${issue.path.join('.') || '(root)'}: ${issue.message}`;
      return { ok: false, failure: failureOf(operation, response, where) };
    }
    return { ok: true, value: parsed.data };
  }

  /** A call whose every failure is an error. */
  async function must<T>(operation: string, params: Record<string, string>, idempotent: boolean, schema: z.ZodType<T>): Promise<T> {
    const result = await call(operation, params, idempotent, schema);
    if (result.ok) return result.value;
    const { failure } = result;
    if (failure.kind === 'error') throw failure.error;
    throw new BillingRejectedError(SYSTEM, operation, 'no such invoice');
  }

  function normaliseAmount(text: string): string {
    const minor = parseAmountMinor(text, currency);
    return minor === undefined ? text.trim() : formatMinorUnits(minor, currency);
  }

  /** An item's amount for the whole line (HostBill keeps a unit price and a quantity). */
  function lineAmount(item: HostbillItem): string {
    const qty = item.qty === undefined ? 1 : Number(item.qty);
    if (qty === 1) return normaliseAmount(item.amount);
    const minor = parseAmountMinor(item.amount, currency);
    if (minor === undefined || !Number.isInteger(qty)) return `${item.amount.trim()} x ${item.qty ?? ''}`;
    return formatMinorUnits(minor * qty, currency);
  }

  /** One `addInvoiceItem` per line, in order; a failure names the draft and how far it got. */
  async function addLines(id: string, invoice: DraftInvoice, lines: readonly DraftInvoiceLine[]): Promise<void> {
    let added = 0;
    try {
      for (const line of lines) {
        await must('addInvoiceItem', { id, line: line.description, price: line.amount, qty: '1', tax: invoice.taxed ? '1' : '0' }, false, addInvoiceItemSchema);
        added += 1;
      }
    } catch (error) {
      if (error instanceof Error) {
        error.message += ` (draft invoice ${id} lacks ${lines.length - added} of its ${invoice.lines.length} lines; a later push resumes it by its id, adding only those)`;
      }
      throw error;
    }
  }

  async function getInvoice(id: string): Promise<RemoteInvoice | undefined> {
    if (!/^\d+$/.test(id)) return undefined;
    const result = await call('getInvoiceDetails', { id }, true, invoiceDetailsSchema);
    if (!result.ok) {
      if (result.failure.kind === 'no-such-invoice') return undefined;
      throw result.failure.error;
    }
    const invoice = result.value.invoice;
    const lines: RemoteInvoiceLine[] = (invoice.items ?? []).map((item) => ({ description: item.description, amount: lineAmount(item) }));
    return { id: invoice.id, clientId: invoice.client_id, status: invoice.status, notes: invoice.notes ?? '', lines };
  }

  async function clientCurrency(clientId: string): Promise<ClientCurrency> {
    const details = await must('getClientDetails', { id: clientId }, true, clientDetailsSchema);
    const list = await must('getCurrencies', {}, true, currenciesSchema);
    const wanted = details.client.currency_id;
    const currency = [list.main, ...(list.currencies ?? [])].find((candidate) => candidate.id === wanted);
    const code = (currency?.iso ?? currency?.code ?? '').trim();
    if (currency === undefined || code === '') {
      throw new BillingResponseError(SYSTEM, 'getCurrencies', `client ${clientId} is billed in currency id ${wanted}, which getCurrencies does not list with a code`);
    }
    const decimals = Number(currency.decimal ?? DEFAULT_DECIMALS);
    return { code, storedDecimals: Number.isInteger(decimals) && decimals >= 0 ? decimals : DEFAULT_DECIMALS };
  }

  return {
    system: SYSTEM,
    clientCurrency,

    async findAllByTag(clientId, tag) {
      const period = periodOfTag(tag);
      // An invoice for a period is dated after the period began (HostBill dates a draft at its
      // creation unless told otherwise): older rows cannot be it and are not opened.
      const earliest = period === undefined ? undefined : `${period}-01`;
      const found: RemoteInvoice[] = [];
      const seen = new Set<string>();
      for (let page = 0; page < MAX_PAGES; page++) {
        const list = await must('getClientInvoices', { id: clientId, page: String(page) }, true, clientInvoicesSchema);
        // A row already seen (a page repeated, or shifted by a new invoice) is opened once.
        const rows = list.invoices.filter((row) => !seen.has(row.id));
        for (const row of rows) seen.add(row.id);
        const candidates = rows.filter((row) => earliest === undefined || !/^\d{4}-\d{2}-\d{2}/.test(row.date ?? '') || (row.date ?? '') >= earliest);
        for (const row of candidates) {
          const invoice = await getInvoice(row.id);
          if (invoice !== undefined && invoice.notes.includes(tag)) found.push(invoice);
        }
        // Without a sorter the page count is unknown: walk on to a page with nothing new (bounded by MAX_PAGES).
        const totalPages = list.sorter?.totalpages;
        if (rows.length === 0 || (totalPages !== undefined && page + 1 >= totalPages)) return found;
      }
      return found;
    },

    async createDraft(invoice: DraftInvoice, progress?: CreateProgress) {
      if (!invoice.notes.includes(invoice.tag)) throw new RangeError('the draft invoice notes must contain its tag');
      const created = await must(
        'addInvoice',
        { client_id: invoice.clientId, date: invoice.date, duedate: invoice.dueDate, notes: invoice.notes },
        false,
        addInvoiceSchema,
      );
      const id = created.invoice_id;
      // Recorded before any line: from here on the draft is resumed by this id, never created again.
      await progress?.created(id);
      await addLines(id, invoice, invoice.lines);
      return id;
    },

    getInvoice,

    resumeDraft: (invoiceId: string, invoice: DraftInvoice) => resumeByAddingLines(invoiceId, invoice, { getInvoice, addLines }),
  };
}
