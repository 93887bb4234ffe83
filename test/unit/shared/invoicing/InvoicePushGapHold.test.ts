import { BillingUnavailableError } from '../../../../shared/invoicing';
import { INVOICE_PUSH_REQUESTED, PUSH_DEFAULTS } from '../../../../shared/invoicing/InvoicePush';
import { invoiceLine } from '../../../support/fakeInvoicing';
import { at, outcomeOf, PERIOD, setup, T0 } from './invoicePushFixture';

/** Customer 7's server 1 had a gap of 6 h 1 min (held at the default 6 h), customer 8's one of exactly 6 h (not held); 9 is prepaid. */
const GAP_LINES = [invoiceLine('7', 1, 1230, { longestGapMinutes: 361, flags: ['gap'] }), invoiceLine('8', 2, 500, { longestGapMinutes: 360, flags: ['gap'] }), invoiceLine('9', 3, 0, { prepaid: true })];
const HELD = { serverId: 1, longestGapMinutes: 361 };

describe('InvoicePush: customers held for a snapshot gap', () => {
  it('records a customer whose gap is longer than PUSH_HOLD_GAP_HOURS skipped as held_gap, calls nothing for it, pushes the others and logs an error naming the period', async () => {
    // Prepare
    const { push, store, connector, logger } = setup({ lines: GAP_LINES });

    // Act
    const report = await push.push(PERIOD, T0);

    // Assess
    expect(outcomeOf(report, '7')).toEqual({ customer: '7', outcome: 'skipped', reason: 'held_gap', heldGap: HELD, total: '12.30', tag: expect.any(String) });
    expect(outcomeOf(report, '8')).toMatchObject({ outcome: 'pushed', alreadyPushed: false });
    expect(report.counts).toMatchObject({ pushed: 1, skipped: 2 });
    expect([connector.count('clientCurrency'), connector.count('findAllByTag'), connector.count('createDraft')]).toEqual([1, 1, 1]);
    expect([...connector.invoices.values()].map((invoice) => invoice.clientId)).toEqual(['8']);
    expect(await store.get(PERIOD, '7')).toMatchObject({ status: 'skipped', skipReason: 'held_gap', heldGap: HELD, attempts: 0, leaseUntilMs: 0 });
    expect(logger.entries.filter((entry) => entry.level === 'error')).toEqual([
      {
        level: 'error',
        message: expect.stringMatching(/^invoice push of 2026-11 held 1 customer\(s\) for a snapshot gap longer than 6 h: .*GET \/v1\/periods\/2026-11\/pushes.*"confirmGaps": true/),
        details: { period: PERIOD, holdGapHours: 6, held: [{ customer: '7', ...HELD }] },
      },
    ]);
  });

  it('holds by the configured hours', async () => {
    // Prepare
    const { push } = setup({ lines: GAP_LINES, holdGapHours: 5 });

    // Act
    const report = await push.push(PERIOD, T0);

    // Assess
    expect([outcomeOf(report, '7')?.reason, outcomeOf(report, '8')?.reason]).toEqual(['held_gap', 'held_gap']);
  });

  it('keeps holding it on a repeat push and leaves the run complete, so retry-pushes does not take the period up; nothing is written again', async () => {
    // Prepare
    const { push, store, connector } = setup({ lines: GAP_LINES });
    await push.push(PERIOD, T0);
    const recorded = await store.get(PERIOD, '7');

    // Act
    const repeat = await push.push(PERIOD, at(60_000));
    const retry = await push.retryIncomplete(at(3_600_000));

    // Assess
    expect(outcomeOf(repeat, '7')).toMatchObject({ outcome: 'skipped', reason: 'held_gap', heldGap: HELD });
    expect(await store.get(PERIOD, '7')).toEqual(recorded);
    expect((await store.getRun(PERIOD))?.outstanding).toBe(0);
    expect(retry.reports.map((report) => report.period)).not.toContain(PERIOD);
    expect(connector.count('createDraft')).toBe(1);
  });

  it('holds it on retry-pushes too, when that is the first push to reach it (an accepted push that never ran)', async () => {
    // Prepare
    const { push, store, connector, passWallClock } = setup({ lines: GAP_LINES });
    await store.markRun(PERIOD, 'accepted', T0, 5_000_000, PUSH_DEFAULTS.leaseMs);
    passWallClock(PUSH_DEFAULTS.leaseMs);

    // Act
    const retry = await push.retryIncomplete(at(3_600_000));

    // Assess
    const report = retry.reports.find((candidate) => candidate.period === PERIOD);
    expect(report === undefined ? undefined : outcomeOf(report, '7')).toMatchObject({ outcome: 'skipped', reason: 'held_gap', heldGap: HELD });
    expect(await store.get(PERIOD, '7')).toMatchObject({ status: 'skipped', skipReason: 'held_gap' });
    expect([...connector.invoices.values()].map((invoice) => invoice.clientId)).toEqual(['8']);
  });

  it('pushes a held customer exactly once when the operator confirms the gaps; later pushes answer pushed', async () => {
    // Prepare
    const { push, store, connector } = setup({ lines: GAP_LINES });
    await push.push(PERIOD, T0);

    // Act
    const confirmed = await push.push(PERIOD, at(60_000), { confirmGaps: true });
    const again = await push.push(PERIOD, at(120_000));

    // Assess
    expect(outcomeOf(confirmed, '7')).toMatchObject({ outcome: 'pushed', alreadyPushed: false, foundByTag: false });
    expect(outcomeOf(again, '7')).toMatchObject({ outcome: 'pushed', alreadyPushed: true });
    expect([...connector.invoices.values()].map((invoice) => invoice.clientId).sort()).toEqual(['7', '8']);
    const record = await store.get(PERIOD, '7');
    expect(record).toMatchObject({ status: 'pushed', attempts: 1 });
    expect(record).not.toHaveProperty('heldGap');
    expect(record).not.toHaveProperty('skipReason');
  });

  it("carries on a confirmed push's customer left pending (the billing system was down) on retry-pushes, without a confirmation", async () => {
    // Prepare
    const { push, connector } = setup({ lines: GAP_LINES });
    const down = () => new BillingUnavailableError('whmcs', 'GetInvoices', 'HTTP 503');
    connector.lookupFailures.set('7', [down(), down(), down()]);
    const confirmed = await push.push(PERIOD, T0, { confirmGaps: true });

    // Act
    const retry = await push.retryIncomplete(at(3_600_000));

    // Assess
    expect(outcomeOf(confirmed, '7')).toMatchObject({ outcome: 'pending' });
    expect(retry.reports.flatMap((report) => report.customers).find((customer) => customer.customer === '7')).toMatchObject({ outcome: 'pushed' });
    expect(connector.count('createDraft')).toBe(2);
  });

  it('answers a dry run with the hold, or with the draft when the gaps are confirmed, and writes nothing', async () => {
    // Prepare
    const { push, store, connector } = setup({ lines: GAP_LINES });

    // Act
    const held = await push.push(PERIOD, T0, { dryRun: true });
    const confirmed = await push.push(PERIOD, T0, { dryRun: true, confirmGaps: true });

    // Assess
    expect(outcomeOf(held, '7')).toMatchObject({ outcome: 'skipped', reason: 'held_gap', heldGap: HELD });
    expect(outcomeOf(confirmed, '7')).toMatchObject({ outcome: 'pending', invoice: { clientId: '7' } });
    expect(await store.list(PERIOD)).toEqual([]);
    expect(connector.calls).toEqual([]);
  });

  it('accepts a push naming the customers earlier pushes held unless it confirms the gaps, and hands confirmGaps to push-invoices', async () => {
    // Prepare
    const { push, events } = setup({ lines: GAP_LINES });
    await push.push(PERIOD, T0);

    // Act
    const plain = await push.accept(PERIOD, at(60_000));
    const confirming = await push.accept(PERIOD, at(120_000), { confirmGaps: true });

    // Assess
    expect(plain).toEqual({ period: PERIOD, accepted: true, heldForGaps: [{ customer: '7', ...HELD }] });
    expect(confirming).toEqual({ period: PERIOD, accepted: true });
    expect(events.published.map((event) => [event.detailType, event.detail])).toEqual([
      [INVOICE_PUSH_REQUESTED, { period: PERIOD, repushMissing: false, confirmGaps: false }],
      [INVOICE_PUSH_REQUESTED, { period: PERIOD, repushMissing: false, confirmGaps: true }],
    ]);
  });
});
