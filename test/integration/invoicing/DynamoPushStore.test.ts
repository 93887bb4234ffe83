import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoPushStore } from '../../../shared/invoicing/DynamoPushStore';
import type { PushClaim, PushHold } from '../../../shared/invoicing/ports';
import { keys } from '../../../shared/storage';
import { createTestTable, type TestTable } from '../../support/testTable';

const PERIOD = '2026-11';
const T0 = '2026-12-01T02:00:00.000Z';
const T0_MS = Date.parse(T0);
const LEASE_MS = 60_000;

/** A claim of customer 7 at push time T0 and wall clock `nowMs`. */
const claimAt = (nowMs: number, overrides: Partial<PushClaim> = {}): PushClaim => ({
  period: PERIOD,
  customer: '7',
  system: 'whmcs',
  tag: 'sbb-2026-11-c7-0123456789abcdef',
  currency: 'USD',
  totalMinor: 1230,
  nowMs,
  leaseMs: LEASE_MS,
  time: T0,
  timeMs: T0_MS,
  retryFailed: true,
  ...overrides,
});

/** Customer 7 held for a 7-hour gap on server 3. */
const HOLD: PushHold = { period: PERIOD, customer: '7', system: 'whmcs', tag: 'sbb-2026-11-c7-0123456789abcdef', currency: 'USD', totalMinor: 1230, heldGap: { serverId: 3, longestGapMinutes: 420 }, time: T0 };

describe('DynamoPushStore (the conditions test/support/fakeInvoicing.ts copies)', () => {
  let table: TestTable;
  let store: DynamoPushStore;

  beforeEach(async () => {
    table = await createTestTable();
    store = new DynamoPushStore(table.db, table.tableName);
  });

  afterEach(async () => {
    await table?.drop();
  });

  it('claims a new customer in_progress under a lease, and no one else while the lease lives', async () => {
    // Act
    const first = await store.claim(claimAt(1_000));
    const second = await store.claim(claimAt(1_000 + LEASE_MS - 1));

    // Assess
    expect(first).toMatchObject({ claimed: true, record: { status: 'in_progress', leaseUntilMs: 1_000 + LEASE_MS, attempts: 1 } });
    expect(second).toMatchObject({ claimed: false, record: { status: 'in_progress', leaseUntilMs: 1_000 + LEASE_MS } });
  });

  it('lets a lease that ran out be taken over, and then only the new holder settle', async () => {
    // Prepare
    const first = await store.claim(claimAt(1_000));
    if (!first.claimed) throw new Error('claim expected');

    // Act
    const takeover = await store.claim(claimAt(1_000 + LEASE_MS));
    const stale = await store.settle(first.record, { status: 'pushed', invoiceId: '1', foundByTag: false }, T0);
    const current = takeover.claimed ? await store.settle(takeover.record, { status: 'pushed', invoiceId: '2', foundByTag: true }, T0) : undefined;

    // Assess
    expect(takeover).toMatchObject({ claimed: true, record: { attempts: 2 } });
    expect(stale).toBeUndefined();
    expect(current).toMatchObject({ status: 'pushed', invoiceId: '2', foundByTag: true, pushedAt: T0, leaseUntilMs: 0 });
    expect(await store.claim(claimAt(10 ** 12))).toMatchObject({ claimed: false, record: { status: 'pushed' } });
  });

  it('keeps an unknown customer until its settlesAt (push time), and clears settlesAt when it is claimed then', async () => {
    // Prepare
    const held = await store.claim(claimAt(1_000));
    if (!held.claimed) throw new Error('claim expected');
    const settlesAt = '2026-12-01T02:15:00.000Z';
    await store.settle(held.record, { status: 'unknown', settlesAt, lastError: { code: 'CreateOutcomeUnknownError', message: 'no answer' } }, T0);

    // Act
    const early = await store.claim(claimAt(10 ** 12, { timeMs: Date.parse(settlesAt) - 1 }));
    const due = await store.claim(claimAt(10 ** 12, { timeMs: Date.parse(settlesAt) }));

    // Assess
    expect(early).toMatchObject({ claimed: false, record: { status: 'unknown', settlesAt, settlesAtMs: Date.parse(settlesAt), lastError: { code: 'CreateOutcomeUnknownError' } } });
    expect(due).toMatchObject({ claimed: true, record: { status: 'in_progress', lastError: { code: 'CreateOutcomeUnknownError' } } });
    expect(due.record).not.toHaveProperty('settlesAt');
  });

  it('takes a failed customer up only when failures are retried; a pending one always', async () => {
    // Prepare
    const held = await store.claim(claimAt(1_000));
    if (!held.claimed) throw new Error('claim expected');
    await store.settle(held.record, { status: 'failed', error: { code: 'BillingAuthError', message: 'refused' } }, T0);

    // Act
    const retryOnly = await store.claim(claimAt(2_000, { retryFailed: false }));
    const asked = await store.claim(claimAt(2_000));
    if (!asked.claimed) throw new Error('claim expected');
    await store.settle(asked.record, { status: 'pending', lastError: { code: 'BillingUnavailableError', message: '503' } }, T0);
    const pending = await store.claim(claimAt(3_000, { retryFailed: false }));

    // Assess
    expect(retryOnly).toMatchObject({ claimed: false, record: { status: 'failed', error: { code: 'BillingAuthError' } } });
    expect(asked.record).not.toHaveProperty('error');
    expect(pending).toMatchObject({ claimed: true, record: { status: 'in_progress', attempts: 3, lastError: { code: 'BillingUnavailableError' } } });
  });

  it("records a currency_mismatch skip with the client's currency, takes it up again only when asked, and clears it then", async () => {
    // Prepare
    const held = await store.claim(claimAt(1_000));
    if (!held.claimed) throw new Error('claim expected');

    // Act
    const skipped = await store.settle(held.record, { status: 'skipped', reason: 'currency_mismatch', clientCurrency: 'EUR' }, T0);
    const retryOnly = await store.claim(claimAt(2_000, { retryFailed: false }));
    const asked = await store.claim(claimAt(2_000));

    // Assess
    expect(skipped).toMatchObject({ status: 'skipped', skipReason: 'currency_mismatch', clientCurrency: 'EUR', leaseUntilMs: 0 });
    expect(retryOnly).toMatchObject({ claimed: false, record: { status: 'skipped' } });
    expect(asked).toMatchObject({ claimed: true, record: { status: 'in_progress', attempts: 2 } });
    expect(asked.record).not.toHaveProperty('skipReason');
    expect(asked.record).not.toHaveProperty('clientCurrency');
  });

  it('records a hold for a snapshot gap only where no record exists: a second hold, or one after a claim, answers the record and writes nothing', async () => {
    // Act
    const first = await store.hold(HOLD);
    const second = await store.hold({ ...HOLD, time: '2026-12-01T03:00:00.000Z' });
    await store.claim(claimAt(1_000, { customer: '9' }));
    const afterClaim = await store.hold({ ...HOLD, customer: '9' });

    // Assess
    expect(first).toEqual({
      held: true,
      record: { period: PERIOD, customer: '7', status: 'skipped', skipReason: 'held_gap', heldGap: { serverId: 3, longestGapMinutes: 420 }, system: 'whmcs', tag: HOLD.tag, currency: 'USD', totalMinor: 1230, leaseUntilMs: 0, attempts: 0, updatedAt: T0 },
    });
    expect(second).toEqual({ held: false, record: first.record });
    expect(afterClaim).toMatchObject({ held: false, record: { customer: '9', status: 'in_progress' } });
    expect((await store.list(PERIOD)).map((record) => [record.customer, record.status])).toEqual([
      ['7', 'skipped'],
      ['9', 'in_progress'],
    ]);
  });

  it('lets a push asked for take a held record over (clearing the hold), never the retry schedule', async () => {
    // Prepare
    await store.hold(HOLD);

    // Act
    const retryOnly = await store.claim(claimAt(1_000, { retryFailed: false }));
    const asked = await store.claim(claimAt(1_000));

    // Assess
    expect(retryOnly).toMatchObject({ claimed: false, record: { status: 'skipped', skipReason: 'held_gap' } });
    expect(asked).toMatchObject({ claimed: true, record: { status: 'in_progress', attempts: 1 } });
    expect(asked.record).not.toHaveProperty('skipReason');
    expect(asked.record).not.toHaveProperty('heldGap');
  });

  it('reopens a pushed record only while it names that invoice, keeping the replaced id', async () => {
    // Prepare
    const held = await store.claim(claimAt(1_000));
    if (!held.claimed) throw new Error('claim expected');
    const pushed = await store.settle(held.record, { status: 'pushed', invoiceId: '5', foundByTag: false }, T0);
    if (pushed === undefined) throw new Error('settle expected');

    // Act
    const reopened = await store.reopen(pushed, T0);
    const again = await store.reopen(pushed, T0);

    // Assess
    expect([reopened, again]).toEqual([true, false]);
    expect(await store.get(PERIOD, '7')).toMatchObject({ status: 'pending', replacedInvoiceIds: ['5'] });
  });

  it('reads a record written before the vocabulary (lastError as a string)', async () => {
    // Prepare
    await table.db.send(
      new PutCommand({
        TableName: table.tableName,
        Item: { ...keys.push(PERIOD, '8'), kind: 'push', period: PERIOD, customer: '8', status: 'pending', system: 'whmcs', tag: 't', currency: 'USD', totalMinor: 1, leaseUntilMs: 0, attempts: 1, lastError: 'BillingUnavailableError: 503', updatedAt: T0 },
      }),
    );

    // Act
    const records = await store.list(PERIOD);

    // Assess
    expect(records).toEqual([expect.objectContaining({ customer: '8', lastError: { code: 'Error', message: 'BillingUnavailableError: 503' } })]);
  });

  it('keeps one run item per period: accepted, started, finished with what is outstanding', async () => {
    // Act
    await store.markRun(PERIOD, 'accepted', T0, 1_000, LEASE_MS);
    await store.markRun(PERIOD, 'started', '2026-12-01T02:00:01.000Z', 2_000, LEASE_MS);
    const running = await store.getRun(PERIOD);
    await store.finishRun(PERIOD, '2026-12-01T02:01:00.000Z', 3_000, 2);
    await store.finishRun('2026-10', T0, 3_000, 0);

    // Assess
    expect(running).toMatchObject({ period: PERIOD, acceptedAt: T0, startedAt: '2026-12-01T02:00:01.000Z', lastStartMs: 2_000, activeUntilMs: 2_000 + LEASE_MS, lastFinishMs: 0 });
    expect(await store.listRuns()).toEqual([
      expect.objectContaining({ period: '2026-10', outstanding: 0 }),
      expect.objectContaining({ period: PERIOD, finishedAt: '2026-12-01T02:01:00.000Z', lastFinishMs: 3_000, activeUntilMs: 0, outstanding: 2 }),
    ]);
  });
});
