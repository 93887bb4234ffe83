import { MemoryLogger } from '../../../shared/logging';
import { CLOSE_TIME, NO_STATUSES, PushHarness } from '../invoicing/pushHarness';
import { SimClient } from '../simulator/helpers';
import { SNAPSHOT_FIXTURES } from '../snapshots/fixtures';

interface UsageJson {
  customers: { customer: string; totalTokens: number; money: Record<string, number>; servers: { installation: string; serverId: number; runtimeHours: number; totalTokens: number; flags: string[]; longestGapMinutes?: number; money: Record<string, number> }[] }[];
}
interface InvoicesJson {
  customers: { customer: string; lines: { serverId: number; description: string }[] }[];
}
interface FanOutJson {
  time: string;
  installations: { installation: string; complete: boolean }[];
}

const CREATED = '2026-11-28T00:00:00Z';
/** Hourly runs from the servers' creation to the month's end (73 runs on each installation). */
const RUNS = Array.from({ length: 73 }, (_, hour) => new Date(Date.parse(CREATED) + hour * 3_600_000).toISOString());
/** eu's SolusIO answers 500 for eight hours: the runs at 04:00 to 11:00 on the 29th fail there. */
const EU_DOWN = { from: '2026-11-29T04:00:00.000Z', to: '2026-11-29T12:00:00.000Z' };
const euIsDown = (time: string): boolean => time >= EU_DOWN.from && time < EU_DOWN.to;

/**
 * Issue #25's "done when": a month driven on two simulated installations, eu down for eight hours.
 * Customer 1001 has server 1 in eu (Small, 7 tokens/h) and a server 1 in us (Large, 14/h): the same
 * id, two servers. Customer 1002 has server 2 in us (Small). 72 hours each, no cap reached.
 */
describe('a month on two SolusIO installations, one of them down for eight hours', () => {
  let p: PushHarness;
  let us: SimClient;

  beforeAll(async () => {
    // A gap is two complete runs more than 90 minutes apart; a gap over 6 hours holds the push.
    p = await PushHarness.start('whmcs', { logger: new MemoryLogger(), installations: ['eu', 'us'], gapToleranceMinutes: '90', pushHoldGapHours: '6' });
    const simulator = p.stack.installations[1]?.simulator;
    if (!simulator) throw new Error('the stack started no us simulator');
    us = new SimClient(simulator);
  }, 60_000);

  afterAll(async () => {
    await p?.stack.stop();
  });

  it('closes with exact figures per installation, one usage entry per customer, the gap only on eu, and 1001 held until the gap is confirmed, then one invoice', async () => {
    const eu = p.h.sim;
    await eu.reset({ ...SNAPSHOT_FIXTURES, servers: [{ id: 1, name: 'web.eu.example.test', plan: 1, user: 1, created_at: CREATED }] });
    await us.reset({
      ...SNAPSHOT_FIXTURES,
      servers: [
        { id: 1, name: 'db.us.example.test', plan: 2, user: 1, created_at: CREATED },
        { id: 2, name: 'shop.us.example.test', plan: 1, user: 2, created_at: CREATED },
      ],
    });
    for (const time of RUNS) {
      if (time === EU_DOWN.from) await p.h.control('POST', 'faults', { rules: [{ method: 'GET', path: '/api/v1/servers', status: 500 }] });
      if (time === EU_DOWN.to) await p.h.control('DELETE', 'faults');
      await eu.setClock(time);
      await us.setClock(time);
      const reply = await p.h.invoke('snapshot-servers', { time });
      expect(reply.status).toBe(200);
      const answer = reply.json as FanOutJson;
      // One answer per installation; only eu's runs inside the outage are partial.
      expect(answer.installations.map(({ installation, complete }) => [installation, complete])).toEqual([
        ['eu', !euIsDown(time)],
        ['us', true],
      ]);
    }
    expect((await p.h.invoke('close-period', { time: CLOSE_TIME, period: '2026-11' })).status).toBe(200);
    await p.stack.deliveriesSettled();

    // Exact per installation (72 started hours each), one entry per customer with a line per installation.
    const usage = (await p.call('GET', '/v1/usage?period=2026-11')).json as UsageJson;
    const figures = usage.customers.map(({ customer, totalTokens, money, servers }) => ({
      customer,
      totalTokens,
      money,
      servers: servers.map(({ installation, serverId, runtimeHours, totalTokens: tokens, flags, longestGapMinutes, money: lineMoney }) => ({ installation, serverId, runtimeHours, tokens, flags, longestGapMinutes, money: lineMoney })),
    }));
    expect(figures).toEqual([
      {
        customer: '1001',
        totalTokens: 72 * 7 + 72 * 14,
        money: { USD: 50 + 101 },
        servers: expect.arrayContaining([
          // Nine hours between eu's complete runs at 03:00 and 12:00: flagged, on eu only.
          { installation: 'eu', serverId: 1, runtimeHours: 72, tokens: 504, flags: ['gap'], longestGapMinutes: 540, money: { USD: 50 } },
          { installation: 'us', serverId: 1, runtimeHours: 72, tokens: 1008, flags: [], longestGapMinutes: undefined, money: { USD: 101 } },
        ]),
      },
      { customer: '1002', totalTokens: 504, money: { USD: 50 }, servers: [{ installation: 'us', serverId: 2, runtimeHours: 72, tokens: 504, flags: [], longestGapMinutes: undefined, money: { USD: 50 } }] },
    ]);
    expect(figures[0]?.servers).toHaveLength(2);

    // Each invoice line names its installation (the same server id lives in both).
    const invoices = ((await p.call('GET', '/v1/periods/2026-11/invoices?customer=1001')).json as InvoicesJson).customers[0]?.lines ?? [];
    expect(invoices.map((line) => line.description)).toEqual(expect.arrayContaining([expect.stringMatching(/web\.eu\.example\.test.*\beu\b/), expect.stringMatching(/db\.us\.example\.test.*\bus\b/)]));

    // A server id alone is ambiguous here: the history asks for the installation.
    expect((await p.call('GET', '/v1/servers/1/history?period=2026-11')).json).toMatchObject({ error: { code: 'installation_required' } });
    expect((await p.call('GET', '/v1/servers/1/history?period=2026-11&installation=us')).status).toBe(200);

    // The close's push: 1002 invoiced; 1001 (a server through eu's gap) held.
    expect(await p.clientsInvoiced()).toEqual(['1002']);
    const held = await p.reconcile();
    expect(held.counts).toEqual({ ...NO_STATUSES, match: 1, skipped: 1 });
    // The hold names the server by its installation too: server 1 lives in both.
    expect(held.customers.find((customer) => customer.customer === '1001')).toMatchObject({ status: 'skipped', reason: 'held_gap', heldGap: { serverId: 1, installation: 'eu', longestGapMinutes: 540 } });

    // Confirmed: one invoice for 1001 with both installations' lines, and no second on a repeat.
    await p.pushAccepted({ confirmGaps: true });
    await p.pushAccepted({ confirmGaps: true });
    expect(await p.clientsInvoiced()).toEqual(['1001', '1002']);
    const invoice = (await p.simInvoices()).find((candidate) => candidate.clientId === '1001');
    expect(invoice?.items.map((item) => item.amount).sort()).toEqual(['0.50', '1.01']);
    expect((await p.reconcile()).counts).toEqual({ ...NO_STATUSES, match: 2 });
  }, 120_000);
});
