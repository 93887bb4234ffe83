/**
 * HostBill's Admin API, simulated: `POST|GET /admin/api.php` with `api_id`, `api_key` and
 * `call=<name>` in the form or the query string (HostBill reads both). Answers are JSON with
 * `"success": true`, the data, `call` and `server_time`, or `"success": false` with an `error`
 * list, with HTTP 200 as HostBill does.
 *
 * Operations (the `call` names, used by stats and fault rules):
 * - `addInvoice` (client_id; date, duedate, notes): a new invoice in status `Draft`.
 * - `addInvoiceItem` (id, line, price, qty, tax): appends a line; answers `newline`.
 * - `getInvoiceDetails` (id): the invoice with its notes and items.
 * - `getClientInvoices` (id = client, page): the client's invoices newest first, `perPage` a
 *   page (0-based `page`), with HostBill's `sorter` block.
 * - `getClientDetails` (id): the client with its `currency_id` (api2.hostbillapp.com/clients/getClientDetails).
 * - `getCurrencies`: `main` (id 0, `iso`, `decimal`) and `currencies` (api2.hostbillapp.com/settings/getCurrencies);
 *   the main one is the simulator's default currency, the others the clients' own in code order.
 * `addInvoice` takes no currency: the invoice is in its client's.
 * Any other call name is its own operation and answers HostBill's error for an unknown call; a
 * request without `call` is the operation `(none)`.
 */
import { minorDigitsOf } from '../../shared/billing';
import { formatMinorUnits, parseAmountMinor } from '../../shared/invoicing';
import type { BillingApiRequest, BillingApiResponse, BillingSimCredentials, BillingSystemApi } from './api';
import type { BillingSimStore, SimInvoice, SimInvoiceItem } from './store';

export const HOSTBILL_API_PATH = '/admin/api.php';
/** HostBill's default page size. */
const DEFAULT_PER_PAGE = 25;
const DATE_PATTERN = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const DECIMAL_PATTERN = /^-?\d+(\.\d+)?$/;

export interface HostbillApiOptions {
  /** Invoices a page of `getClientInvoices`; default 25. */
  readonly perPage?: number;
}

/** The request's parameters: the query string, overridden by the form (PHP's `$_REQUEST`). */
function paramsOf(request: BillingApiRequest): Map<string, string> {
  const params = new Map<string, string>();
  for (const [key, value] of request.query) params.set(key, value);
  for (const [key, value] of request.form) params.set(key, value);
  return params;
}

function serverTime(): number {
  return Math.floor(Date.now() / 1000);
}

function ok(call: string, data: Record<string, unknown>): BillingApiResponse {
  return { status: 200, body: { success: true, ...data, call, server_time: serverTime() } };
}

function refused(call: string | undefined, ...errors: string[]): BillingApiResponse {
  return { status: 200, body: { success: false, ...(call === undefined ? {} : { call }), server_time: serverTime(), error: errors } };
}

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

function total(items: readonly SimInvoiceItem[], currency: string): string {
  const minor = items.reduce((sum, item) => sum + (parseAmountMinor(item.amount, currency) ?? 0), 0);
  return formatMinorUnits(minor, currency);
}

function itemJson(invoice: SimInvoice, item: SimInvoiceItem): Record<string, unknown> {
  return {
    id: String(item.id),
    invoice_id: String(invoice.id),
    type: 'Other',
    item_id: '0',
    description: item.description,
    amount: item.amount,
    taxed: item.taxed ? '1' : '0',
    qty: '1',
    linetotal: Number(item.amount),
  };
}

/** HostBill's id of a currency: 0 is the main (default) one, then the others in turn. */
function currencyId(store: BillingSimStore, currency: string): string {
  return String(Math.max(0, store.currencies().indexOf(currency)));
}

function invoiceJson(invoice: SimInvoice, store: BillingSimStore): Record<string, unknown> {
  const sum = total(invoice.items, invoice.currency);
  return {
    id: String(invoice.id),
    paid_id: '',
    recurring_id: '0',
    status: invoice.status,
    client_id: invoice.clientId,
    date: invoice.date,
    duedate: invoice.dueDate,
    datepaid: '0000-00-00 00:00:00',
    subtotal: sum,
    credit: '0.00',
    tax: '0.00',
    taxrate: '0.00',
    tax2: '0.00',
    taxrate2: '0.00',
    total: sum,
    payment_module: '0',
    currency_id: currencyId(store, invoice.currency),
    rate: '1.0000',
    notes: invoice.notes,
    items: invoice.items.map((item) => itemJson(invoice, item)),
  };
}

function listRowJson(invoice: SimInvoice, store: BillingSimStore): Record<string, unknown> {
  return {
    id: String(invoice.id),
    date: invoice.date,
    duedate: invoice.dueDate,
    total: total(invoice.items, invoice.currency),
    status: invoice.status,
    currency_id: currencyId(store, invoice.currency),
  };
}

/** `getCurrencies`: the main currency (id 0, with its `decimal` digits) and the others, as HostBill's reference shows them. */
function currenciesJson(store: BillingSimStore): Record<string, unknown> {
  const [main = store.currency, ...others] = store.currencies();
  const decimals = (code: string): string => String(minorDigitsOf(code));
  return {
    main: { code: main, iso: main, sign: main, id: 0, decimal: decimals(main), format: '1,234.56', rate: 1 },
    currencies: others.map((code, index) => ({ id: String(index + 1), code, sign: code, iso: code, rate: '1.0000', update: '0', enable: '1', format: '1,234.56', decimal: decimals(code) })),
  };
}

/** The next free item id: the store numbers the items it creates, this API adds its own. */
function nextItemId(store: BillingSimStore): number {
  return store.all().reduce((max, invoice) => invoice.items.reduce((m, item) => Math.max(m, item.id), max), 0) + 1;
}

function invoiceOf(params: Map<string, string>, store: BillingSimStore): SimInvoice | undefined {
  const id = params.get('id') ?? '';
  return /^[1-9]\d{0,9}$/.test(id) ? store.get(Number(id)) : undefined;
}

export function createHostbillApi(options: HostbillApiOptions = {}): BillingSystemApi {
  const perPage = options.perPage ?? DEFAULT_PER_PAGE;
  if (!Number.isInteger(perPage) || perPage < 1) throw new RangeError(`perPage must be a positive integer, got ${perPage}`);

  const handlers: Record<string, (params: Map<string, string>, store: BillingSimStore, call: string) => BillingApiResponse> = {
    addInvoice(params, store, call) {
      const clientId = params.get('client_id') ?? '';
      if (clientId === '') return refused(call, 'Missing parameter: client_id');
      if (!store.hasClient(clientId)) return refused(call, 'Client not found');
      const date = params.get('date') ?? today();
      const dueDate = params.get('duedate') ?? date;
      if (!DATE_PATTERN.test(date) || !DATE_PATTERN.test(dueDate)) return refused(call, 'Invalid date format');
      // addInvoice takes no currency: the invoice is in the client's own.
      const currency = store.clientCurrency(clientId) ?? store.currency;
      const invoice = store.addInvoice({ clientId, status: 'Draft', date, dueDate, notes: params.get('notes') ?? '', currency, items: [] });
      return ok(call, { invoice_id: String(invoice.id) });
    },

    addInvoiceItem(params, store, call) {
      const invoice = invoiceOf(params, store);
      if (invoice === undefined) return refused(call, 'Invoice not found');
      const line = params.get('line') ?? '';
      const price = params.get('price') ?? '';
      const qty = params.get('qty') ?? '1';
      const tax = params.get('tax') ?? '0';
      if (line === '') return refused(call, 'Missing parameter: line');
      if (!DECIMAL_PATTERN.test(price)) return refused(call, 'Invalid price');
      // The store keeps one amount a line: the simulator takes quantity 1 only.
      if (!/^1(\.0+)?$/.test(qty)) return refused(call, 'Invalid quantity (the simulator supports qty=1 only)');
      if (tax !== '0' && tax !== '1') return refused(call, 'Invalid tax flag');
      const item: SimInvoiceItem = { id: nextItemId(store), description: line, amount: price, taxed: tax === '1' };
      invoice.items.push(item);
      return ok(call, { newline: itemJson(invoice, item) });
    },

    getInvoiceDetails(params, store, call) {
      const invoice = invoiceOf(params, store);
      if (invoice === undefined) return refused(call, 'Invoice not found');
      return ok(call, { invoice: invoiceJson(invoice, store), transactions: [] });
    },

    getClientDetails(params, store, call) {
      const clientId = params.get('id') ?? '';
      if (clientId === '') return refused(call, 'Missing parameter: id');
      const currency = store.clientCurrency(clientId);
      if (currency === undefined) return refused(call, 'Client not found');
      return ok(call, {
        client: {
          id: clientId,
          client_id: clientId,
          email: `client${clientId}@example.test`,
          status: 'Active',
          firstname: 'Sim',
          lastname: `Client ${clientId}`,
          companyname: '',
          credit: '0.00',
          taxexempt: '0',
          currency_id: currencyId(store, currency),
        },
      });
    },

    getCurrencies(_params, store, call) {
      return ok(call, currenciesJson(store));
    },

    getClientInvoices(params, store, call) {
      const clientId = params.get('id') ?? '';
      if (clientId === '') return refused(call, 'Missing parameter: id');
      if (!store.hasClient(clientId)) return refused(call, 'Client not found');
      const pageText = params.get('page') ?? '0';
      if (!/^\d{1,6}$/.test(pageText)) return refused(call, 'Invalid page');
      const page = Number(pageText);
      const all = store.listByClient(clientId);
      const rows = all.slice(page * perPage, (page + 1) * perPage);
      return ok(call, {
        invoices: rows.map((row) => listRowJson(row, store)),
        sorter: { perpage: perPage, totalpages: Math.ceil(all.length / perPage), sorterrecords: all.length, sorterpage: page + 1 },
      });
    },
  };

  return {
    system: 'hostbill',

    operationOf(request) {
      if (request.path.replace(/\/+$/, '') !== HOSTBILL_API_PATH) return undefined;
      if (request.method !== 'GET' && request.method !== 'POST') return undefined;
      const call = paramsOf(request).get('call') ?? '';
      return call === '' ? '(none)' : call;
    },

    authenticate(request, credentials: BillingSimCredentials) {
      const params = paramsOf(request);
      const apiId = params.get('api_id') ?? '';
      const apiKey = params.get('api_key') ?? '';
      const idOk = apiId !== '' && (credentials.identifier === undefined || apiId === credentials.identifier);
      const keyOk = apiKey !== '' && (credentials.secret === undefined || apiKey === credentials.secret);
      if (idOk && keyOk) return undefined;
      return refused(params.get('call'), 'Invalid API ID or API key');
    },

    handle(request, operation, store) {
      const handler = Object.hasOwn(handlers, operation) ? handlers[operation] : undefined;
      if (handler === undefined) return refused(operation === '(none)' ? undefined : operation, 'Unknown API call');
      return handler(paramsOf(request), store, operation);
    },

    faultBody(status) {
      return { success: false, server_time: serverTime(), error: [status === 404 ? 'Not found' : `HTTP ${status}`] };
    },
  };
}

/** The HostBill simulator with HostBill's default page size. */
export const hostbillApi: BillingSystemApi = createHostbillApi();
