import { harness, monthOf, type Harness } from './fixture';

const ADJUSTMENT_KEY = '2026-12#1001#2026-11#1';

describe('LateChangeSettler (run by each aggregation)', () => {
  let h: Harness;

  beforeEach(async () => {
    h = harness();
    h.months.put(monthOf(1, '2026-11', 1001));
    h.months.put(monthOf(1, '2026-12', 1001));
    h.runs.latest = '2026-12-01T00:05:00.000Z';
    await h.closer.close('2026-12-01T02:00:00Z', '2026-11');
    // Found late: server 1 was deleted half-way through November (a whole month billed 5,000; half is 2,520).
    h.months.put(monthOf(1, '2026-11', 1001, { end: '2026-11-16T00:00:00.000Z' }));
    h.store.markLate('2026-11', [1]);
  });

  it('turns a late change of a closed period into an adjustment in the first open period, and clears the mark', async () => {
    await h.aggregator.aggregate('2026-12-01T03:00:00Z');

    expect(h.store.adjustmentRows.get(ADJUSTMENT_KEY)).toEqual({ period: '2026-12', customer: '1001', serverId: 1, adjustmentOf: '2026-11', runtimeTokens: -2480, ipTokens: 0, backupTokens: 0 });
    expect(h.store.marks.get('2026-11')?.size).toBe(0);
    // The closed period never changes.
    expect(h.store.headers.get('2026-11')).toMatchObject({ status: 'closed', totals: { totalTokens: 5000 } });
    expect(h.logger.entries).toContainEqual(expect.objectContaining({ level: 'warn', message: 'Changes recorded for a closed period became adjustments' }));
  });

  it('leaves the marks for later while the next period is held by a close (it has read its adjustments already)', async () => {
    expect(await h.store.lockClose('2026-12', 'december', h.clock.ms, 60_000)).toBe(true);

    await h.aggregator.aggregate('2026-12-01T03:00:00Z');

    expect(h.store.adjustmentRows.size).toBe(0);
    expect(h.store.marks.get('2026-11')?.size).toBe(1);
  });

  it('subtracts what a closed later period settled: a mark with nothing new to bill adds no adjustment', async () => {
    await h.aggregator.aggregate('2026-12-01T03:00:00Z');
    h.months.put(monthOf(1, '2027-01', 1001));
    h.runs.latest = '2027-01-01T00:05:00.000Z';
    await h.closer.close('2027-01-01T02:00:00Z', '2026-12');
    expect(h.store.settled).toEqual([expect.objectContaining({ of: '2026-11', inPeriod: '2026-12', runtimeTokens: -2480 })]);

    h.store.markLate('2026-11', [1]);
    await h.aggregator.aggregate('2027-01-01T03:00:00Z');

    expect([...h.store.adjustmentRows.keys()]).toEqual([ADJUSTMENT_KEY]);
    expect(h.store.marks.get('2026-11')?.size).toBe(0);
  });
});
