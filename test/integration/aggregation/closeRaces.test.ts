import { dynamoAggregationPorts, DynamoPeriodHeaders } from '../../../shared/aggregation/dynamo';
import { buildPeriodLifecycle, type PeriodLifecycleDeps } from '../../../shared/aggregation/periodLifecycle';
import type { HeldCloseWrites } from '../../../shared/aggregation/ports';
import { UsageReader } from '../../../shared/aggregation/UsageReader';
import type { LocalStack } from '../../../local/stack';
import { MemoryLogger } from '../../../shared/logging';
import { DynamoServiceStore } from '../../../shared/provisioning';
import { DynamoRunRepository } from '../../../shared/runs/runRepository';
import { DynamoSnapshotStore } from '../../../shared/snapshots/DynamoSnapshotStore';
import { linesChecksum } from '../../../shared/aggregation/invoiceLines';
import { startTestStack } from '../../support/localStack';
import { SnapshotHarness } from '../../support/snapshotHarness';
import { SNAPSHOT_FIXTURES } from '../snapshots/fixtures';

/** Period headers whose close holds still just before it writes its lines, until the test lets it go. */
class GatedHeaders extends DynamoPeriodHeaders {
  private release: () => void = () => undefined;
  private readonly gate = new Promise<void>((resolve) => (this.release = resolve));
  private arrived: () => void = () => undefined;
  /** Resolves once the close is holding (it has read everything and computed its lines). */
  readonly holding = new Promise<void>((resolve) => (this.arrived = resolve));

  override async writeClosedItems(period: string, token: string, writes: HeldCloseWrites): Promise<void> {
    this.arrived();
    await this.gate;
    return super.writeClosedItems(period, token, writes);
  }

  letGo(): void {
    this.release();
  }
}

/**
 * Issue #22's close races, with the interleavings injected: one close held between reading and
 * writing while another close, or an aggregation, runs.
 */
describe('one owner of a closed period', () => {
  let stack: LocalStack;
  let h: SnapshotHarness;
  const settings = { billSuspendedTime: false, billingStart: '2026-11-01T00:00:00Z', tokenRates: { USD: '0.001' }, closeGraceMinutes: 120 };
  /** The table's aggregation ports (their headers `headers` when given). */
  const tables = (headers = new DynamoPeriodHeaders(stack.db, stack.tableName)) => ({ ...dynamoAggregationPorts(stack.db, stack.tableName), headers });
  /** The services on the table, as one process builds them. */
  const services = (headers?: DynamoPeriodHeaders, extra: Partial<Pick<PeriodLifecycleDeps, 'wallClockMs'>> = {}) => {
    const ports = tables(headers);
    const { periodAggregator, periodCloser } = buildPeriodLifecycle({
      ports,
      months: new DynamoSnapshotStore(stack.db, stack.tableName),
      runs: new DynamoRunRepository(stack.db, stack.tableName),
      events: stack.events,
      logger: new MemoryLogger(),
      settings,
      prepaidServers: () => new DynamoServiceStore(stack.db, stack.tableName).prepaidServers(),
      closeLock: { waitMs: 10_000, pollMs: 20 },
      ...extra,
    });
    return { aggregator: periodAggregator, closer: periodCloser, reader: new UsageReader({ ...ports, settings }) };
  };

  beforeAll(async () => {
    stack = await startTestStack({ logger: new MemoryLogger(), billingStart: '2026-11-01T00:00:00Z', gapToleranceMinutes: String(60 * 24 * 40) });
    h = new SnapshotHarness(stack);
  }, 60_000);

  afterAll(async () => {
    await stack?.stop();
  });

  beforeEach(async () => {
    await fetch(`${stack.apiUrl}/_local/reset`, { method: 'POST' });
    await h.sim.reset({ ...SNAPSHOT_FIXTURES, servers: [1, 2].map((id) => ({ id, plan: 1, user: id, created_at: '2026-10-01T00:00:00Z' })) });
    for (const time of ['2026-11-01T00:00:00.000Z', '2026-12-01T00:05:00.000Z', '2027-01-01T00:05:00.000Z']) {
      await h.sim.setClock(time);
      await h.snapshot(time);
    }
  }, 30_000);

  /** The committed lines, read as the push reads them, add up to the committed totals and checksum. */
  async function expectWhole(period: string): Promise<void> {
    const header = await tables().headers.getHeader(period);
    const { lines } = await services().reader.invoices(period);
    expect(linesChecksum(lines)).toBe(header?.checksum);
    expect(lines.reduce((sum, line) => sum + line.tokens, 0)).toBe(header?.totals?.totalTokens);
  }

  it('lets a second close answer the holder\'s result and write nothing, even when the month changed meanwhile', async () => {
    // Reproduced: both closes wrote lines; the loser's, written after the winner's commit, replaced
    // the winner's items, and readers (filtering on the committed checksum) lost those lines.
    const held = new GatedHeaders(stack.db, stack.tableName);
    const first = services(held).closer.close('2026-12-01T02:00:00.000Z', '2026-11');
    await held.holding;
    // The month changes while the holder waits: a second close would price it differently.
    await new DynamoServiceStore(stack.db, stack.tableName).addPrepaidServer(2);
    const second = services().closer.close('2026-12-01T02:01:00.000Z', '2026-11');
    setTimeout(() => held.letGo(), 200);
    const [a, b] = await Promise.all([first, second]);
    expect(b).toEqual(a);
    await expectWhole('2026-11');
    expect(stack.events.list().filter((event) => event.detailType === 'BillingPeriodClosed')).toHaveLength(1);
  }, 60_000);

  it('takes over a close whose holder is gone (lease run out), and the stale holder writes nothing after', async () => {
    const held = new GatedHeaders(stack.db, stack.tableName);
    const stale = services(held).closer.close('2026-12-01T02:00:00.000Z', '2026-11');
    await held.holding;
    await new DynamoServiceStore(stack.db, stack.tableName).addPrepaidServer(2);
    // 17 minutes later on the wall clock: the holder's 16-minute lease has run out.
    const later = services(undefined, { wallClockMs: () => Date.now() + 17 * 60_000 }).closer;
    const winner = await later.close('2026-12-01T02:20:00.000Z', '2026-11');
    held.letGo();
    expect(await stale).toEqual(winner);
    await expectWhole('2026-11');
  }, 60_000);

  it('never loses an adjustment written while a close of its target period runs: it goes to the next open period', async () => {
    // Reproduced: the adjustment's transaction checked only `status = open`, so it landed in a
    // period whose close had already read its adjustments, and the close committed without it.
    await h.invoke('close-period', { time: '2026-12-01T02:00:00Z', period: '2026-11' });
    // A late change to November: server 2 turns out prepaid.
    await new DynamoServiceStore(stack.db, stack.tableName).addPrepaidServer(2);
    await new DynamoSnapshotStore(stack.db, stack.tableName).markLate('2026-11', [2]);

    const held = new GatedHeaders(stack.db, stack.tableName);
    const closing = services(held).closer.close('2027-01-01T02:00:00.000Z', '2026-12');
    await held.holding;
    await services().aggregator.aggregate('2027-01-01T02:01:00.000Z');
    held.letGo();
    await closing;

    const store = tables();
    const december = await store.closedLines.closedLinesOf('2026-12', '1002', (await store.headers.getHeader('2026-12'))?.checksum ?? '');
    expect(december.filter((line) => line.adjustmentOf !== undefined)).toEqual([]);
    const january = await store.rows.customerRows('2027-01', '1002');
    expect(january.adjustments).toEqual([expect.objectContaining({ adjustmentOf: '2026-11', runtimeTokens: expect.any(Number) })]);
    expect(january.adjustments[0]?.runtimeTokens).toBeLessThan(0);
    expect((await store.marks.lateServers('2026-11')).size).toBe(0);
    await expectWhole('2026-12');
  }, 60_000);

  it('refuses to hand the push lines that do not add up to the committed checksum (a retryable 503)', async () => {
    await h.invoke('close-period', { time: '2026-12-01T02:00:00Z', period: '2026-11' });
    // One line missing from the read, as an index not yet caught up would leave it.
    const { DeleteCommand } = await import('@aws-sdk/lib-dynamodb');
    const { keys } = await import('../../../shared/storage/keys');
    await stack.db.send(new DeleteCommand({ TableName: stack.tableName, Key: keys.closedItem('2026-11', '1002', keys.serverSortTail(2)) }));
    await expect(services().reader.invoices('2026-11')).rejects.toMatchObject({ statusCode: 503, code: 'closed_lines_not_visible' });
  }, 60_000);
});
