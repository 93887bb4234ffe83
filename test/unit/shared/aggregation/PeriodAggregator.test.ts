import { MemoryAggregationStore } from '../../../support/fakeAggregation';
import { harness, monthOf, type Harness } from './fixture';

describe('PeriodAggregator', () => {
  let h: Harness;

  beforeEach(() => {
    h = harness();
    h.months.put(monthOf(1, '2026-11', 1001));
    h.months.put(monthOf(2, '2026-11', 1002));
    h.runs.latest = '2026-11-15T00:00:00.000Z';
  });

  it('writes a row per server and customer, and the open header as of the latest complete run', async () => {
    const result = await h.aggregator.aggregate('2026-11-15T01:00:00Z');

    expect(result).toEqual({ time: '2026-11-15T01:00:00.000Z', periods: [{ period: '2026-11', status: 'open', rowsWritten: 2 }] });
    expect([...h.store.rows.values()].map((row) => [row.customer, row.serverId, row.segments.length])).toEqual([
      ['1001', 1, 1],
      ['1002', 2, 1],
    ]);
    expect(h.store.headers.get('2026-11')).toEqual({ period: '2026-11', status: 'open', asOf: '2026-11-15T00:00:00.000Z', billingStart: '2026-11-01T00:00:00Z' });
  });

  it('writes nothing again while the month items are unchanged, and only the server that changed after', async () => {
    await h.aggregator.aggregate('2026-11-15T01:00:00Z');
    expect((await h.aggregator.aggregate('2026-11-15T02:00:00Z')).periods).toEqual([{ period: '2026-11', status: 'open', rowsWritten: 0 }]);

    // Server 2 passes to customer 1003: its new row is put, the old customer's row removed.
    h.months.put(monthOf(2, '2026-11', 1003));
    expect((await h.aggregator.aggregate('2026-11-15T03:00:00Z')).periods).toEqual([{ period: '2026-11', status: 'open', rowsWritten: 2 }]);
    expect([...h.store.rows.values()].map((row) => `${row.customer}/${row.serverId}`).sort()).toEqual(['1001/1', '1003/2']);
  });

  it('removes the rows of a server whose month item is gone', async () => {
    await h.aggregator.aggregate('2026-11-15T01:00:00Z');
    h.months.months.splice(1, 1);
    await h.aggregator.aggregate('2026-11-15T02:00:00Z');
    expect([...h.store.rows.values()].map((row) => row.serverId)).toEqual([1]);
  });

  it('does nothing before the first complete run', async () => {
    h.runs.latest = undefined;
    expect(await h.aggregator.aggregate('2026-11-15T01:00:00Z')).toEqual({ time: '2026-11-15T01:00:00.000Z', periods: [] });
    expect(h.store.rows.size).toBe(0);
  });

  it('tries again when concurrent aggregations win the manifest, then answers 409 aggregation_conflict', async () => {
    class AlwaysLosing extends MemoryAggregationStore {
      override async writeManifestShard(): Promise<boolean> {
        this.calls.set('lost', (this.calls.get('lost') ?? 0) + 1);
        return false;
      }
    }
    const losing = harness({ store: new AlwaysLosing() });
    losing.months.put(monthOf(1, '2026-11', 1001));
    losing.runs.latest = '2026-11-15T00:00:00.000Z';

    await expect(losing.aggregator.aggregate('2026-11-15T01:00:00Z')).rejects.toMatchObject({ statusCode: 409, code: 'aggregation_conflict' });
    expect(losing.store.calls.get('readManifest')).toBe(5);
    expect(losing.store.headers.size).toBe(0);
  });

  it('counts the periods still open past their end plus the grace as past due', async () => {
    await h.aggregator.aggregate('2026-11-15T01:00:00Z');
    expect(await h.aggregator.openPastDue('2026-12-01T01:59:00Z')).toEqual([]);
    expect(await h.aggregator.openPastDue('2026-12-01T02:00:00Z')).toEqual(['2026-11']);
  });
});
