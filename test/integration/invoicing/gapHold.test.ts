import { MemoryLogger } from '../../../shared/logging';
import { METRIC } from '../../../shared/metrics/metricNames';
import { createBody, SNAPSHOT_FIXTURES } from '../snapshots/fixtures';
import { CLOSE_TIME, NO_STATUSES, PushHarness } from './pushHarness';

interface InvoicesJson {
  customers: { customer: string; lines: { serverId: number; flags: string[]; longestGapMinutes?: number }[] }[];
}

/** Customer 1001's server 1 lives through the 6-hour gap; it is held at PUSH_HOLD_GAP_HOURS=1. */
const HELD_GAP = { serverId: 1, longestGapMinutes: 360 };

describe('a customer whose server lived through a long snapshot gap (PUSH_HOLD_GAP_HOURS=1)', () => {
  let p: PushHarness;
  const logger = new MemoryLogger();

  beforeAll(async () => {
    // A gap is two complete runs more than 5 h apart; a gap of more than an hour holds.
    p = await PushHarness.start('whmcs', { logger, gapToleranceMinutes: '300', pushHoldGapHours: '1' });
  }, 60_000);

  afterAll(async () => {
    await p?.stack.stop();
  });

  /**
   * November's last day: server 1 (customer 1001) from 10:00; the run at 13:00 fails (SolusIO
   * answers 500), the next complete one is at 17:00: a 6-hour gap. Server 3 (customer 1002) is
   * created at 17:00, after the gap. The close's BillingPeriodClosed reaches push-invoices.
   */
  async function closeWithGap(): Promise<void> {
    const { h } = p;
    await h.sim.reset({ ...SNAPSHOT_FIXTURES, servers: [{ id: 1, name: 'vps1.example.test', plan: 1, user: 1, created_at: '2026-11-30T10:00:00Z' }] });
    for (const time of ['2026-11-30T10:00:00.000Z', '2026-11-30T11:00:00.000Z']) {
      await h.sim.setClock(time);
      expect(await h.snapshot(time)).toMatchObject({ complete: true });
    }
    await h.control('POST', 'faults', { rules: [{ method: 'GET', path: '/api/v1/servers', status: 500 }] });
    await h.sim.setClock('2026-11-30T13:00:00.000Z');
    expect(await h.snapshot('2026-11-30T13:00:00.000Z')).toMatchObject({ complete: false });
    await h.control('DELETE', 'faults');
    await h.sim.setClock('2026-11-30T17:00:00.000Z');
    await h.api('POST', 'servers', createBody('vps3.example.test', { user: 2 }));
    for (const time of ['2026-11-30T17:00:00.000Z', '2026-11-30T20:30:00.000Z', '2026-12-01T00:00:00.000Z']) {
      await h.sim.setClock(time);
      expect(await h.snapshot(time)).toMatchObject({ complete: true });
    }
    expect((await h.invoke('close-period', { time: CLOSE_TIME, period: '2026-11' })).status).toBe(200);
    await p.stack.deliveriesSettled();
  }

  it('is held from the automatic push (skipped held_gap, no draft, an alarm metric and an error naming the period) until a push with confirmGaps makes exactly one draft', async () => {
    const metricsFrom = p.stack.metrics.published.length;
    await closeWithGap();

    // The close's push: 1002 pushed, 1001 held and recorded; its lines carry the gap.
    expect(await p.clientsInvoiced()).toEqual(['1002']);
    const lines = ((await p.call('GET', '/v1/periods/2026-11/invoices')).json as InvoicesJson).customers;
    expect(lines.find((customer) => customer.customer === '1001')?.lines.map(({ serverId, flags, longestGapMinutes }) => ({ serverId, flags, longestGapMinutes }))).toEqual([
      { serverId: 1, flags: ['gap'], longestGapMinutes: 360 },
    ]);
    expect(lines.find((customer) => customer.customer === '1002')?.lines[0]).not.toHaveProperty('longestGapMinutes');
    expect((await p.call('GET', '/v1/usage?period=2026-11&customer=1001')).json).toMatchObject({ status: 'closed', customers: [{ servers: [{ serverId: 1, flags: ['gap'], longestGapMinutes: 360 }] }] });
    const held = await p.reconcile();
    expect(held.counts).toEqual({ ...NO_STATUSES, skipped: 1, match: 1 });
    expect(held.customers.find((customer) => customer.customer === '1001')).toMatchObject({ status: 'skipped', reason: 'held_gap', heldGap: HELD_GAP, push: { status: 'skipped' }, remote: null });
    const heldCounts = p.stack.metrics.published.slice(metricsFrom).map((document) => document[METRIC.pushesHeldForGaps]).filter((value) => value !== undefined);
    expect(heldCounts).toEqual([1]);
    expect(logger.entries).toContainEqual(
      expect.objectContaining({ level: 'error', message: expect.stringContaining('invoice push of 2026-11 held 1 customer(s)'), details: expect.objectContaining({ held: [{ customer: '1001', ...HELD_GAP }] }) }),
    );

    // The hourly retry finds nothing to do, and an operator's push without confirmGaps holds it again and says so.
    expect((await p.retryAt('2026-12-01T03:00:00Z')).periods).toEqual([]);
    const plain = await p.call('POST', '/v1/periods/2026-11/push', {});
    expect(plain).toMatchObject({ status: 202, json: { accepted: true, heldForGaps: [{ customer: '1001', ...HELD_GAP }] } });
    await p.stack.deliveriesSettled();
    expect(await p.clientsInvoiced()).toEqual(['1002']);

    // A bad confirmation is refused before anything happens.
    expect(await p.call('POST', '/v1/periods/2026-11/push', { confirmGaps: 'yes' })).toMatchObject({ status: 400, json: { error: { code: 'invalid_body', message: expect.stringContaining('confirmGaps') } } });
    expect(await p.call('POST', '/v1/periods/2026-11/push', '{"confirmGaps": tru')).toMatchObject({ status: 400, json: { error: { code: 'invalid_json' } } });

    // Confirmed: exactly one draft for 1001, and a repeated confirmation makes no second one.
    await p.pushAccepted({ confirmGaps: true });
    await p.pushAccepted({ confirmGaps: true });
    expect(await p.clientsInvoiced()).toEqual(['1001', '1002']);
    const after = await p.reconcile();
    expect(after.counts).toEqual({ ...NO_STATUSES, match: 2 });
    expect(after.customers.find((customer) => customer.customer === '1001')).toMatchObject({ status: 'match', push: { status: 'pushed' } });
  }, 60_000);
});
