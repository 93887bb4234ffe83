import type { LocalStack } from '../../../local/stack';
import { METRIC, METRICS_NAMESPACE, type MetricName } from '../../../functions/lib/observability';
import { MemoryLogger } from '../../../shared/logging';
import { bearer, requestJson, startTestStack, TEST_ADMIN_KEY } from '../../support/localStack';
import { SnapshotHarness } from '../../support/snapshotHarness';
import { SNAPSHOT_FIXTURES } from '../snapshots/fixtures';

type EmfDocument = Record<string, unknown> & { _aws: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string; Unit: string }[] }[] } };

describe('handler metrics (Powertools Metrics, EMF, recorded in memory by the local stack)', () => {
  let stack: LocalStack;
  let logger: MemoryLogger;
  let h: SnapshotHarness;

  /** The documents published since `from`, and the metric names in each. */
  const published = (from: number): EmfDocument[] => stack.metrics.published.slice(from) as EmfDocument[];
  const valuesOf = (documents: readonly EmfDocument[], name: MetricName): unknown[] => documents.filter((document) => name in document).map((document) => document[name]);

  beforeAll(async () => {
    logger = new MemoryLogger();
    stack = await startTestStack({ logger, billingStart: '2028-01-01T00:00:00Z' });
    h = new SnapshotHarness(stack);
  }, 60_000);

  afterAll(async () => {
    await stack?.stop();
  });

  beforeEach(async () => {
    await fetch(`${stack.apiUrl}/_local/reset`, { method: 'POST' });
    await h.control('DELETE', 'faults');
    await h.sim.reset({ ...SNAPSHOT_FIXTURES, servers: [{ id: 1, plan: 1, user: 1, created_at: '2028-01-20T00:00:00Z' }] });
  });

  it('publishes each snapshot run as one EMF document in SolusBillingBridge with no dimension, and logs it with the scheduled time and a correlation id', async () => {
    const from = stack.metrics.published.length;
    await h.sim.setClock('2028-01-20T00:05:00Z');
    await h.snapshot('2028-01-20T00:05:00Z');

    const [document, ...others] = published(from);
    expect(others).toEqual([]);
    expect(document?._aws.CloudWatchMetrics).toEqual([
      {
        Namespace: METRICS_NAMESPACE,
        Dimensions: [],
        Metrics: expect.arrayContaining([
          { Name: METRIC.completeRuns, Unit: 'Count' },
          { Name: METRIC.serversSeen, Unit: 'Count' },
          { Name: METRIC.changes, Unit: 'Count' },
        ]),
      },
    ]);
    expect(document).not.toHaveProperty('service');
    expect(document).toMatchObject({ [METRIC.completeRuns]: 1, [METRIC.serversSeen]: 1, [METRIC.changes]: 1 });
    for (const absent of [METRIC.partialRuns, METRIC.gapMinutes, METRIC.suspectRuns]) expect(document).not.toHaveProperty(absent);
    expect(logger.entries.find((entry) => entry.message === 'Snapshot run')?.details).toMatchObject({
      correlationId: 'snapshot-servers@2028-01-20T00:05:00Z',
      scheduledTime: '2028-01-20T00:05:00Z',
    });
  });

  it('counts a partial run, and the gap minutes when a complete run follows a gap', async () => {
    await h.sim.setClock('2028-01-20T00:05:00Z');
    await h.snapshot('2028-01-20T00:05:00Z');
    await h.control('POST', 'faults', { rules: [{ method: 'GET', path: '/api/v1/servers', status: 500 }] });
    const from = stack.metrics.published.length;
    await h.sim.setClock('2028-01-20T00:20:00Z');
    expect(await h.snapshot('2028-01-20T00:20:00Z')).toMatchObject({ complete: false });
    await h.control('DELETE', 'faults');
    await h.sim.setClock('2028-01-20T02:05:00Z');
    expect(await h.snapshot('2028-01-20T02:05:00Z')).toMatchObject({ complete: true, gapFrom: '2028-01-20T00:05:00.000Z' });

    const [partial, afterGap] = published(from);
    expect(partial).toMatchObject({ [METRIC.partialRuns]: 1 });
    expect(partial).not.toHaveProperty(METRIC.completeRuns);
    expect(afterGap).toMatchObject({ [METRIC.completeRuns]: 1, [METRIC.gapMinutes]: 120 });
  });

  it('counts no run for a late delivery the newer run superseded', async () => {
    await h.sim.setClock('2028-01-20T01:05:00Z');
    await h.snapshot('2028-01-20T01:05:00Z');
    const from = stack.metrics.published.length;
    expect(await h.snapshot('2028-01-20T00:05:00Z')).toMatchObject({ superseded: true, complete: false });
    expect(published(from)).toEqual([]);
  });

  it('times every HTTP answer and counts 4xx answers (the rendered error, not the thrown one)', async () => {
    const from = stack.metrics.published.length;
    expect((await requestJson(`${stack.apiUrl}/v1/health`)).status).toBe(200);
    expect((await requestJson(`${stack.apiUrl}/v1/usage?period=nope`, { headers: bearer(TEST_ADMIN_KEY) })).status).toBe(400);

    const [ok, rejected] = published(from);
    expect(ok?.[METRIC.apiLatencyMs]).toEqual(expect.any(Number));
    expect(ok).not.toHaveProperty(METRIC.api4xx);
    expect(ok).not.toHaveProperty(METRIC.api5xx);
    expect(rejected).toMatchObject({ [METRIC.api4xx]: 1, [METRIC.apiLatencyMs]: expect.any(Number) });
    expect(rejected).not.toHaveProperty(METRIC.api5xx);
  });

  it('counts the periods close-period left open past their end plus grace, and times each close', async () => {
    await h.sim.setClock('2028-01-20T00:05:00Z');
    await h.snapshot('2028-01-20T00:05:00Z');
    // January is past its end plus grace (2 h) but no complete run reached its end: it stays open.
    const before = stack.metrics.published.length;
    expect((await h.invoke('close-period', { time: '2028-02-01T03:00:00Z' })).json).toEqual({ closed: [] });
    expect(valuesOf(published(before), METRIC.openPastDuePeriods)).toEqual([1]);
    expect(valuesOf(published(before), METRIC.closeDurationMs)).toEqual([]);

    await h.sim.setClock('2028-02-01T03:05:00Z');
    await h.snapshot('2028-02-01T03:05:00Z');
    const from = stack.metrics.published.length;
    expect((await h.invoke('close-period', { time: '2028-02-01T03:10:00Z' })).json).toEqual({ closed: [expect.objectContaining({ period: '2028-01' })] });
    // Locally the close's BillingPeriodClosed reaches push-invoices in this process, which shares the
    // metrics buffer and may flush part of it: count across the documents of both invocations.
    await stack.deliveriesSettled();
    expect(valuesOf(published(from), METRIC.openPastDuePeriods)).toEqual([0]);
    expect(valuesOf(published(from), METRIC.closeDurationMs)).toEqual([expect.any(Number)]);
  });
});
