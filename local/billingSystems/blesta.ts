import type { BillingApiRequest, BillingApiResponse, BillingSimCredentials, BillingSystemApi } from './api';
import { clientJson, invoiceJson, summaryJson } from './blestaJson';
import { fixed, listEntries, map, parseDecimal, parsePhpParams, text, type PhpMap, type PhpValue } from './blestaPhp';
import type { BillingSimStore, SimInvoice } from './store';

/**
 * A simulated Blesta REST API (enough of it for the bridge's connector and its obvious neighbours).
 *
 * Requests: `{root}/api/{model}/{method}.{format}` (also under `/index.php/api/...`), credentials as
 * HTTP Basic (Blesta 4.x: docs.blesta.com/display/dev/API) or in the `BLESTA-API-USER` /
 * `BLESTA-API-KEY` headers (Blesta 5), either one, or both when both agree; parameters from the query for
 * GET/DELETE and from the form for POST/PUT, PHP bracket notation (`vars[lines][0][amount]`), matched
 * to the method's arguments by name. Answers `{"message":"OK","response": ...}`; errors as Blesta
 * words them: 400 `{"message","errors":{field:{code:text}}}`, 401, 404 (unknown model or method),
 * 415 (a format other than json: this simulator speaks only JSON), 500.
 *
 * Operations (`operationOf`, the names of stats and fault rules) are `{model}/{method}` as in the
 * URL: `invoices/add`, `invoices/get`, `invoices/getList`, `invoices/getListCount`,
 * `invoices/getAll`, `invoices/getStatuses`, `clients/get` (the client with `settings.default_currency`,
 * `false` for an unknown one); any other well-formed `model/method` is counted too and answered 404.
 *
 * The store's `notes` are the invoice's `note_private`; `note_public` is accepted and not kept.
 * Amounts are answered with Blesta's four decimals (`"12.3000"`); status words are Blesta's
 * (`draft`, `active`, `proforma`, `void`). Lists are pages of `pageSize` (Blesta's default 20).
 */

const MESSAGES = {
  ok: 'OK',
  badRequest: 'The request cannot be fulfilled due to bad syntax.',
  unauthorized: 'The authorization details given appear to be invalid.',
  forbidden: 'The requested resource is not accessible.',
  notFound: 'The requested resource does not exist.',
  unsupportedFormat: 'The format requested is not supported by the server.',
  internal: 'An unexpected error occured.',
  maintenance: 'The requested resource is currently unavailable due to maintenance.',
} as const;

const STATUSES = ['active', 'proforma', 'draft', 'void'] as const;
const DEFAULT_PAGE_SIZE = 20;
const PATH_PATTERN = /^(?:\/index\.php)?\/api\/([A-Za-z0-9_.]+)\/([A-Za-z0-9_]+)\.([A-Za-z0-9]+)$/;

type InputErrors = Record<string, Record<string, string>>;

export interface BlestaApiOptions {
  /** Results per page of `getList` (Blesta's `results_per_page`). */
  readonly pageSize?: number;
}

const ok = (response: unknown): BillingApiResponse => ({ status: 200, body: { message: MESSAGES.ok, response } });
const refusal = (status: number, message: string, errors?: InputErrors): BillingApiResponse => ({
  status,
  body: { message, ...(errors === undefined ? {} : { errors }), response: null },
});

function isDate(value: string | undefined): value is string {
  return value !== undefined && /^\d{4}-\d{2}-\d{2}(?:[T ].*)?$/.test(value.trim()) && !Number.isNaN(Date.parse(value.trim().slice(0, 10)));
}

/** The invoices `getList`/`getAll` select for a status word (`open` by default, `all` for every one). */
function matchesStatus(invoice: SimInvoice, status: string, today: string): boolean {
  switch (status) {
    case 'all':
      return true;
    case 'open':
    case 'pending':
      return invoice.status === 'active' || invoice.status === 'proforma';
    case 'past_due':
      return (invoice.status === 'active' || invoice.status === 'proforma') && invoice.dueDate < today;
    case 'closed':
      return false; // nothing is ever paid here
    default:
      return invoice.status === status;
  }
}

type Sorter = (a: SimInvoice, b: SimInvoice) => number;
const SORT_FIELDS: Record<string, (invoice: SimInvoice) => string | number> = {
  id: (invoice) => invoice.id,
  id_code: (invoice) => invoice.id,
  client_id: (invoice) => Number(invoice.clientId),
  date_billed: (invoice) => invoice.date,
  date_due: (invoice) => invoice.dueDate,
  status: (invoice) => invoice.status,
};

/** The sort of `order_by[field]=ASC|DESC` (ties by id), or undefined for a column Blesta has not (its SQL would fail). */
function sorterOf(orderBy: PhpValue | undefined): Sorter | undefined {
  const order = map(orderBy) ?? { date_due: 'ASC' };
  const keys: { key: (invoice: SimInvoice) => string | number; direction: number }[] = [];
  for (const [field, direction] of Object.entries(order)) {
    const key = SORT_FIELDS[field];
    if (key === undefined) return undefined;
    keys.push({ key, direction: text(direction)?.toUpperCase() === 'DESC' ? -1 : 1 });
  }
  return (a, b) => {
    for (const { key, direction } of keys) {
      const ka = key(a);
      const kb = key(b);
      if (ka !== kb) return (ka < kb ? -1 : 1) * direction;
    }
    return a.id - b.id;
  };
}

function selectInvoices(params: PhpMap, store: BillingSimStore): SimInvoice[] | undefined {
  const clientId = text(params.client_id);
  const status = text(params.status) ?? 'open';
  const sorter = sorterOf(params.order_by);
  if (sorter === undefined) return undefined;
  const today = new Date().toISOString().slice(0, 10);
  const pool = clientId === undefined || clientId === '' ? store.all() : store.listByClient(clientId);
  return pool.filter((invoice) => matchesStatus(invoice, status, today)).sort(sorter);
}

function addInvoice(params: PhpMap, store: BillingSimStore): BillingApiResponse {
  const vars = map(params.vars) ?? {};
  const errors: InputErrors = {};
  const fail = (field: string, code: string, message: string): void => {
    errors[field] = { ...errors[field], [code]: message };
  };
  const clientId = text(vars.client_id) ?? '';
  if (!store.hasClient(clientId)) fail('client_id', 'exists', 'Invalid client ID.');
  const dateBilled = text(vars.date_billed);
  const dateDue = text(vars.date_due);
  if (!isDate(dateBilled)) fail('date_billed', 'format', 'The billed date is in an invalid date format.');
  if (!isDate(dateDue)) fail('date_due', 'format', 'The due date is in an invalid date format.');
  else if (isDate(dateBilled) && dateDue.slice(0, 10) < dateBilled.slice(0, 10)) fail('date_due', 'after_billed', 'The date due must be on or after the date billed.');
  const status = text(vars.status) ?? 'active';
  if (!(STATUSES as readonly string[]).includes(status)) fail('status', 'format', 'Invalid status.');
  const currency = text(vars.currency) ?? '';
  if (!/^[A-Z]{3}$/.test(currency)) fail('currency', 'length', 'The currency code must be 3 characters in length.');
  const delivery = map(vars.delivery);
  if (delivery !== undefined && Object.values(delivery).some((method) => !['email', 'paper', 'interfax', 'postalmethods'].includes(text(method) ?? ''))) {
    fail('delivery', 'exists', 'The delivery method given does not exist.');
  }

  const items: { description: string; amount: string; taxed: boolean }[] = [];
  const lines = listEntries(map(vars.lines) ?? {});
  if (lines.length === 0) fail('lines[][description]', 'empty', 'Please enter a line item description.');
  for (const [, raw] of lines) {
    const line = map(raw) ?? {};
    const description = (text(line.description) ?? '').trim();
    if (description === '') fail('lines[][description]', 'empty', 'Please enter a line item description.');
    const amount = parseDecimal(text(line.amount) ?? '0');
    if (amount === undefined) fail('lines[][amount]', 'format', 'The unit cost must be a number.');
    const qtyText = text(line.qty);
    const qty = qtyText === undefined || qtyText === '' ? { units: 1n, scale: 0 } : parseDecimal(qtyText);
    if (qty === undefined || qty.units <= 0n) fail('lines[][qty]', 'minimum', 'Please enter a quantity of 1 or more.');
    const tax = text(line.tax);
    if (tax !== undefined && !['', '0', '1', 'true', 'false'].includes(tax.toLowerCase())) fail('lines[][tax]', 'format', "Line item tax must be a 'true' or 'false'");
    if (amount !== undefined && qty !== undefined) {
      // The store keeps a line's total; this simulator answers every line with a quantity of 1.
      // PHP's truthiness, as Invoices::add reads the flag: any text but "" and "0" taxes the line.
      items.push({ description, amount: fixed({ units: amount.units * qty.units, scale: amount.scale + qty.scale }, 4), taxed: tax !== undefined && tax !== '' && tax !== '0' });
    }
  }
  if (Object.keys(errors).length > 0) return refusal(400, MESSAGES.badRequest, errors);

  const invoice = store.addInvoice({
    clientId,
    status,
    date: (dateBilled ?? '').trim().slice(0, 10),
    dueDate: (dateDue ?? '').trim().slice(0, 10),
    notes: text(vars.note_private) ?? '',
    currency,
    items,
  });
  return ok(String(invoice.id));
}

function makeHandlers(pageSize: number): Record<string, (params: PhpMap, store: BillingSimStore) => BillingApiResponse> {
  return {
    'invoices/add': addInvoice,
    'invoices/get': (params, store) => {
      const id = Number(text(params.invoice_id));
      const invoice = Number.isInteger(id) ? store.get(id) : undefined;
      return ok(invoice === undefined ? false : invoiceJson(invoice));
    },
    'invoices/getList': (params, store) => {
      const selected = selectInvoices(params, store);
      if (selected === undefined) return refusal(500, MESSAGES.internal);
      const page = Math.max(1, Math.trunc(Number(text(params.page) ?? '1')) || 1);
      return ok(selected.slice((page - 1) * pageSize, page * pageSize).map(summaryJson));
    },
    'invoices/getListCount': (params, store) => {
      const selected = selectInvoices({ ...params, order_by: {} }, store);
      return ok(selected?.length ?? 0);
    },
    'invoices/getAll': (params, store) => {
      const selected = selectInvoices(params, store);
      return selected === undefined ? refusal(500, MESSAGES.internal) : ok(selected.map(summaryJson));
    },
    'invoices/getStatuses': () => ok({ active: 'Active', proforma: 'Pro forma', draft: 'Draft', void: 'Void' }),
    'clients/get': (params, store) => {
      const clientId = text(params.client_id) ?? '';
      const currency = store.clientCurrency(clientId);
      // Clients::get answers false for an unknown id (the API wraps it in a 200 like any answer).
      return ok(currency === undefined ? false : clientJson(clientId, currency));
    },
  };
}

function headerValue(request: BillingApiRequest, name: string): string {
  const value = request.headers[name];
  return (Array.isArray(value) ? value[0] : value) ?? '';
}

interface ApiCredentials {
  readonly user: string;
  readonly key: string;
}

/**
 * Every credential pair the request carries: HTTP Basic (what Blesta 4.x's API controller reads,
 * PHP_AUTH_USER/PW or the Authorization header) and the BLESTA-API-USER / BLESTA-API-KEY headers
 * (Blesta 5). A pair that is there but malformed counts, as an empty one.
 */
function credentialPairs(request: BillingApiRequest): ApiCredentials[] {
  const pairs: ApiCredentials[] = [];
  const authorization = headerValue(request, 'authorization');
  if (authorization !== '') {
    const decoded = /^basic /i.test(authorization) ? Buffer.from(authorization.slice(6).trim(), 'base64').toString('utf8') : '';
    const colon = decoded.indexOf(':');
    pairs.push(colon < 0 ? { user: '', key: '' } : { user: decoded.slice(0, colon), key: decoded.slice(colon + 1) });
  }
  const user = headerValue(request, 'blesta-api-user');
  const key = headerValue(request, 'blesta-api-key');
  if (user !== '' || key !== '') pairs.push({ user, key });
  return pairs;
}

export function createBlestaApi(options: BlestaApiOptions = {}): BillingSystemApi {
  const handlers = makeHandlers(options.pageSize ?? DEFAULT_PAGE_SIZE);
  return {
    system: 'blesta',

    operationOf(request) {
      const match = PATH_PATTERN.exec(request.path);
      if (match === null) return undefined;
      const [, model = '', method = ''] = match;
      return `${model}/${method}`;
    },

    authenticate(request, credentials: BillingSimCredentials) {
      // Assumption: a request carrying both forms passes only if both do (no source says which one a
      // version reading both would prefer), so a connector that sends two different pairs is caught.
      const pairs = credentialPairs(request);
      const valid = ({ user, key }: ApiCredentials): boolean =>
        user !== '' && key !== '' && (credentials.identifier === undefined || user === credentials.identifier) && (credentials.secret === undefined || key === credentials.secret);
      return pairs.length > 0 && pairs.every(valid) ? undefined : refusal(401, MESSAGES.unauthorized);
    },

    handle(request, operation, store) {
      const format = PATH_PATTERN.exec(request.path)?.[3]?.toLowerCase();
      if (format !== 'json') return refusal(415, MESSAGES.unsupportedFormat);
      const handler = handlers[operation];
      if (handler === undefined) return refusal(404, MESSAGES.notFound);
      const source = request.method === 'GET' || request.method === 'DELETE' ? request.query : request.form;
      return handler(parsePhpParams(source), store);
    },

    faultBody(status) {
      const message =
        status === 400
          ? MESSAGES.badRequest
          : status === 401
            ? MESSAGES.unauthorized
            : status === 403
              ? MESSAGES.forbidden
              : status === 404
                ? MESSAGES.notFound
                : status === 415
                  ? MESSAGES.unsupportedFormat
                  : status === 503
                    ? MESSAGES.maintenance
                    : MESSAGES.internal;
      return { message, response: null };
    },
  };
}

/** The simulator of Blesta with Blesta's default page size (20). */
export const blestaApi: BillingSystemApi = createBlestaApi();
