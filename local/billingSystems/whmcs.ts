/**
 * Simulated WHMCS External API: `POST /includes/api.php` (GET works too: WHMCS reads the request
 * parameters from the query as well), form-encoded `identifier`, `secret` (or the older
 * `username`/`password` pair), `action`, `responsetype=json`. Answers
 * `{"result":"success", ...}` or `{"result":"error","message":"..."}`.
 *
 * Operations (names used by stats and fault rules) are the WHMCS action names, matched without
 * regard to case as WHMCS does: `CreateInvoice`, `GetInvoices`, `GetInvoice`; any other action is
 * counted under its name as sent (`(no action)` when there is none) and answered `Command Not Found`.
 *
 * - Access key: started or reset with one (`$api_access_key` in WHMCS's configuration.php), every
 *   call without that `accesskey` is refused before anything else with HTTP 403
 *   `{"result":"error","message":"Invalid IP <caller's address>"}`, as WHMCS refuses an address
 *   its API IP Access Restriction does not list (developers.whmcs.com/api/access-control; the
 *   message as WHMCS users report it, e.g. github.com/sburina/laravel-whmcs-up/issues/5). The
 *   simulator lists no address: the key is the only way in.
 * - Refused credentials: HTTP 403 `Authentication Failed`.
 * - `CreateInvoice`: `userid` (unknown: `Client ID Not Found`; the invoice is in the client's currency:
 *   the call takes none), `status` (default Unpaid),
 *   `draft` (status Draft; with a truthy `sendinvoice` it is refused), `date`, `duedate`,
 *   `notes`, `itemdescriptionN`/`itemamountN`/`itemtaxedN` (items in order of N). Amounts are
 *   kept with two decimals, as WHMCS's decimal(16,2) columns do. Answers `invoiceid`, `status`.
 * - `GetInvoices`: `userid`, `status` (incl. Overdue), `limitstart` (0), `limitnum` (25),
 *   `orderby` (id, invoicenumber, date, duedate, total, status) and `order` (asc/desc); newest
 *   first by default. Entries carry `notes`; an unknown client simply has no invoices.
 * - `GetClientsDetails`: `clientid` (or `email`); `{"result":"success","client":{..., "currency"
 *   (its id), "currency_code"}}` as the reference page shows it; unknown: `Client Not Found`.
 * - `GetInvoice`: `invoiceid`. Items under `items.item[]`. An unknown id answers HTTP 200
 *   `{"status":"error","message":"Invoice ID Not Found"}` with no `result` key: the reference page
 *   (developers.whmcs.com/api-reference/getinvoice) lists only the message, and WHMCS's own
 *   `includes/api/getinvoice.php` sets `status`, not `result`, on that path (5.x to 8.x).
 */
import type { BillingApiRequest, BillingApiResponse, BillingSimCredentials, BillingSystemApi } from './api';
import type { BillingSimStore, SimInvoice } from './store';

const API_PATH = '/includes/api.php';
const ACTIONS = ['CreateInvoice', 'GetInvoices', 'GetInvoice', 'GetClientsDetails'] as const;
const ACTION_BY_LOWER = new Map<string, string>(ACTIONS.map((action) => [action.toLowerCase(), action]));
const INVOICE_STATUSES = ['Draft', 'Unpaid', 'Paid', 'Cancelled', 'Refunded', 'Collections', 'Payment Pending'];
const DEFAULT_LIMIT = 25;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A request parameter: the form body first, then the query (PHP's `$_REQUEST`). */
function param(request: BillingApiRequest, name: string): string | undefined {
  return request.form.get(name) ?? request.query.get(name) ?? undefined;
}

/** PHP's truthiness of a request string: "", "0" are false, anything else true. */
function truthy(value: string | undefined): boolean {
  return value !== undefined && value !== '' && value !== '0';
}

function success(body: Record<string, unknown>): BillingApiResponse {
  return { status: 200, body: { result: 'success', ...body } };
}

function error(message: string, status = 200): BillingApiResponse {
  return { status, body: { result: 'error', message } };
}

/** A decimal rounded half away from zero to two places, as a decimal(16,2) column keeps it; undefined when not numeric. */
function toCents(text: string): bigint | undefined {
  const match = /^\s*([+-]?)(\d*)(?:\.(\d*))?\s*$/.exec(text);
  if (match === null) return undefined;
  const [, sign = '', whole = '', fraction = ''] = match;
  if (whole === '' && fraction === '') return undefined;
  const digits = fraction.padEnd(3, '0');
  let cents = BigInt(whole === '' ? '0' : whole) * 100n + BigInt(digits.slice(0, 2));
  if (Number(digits[2]) >= 5) cents += 1n;
  return sign === '-' ? -cents : cents;
}

function formatCents(cents: bigint): string {
  const sign = cents < 0n ? '-' : '';
  const abs = (cents < 0n ? -cents : cents).toString().padStart(3, '0');
  return `${sign}${abs.slice(0, -2)}.${abs.slice(-2)}`;
}

/** The invoice total from its items; an item edited to an odd amount counts as its rounded value. */
function totalOf(invoice: SimInvoice): string {
  return formatCents(invoice.items.reduce((sum, item) => sum + (toCents(item.amount) ?? 0n), 0n));
}

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

function createInvoice(request: BillingApiRequest, store: BillingSimStore): BillingApiResponse {
  const userid = param(request, 'userid') ?? '';
  if (!store.hasClient(userid)) return error('Client ID Not Found');
  const draft = truthy(param(request, 'draft'));
  if (draft && truthy(param(request, 'sendinvoice'))) {
    return error('Cannot create and send a draft invoice in a single API request. Please create and send separately.');
  }
  const requestedStatus = param(request, 'status');
  const status = draft ? 'Draft' : (INVOICE_STATUSES.find((s) => s.toLowerCase() === (requestedStatus ?? 'unpaid').toLowerCase()) ?? 'Unpaid');
  const date = param(request, 'date') ?? today();
  const dueDate = param(request, 'duedate') ?? date;
  if (!DATE.test(date) || !DATE.test(dueDate)) return error('Invalid date format. Expected YYYY-mm-dd');
  const indices = new Set<number>();
  for (const key of new Set([...request.form.keys(), ...request.query.keys()])) {
    const match = /^item(?:description|amount)(\d+)$/.exec(key);
    if (match !== null) indices.add(Number(match[1]));
  }
  const items: { description: string; amount: string; taxed: boolean }[] = [];
  for (const index of [...indices].sort((a, b) => a - b)) {
    const description = param(request, `itemdescription${index}`) ?? '';
    const amountText = param(request, `itemamount${index}`) ?? '0';
    const cents = toCents(amountText);
    if (cents === undefined) return error(`Invalid item amount for item ${index}`);
    items.push({ description, amount: formatCents(cents), taxed: truthy(param(request, `itemtaxed${index}`)) });
  }
  // CreateInvoice takes no currency: the invoice is in the client's own.
  const currency = store.clientCurrency(userid) ?? store.currency;
  const invoice = store.addInvoice({ clientId: userid, status, date, dueDate, notes: param(request, 'notes') ?? '', currency, items });
  return success({ invoiceid: invoice.id, status: invoice.status });
}

const SORT_KEYS: Record<string, (invoice: SimInvoice) => string | number> = {
  id: (invoice) => invoice.id,
  invoicenumber: (invoice) => invoice.id,
  date: (invoice) => invoice.date,
  duedate: (invoice) => invoice.dueDate,
  total: (invoice) => Number(totalOf(invoice)),
  status: (invoice) => invoice.status,
};

function getInvoices(request: BillingApiRequest, store: BillingSimStore): BillingApiResponse {
  const userid = param(request, 'userid');
  let invoices = userid === undefined || userid === '' ? store.all() : store.listByClient(userid);
  const status = param(request, 'status');
  if (status !== undefined && status !== '') {
    const wanted = status.toLowerCase();
    invoices =
      wanted === 'overdue'
        ? invoices.filter((invoice) => invoice.status === 'Unpaid' && invoice.dueDate < today())
        : invoices.filter((invoice) => invoice.status.toLowerCase() === wanted);
  }
  const sortKey = SORT_KEYS[(param(request, 'orderby') ?? '').toLowerCase()];
  const ascending = (param(request, 'order') ?? '').toLowerCase() === 'asc';
  const key = sortKey ?? SORT_KEYS.id ?? ((invoice: SimInvoice) => invoice.id);
  const direction = sortKey === undefined ? -1 : ascending ? 1 : -1;
  invoices = [...invoices].sort((a, b) => {
    const [ka, kb] = [key(a), key(b)];
    return (ka < kb ? -1 : ka > kb ? 1 : a.id - b.id) * direction;
  });
  const start = Math.max(0, Number.parseInt(param(request, 'limitstart') ?? '0', 10) || 0);
  const limitParsed = Number.parseInt(param(request, 'limitnum') ?? '', 10);
  const limit = Number.isFinite(limitParsed) && limitParsed > 0 ? limitParsed : DEFAULT_LIMIT;
  const page = invoices.slice(start, start + limit);
  return success({
    totalresults: invoices.length,
    startnumber: start,
    numreturned: page.length,
    invoices: {
      invoice: page.map((invoice) => ({
        id: invoice.id,
        userid: Number(invoice.clientId),
        firstname: 'Sim',
        lastname: `Client ${invoice.clientId}`,
        companyname: '',
        invoicenum: '',
        date: invoice.date,
        duedate: invoice.dueDate,
        datepaid: '0000-00-00 00:00:00',
        subtotal: totalOf(invoice),
        credit: '0.00',
        tax: '0.00',
        tax2: '0.00',
        total: totalOf(invoice),
        taxrate: '0.00',
        taxrate2: '0.00',
        status: invoice.status,
        paymentmethod: 'banktransfer',
        notes: invoice.notes,
        currencycode: invoice.currency,
        currencyprefix: '',
        currencysuffix: ` ${invoice.currency}`,
      })),
    },
  });
}

function getClientsDetails(request: BillingApiRequest, store: BillingSimStore): BillingApiResponse {
  const clientId = param(request, 'clientid') ?? '';
  const email = param(request, 'email') ?? '';
  if (clientId === '' && email === '') return error('Either clientid Or email Is Required');
  const id = clientId !== '' ? clientId : (/^client([1-9]\d*)@example\.test$/.exec(email)?.[1] ?? '');
  const currency = store.clientCurrency(id);
  if (currency === undefined) return error('Client Not Found');
  return success({
    client: {
      userid: Number(id),
      id: Number(id),
      firstname: 'Sim',
      lastname: `Client ${id}`,
      fullname: `Sim Client ${id}`,
      companyname: '',
      email: `client${id}@example.test`,
      status: 'Active',
      credit: '0.00',
      taxexempt: false,
      currency: store.currencies().indexOf(currency) + 1,
      currency_code: currency,
    },
  });
}

function getInvoice(request: BillingApiRequest, store: BillingSimStore): BillingApiResponse {
  const id = Number.parseInt(param(request, 'invoiceid') ?? '', 10);
  const invoice = Number.isSafeInteger(id) ? store.get(id) : undefined;
  if (invoice === undefined) return { status: 200, body: { status: 'error', message: 'Invoice ID Not Found' } };
  const total = totalOf(invoice);
  return success({
    invoiceid: invoice.id,
    invoicenum: '',
    userid: Number(invoice.clientId),
    date: invoice.date,
    duedate: invoice.dueDate,
    datepaid: '0000-00-00 00:00:00',
    subtotal: total,
    credit: '0.00',
    tax: '0.00',
    tax2: '0.00',
    total,
    balance: invoice.status === 'Paid' ? '0.00' : total,
    taxrate: '0.00',
    taxrate2: '0.00',
    status: invoice.status,
    paymentmethod: 'banktransfer',
    notes: invoice.notes,
    ccgateway: false,
    items: {
      item: invoice.items.map((item) => ({ id: item.id, type: '', relid: 0, description: item.description, amount: item.amount, taxed: item.taxed ? 1 : 0 })),
    },
    transactions: '',
  });
}

export const whmcsApi: BillingSystemApi = {
  system: 'whmcs',

  operationOf(request) {
    if (request.path.replace(/\/+$/, '') !== API_PATH || (request.method !== 'POST' && request.method !== 'GET')) return undefined;
    const action = param(request, 'action') ?? '';
    if (action === '') return '(no action)';
    return ACTION_BY_LOWER.get(action.toLowerCase()) ?? action;
  },

  authenticate(request, credentials: BillingSimCredentials) {
    if (credentials.accessKey !== undefined && param(request, 'accesskey') !== credentials.accessKey) return error(`Invalid IP ${request.remoteAddress}`, 403);
    const identifier = param(request, 'identifier') ?? param(request, 'username') ?? '';
    const secret = param(request, 'secret') ?? param(request, 'password') ?? '';
    const accepted =
      identifier !== '' &&
      secret !== '' &&
      (credentials.identifier === undefined || credentials.identifier === identifier) &&
      (credentials.secret === undefined || credentials.secret === secret);
    return accepted ? undefined : error('Authentication Failed', 403);
  },

  handle(request, operation, store) {
    switch (operation) {
      case 'CreateInvoice':
        return createInvoice(request, store);
      case 'GetInvoices':
        return getInvoices(request, store);
      case 'GetInvoice':
        return getInvoice(request, store);
      case 'GetClientsDetails':
        return getClientsDetails(request, store);
      default:
        return error('Command Not Found');
    }
  },

  faultBody(status) {
    return { result: 'error', message: status === 404 ? 'Not Found' : `HTTP ${status}` };
  },
};
