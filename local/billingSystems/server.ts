import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as z from 'zod';
import type { BillingSystemName } from '../../shared/invoicing';
import type { BillingApiRequest, BillingApiResponse, BillingSimCredentials, BillingSystemApi } from './api';
import { billingFaultsBodySchema, BillingFaults, type BillingFaultEffect } from './faults';
import { BillingSimStore, type SimInvoice } from './store';
import { FaultDelays } from '../faultDelays';

const MAX_BODY_BYTES = 1_000_000;

export interface BillingSimulatorOptions extends BillingSimCredentials {
  readonly port: number;
  /** The system's default currency: the one a client reset without its own is billed in. */
  readonly currency?: string;
}

export interface BillingSimStatsJson {
  readonly system: BillingSystemName;
  /** API requests by operation (`CreateInvoice`, `invoices/add`, `addInvoice`, ...). */
  readonly requests: Record<string, number>;
  readonly total: number;
  /** Requests answered or disturbed by a fault rule. */
  readonly faults: number;
}

export interface RunningBillingSimulator {
  readonly system: BillingSystemName;
  readonly url: string;
  readonly port: number;
  readonly store: BillingSimStore;
  close(): Promise<void>;
}

const clientId = z.union([z.string().regex(/^[1-9]\d{0,9}$/), z.int().positive().max(9_999_999_999).transform(String)]);

const resetBodySchema = z
  .object({
    /** The known clients: ids (as strings or numbers, in the default currency) or `{id, currency}`. */
    clients: z.array(z.union([clientId, z.object({ id: clientId, currency: z.string().regex(/^[A-Z]{3}$/).optional() }).strict()])).optional(),
    /** WHMCS: the access key every call must carry from now on (null: none); absent: the start option. */
    accessKey: z.string().min(1).nullable().optional(),
  })
  .strict();
const invoicePatchSchema = z
  .object({
    status: z.string().min(1).optional(),
    notes: z.string().optional(),
    items: z.array(z.object({ id: z.int(), description: z.string().optional(), amount: z.string().regex(/^-?\d+(\.\d+)?$/).optional() }).strict()).optional(),
  })
  .strict();

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => (size > MAX_BODY_BYTES ? reject(new Error('body too large')) : resolve(Buffer.concat(chunks).toString('utf8'))));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, response: BillingApiResponse): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(response.body ?? null);
  res.writeHead(response.status, { ...response.headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) }).end(text);
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: text === '' ? {} : (JSON.parse(text) as unknown) };
  } catch {
    return { ok: false };
  }
}

/**
 * Runs a billing system's simulated API on 127.0.0.1 with the control routes every simulator has:
 * `POST /_sim/reset {"clients"?, "accessKey"?}`, `POST|GET|DELETE /_sim/faults`, `GET /_sim/stats`,
 * `GET /_sim/invoices`, `PATCH /_sim/invoices/{id}` (an admin editing a draft) and
 * `DELETE /_sim/invoices/{id}` (an admin deleting it).
 */
export async function startBillingSimulator(api: BillingSystemApi, options: BillingSimulatorOptions): Promise<RunningBillingSimulator> {
  const store = new BillingSimStore(options.currency ?? 'USD');
  const faults = new BillingFaults();
  let counts = new Map<string, number>();
  let faulted = 0;
  const delays = new FaultDelays();
  let closing = false;
  let credentials: BillingSimCredentials = options;


  const stats = (): BillingSimStatsJson => ({
    system: api.system,
    requests: Object.fromEntries([...counts].sort(([a], [b]) => (a < b ? -1 : 1))),
    total: [...counts.values()].reduce((sum, n) => sum + n, 0),
    faults: faulted,
  });

  const invoiceJson = (invoice: SimInvoice): SimInvoice => ({ ...invoice, items: invoice.items.map((item) => ({ ...item })) });

  function control(method: string, path: string, bodyText: string): BillingApiResponse {
    const body = parseJson(bodyText);
    if (!body.ok) return { status: 400, body: { error: 'body is not JSON' } };
    if (method === 'POST' && path === '/_sim/reset') {
      const parsed = resetBodySchema.safeParse(body.value);
      if (!parsed.success) return { status: 400, body: { error: parsed.error.message } };
      store.reset(parsed.data.clients?.map((client) => (typeof client === 'string' ? { id: client } : client)));
      const { accessKey } = parsed.data;
      credentials = accessKey === undefined ? options : { identifier: options.identifier, secret: options.secret, ...(accessKey === null ? {} : { accessKey }) };
      faults.clear();
      counts = new Map();
      faulted = 0;
      return { status: 200, body: { reset: true } };
    }
    if (path === '/_sim/faults') {
      if (method === 'GET') return { status: 200, body: { rules: faults.list() } };
      if (method === 'DELETE') {
        faults.clear();
        return { status: 200, body: { rules: [] } };
      }
      if (method === 'POST') {
        const parsed = billingFaultsBodySchema.safeParse(body.value);
        if (!parsed.success) return { status: 400, body: { error: parsed.error.message } };
        faults.add(parsed.data.rules);
        return { status: 200, body: { rules: faults.list() } };
      }
    }
    if (method === 'GET' && path === '/_sim/stats') return { status: 200, body: stats() };
    if (method === 'GET' && path === '/_sim/invoices') return { status: 200, body: { invoices: store.all().map(invoiceJson) } };
    const invoiceMatch = /^\/_sim\/invoices\/(\d+)$/.exec(path);
    if (invoiceMatch !== null) {
      const id = Number(invoiceMatch[1]);
      const invoice = store.get(id);
      if (invoice === undefined) return { status: 404, body: { error: `no invoice ${id}` } };
      if (method === 'DELETE') {
        store.delete(id);
        return { status: 200, body: { deleted: id } };
      }
      if (method === 'PATCH') {
        const parsed = invoicePatchSchema.safeParse(body.value);
        if (!parsed.success) return { status: 400, body: { error: parsed.error.message } };
        if (parsed.data.status !== undefined) invoice.status = parsed.data.status;
        if (parsed.data.notes !== undefined) invoice.notes = parsed.data.notes;
        for (const change of parsed.data.items ?? []) {
          const item = invoice.items.find((candidate) => candidate.id === change.id);
          if (item === undefined) return { status: 404, body: { error: `invoice ${id} has no item ${change.id}` } };
          if (change.description !== undefined) item.description = change.description;
          if (change.amount !== undefined) item.amount = change.amount;
        }
        return { status: 200, body: invoiceJson(invoice) };
      }
      if (method === 'GET') return { status: 200, body: invoiceJson(invoice) };
    }
    return { status: 404, body: { error: `no control route ${method} ${path}` } };
  }

  /** Applies a fault that acts before the work; true when it answered or dropped the request. */
  async function faultBefore(effect: BillingFaultEffect, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    faulted += 1;
    if (effect.delayMs !== undefined) await delays.sleep(effect.delayMs);
    if (closing) return true;
    if (effect.dropConnection === true) {
      req.socket.destroy();
      return true;
    }
    if (effect.status === undefined) return false;
    send(res, { status: effect.status, body: api.faultBody(effect.status) });
    return true;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', 'http://billing-simulator.invalid');
    const bodyText = await readBody(req);
    if (url.pathname.startsWith('/_sim/')) {
      send(res, control(method, url.pathname.replace(/\/+$/, ''), bodyText));
      return;
    }
    const isForm = (req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
    const request: BillingApiRequest = {
      method,
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      bodyText,
      form: new URLSearchParams(isForm ? bodyText : ''),
      remoteAddress: req.socket.remoteAddress ?? '127.0.0.1',
    };
    const operation = api.operationOf(request);
    if (operation === undefined) {
      send(res, { status: 404, body: api.faultBody(404) });
      return;
    }
    counts.set(operation, (counts.get(operation) ?? 0) + 1);
    const effect = faults.take(operation);
    if (effect !== undefined && effect.loseAnswer !== true && (await faultBefore(effect, req, res))) return;
    const refused = api.authenticate(request, credentials);
    if (refused !== undefined) {
      send(res, refused);
      return;
    }
    const response = api.handle(request, operation, store);
    if (effect?.loseAnswer === true) {
      // The work is done; the answer never arrives, as when a proxy times out after the commit.
      req.socket.destroy();
      return;
    }
    send(res, response);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      console.error(`[${api.system}-simulator] unexpected error`, error);
      send(res, { status: 500, body: api.faultBody(500) });
    });
  });
  server.keepAliveTimeout = 1_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  store.reset();
  return {
    system: api.system,
    url: `http://127.0.0.1:${port}`,
    port,
    store,
    async close() {
      closing = true;
      delays.cancelAll();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
