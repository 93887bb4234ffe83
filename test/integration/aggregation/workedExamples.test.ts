import type { LocalStack } from '../../../local/stack';
import { MemoryLogger } from '../../../shared/logging';
import { bearer, requestJson, startTestStack, TEST_ADMIN_KEY } from '../../support/localStack';
import { SnapshotHarness } from '../../support/snapshotHarness';

/** billing-rules.md "Worked examples": plan 7 tokens/hour, 5000 tokens/month, backup_price 10; USD 0.001 a token. */
const FIXTURES = {
  plans: [{ id: 1, name: 'Worked', tokens_per_hour: 7, tokens_per_month: 5000, ip_tokens_per_hour: 1, ip_tokens_per_month: 500, backup_price: 10 }],
  users: [
    { id: 1, email: 'one@example.test', billing_user_id: 1001 },
    { id: 2, email: 'two@example.test', billing_user_id: 1002 },
    { id: 3, email: 'three@example.test', billing_user_id: 1003 },
    { id: 4, email: 'four@example.test', billing_user_id: 1004 },
  ],
  servers: [
    // The whole of November 2026 with backups on.
    { id: 20, plan: 1, user: 2, created_at: '2026-10-15T00:00:00Z', backup_settings: { enabled: true } },
    // Created 2026-11-01T00:00Z, deleted 2026-11-30T04:00Z (700 h), backups on.
    { id: 30, plan: 1, user: 3, created_at: '2026-11-01T00:00:00Z', backup_settings: { enabled: true } },
  ],
};

describe('billing-rules.md worked examples, end to end (simulator -> snapshots -> aggregate -> close -> usage)', () => {
  let stack: LocalStack;
  let h: SnapshotHarness;

  beforeAll(async () => {
    stack = await startTestStack({ logger: new MemoryLogger(), billingStart: '2026-11-01T00:00:00Z', gapToleranceMinutes: String(60 * 24 * 40) });
    h = new SnapshotHarness(stack);
  }, 60_000);

  afterAll(async () => {
    await stack?.stop();
  });

  const at = async (clock: string, action?: () => Promise<unknown>): Promise<void> => {
    await h.sim.setClock(clock);
    await action?.();
  };
  const run = async (time: string): Promise<void> => {
    await h.sim.setClock(time);
    expect(await h.snapshot(time)).toMatchObject({ complete: true });
  };

  it('bills each example to the token and to the cent', async () => {
    await h.sim.reset(FIXTURES);
    await run('2026-11-01T00:00:00.000Z');
    // 1: created 2026-11-03T10:00Z, deleted 10:05Z -> 1 h -> 7 tokens.
    await at('2026-11-03T10:00:00.000Z', () => h.api('POST', 'servers', { name: 'one.example.test', plan: 1, location: 1, os: 1, user: 1 }));
    await run('2026-11-03T10:02:00.000Z');
    await at('2026-11-03T10:05:00.000Z', () => h.api('DELETE', 'servers/31'));
    await run('2026-11-03T10:10:00.000Z');
    // 4: created 10:30, deleted 12:10 (1 h 40 min) with backups -> 2 h -> 14 tokens, backups 1.4 -> 1.
    await at('2026-11-03T10:30:00.000Z', () =>
      h.api('POST', 'servers', { name: 'four.example.test', plan: 1, location: 1, os: 1, user: 4, backup_settings: { enabled: true } }),
    );
    await run('2026-11-03T10:35:00.000Z');
    await at('2026-11-03T12:10:00.000Z', () => h.api('DELETE', 'servers/32'));
    await run('2026-11-03T12:15:00.000Z');
    await at('2026-11-30T04:00:00.000Z', () => h.api('DELETE', 'servers/30'));
    await run('2026-11-30T04:05:00.000Z');
    await run('2026-12-01T00:00:00.000Z');

    expect((await h.invoke('aggregate-usage', { time: '2026-12-01T01:00:00Z' })).json).toMatchObject({ periods: [{ period: '2026-11', status: 'open' }, { period: '2026-12', status: 'open' }] });
    const early = await h.invoke('close-period', { time: '2026-12-01T01:59:59Z', period: '2026-11' });
    expect(early).toMatchObject({ status: 409, json: { error: { code: 'not_due', message: expect.stringContaining('2026-12-01T02:00:00.000Z') } } });
    const closed = await h.invoke('close-period', { time: '2026-12-01T02:00:00Z', period: '2026-11' });
    expect(closed.status).toBe(200);
    expect(closed.json).toEqual({
      period: '2026-11',
      status: 'closed',
      closedAt: '2026-12-01T02:00:00.000Z',
      totalTokens: 7 + 5500 + 5390 + 15,
      money: { USD: 1 + 550 + 539 + 1 },
      customers: 4,
      checksum: expect.stringMatching(/^[0-9a-f]{64}$/),
    });

    const usage = await requestJson(`${stack.apiUrl}/v1/usage?period=2026-11`, { headers: bearer(TEST_ADMIN_KEY) });
    expect(usage.status).toBe(200);
    const hostnames: Record<number, string> = { 20: 'server20.example.test', 30: 'server30.example.test', 31: 'one.example.test', 32: 'four.example.test' };
    const line = (serverId: number, runtimeHours: number, runtimeTokens: number, backupTokens: number, usd: number) => ({
      serverId,
      // An added field: the line's installation (`default` on a single-installation stack).
      installation: 'default',
      hostname: hostnames[serverId],
      runtimeHours,
      runtimeTokens,
      ipTokens: 0,
      backupTokens,
      totalTokens: runtimeTokens + backupTokens,
      prepaid: false,
      billingMode: 'postpaid',
      flags: [],
      money: { USD: usd },
    });
    expect(usage.json).toEqual({
      period: '2026-11',
      status: 'closed',
      customers: [
        { customer: '1001', totalTokens: 7, money: { USD: 1 }, servers: [line(31, 1, 7, 0, 1)] },
        { customer: '1002', totalTokens: 5500, money: { USD: 550 }, servers: [line(20, 720, 5000, 500, 550)] },
        { customer: '1003', totalTokens: 5390, money: { USD: 539 }, servers: [line(30, 700, 4900, 490, 539)] },
        { customer: '1004', totalTokens: 15, money: { USD: 1 }, servers: [line(32, 2, 14, 1, 1)] },
      ],
      unbilled: [],
      unbilledCount: 0,
    });
    const one = await requestJson(`${stack.apiUrl}/v1/usage?period=2026-11&customer=1003`, { headers: bearer(TEST_ADMIN_KEY) });
    expect(one.json).toEqual({
      period: '2026-11',
      status: 'closed',
      customers: [{ customer: '1003', totalTokens: 5390, money: { USD: 539 }, servers: [line(30, 700, 4900, 490, 539)] }],
      unbilled: [],
      unbilledCount: 0,
    });

    const events = (await requestJson(`${stack.apiUrl}/_local/events`)).json as { detailType: string; detail: Record<string, unknown> }[];
    expect(events).toEqual([
      {
        detailType: 'BillingPeriodClosed',
        source: 'solus-billing-bridge',
        time: '2026-12-01T02:00:00.000Z',
        detail: { period: '2026-11', closedAt: '2026-12-01T02:00:00.000Z', totalTokens: 10912, money: { USD: 1091 }, customers: 4, checksum: (closed.json as { checksum: string }).checksum },
      },
    ]);
  }, 60_000);
});
