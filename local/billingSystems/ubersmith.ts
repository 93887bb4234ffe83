/**
 * Ubersmith's API 2.0, simulated: `POST|GET /api/2.0/?method=<section.method>` with HTTP Basic
 * authentication (API user and token) and the parameters in the query or a form. Answers are
 * `{status, error_code, error_message, data}` with HTTP 200; wrong credentials answer 401.
 *
 * A customer's period lives here as services: a charge group (a service without `parent_id`: the
 * store's invoice, its description the notes) and one child service a line (the store's items).
 * Ubersmith numbers every service from one sequence; the store numbers invoices and items apart,
 * so a group's service id is its invoice id and a line's is CHILD_ID_BASE + its item id.
 *
 * Operations (the method names, used by stats and fault rules):
 * - `client.get` (client_id): the client, or `Client ID '<id>' not found.`.
 * - `client.service_add` (client_id, description, price, quantity, period, status, parent_id):
 *   answers the new service id. One with `parent_id` (a line) is the operation
 *   `client.service_add[line]`, so a rule can hit a group's create or a line's apart.
 * - `client.service_get` (service_id): the service, or `Service ID '<id>' not found.`.
 * - `client.service_list` (client_id, parentpack, pack_type_select, offset, limit): the client's
 *   services keyed by id in id order (`[]` when none), `pack_type_select=3` every status, else
 *   the cancelled ones left out.
 * Any other method answers an error for an unknown method.
 */
import type { BillingApiRequest, BillingApiResponse, BillingSimCredentials, BillingSystemApi } from './api';
import type { BillingSimStore, SimInvoice, SimInvoiceItem } from './store';

export const UBERSMITH_API_PATH = '/api/2.0/';
export const LINE_ADD_OPERATION = 'client.service_add[line]';
const CHILD_ID_BASE = 1_000_000;
const DECIMAL_PATTERN = /^-?\d+(\.\d+)?$/;
const ID_PATTERN = /^[1-9]\d{0,9}$/;
const STATUS_NUMBERS: Readonly<Record<string, string>> = { Active: '1', Pending: '2', Suspended: '3', Cancelled: '4' };
const STATUS_WORDS: Readonly<Record<string, string>> = { '1': 'Active', '2': 'Pending', '3': 'Suspended', '4': 'Cancelled' };

type Params = Map<string, string>;

/** The request's parameters: the query string, overridden by the form (PHP's `$_REQUEST`). */
function paramsOf(request: BillingApiRequest): Params {
  const params = new Map<string, string>();
  for (const [key, value] of request.query) params.set(key, value);
  for (const [key, value] of request.form) params.set(key, value);
  return params;
}

function ok(data: unknown): BillingApiResponse {
  return { status: 200, body: { status: true, error_code: null, error_message: '', data } };
}

function refused(message: string, code = 1): BillingApiResponse {
  return { status: 200, body: { status: false, error_code: code, error_message: message, data: '' } };
}

/** A price as Ubersmith shows it, with 2 decimals (`"12.3"` -> `"12.30"`); more digits are kept. */
function price(amount: string): string {
  const [whole = '0', fraction = ''] = amount.split('.');
  return fraction.length > 2 ? amount : `${whole}.${fraction.padEnd(2, '0')}`;
}

function serviceJson(fields: { id: number; clientId: string; parent: number; description: string; amount: string; status: string; created: string }): Record<string, unknown> {
  return {
    packid: String(fields.id),
    clientid: fields.clientId,
    parentpack: String(fields.parent),
    desserv: fields.description,
    price: price(fields.amount),
    cost: price(fields.amount),
    quantity: '1.00',
    period: '0',
    bill_type: '0',
    billed: '0',
    active: STATUS_NUMBERS[fields.status] ?? fields.status,
    start: String(Math.floor(Date.parse(`${fields.created}T00:00:00Z`) / 1000)),
    end: '0',
    comment: null,
  };
}

function groupJson(invoice: SimInvoice): Record<string, unknown> {
  return serviceJson({ id: invoice.id, clientId: invoice.clientId, parent: 0, description: invoice.notes, amount: '0', status: invoice.status, created: invoice.date });
}

function lineJson(invoice: SimInvoice, item: SimInvoiceItem): Record<string, unknown> {
  return serviceJson({ id: CHILD_ID_BASE + item.id, clientId: invoice.clientId, parent: invoice.id, description: item.description, amount: item.amount, status: invoice.status, created: invoice.date });
}

/** The next free item id: the store numbers the items it creates, this API adds its own. */
function nextItemId(store: BillingSimStore): number {
  return store.all().reduce((max, invoice) => invoice.items.reduce((m, item) => Math.max(m, item.id), max), 0) + 1;
}

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

function clientNotFound(clientId: string): BillingApiResponse {
  return refused(`Client ID '${clientId}' not found.`);
}

const handlers: Record<string, (params: Params, store: BillingSimStore) => BillingApiResponse> = {
  'client.get'(params, store) {
    const clientId = params.get('client_id') ?? '';
    if (!store.hasClient(clientId)) return clientNotFound(clientId);
    return ok({ clientid: clientId, first: 'Sim', last: `Client ${clientId}`, company: '', email: `client${clientId}@example.test`, active: '1', balance: '0.00' });
  },

  'client.service_add'(params, store) {
    const clientId = params.get('client_id') ?? '';
    if (!store.hasClient(clientId)) return clientNotFound(clientId);
    const description = params.get('description') ?? '';
    const amount = params.get('price') ?? '0';
    const status = STATUS_WORDS[params.get('status') ?? '1'];
    if (description === '') return refused('Service Description is required when no Service Plan is specified');
    if (!DECIMAL_PATTERN.test(amount)) return refused('Invalid price');
    if (status === undefined) return refused('Invalid service status');
    // The store keeps one amount a line: the simulator takes quantity 1 and one-time charges only.
    if (!/^1(\.0+)?$/.test(params.get('quantity') ?? '1')) return refused('Invalid quantity (the simulator supports quantity 1 only)');
    if ((params.get('period') ?? '1') !== '0') return refused('Invalid period (the simulator supports one-time services, period 0, only)');
    const taxed = params.get('taxes[0]') !== '0';
    const parentId = params.get('parent_id');
    if (parentId === undefined || parentId === '' || parentId === '0') {
      if (!/^0(\.0+)?$/.test(amount)) return refused('Invalid price (the simulator holds a service without a parent at price 0 only)');
      const currency = store.clientCurrency(clientId) ?? store.currency;
      const invoice = store.addInvoice({ clientId, status, date: today(), dueDate: today(), notes: description, currency, items: [] });
      return ok(invoice.id);
    }
    const parent = ID_PATTERN.test(parentId) ? store.get(Number(parentId)) : undefined;
    if (parent === undefined || parent.clientId !== clientId) return refused(`Parent service ID '${parentId}' not found.`);
    const item: SimInvoiceItem = { id: nextItemId(store), description, amount, taxed };
    parent.items.push(item);
    return ok(CHILD_ID_BASE + item.id);
  },

  'client.service_get'(params, store) {
    const serviceId = params.get('service_id') ?? '';
    const id = ID_PATTERN.test(serviceId) ? Number(serviceId) : 0;
    const group = id > 0 && id < CHILD_ID_BASE ? store.get(id) : undefined;
    if (group !== undefined) return ok(groupJson(group));
    for (const invoice of store.all()) {
      const item = invoice.items.find((candidate) => CHILD_ID_BASE + candidate.id === id);
      if (item !== undefined) return ok(lineJson(invoice, item));
    }
    return refused(`Service ID '${serviceId}' not found.`);
  },

  'client.service_list'(params, store) {
    const clientId = params.get('client_id') ?? '';
    if (!store.hasClient(clientId)) return clientNotFound(clientId);
    const offset = Number(params.get('offset') ?? '0');
    const limitText = params.get('limit') ?? '';
    if (!Number.isSafeInteger(offset) || offset < 0 || (limitText !== '' && !ID_PATTERN.test(limitText))) return refused('Invalid offset or limit');
    const parentPack = params.get('parentpack');
    const everyStatus = params.get('pack_type_select') === '3';
    const services = store
      .listByClient(clientId)
      .reverse()
      .filter((invoice) => everyStatus || invoice.status !== 'Cancelled')
      .flatMap((invoice) => [groupJson(invoice), ...invoice.items.map((item) => lineJson(invoice, item))])
      .filter((service) => parentPack === undefined || parentPack === '' || service['parentpack'] === parentPack)
      .sort((a, b) => Number(a['packid']) - Number(b['packid']));
    const page = services.slice(offset, limitText === '' ? undefined : offset + Number(limitText));
    // PHP's json_encode answers an empty list as `[]`, a keyed one as an object.
    return ok(page.length === 0 ? [] : Object.fromEntries(page.map((service) => [String(service['packid']), service])));
  },
};

function basicCredentials(request: BillingApiRequest): { user: string; token: string } | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(request.headers.authorization ?? '');
  if (match === null) return undefined;
  const decoded = Buffer.from(match[1] ?? '', 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : { user: decoded.slice(0, colon), token: decoded.slice(colon + 1) };
}

export const ubersmithApi: BillingSystemApi = {
  system: 'ubersmith',

  operationOf(request) {
    if (`${request.path.replace(/\/+$/, '')}/` !== UBERSMITH_API_PATH) return undefined;
    if (request.method !== 'GET' && request.method !== 'POST') return undefined;
    const params = paramsOf(request);
    const method = params.get('method') ?? '';
    if (method === 'client.service_add' && (params.get('parent_id') ?? '0') !== '0' && params.get('parent_id') !== '') return LINE_ADD_OPERATION;
    return method === '' ? '(none)' : method;
  },

  authenticate(request, credentials: BillingSimCredentials) {
    const given = basicCredentials(request);
    const userOk = given !== undefined && given.user !== '' && (credentials.identifier === undefined || given.user === credentials.identifier);
    const tokenOk = given !== undefined && given.token !== '' && (credentials.secret === undefined || given.token === credentials.secret);
    if (userOk && tokenOk) return undefined;
    return {
      status: 401,
      headers: { 'www-authenticate': 'Basic realm="Ubersmith API"' },
      body: { status: false, error_code: 1, error_message: 'Invalid login or password.', data: '' },
    };
  },

  handle(request, operation, store) {
    const method = operation === LINE_ADD_OPERATION ? 'client.service_add' : operation;
    const handler = Object.hasOwn(handlers, method) ? handlers[method] : undefined;
    if (handler === undefined) return refused(`Invalid method '${operation}'`);
    return handler(paramsOf(request), store);
  },

  faultBody(status) {
    return { status: false, error_code: status, error_message: status === 404 ? 'Not found' : `HTTP ${status}`, data: '' };
  },
};
