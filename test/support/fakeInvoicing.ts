import type { InvoiceLine } from '../../shared/aggregation/types';
import type { BridgeEvent, EventPublisher } from '../../shared/events';
import type { Period } from '../../shared/billing';
import { BillingTransportError, type BillingConnector, type DraftInvoice, type RemoteInvoice } from '../../shared/invoicing';
import { missingLines } from '../../shared/invoicing/compareInvoice';
import type { ClientCurrency, CreateProgress, DraftInvoiceLine } from '../../shared/invoicing/types';
import type { ClaimResult, ClosedInvoicesSource, PushClaim, PushHold, PushRecordRepository, PushRunRepository, PushSettlement } from '../../shared/invoicing/ports';
import type { PushRecord, PushRun } from '../../shared/invoicing/pushState';

/** `record` without `fields` (what a REMOVE clause does). */
function omit<K extends keyof PushRecord>(record: PushRecord, fields: readonly K[]): Omit<PushRecord, K> {
  return Object.fromEntries(Object.entries(record).filter(([field]) => !(fields as readonly string[]).includes(field))) as Omit<PushRecord, K>;
}

/**
 * An in-memory PushRecordRepository and PushRunRepository with the conditions of DynamoPushStore
 * (test/integration/invoicing/DynamoPushStore.test.ts holds the real one to the same cases).
 */
export class FakePushStore implements PushRecordRepository, PushRunRepository {
  readonly records = new Map<string, PushRecord>();
  readonly runs = new Map<Period, PushRun>();
  claims = 0;

  private key(period: string, customer: string): string {
    return `${period}#${customer}`;
  }

  put(record: PushRecord): void {
    this.records.set(this.key(record.period, record.customer), record);
  }

  async list(period: Period): Promise<PushRecord[]> {
    return [...this.records.values()].filter((record) => record.period === period).map((record) => ({ ...record }));
  }

  async get(period: Period, customer: string): Promise<PushRecord | undefined> {
    const record = this.records.get(this.key(period, customer));
    return record === undefined ? undefined : { ...record };
  }

  async claim(claim: PushClaim): Promise<ClaimResult> {
    this.claims += 1;
    const current = this.records.get(this.key(claim.period, claim.customer));
    const claimable =
      current === undefined ||
      current.status === 'pending' ||
      (current.status === 'in_progress' && current.leaseUntilMs <= claim.nowMs) ||
      (current.status === 'unknown' && (current.settlesAtMs ?? 0) <= claim.timeMs) ||
      ((current.status === 'failed' || current.status === 'skipped') && claim.retryFailed);
    if (!claimable) return { claimed: false, record: current === undefined ? undefined : { ...current } };
    const record: PushRecord = {
      ...(current === undefined ? {} : omit(current, ['error', 'settlesAt', 'settlesAtMs', 'skipReason', 'clientCurrency', 'heldGap'])),
      period: claim.period,
      customer: claim.customer,
      status: 'in_progress',
      system: claim.system,
      tag: claim.tag,
      currency: claim.currency,
      totalMinor: claim.totalMinor,
      leaseUntilMs: claim.nowMs + claim.leaseMs,
      attempts: (current?.attempts ?? 0) + 1,
      updatedAt: claim.time,
    };
    this.put(record);
    return { claimed: true, record: { ...record } };
  }

  async hold(hold: PushHold): Promise<{ held: boolean; record: PushRecord | undefined }> {
    const current = this.records.get(this.key(hold.period, hold.customer));
    if (current !== undefined) return { held: false, record: { ...current } };
    const { heldGap, time, ...rest } = hold;
    const record: PushRecord = { ...rest, status: 'skipped', skipReason: 'held_gap', heldGap: { ...heldGap }, leaseUntilMs: 0, attempts: 0, updatedAt: time };
    this.put(record);
    return { held: true, record: { ...record } };
  }

  async recordCreated(held: PushRecord, invoiceId: string, time: string): Promise<boolean> {
    const current = this.records.get(this.key(held.period, held.customer));
    if (current?.status !== 'in_progress' || current.leaseUntilMs !== held.leaseUntilMs) return false;
    this.put({ ...current, invoiceId, updatedAt: time });
    return true;
  }

  async settle(held: PushRecord, settlement: PushSettlement, time: string): Promise<PushRecord | undefined> {
    const current = this.records.get(this.key(held.period, held.customer));
    if (current?.status !== 'in_progress' || current.leaseUntilMs !== held.leaseUntilMs) return undefined;
    const base = { ...omit(current, ['lastError', 'error', 'settlesAt', 'settlesAtMs']), leaseUntilMs: 0, updatedAt: time };
    const next: PushRecord =
      settlement.status === 'pushed'
        ? { ...base, status: 'pushed', invoiceId: settlement.invoiceId, foundByTag: settlement.foundByTag, pushedAt: time }
        : settlement.status === 'unknown'
          ? { ...base, status: 'unknown', settlesAt: settlement.settlesAt, settlesAtMs: Date.parse(settlement.settlesAt), lastError: settlement.lastError }
          : settlement.status === 'pending'
            ? { ...base, status: 'pending', lastError: settlement.lastError }
            : settlement.status === 'skipped'
              ? { ...base, status: 'skipped', skipReason: settlement.reason, clientCurrency: settlement.clientCurrency }
              : { ...base, status: 'failed', error: settlement.error };
    this.put(next);
    return { ...next };
  }

  async reopen(record: PushRecord, time: string): Promise<boolean> {
    const current = this.records.get(this.key(record.period, record.customer));
    if (current?.status !== 'pushed' || current.invoiceId !== record.invoiceId) return false;
    this.put({ ...omit(current, ['invoiceId', 'pushedAt', 'foundByTag']), status: 'pending', leaseUntilMs: 0, updatedAt: time, replacedInvoiceIds: [...(current.replacedInvoiceIds ?? []), record.invoiceId ?? ''] });
    return true;
  }

  async getRun(period: Period): Promise<PushRun | undefined> {
    return this.runs.get(period);
  }

  async listRuns(): Promise<PushRun[]> {
    return [...this.runs.values()];
  }

  async markRun(period: Period, stage: 'accepted' | 'started', time: string, nowMs: number, leaseMs: number): Promise<void> {
    const run = this.runs.get(period) ?? { period, lastStartMs: 0, lastFinishMs: 0, activeUntilMs: 0, updatedAt: time };
    this.runs.set(period, { ...run, [stage === 'accepted' ? 'acceptedAt' : 'startedAt']: time, lastStartMs: nowMs, activeUntilMs: nowMs + leaseMs, updatedAt: time });
  }

  async finishRun(period: Period, time: string, nowMs: number, outstanding: number): Promise<void> {
    const run = this.runs.get(period) ?? { period, lastStartMs: 0, lastFinishMs: 0, activeUntilMs: 0, updatedAt: time };
    this.runs.set(period, { ...run, finishedAt: time, lastFinishMs: nowMs, activeUntilMs: 0, outstanding, updatedAt: time });
  }
}

/** How the fake billing system answers one create. */
export type CreateBehaviour = 'ok' | 'unanswered' | 'unanswered-committed' | Error;

/** An in-memory billing system: invoices by id, scripted create outcomes and read failures, every call counted. */
export class FakeBillingConnector implements BillingConnector {
  readonly system = 'whmcs' as const;
  readonly invoices = new Map<string, RemoteInvoice>();
  readonly calls: string[] = [];
  /** Creates answer these in turn, then `ok`. */
  creates: CreateBehaviour[] = [];
  /** A client's lookups throw these in turn, then answer. */
  readonly lookupFailures = new Map<string, Error[]>();
  /** Clients billed in another currency than USD (the rest are USD), and the decimals the system keeps. */
  readonly clientCurrencies = new Map<string, string>();
  storedDecimals = 2;
  /** Runs as a create starts (a test's way into the middle of a push). */
  beforeCreate: ((invoice: DraftInvoice) => Promise<void>) | undefined;
  /** Creates whose answer was lost and that commit only when `commitLate()` is called. */
  private readonly late: DraftInvoice[] = [];
  private nextId = 1;

  add(invoice: Omit<RemoteInvoice, 'id'>): string {
    const id = String(this.nextId++);
    this.invoices.set(id, { ...invoice, id });
    return id;
  }

  /** What a draft becomes in the billing system. */
  addDraft(invoice: DraftInvoice): string {
    return this.add({ clientId: invoice.clientId, status: 'Draft', notes: invoice.notes, lines: invoice.lines.map((line) => ({ description: line.description, amount: line.amount })) });
  }

  /** The slow creates commit now (as WHMCS did 25 s after the bridge gave up). */
  commitLate(): void {
    for (const invoice of this.late.splice(0)) this.addDraft(invoice);
  }

  count(call: string): number {
    return this.calls.filter((made) => made === call).length;
  }

  async clientCurrency(clientId: string): Promise<ClientCurrency> {
    this.calls.push('clientCurrency');
    return { code: this.clientCurrencies.get(clientId) ?? 'USD', storedDecimals: this.storedDecimals };
  }

  async findAllByTag(clientId: string, tag: string): Promise<RemoteInvoice[]> {
    this.calls.push('findAllByTag');
    const failure = this.lookupFailures.get(clientId)?.shift();
    if (failure !== undefined) throw failure;
    return [...this.invoices.values()].filter((invoice) => invoice.clientId === clientId && invoice.notes.includes(tag)).sort((a, b) => Number(b.id) - Number(a.id));
  }

  async createDraft(invoice: DraftInvoice): Promise<string> {
    this.calls.push('createDraft');
    await this.beforeCreate?.(invoice);
    const behaviour = this.creates.shift() ?? 'ok';
    if (behaviour instanceof Error) throw behaviour;
    if (behaviour === 'ok') return this.addDraft(invoice);
    if (behaviour === 'unanswered-committed') this.addDraft(invoice);
    else this.late.push(invoice);
    throw new BillingTransportError('whmcs', 'CreateInvoice', 'no complete answer within 10000 ms');
  }

  async getInvoice(id: string): Promise<RemoteInvoice | undefined> {
    this.calls.push('getInvoice');
    return this.invoices.get(id);
  }
}

/** A postpaid runtime line of `customer` for `minor` USD cents in November 2026. */
export function invoiceLine(customer: string, serverId: number, minor: number, overrides: Partial<InvoiceLine> = {}): InvoiceLine {
  return {
    customer,
    serverId,
    kind: 'runtime',
    hours: 720,
    tokens: minor * 10,
    money: { USD: minor },
    prepaid: false,
    flags: [],
    description: `server ${serverId}: 720 h runtime, November 2026`,
    ...overrides,
  };
}

/** A source holding `lines` for each closed period (any other period is open and empty). */
export function fakeSource(closed: Readonly<Record<Period, readonly InvoiceLine[]>>): ClosedInvoicesSource {
  return {
    invoices: async (period) => (period in closed ? { status: 'closed', lines: [...(closed[period] ?? [])] } : { status: 'open', lines: [] }),
    status: async (period) => (period in closed ? 'closed' : 'open'),
  };
}

export class RecordingEvents implements EventPublisher {
  readonly published: BridgeEvent[] = [];
  async publish(event: BridgeEvent): Promise<void> {
    this.published.push(event);
  }
}

/** How the fake multi-call system answers one line add. */
export type LineAddBehaviour = 'ok' | 'unanswered-committed' | Error;

/**
 * A billing system whose create takes a call per line, as HostBill's: the invoice exists (and is
 * reported to `progress`) before its lines are added one by one; `resumeDraft` adds what a draft lacks.
 */
export class FakeMultiCallConnector extends FakeBillingConnector {
  /** Line adds answer these in turn, then `ok`. */
  lineAdds: LineAddBehaviour[] = [];

  override async createDraft(invoice: DraftInvoice, progress?: CreateProgress): Promise<string> {
    this.calls.push('createDraft');
    const behaviour = this.creates.shift() ?? 'ok';
    if (behaviour instanceof Error) throw behaviour;
    if (behaviour !== 'ok') {
      // The invoice's own answer is lost: an empty tagged draft exists (or will), its id unknown.
      if (behaviour === 'unanswered-committed') this.add({ clientId: invoice.clientId, status: 'Draft', notes: invoice.notes, lines: [] });
      throw new BillingTransportError('hostbill', 'addInvoice', 'no complete answer within 10000 ms');
    }
    const id = this.add({ clientId: invoice.clientId, status: 'Draft', notes: invoice.notes, lines: [] });
    await progress?.created(id);
    await this.addLines(id, invoice.lines);
    return id;
  }

  async resumeDraft(invoiceId: string, invoice: DraftInvoice): Promise<RemoteInvoice | undefined> {
    this.calls.push('resumeDraft');
    const current = this.invoices.get(invoiceId);
    if (current === undefined) return undefined;
    const missing = missingLines(invoice, current);
    if (missing === undefined || missing.length === 0) return current;
    await this.addLines(invoiceId, missing);
    return this.invoices.get(invoiceId);
  }

  private async addLines(invoiceId: string, lines: readonly DraftInvoiceLine[]): Promise<void> {
    for (const line of lines) {
      const behaviour = this.lineAdds.shift() ?? 'ok';
      if (behaviour instanceof Error) throw behaviour;
      this.calls.push('addLine');
      const current = this.invoices.get(invoiceId);
      if (current === undefined) throw new Error(`no invoice ${invoiceId}`);
      this.invoices.set(invoiceId, { ...current, lines: [...current.lines, { description: line.description, amount: line.amount }] });
      if (behaviour === 'unanswered-committed') throw new BillingTransportError('hostbill', 'addInvoiceItem', 'no complete answer within 10000 ms');
    }
  }
}
