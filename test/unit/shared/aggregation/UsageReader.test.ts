import { ClosedLinesNotVisibleError } from '../../../../shared/aggregation/errors';
import { harness, monthOf, type Harness } from './fixture';

/** What the read side may call: reads of headers, rows and closed lines, nothing else. */
const READS = ['getHeader', 'listHeaders', 'customerRows', 'rowsPage', 'allRows', 'closedLinesOf', 'closedPage'];

describe('UsageReader', () => {
  let h: Harness;

  beforeEach(async () => {
    h = harness();
    h.months.put(monthOf(1, '2026-11', 1001));
    h.months.put(monthOf(2, '2026-11', 1002));
    h.months.put(monthOf(3, '2026-11', 1003));
    h.runs.latest = '2026-11-15T00:00:00.000Z';
    await h.aggregator.aggregate('2026-11-15T01:00:00Z');
    h.store.calls.clear();
  });

  afterEach(() => {
    expect([...h.store.calls.keys()].filter((method) => !READS.includes(method))).toEqual([]);
  });

  it('prices an open period\'s rows as of its latest aggregation', async () => {
    const usage = await h.reader.customerUsage('2026-11', '1001');
    expect(usage).toMatchObject({ status: 'open', unbilled: [], unbilledCount: 0 });
    expect(usage.customers.map((customer) => [customer.customer, customer.servers[0]?.runtimeHours, customer.totalTokens])).toEqual([['1001', 336, 2352]]);
  });

  it('answers a closed period from its frozen lines, whatever changed in the month since', async () => {
    h.runs.latest = '2026-12-01T00:05:00.000Z';
    await h.closer.close('2026-12-01T02:00:00Z', '2026-11');
    h.months.put(monthOf(1, '2026-11', 1001, { end: '2026-11-02T00:00:00.000Z' }));
    await h.aggregator.aggregate('2026-12-01T03:00:00Z');
    h.store.calls.clear();

    const usage = await h.reader.customerUsage('2026-11', '1001');
    expect(usage.status).toBe('closed');
    expect(usage.customers.map((customer) => [customer.customer, customer.servers[0]?.runtimeHours, customer.totalTokens])).toEqual([['1001', 720, 5000]]);
    expect((await h.reader.invoices('2026-11')).lines.map((line) => line.tokens)).toEqual([5000, 5000, 5000]);
  });

  it('answers a period never aggregated as open and empty', async () => {
    expect(await h.reader.customerUsage('2027-03', '1001')).toEqual({ status: 'open', customers: [], unbilled: [], unbilledCount: 0 });
    expect(await h.reader.period('2027-03')).toEqual({ period: '2027-03', status: 'open' });
    expect(await h.reader.invoices('2027-03')).toEqual({ status: 'open', lines: [] });
  });

  it('pages customers in order, saying where the next page starts', async () => {
    const first = await h.reader.usagePage('2026-11', undefined, 2);
    expect([first.customers.map((customer) => customer.customer), first.lastCustomer, first.more]).toEqual([['1001', '1002'], '1002', true]);
    const rest = await h.reader.usagePage('2026-11', first.lastCustomer, 2);
    expect([rest.customers.map((customer) => customer.customer), rest.more]).toEqual([['1003'], false]);
  });

  it('refuses a closed period\'s lines that do not add up to the committed checksum (503 closed_lines_not_visible)', async () => {
    h.runs.latest = '2026-12-01T00:05:00.000Z';
    await h.closer.close('2026-12-01T02:00:00Z', '2026-11');
    h.store.calls.clear();
    // One item not yet in the index, as an eventually consistent read may miss it.
    const [firstItem] = [...h.store.closed.keys()];
    h.store.closed.delete(firstItem ?? '');

    const refused = h.reader.invoices('2026-11');
    await expect(refused).rejects.toBeInstanceOf(ClosedLinesNotVisibleError);
    await expect(refused).rejects.toMatchObject({ statusCode: 503, code: 'closed_lines_not_visible' });
    // One customer's lines come from its own partition (strongly consistent): no refusal.
    expect((await h.reader.invoices('2026-11', '1002')).lines).toHaveLength(1);
  });

  it('lists the periods in order and the configured currencies', async () => {
    h.store.headers.set('2026-10', { period: '2026-10', status: 'closed' });
    expect((await h.reader.periods()).map((header) => header.period)).toEqual(['2026-10', '2026-11']);
    expect(h.reader.currencies()).toEqual(['USD']);
  });
});
