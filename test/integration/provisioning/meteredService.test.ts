import type { PushReport } from '../../../shared/invoicing/InvoicePush';
import { SNAPSHOT_FIXTURES } from '../snapshots/fixtures';
import { CLOSE_TIME, outcomeOf, PushHarness } from '../invoicing/pushHarness';

interface ServiceJson {
  serviceRef: string;
  state: string;
  billingMode: string;
  serverId: number | null;
  ipAddresses: string[];
}

interface UsageJson {
  customers: { customer: string; servers: { serverId: number; billingMode: string; prepaid: boolean; totalTokens: number; money: Record<string, number> }[] }[];
}

interface SimServerJson {
  data: { ip_addresses: { ipv4: { ip: string; is_primary: boolean }[] } };
}

/**
 * A metered service over the local stack (SolusIO and WHMCS simulators, DynamoDB Local): its
 * addresses once active, its server's usage reported with tokens as metered, never pushed.
 */
describe('a metered service: ipAddresses, usage and the invoice push', () => {
  let p: PushHarness;

  beforeAll(async () => {
    p = await PushHarness.start('whmcs');
  }, 60_000);

  afterAll(async () => {
    await p?.stack.stop();
  });

  beforeEach(async () => {
    await p.reset();
    await p.h.control('DELETE', 'faults');
  });

  it('shows the server\'s addresses once active, reports its usage as metered with tokens, and the push skips the customer as metered', async () => {
    // Prepare: customer 1001 has a postpaid server all November; 5151 orders a metered service on the 20th.
    const { h } = p;
    await h.sim.reset({ ...SNAPSHOT_FIXTURES, servers: [{ id: 1, name: 'vps1.example.test', plan: 1, user: 1, created_at: '2026-10-01T00:00:00Z' }] });
    await h.sim.setClock('2026-11-01T00:00:00.000Z');
    await h.snapshot('2026-11-01T00:00:00.000Z');
    await h.sim.setClock('2026-11-20T10:00:00.000Z');
    await h.control('POST', 'faults', { rules: [{ method: 'POST', path: '/api/v1/servers', task: 'pending', times: 1 }] });

    // Act: create (SolusIO still installing), then the task finishes.
    const created = await p.call('POST', '/v1/services', {
      serviceRef: 'METERED-1',
      customer: { email: 'metered@example.test', billingClientId: 5151 },
      planId: 1,
      locationId: 1,
      osImageId: 1,
      hostname: 'metered.example.test',
      password: 'correct-horse-battery',
      backups: false,
      additionalIps: 1,
      billingMode: 'metered',
    });
    const serverId = (created.json as ServiceJson).serverId as number;
    const tasks = (await h.sim.api<{ data: { id: number; status: string }[] }>('GET', 'tasks')).body.data;
    await h.control('POST', `tasks/${tasks.find((task) => task.status === 'pending')?.id}/finish`, { status: 'done' });
    const active = (await p.call('GET', '/v1/services/METERED-1')).json as ServiceJson;

    // Assess: the addresses are SolusIO's, the primary first.
    expect(created).toMatchObject({ status: 202, json: { state: 'provisioning', billingMode: 'metered' } });
    const ipv4 = (await h.sim.api<SimServerJson>('GET', `servers/${serverId}`)).body.data.ip_addresses.ipv4;
    expect(ipv4).toHaveLength(2);
    const primaryFirst = [...ipv4.filter((ip) => ip.is_primary), ...ipv4.filter((ip) => !ip.is_primary)].map((ip) => ip.ip);
    expect(active).toMatchObject({ state: 'active', billingMode: 'metered', ipAddresses: primaryFirst });
    // An answer that does not read SolusIO shows them too (kept on the service record).
    expect((await p.call('POST', '/v1/services/METERED-1/stop')).json).toMatchObject({ ipAddresses: primaryFirst });

    // Act: the month runs out, is aggregated and closed (the close's event runs the push).
    await h.snapshot('2026-11-20T10:00:00.000Z');
    await h.sim.setClock('2026-12-01T00:05:00.000Z');
    await h.snapshot('2026-12-01T00:05:00.000Z');
    expect((await h.invoke('aggregate-usage', { time: '2026-12-01T01:00:00Z' })).status).toBe(200);
    const usage = (await p.call('GET', '/v1/usage?period=2026-11')).json as UsageJson;
    expect((await h.invoke('close-period', { time: CLOSE_TIME, period: '2026-11' })).status).toBe(200);
    await p.stack.deliveriesSettled();

    // Assess: the metered server is reported with tokens and money, as postpaid would be ...
    const lineOf = (customer: string) => usage.customers.find((entry) => entry.customer === customer)?.servers[0];
    expect(lineOf('5151')).toMatchObject({ serverId, billingMode: 'metered', prepaid: false, totalTokens: expect.any(Number) });
    expect(lineOf('5151')?.totalTokens).toBeGreaterThan(0);
    expect(lineOf('5151')?.money['USD']).toBeGreaterThan(0);
    expect(lineOf('1001')).toMatchObject({ serverId: 1, billingMode: 'postpaid' });
    // ... and the closed period says so too; only the postpaid customer gets an invoice.
    const closed = (await p.call('GET', '/v1/usage?period=2026-11')).json as UsageJson;
    expect(closed.customers.map((entry) => [entry.customer, entry.servers.map((line) => line.billingMode)])).toEqual([
      ['1001', ['postpaid']],
      ['5151', ['metered']],
    ]);
    expect(await p.clientsInvoiced()).toEqual(['1001']);
    const report: PushReport = await p.pushAt('2026-12-01T03:00:00Z');
    expect(outcomeOf(report, '5151')).toMatchObject({ outcome: 'skipped', reason: 'metered' });
    expect((await p.reconcile()).customers.find((entry) => entry.customer === '5151')).toMatchObject({ status: 'skipped', reason: 'metered' });
  }, 90_000);
});
