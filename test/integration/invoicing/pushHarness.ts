import type { SimInvoice } from '../../../local/billingSystems';
import type { LocalStack, LocalStackOptions } from '../../../local/stack';
import { invoiceTagPrefix, type BillingSystemName } from '../../../shared/invoicing';
import { createConnector } from '../../../shared/invoicing/connectors';
import type { PushReport } from '../../../shared/invoicing/InvoicePush';
import type { ReconciliationPage } from '../../../shared/invoicing/InvoiceReconciliation';
import { MemoryLogger } from '../../../shared/logging';
import { BillingSimClient } from '../../support/billingSimClient';
import { bearer, requestJson, startTestStack, TEST_ADMIN_KEY, type JsonReply } from '../../support/localStack';
import { SnapshotHarness } from '../../support/snapshotHarness';
import { SNAPSHOT_FIXTURES } from '../snapshots/fixtures';

/** The operation that creates an invoice, and the one that lists a client's invoices, as each simulator's fault rules name them. */
export const CREATE_OPERATION: Record<BillingSystemName, string> = { whmcs: 'CreateInvoice', blesta: 'invoices/add', hostbill: 'addInvoice', ubersmith: 'client.service_add' };
export const LIST_OPERATION: Record<BillingSystemName, string> = { whmcs: 'GetInvoices', blesta: 'invoices/getList', hostbill: 'getClientInvoices', ubersmith: 'client.service_list' };

/** The close's push runs at the close's time; an unknown customer settles a quarantine (15 min, the default) later. */
export const CLOSE_TIME = '2026-12-01T02:00:00Z';
export const SETTLES_AT = '2026-12-01T02:15:00.000Z';

/** Every reconciliation status at 0, to spell out a page's counts. */
export const NO_STATUSES = { match: 0, missing: 0, differs: 0, duplicate: 0, skipped: 0, unknown: 0, error: 0 };

/** The reconciliation answer as the route serves it (the page and its cursor). */
export type PushesJson = Omit<ReconciliationPage, 'moreAfter'> & { nextCursor?: string };

export interface RetryJson {
  readonly periods: readonly { readonly period: string; readonly counts: PushReport['counts'] }[];
}

/** A local stack pushing to `system`'s simulator, and the calls the invoicing tests make on it. */
export class PushHarness {
  readonly h: SnapshotHarness;
  readonly sim: BillingSimClient;

  private constructor(
    readonly stack: LocalStack,
    readonly system: BillingSystemName,
  ) {
    this.h = new SnapshotHarness(stack);
    this.sim = new BillingSimClient(() => stack.billingSimulator?.url ?? '');
  }

  static async start(system: BillingSystemName, overrides: Partial<LocalStackOptions> = {}): Promise<PushHarness> {
    const stack = await startTestStack({
      logger: new MemoryLogger(),
      billingSystem: system,
      billingPort: 0,
      billingIdentifier: `${system}-api-user`,
      billingSecret: `${system}-secret-7f3a`,
      billingStart: '2026-11-01T00:00:00Z',
      gapToleranceMinutes: String(60 * 24 * 40),
      // Waits and backoffs of seconds in production: a few ms here.
      tuning: { pushUnknownCreateWaitMs: 20, billingRetryBaseDelayMs: 5 },
      ...overrides,
    });
    return new PushHarness(stack, system);
  }

  /** An empty bridge table and an empty billing system, faults cleared. */
  async reset(): Promise<void> {
    await fetch(`${this.stack.apiUrl}/_local/reset`, { method: 'POST' });
    await this.sim.control('POST', 'reset', {});
  }

  call(method: string, path: string, body?: unknown): Promise<JsonReply> {
    return requestJson(`${this.stack.apiUrl}${path}`, { method, ...(body === undefined ? {} : { body }), headers: bearer(TEST_ADMIN_KEY) });
  }

  simInvoices(): Promise<SimInvoice[]> {
    return this.sim.invoices();
  }

  async clientsInvoiced(): Promise<string[]> {
    return (await this.simInvoices()).map((invoice) => invoice.clientId).sort();
  }

  /** POST push: accepted (202), then push-invoices runs on the event; resolves once it has. */
  async pushAccepted(body?: unknown): Promise<void> {
    const reply = await this.call('POST', '/v1/periods/2026-11/push', body);
    expect(reply).toMatchObject({ status: 202, json: { period: '2026-11', accepted: true } });
    await this.stack.deliveriesSettled();
  }

  /** push-invoices by hand at `time`: its answer is the push report. */
  async pushAt(time: string, extra: Record<string, unknown> = {}): Promise<PushReport> {
    const reply = await this.h.invoke('push-invoices', { time, period: '2026-11', ...extra });
    expect(reply.status).toBe(200);
    return reply.json as PushReport;
  }

  /** retry-pushes as its schedule runs it at `time`. */
  async retryAt(time: string): Promise<RetryJson> {
    const reply = await this.h.invoke('retry-pushes', { time });
    expect(reply.status).toBe(200);
    return reply.json as RetryJson;
  }

  async reconcile(query = ''): Promise<PushesJson> {
    const reply = await this.call('GET', `/v1/periods/2026-11/pushes${query}`);
    expect(reply.status).toBe(200);
    return reply.json as PushesJson;
  }

  /**
   * November with three kinds of customer: 1001 (two servers, one with backups and an extra IP),
   * 1002 (one server), an unmapped SolusIO user, and 4242 whose only server is prepaid. The close's
   * BillingPeriodClosed reaches push-invoices as on AWS.
   */
  async closeNovember(options: { awaitPush?: boolean } = {}): Promise<void> {
    const { h } = this;
    await h.sim.reset({
      ...SNAPSHOT_FIXTURES,
      servers: [
        { id: 1, name: 'vps1.example.test', plan: 1, user: 1, created_at: '2026-10-01T00:00:00Z', backup_settings: { enabled: true }, additional_ip_count: 1 },
        { id: 2, name: 'vps2.example.test', plan: 2, user: 1, created_at: '2026-11-10T08:30:00Z' },
        { id: 3, name: 'vps3.example.test', plan: 1, user: 2, created_at: '2026-10-01T00:00:00Z' },
        { id: 4, name: 'vps4.example.test', plan: 1, user: 3, created_at: '2026-10-01T00:00:00Z' },
      ],
    });
    await h.sim.setClock('2026-11-01T00:00:00.000Z');
    await h.snapshot('2026-11-01T00:00:00.000Z');
    await h.sim.setClock('2026-11-20T10:00:00.000Z');
    const prepaid = await this.call('POST', '/v1/services', {
      serviceRef: 'PREPAID-1',
      customer: { email: 'prepaid@example.test', billingClientId: 4242 },
      planId: 1,
      locationId: 1,
      osImageId: 1,
      hostname: 'prepaid.example.test',
      password: 'correct-horse-battery',
      backups: false,
      additionalIps: 0,
      billingMode: 'prepaid',
    });
    expect(prepaid.status).toBe(202);
    await h.snapshot('2026-11-20T10:00:00.000Z');
    await h.sim.setClock('2026-12-01T00:05:00.000Z');
    await h.snapshot('2026-12-01T00:05:00.000Z');
    expect((await h.invoke('aggregate-usage', { time: '2026-12-01T01:00:00Z' })).status).toBe(200);
    expect((await h.invoke('close-period', { time: CLOSE_TIME, period: '2026-11' })).status).toBe(200);
    if (options.awaitPush !== false) await this.stack.deliveriesSettled();
  }

  /** An invoice of `customer` for November carrying the tag prefix with `checksum` and one line of 0.01. */
  async createTagged(customer: string, checksum: string): Promise<void> {
    const connector = createConnector(this.system, { baseUrl: this.stack.billingSimulator?.url ?? '', identifier: `${this.system}-api-user`, secret: `${this.system}-secret-7f3a` });
    const tag = `${invoiceTagPrefix('2026-11', customer)}${checksum}`;
    await connector.createDraft({
      period: '2026-11',
      clientId: customer,
      currency: 'USD',
      date: '2026-12-01',
      dueDate: '2026-12-15',
      tag,
      notes: `SolusIO usage, November 2026. Ref: ${tag}`,
      taxed: false,
      lines: [{ serverId: 1, kind: 'runtime', description: 'server 1: 1 h runtime, November 2026', amount: '0.01', amountMinor: 1 }],
      total: '0.01',
      totalMinor: 1,
    });
  }
}

export const outcomeOf = (report: PushReport, customer: string) => report.customers.find((entry) => entry.customer === customer);
