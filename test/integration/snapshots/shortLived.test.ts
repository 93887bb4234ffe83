import type { LocalStack } from '../../../local/stack';
import { METRIC } from '../../../shared/metrics/metricNames';
import { MemoryLogger } from '../../../shared/logging';
import { bearer, requestJson, startTestStack, TEST_ADMIN_KEY } from '../../support/localStack';
import { SnapshotHarness } from '../../support/snapshotHarness';
import { createBody, SNAPSHOT_FIXTURES } from './fixtures';

/**
 * Issue #22 §1, "No billable time lost silently": servers born and gone between two complete
 * runs (a 3-minute server, or any server inside an outage) are found in SolusIO's activity log,
 * billed where the bridge's provisioning API made them, and reported in `unbilled` otherwise.
 */

const serviceBody = (serviceRef: string, extra: Record<string, unknown> = {}) => ({
  serviceRef,
  customer: { email: 'short.lived@example.test', billingClientId: 4242 },
  planId: 1,
  locationId: 1,
  osImageId: 1,
  hostname: `${serviceRef.toLowerCase()}.example.test`,
  password: 'correct-horse-battery',
  backups: false,
  additionalIps: 0,
  billingMode: 'postpaid',
  ...extra,
});

interface UsageJson {
  status: string;
  customers: { customer: string; servers: { serverId: number; runtimeHours: number; runtimeTokens: number; ipTokens: number; backupTokens: number; totalTokens: number; flags: string[] }[] }[];
  unbilled?: { serverId: number; installation: string; createdAt: string; deletedAt: string | null; reason: string }[];
}

describe('short-lived servers (created and deleted between two complete runs)', () => {
  let stack: LocalStack;
  let h: SnapshotHarness;
  const call = (method: string, path: string, body?: unknown) =>
    requestJson(`${stack.apiUrl}${path}`, { method, ...(body === undefined ? {} : { body }), headers: bearer(TEST_ADMIN_KEY) });
  const usage = async (time: string): Promise<UsageJson> => {
    expect((await h.invoke('aggregate-usage', { time })).status).toBe(200);
    return (await call('GET', '/v1/usage?period=2026-11')).json as UsageJson;
  };
  const run = async (time: string): Promise<ReturnType<SnapshotHarness['snapshot']>> => {
    await h.sim.setClock(time);
    return h.snapshot(time);
  };

  beforeAll(async () => {
    stack = await startTestStack({ logger: new MemoryLogger() });
    h = new SnapshotHarness(stack);
  }, 60_000);

  afterAll(async () => {
    await stack?.stop();
  });

  beforeEach(async () => {
    await fetch(`${stack.apiUrl}/_local/reset`, { method: 'POST' });
    await h.control('DELETE', 'faults');
    await h.sim.reset({ ...SNAPSHOT_FIXTURES, servers: [] });
    // The bridge's first complete run (and so its default billingStart).
    expect(await run('2026-11-03T10:05:00.000Z')).toMatchObject({ complete: true });
  });

  it('bills the started hours of a server its provisioning API made at 10:06 and terminated at 10:09, between runs at 10:05 and 10:10', async () => {
    // Prepare: one extra IP and backups on, so every line of the short life is priced.
    await h.sim.setClock('2026-11-03T10:06:00.000Z');
    const created = await call('POST', '/v1/services', serviceBody('SHORT-1', { backups: true, additionalIps: 1 }));
    expect(created.status).toBe(202);
    const serverId = (created.json as { serverId: number }).serverId;
    await h.sim.setClock('2026-11-03T10:09:00.000Z');
    expect((await call('DELETE', '/v1/services/SHORT-1')).status).toBe(202);

    // Act
    const record = await run('2026-11-03T10:10:00.000Z');

    // Assess: usage bills its started hour, from one segment from the create entry to the delete.
    const answer = await usage('2026-11-03T10:10:00Z');
    expect(answer.customers).toEqual([
      expect.objectContaining({
        customer: '4242',
        // Plan 1: 7 tokens an hour, 1 per extra IP, backups 10 % of the runtime (0.7 -> 1).
        servers: [expect.objectContaining({ serverId, runtimeHours: 1, runtimeTokens: 7, ipTokens: 1, backupTokens: 1, totalTokens: 9, flags: [] })],
      }),
    ]);
    expect(answer.unbilled).toEqual([]);
    expect(record).toMatchObject({ complete: true, shortLivedServerIds: [serverId] });
    expect(record.unbilledServerIds ?? []).toEqual([]);
    expect(await h.segments(serverId, '2026-11')).toEqual([
      expect.objectContaining({ start: '2026-11-03T10:06:00.000Z', startBy: 'activity_log', end: '2026-11-03T10:09:00.000Z', endBy: 'activity_log', additionalIpCount: 1, backupsEnabled: true }),
    ]);
    // A later run bills it no second time (the next window begins after it).
    expect(await run('2026-11-03T10:15:00.000Z')).toMatchObject({ complete: true, changes: 0 });
    expect((await usage('2026-11-03T10:15:00Z')).customers[0]?.servers).toHaveLength(1);
  }, 60_000);

  it('lists a server made outside the bridge at 10:06 and deleted at 10:09 in unbilled, with a reason, and counts it in UnbilledServers', async () => {
    // Prepare
    await h.sim.setClock('2026-11-03T10:06:00.000Z');
    const serverId = (await h.api<{ data: { id: number } }>('POST', 'servers', createBody('outside.example.test'))).data.id;
    await h.sim.setClock('2026-11-03T10:09:00.000Z');
    await h.api('DELETE', `servers/${serverId}`);
    const metricsFrom = stack.metrics.published.length;

    // Act
    const record = await run('2026-11-03T10:10:00.000Z');

    // Assess: nothing billed (SolusIO's log names the server, not its owner or plan), but never silent.
    const answer = await usage('2026-11-03T10:10:00Z');
    expect(answer.customers).toEqual([]);
    expect(answer.unbilled).toEqual([
      expect.objectContaining({
        serverId,
        installation: 'default',
        createdAt: '2026-11-03T10:06:00.000Z',
        deletedAt: '2026-11-03T10:09:00.000Z',
        reason: 'not_made_by_bridge',
      }),
    ]);
    expect(record).toMatchObject({ complete: true, unbilledServerIds: [serverId] });
    expect(await h.segments(serverId, '2026-11')).toEqual([]);
    const counted = stack.metrics.published.slice(metricsFrom).map((document) => (document as Record<string, unknown>)[METRIC.unbilledServers]);
    expect(counted.filter((value) => value !== undefined)).toEqual([1]);
    // One customer's usage carries the period's unbilled servers too.
    expect(((await call('GET', '/v1/usage?period=2026-11&customer=1001')).json as UsageJson).unbilled).toEqual(answer.unbilled);
  }, 60_000);

  it('finds the servers born and gone inside an outage (10:12-12:40, every run failing): bills the bridge\'s, reports the other', async () => {
    // Prepare: from 10:10 every servers listing is throttled past the run deadline, so each run is partial.
    expect(await run('2026-11-03T10:10:00.000Z')).toMatchObject({ complete: true });
    await h.control('POST', 'faults', { rules: [{ method: 'GET', path: '/api/v1/servers', status: 429, retryAfter: 600 }] });
    let outside = 0;
    let ours = 0;
    for (let minute = 15; minute <= 160; minute += 5) {
      const time = new Date(Date.parse('2026-11-03T10:00:00.000Z') + minute * 60_000).toISOString();
      if (minute === 15) {
        await h.sim.setClock('2026-11-03T10:12:00.000Z');
        const created = await call('POST', '/v1/services', serviceBody('SHORT-2'));
        expect(created.status).toBe(202);
        ours = (created.json as { serverId: number }).serverId;
      }
      if (minute === 25) {
        await h.sim.setClock('2026-11-03T10:21:00.000Z');
        outside = (await h.api<{ data: { id: number } }>('POST', 'servers', createBody('outage.example.test'))).data.id;
      }
      if (minute === 60) {
        await h.sim.setClock('2026-11-03T10:58:00.000Z');
        await h.api('DELETE', `servers/${outside}`);
      }
      if (minute === 160) {
        await h.sim.setClock('2026-11-03T12:40:00.000Z');
        expect((await call('DELETE', '/v1/services/SHORT-2')).status).toBe(202);
      }
      expect([time, (await run(time)).complete]).toEqual([time, false]);
    }
    await h.control('DELETE', 'faults');

    // Act: the first complete run after the outage.
    const record = await run('2026-11-03T12:45:00.000Z');

    // Assess: 10:12-12:40 is 2 h 28 min, 3 started hours of plan 1 (flagged: it lies inside the gap).
    const answer = await usage('2026-11-03T12:45:00Z');
    expect(answer.customers).toEqual([
      expect.objectContaining({ customer: '4242', servers: [expect.objectContaining({ serverId: ours, runtimeHours: 3, runtimeTokens: 21, totalTokens: 21, flags: ['gap'] })] }),
    ]);
    expect(answer.unbilled).toEqual([
      expect.objectContaining({ serverId: outside, installation: 'default', createdAt: '2026-11-03T10:21:00.000Z', deletedAt: '2026-11-03T10:58:00.000Z', reason: 'not_made_by_bridge' }),
    ]);
    expect(record).toMatchObject({ complete: true, gapFrom: '2026-11-03T10:10:00.000Z', shortLivedServerIds: [ours], unbilledServerIds: [outside] });
  }, 60_000);
});
