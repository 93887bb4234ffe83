import { linesChecksum } from '../../../../shared/aggregation/invoiceLines';
import type { HeldCloseWrites } from '../../../../shared/aggregation/ports';
import { RetryLaterError } from '../../../../shared/errors';
import { MemoryAggregationStore } from '../../../support/fakeAggregation';
import { harness, monthOf, type Harness } from './fixture';

const CLOSE_TIME = '2026-12-01T02:00:00Z';
const WINNER = { asOf: '2026-12-01T00:05:00.000Z', closedAt: '2026-12-01T02:00:00.000Z', totals: { totalTokens: 42, money: { USD: 4 }, customers: 1 }, checksum: 'winner' };

describe('PeriodCloser', () => {
  let h: Harness;

  function prepare(target: Harness): void {
    target.months.put(monthOf(1, '2026-11', 1001));
    target.months.put(monthOf(2, '2026-11', 1002, { end: '2026-11-16T00:00:00.000Z' }));
    target.runs.latest = '2026-12-01T00:05:00.000Z';
  }

  beforeEach(() => {
    h = harness();
    prepare(h);
  });

  it('freezes a due period\'s lines, commits its totals and checksum on the header, and publishes BillingPeriodClosed once', async () => {
    const result = await h.closer.close(CLOSE_TIME, '2026-11');

    const lines = await h.store.closedLinesOf('2026-11', '1001', h.store.headers.get('2026-11')?.checksum ?? '');
    const all = [...lines, ...(await h.store.closedLinesOf('2026-11', '1002', h.store.headers.get('2026-11')?.checksum ?? ''))];
    expect(all.map((line) => [line.customer, line.kind, line.tokens])).toEqual([
      ['1001', 'runtime', 5000],
      ['1002', 'runtime', 2520],
    ]);
    expect(result).toEqual({ period: '2026-11', status: 'closed', closedAt: '2026-12-01T02:00:00.000Z', checksum: linesChecksum(all), totalTokens: 7520, money: { USD: 752 }, customers: 2 });
    expect(h.store.headers.get('2026-11')).toMatchObject({ status: 'closed', published: true, checksum: linesChecksum(all), asOf: '2026-12-01T00:05:00.000Z' });
    expect(h.events.list()).toEqual([expect.objectContaining({ detailType: 'BillingPeriodClosed', detail: expect.objectContaining({ period: '2026-11', totalTokens: 7520 }) })]);
    // Closed: a second close answers the same result and publishes nothing more.
    expect(await h.closer.close('2026-12-01T03:00:00Z', '2026-11')).toEqual(result);
    expect(h.events.list()).toHaveLength(1);
  });

  it('refuses a period before its end plus the grace (409 not_due), taking no lock', async () => {
    await expect(h.closer.close('2026-12-01T01:59:00Z', '2026-11')).rejects.toMatchObject({ statusCode: 409, code: 'not_due' });
    expect(h.store.calls.get('lockClose')).toBeUndefined();
  });

  it('waits for the closer holding the lock and answers its result, writing nothing itself', async () => {
    const waiting = harness({
      sleep: async () => {
        // The holder commits while this close waits.
        await waiting.store.commitClose('2026-11', 'other', WINNER);
      },
    });
    prepare(waiting);
    expect(await waiting.store.lockClose('2026-11', 'other', waiting.clock.ms, 60_000)).toBe(true);

    const result = await waiting.closer.close(CLOSE_TIME, '2026-11');

    expect(result).toEqual({ period: '2026-11', status: 'closed', closedAt: WINNER.closedAt, checksum: 'winner', ...WINNER.totals });
    expect(waiting.store.calls.get('writeClosedItems')).toBeUndefined();
    expect(waiting.store.closed.size).toBe(0);
    expect(waiting.events.list()).toEqual([]);
  });

  it('answers 409 close_in_progress (with Retry-After) when the holder does not commit within the wait', async () => {
    expect(await h.store.lockClose('2026-11', 'other', h.clock.ms, 60_000)).toBe(true);

    const refused = h.closer.close(CLOSE_TIME, '2026-11');

    await expect(refused).rejects.toBeInstanceOf(RetryLaterError);
    await expect(refused).rejects.toMatchObject({ statusCode: 409, code: 'close_in_progress', headers: { 'retry-after': '1' } });
    expect(h.store.headers.get('2026-11')).toMatchObject({ status: 'closing', closeToken: 'other' });
  });

  it('takes over a lock whose lease ran out (its holder is gone)', async () => {
    expect(await h.store.lockClose('2026-11', 'gone', h.clock.ms - 120_000, 60_000)).toBe(true);
    await expect(h.closer.close(CLOSE_TIME, '2026-11')).resolves.toMatchObject({ status: 'closed', totalTokens: 7520 });
  });

  it('frees the period at once when its close fails, so a retry need not wait out the lease', async () => {
    class FailingWrites extends MemoryAggregationStore {
      override async writeClosedItems(_period: string, _token: string, _writes: HeldCloseWrites): Promise<void> {
        throw new Error('throttled');
      }
    }
    const failing = harness({ store: new FailingWrites() });
    prepare(failing);
    await expect(failing.closer.close(CLOSE_TIME, '2026-11')).rejects.toThrow('throttled');
    // Its token and lease gone (the final aggregation, under the lock, never writes the header).
    expect(failing.store.headers.get('2026-11')).toEqual({ period: '2026-11', status: 'open' });
  });

  it('closes every due period oldest first without a period, and publishes an event a crashed close left (the outbox)', async () => {
    await h.closer.close(CLOSE_TIME, '2026-11');
    h.store.headers.set('2026-11', { ...(h.store.headers.get('2026-11') ?? { period: '2026-11', status: 'closed' }), published: false });
    h.events.clear();

    expect(await h.closer.close('2026-12-01T03:00:00Z')).toEqual({ closed: [] });
    expect(h.events.list().map((event) => event.detailType)).toEqual(['BillingPeriodClosed']);
    expect(h.store.headers.get('2026-11')?.published).toBe(true);
  });
});
