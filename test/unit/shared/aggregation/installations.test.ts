import type { InstallationScope } from '../../../../shared/aggregation/installationScope';
import { buildPeriodLifecycle } from '../../../../shared/aggregation/periodLifecycle';
import { UsageReader } from '../../../../shared/aggregation/UsageReader';
import { ConflictError } from '../../../../shared/errors';
import { MemoryEventPublisher } from '../../../../shared/events';
import { MemoryLogger } from '../../../../shared/logging';
import type { ServerMonth } from '../../../../shared/snapshots/types';
import { MemoryAggregationStore, MemoryCompleteRuns, MemoryServerMonths } from '../../../support/fakeAggregation';
import { monthOf, SETTINGS } from './fixture';

const END = '2026-12-01T00:05:00.000Z';

/** An installation's own sources: months, runs, manifest and late marks (a store of its own), metered servers. */
function scope(installation: string) {
  const months = new MemoryServerMonths();
  const runs = new MemoryCompleteRuns();
  const own = new MemoryAggregationStore();
  const metered = new Set<number>();
  const sources: InstallationScope = { installation, months, runs, manifest: own, marks: own, meteredServers: async () => metered };
  return { sources, months, runs, own, metered };
}

/** The lifecycle over the given installations on one shared store, and a reader that knows them. */
function harness(ids: readonly string[]) {
  const store = new MemoryAggregationStore();
  const scopes = ids.map(scope);
  const { periodAggregator, periodCloser } = buildPeriodLifecycle({
    ports: store.ports(),
    installations: scopes.map((entry) => entry.sources),
    events: new MemoryEventPublisher(),
    logger: new MemoryLogger(),
    settings: SETTINGS,
    wallClockMs: () => Date.parse('2026-12-01T02:00:00Z'),
  });
  const reader = new UsageReader({ ...store.readPorts(), settings: { ...SETTINGS, installations: ids } });
  const runAll = (time: string): void => {
    for (const entry of scopes) entry.runs.latest = time;
  };
  return { store, scopes, aggregator: periodAggregator, closer: periodCloser, reader, runAll };
}

/** A month item of an owner without billing_user_id (user `userId`). */
function unmappedMonth(serverId: number, userId: number): ServerMonth {
  const month = monthOf(serverId, '2026-11', 2000);
  return { ...month, segments: month.segments.map((segment) => ({ ...segment, owner: { userId, billingUserId: null } })) };
}

describe('aggregation across installations', () => {
  it('writes each installation\'s rows, and one usage entry per customer holds both installations\' servers (the same id twice is two lines)', async () => {
    const h = harness(['eu', 'us']);
    const [eu, us] = h.scopes;
    eu?.months.put({ ...monthOf(1, '2026-11', 1001), hostname: 'vps1.eu.test' });
    us?.months.put({ ...monthOf(1, '2026-11', 1001), hostname: 'vps1.us.test' });
    us?.months.put(monthOf(2, '2026-11', 1002));
    h.runAll('2026-11-16T00:00:00.000Z');

    await h.aggregator.aggregate('2026-11-16T00:10:00Z');

    expect([...h.store.rows.values()].map((row) => [row.customer, row.installation, row.serverId])).toEqual([
      ['1001', 'eu', 1],
      ['1001', 'us', 1],
      ['1002', 'us', 2],
    ]);
    // Each installation's manifest is its own.
    expect(eu?.own.manifest.get('2026-11')?.size).toBe(1);
    expect(us?.own.manifest.get('2026-11')?.size).toBe(2);
    const usage = await h.reader.customerUsage('2026-11', '1001');
    expect(usage.customers).toHaveLength(1);
    expect(usage.customers[0]?.servers.map((line) => [line.installation, line.serverId, line.hostname, line.runtimeTokens])).toEqual([
      ['eu', 1, 'vps1.eu.test', 2520],
      ['us', 1, 'vps1.us.test', 2520],
    ]);
    expect(usage.customers[0]?.totalTokens).toBe(5040);
  });

  it('flags a gap only on the installation that had it', async () => {
    const h = harness(['eu', 'us']);
    const [eu, us] = h.scopes;
    eu?.months.put(monthOf(1, '2026-11', 1001));
    us?.months.put(monthOf(1, '2026-11', 1001));
    eu?.months.gaps.push({ from: '2026-11-10T00:00:00.000Z', to: '2026-11-10T08:00:00.000Z', minutes: 480 });
    h.runAll(END);
    await h.aggregator.aggregate('2026-12-01T00:10:00Z');

    const lines = (await h.reader.customerUsage('2026-11', '1001')).customers[0]?.servers ?? [];
    expect(lines.map((line) => [line.installation, line.flags, line.longestGapMinutes])).toEqual([
      ['eu', ['gap'], 480],
      ['us', [], undefined],
    ]);
  });

  it('closes a period only once every installation has a complete run past its end, naming the one that lacks it', async () => {
    const h = harness(['eu', 'us']);
    const [eu, us] = h.scopes;
    eu?.months.put({ ...monthOf(1, '2026-11', 1001), hostname: 'vps1.example.com' });
    us?.months.put(monthOf(1, '2026-11', 1001));
    if (eu) eu.runs.latest = END;
    if (us) us.runs.latest = '2026-11-30T20:00:00.000Z';

    const refused = h.closer.close('2026-12-01T02:00:00Z', '2026-11');
    await expect(refused).rejects.toThrow(ConflictError);
    await expect(refused).rejects.toThrow('needs a complete snapshot run of installation us at or after 2026-12-01T00:00:00.000Z; its latest is 2026-11-30T20:00:00.000Z');
    // The scheduled close closes nothing yet either.
    expect(await h.closer.close('2026-12-01T02:00:00Z')).toEqual({ closed: [] });

    if (us) us.runs.latest = END;
    expect(await h.closer.close('2026-12-01T02:00:00Z', '2026-11')).toMatchObject({ status: 'closed', totalTokens: 10_000, customers: 1 });
    const { lines } = await h.reader.invoices('2026-11', '1001');
    expect(lines.map((line) => [line.installation, line.description])).toEqual([
      ['eu', 'vps1.example.com (server 1, eu): 720 h runtime, November 2026'],
      ['us', 'server 1 (us): 720 h runtime, November 2026'],
    ]);
    // The closed usage keeps one entry with both installations' lines.
    expect((await h.reader.customerUsage('2026-11', '1001')).customers[0]?.servers.map((line) => line.installation)).toEqual(['eu', 'us']);
  });

  it('names owners without billing_user_id per installation (their user ids repeat across installations)', async () => {
    const h = harness(['eu', 'us']);
    const [eu, us] = h.scopes;
    eu?.months.put(unmappedMonth(1, 5));
    us?.months.put(unmappedMonth(2, 5));
    h.runAll(END);
    await h.aggregator.aggregate('2026-12-01T00:10:00Z');

    const page = await h.reader.usagePage('2026-11', undefined, 10);
    expect(page.customers.map((customer) => [customer.customer, customer.servers.map((line) => `${line.installation}:${line.serverId}`)])).toEqual([
      ['solusio-user:eu:5', ['eu:1']],
      ['solusio-user:us:5', ['us:2']],
    ]);
  });

  it('keeps a single installation\'s references and descriptions as they were', async () => {
    const h = harness(['default']);
    const [only] = h.scopes;
    only?.months.put({ ...monthOf(1, '2026-11', 1001), hostname: 'vps1.example.com' });
    only?.months.put(unmappedMonth(2, 5));
    h.runAll(END);
    await h.closer.close('2026-12-01T02:00:00Z', '2026-11');

    const { lines } = await h.reader.invoices('2026-11');
    expect(lines.map((line) => [line.customer, line.description, 'installation' in line])).toEqual([
      ['1001', 'vps1.example.com (server 1): 720 h runtime, November 2026', false],
      ['solusio-user:5', 'server 2: 720 h runtime, November 2026', false],
    ]);
    expect((await h.reader.customerUsage('2026-11', '1001')).customers[0]?.servers[0]?.installation).toBe('default');
  });

  it('bills an installation added later from its own first complete run', async () => {
    const h = harness(['eu', 'us']);
    const [eu, us] = h.scopes;
    eu?.months.put(monthOf(1, '2026-11', 1001));
    us?.months.put(monthOf(1, '2026-11', 1001));
    if (eu) eu.months.firstCompleteRun = '2026-11-01T00:00:00.000Z';
    if (us) us.months.firstCompleteRun = '2026-11-16T00:00:00.000Z';
    h.runAll(END);
    await h.aggregator.aggregate('2026-12-01T00:10:00Z');

    const lines = (await h.reader.customerUsage('2026-11', '1001')).customers[0]?.servers ?? [];
    expect(lines.map((line) => [line.installation, line.runtimeHours])).toEqual([
      ['eu', 720],
      ['us', 360],
    ]);
  });

  it('settles a late change of one installation into an adjustment of that installation only', async () => {
    const h = harness(['eu', 'us']);
    const [eu, us] = h.scopes;
    eu?.months.put(monthOf(1, '2026-11', 1001));
    us?.months.put(monthOf(1, '2026-11', 1001));
    h.runAll(END);
    await h.closer.close('2026-12-01T02:00:00Z', '2026-11');
    // us learns that its server 1 ended on the 16th; eu's server 1 is untouched.
    us?.months.put(monthOf(1, '2026-11', 1001, { end: '2026-11-16T00:00:00.000Z' }));
    us?.own.markLate('2026-11', [1]);
    h.runAll('2026-12-02T00:00:00.000Z');
    await h.aggregator.aggregate('2026-12-02T00:10:00Z');

    expect([...h.store.adjustmentRows.values()].map((row) => [row.installation, row.serverId, row.adjustmentOf, row.runtimeTokens])).toEqual([['us', 1, '2026-11', 2520 - 5000]]);
    expect(us?.own.marks.get('2026-11')?.size).toBe(0);
  });
});
