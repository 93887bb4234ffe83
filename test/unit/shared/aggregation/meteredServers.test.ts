import { harness, monthOf, type Harness } from './fixture';

/** Server 1 (customer 1001) is metered, server 2 (customer 1002) postpaid; both ran all November. */
describe('a metered server through aggregation, close and late changes', () => {
  let h: Harness;

  beforeEach(async () => {
    h = harness();
    h.metered.add(1);
    h.months.put(monthOf(1, '2026-11', 1001));
    h.months.put(monthOf(2, '2026-11', 1002));
    h.months.put(monthOf(1, '2026-12', 1001));
    h.runs.latest = '2026-12-01T00:05:00.000Z';
    await h.aggregator.aggregate('2026-12-01T00:10:00Z');
  });

  it('reports the open period\'s usage with its tokens, as postpaid, under billingMode metered; other servers postpaid', async () => {
    // Act
    const page = await h.reader.usagePage('2026-11', undefined, 10);

    // Assess
    expect(page.customers.map((customer) => customer.servers.map((line) => [line.serverId, line.billingMode, line.prepaid, line.totalTokens]))).toEqual([
      [[1, 'metered', false, 5000]],
      [[2, 'postpaid', false, 5000]],
    ]);
    expect(h.store.rows.get('2026-11#1001#1')).toMatchObject({ metered: true });
    expect(h.store.rows.get('2026-11#1002#2')).not.toHaveProperty('metered');
  });

  it('keeps the mode through the close: the frozen lines say metered, and so does the closed period\'s usage', async () => {
    // Act
    await h.closer.close('2026-12-01T02:00:00Z', '2026-11');
    const { lines } = await h.reader.invoices('2026-11');
    const page = await h.reader.usagePage('2026-11', undefined, 10);

    // Assess
    expect(lines.map((line) => [line.serverId, line.metered])).toEqual([
      [1, true],
      [2, undefined],
    ]);
    expect(page.status).toBe('closed');
    expect(page.customers.flatMap((customer) => customer.servers.map((line) => [line.serverId, line.billingMode]))).toEqual([
      [1, 'metered'],
      [2, 'postpaid'],
    ]);
  });

  it('carries the mode onto a late change\'s adjustment, so the push leaves that out too', async () => {
    // Prepare: closed, then server 1 found deleted half-way through November.
    await h.closer.close('2026-12-01T02:00:00Z', '2026-11');
    h.months.put(monthOf(1, '2026-11', 1001, { end: '2026-11-16T00:00:00.000Z' }));
    h.store.markLate('2026-11', [1]);

    // Act
    await h.aggregator.aggregate('2026-12-01T03:00:00Z');
    const page = await h.reader.usagePage('2026-12', undefined, 10);

    // Assess
    expect(h.store.adjustmentRows.get('2026-12#1001#2026-11#1')).toMatchObject({ runtimeTokens: -2480, metered: true });
    const adjustment = page.customers[0]?.servers.find((line) => line.adjustmentOf === '2026-11');
    expect(adjustment).toMatchObject({ billingMode: 'metered', runtimeTokens: -2480 });
  });
});
