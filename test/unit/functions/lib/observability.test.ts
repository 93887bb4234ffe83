import { contextOutsideLambda } from '../../../../functions/lib/contextOutsideLambda';
import { dimensionlessMetrics, lambdaObservability, localObservability, METRIC } from '../../../../functions/lib/observability';
import { statusMetric } from '../../../../functions/lib/middleware/apiObservability';
import { scheduledHandler } from '../../../../functions/lib/scheduledHandler';
import { MemoryLogger } from '../../../../shared/logging';

describe('observability', () => {
  describe('dimensionlessMetrics', () => {
    it('serializes without the default service dimension, in SolusBillingBridge', () => {
      const metrics = dimensionlessMetrics({ serviceName: 'bridge' });
      metrics.addMetric(METRIC.changes, 'Count', 3);
      const emf = metrics.serializeMetrics();
      expect(emf._aws.CloudWatchMetrics).toEqual([{ Namespace: 'SolusBillingBridge', Dimensions: [], Metrics: [{ Name: 'Changes', Unit: 'Count' }] }]);
      expect(emf).not.toHaveProperty('service');
    });
  });

  describe('statusMetric', () => {
    it.each([
      [200, undefined],
      [204, undefined],
      [400, 'Api4xx'],
      [404, 'Api4xx'],
      [499, 'Api4xx'],
      [500, 'Api5xx'],
      [504, 'Api5xx'],
      [undefined, 'Api5xx'],
    ])('counts %s as %s', (status, expected) => {
      expect(statusMetric(status)).toBe(expected);
    });
  });

  describe('lambdaObservability through a scheduled handler', () => {
    let written: string[];
    let write: jest.SpyInstance;

    beforeEach(() => {
      written = [];
      write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => {
        written.push(String(chunk));
        return true;
      });
    });

    afterEach(() => write.mockRestore());

    const jsonLines = () => written.flatMap((chunk) => chunk.split('\n')).filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as Record<string, unknown>);

    it('writes structured JSON log lines with the scheduled time and correlation id, then one EMF document', async () => {
      // Prepare
      const observability = lambdaObservability('bridge-test');
      const handler = scheduledHandler(
        observability,
        async (event) => {
          observability.logger.info('Snapshot run', { changes: 2 });
          return { time: event.time, changes: 2 };
        },
        { name: 'snapshot-servers', recordMetrics: (result, metrics) => metrics.count(METRIC.changes, result.changes) },
      );

      // Act
      await handler({ time: '2026-11-03T10:05:00Z' }, contextOutsideLambda('snapshot-servers'));

      // Assess
      const [log, emf, ...rest] = jsonLines();
      expect(rest).toEqual([]);
      expect(log).toMatchObject({
        level: 'INFO',
        message: 'Snapshot run',
        service: 'bridge-test',
        changes: 2,
        correlation_id: 'snapshot-servers@2026-11-03T10:05:00Z',
        scheduledTime: '2026-11-03T10:05:00Z',
        function_name: 'snapshot-servers',
      });
      expect(emf).toMatchObject({ Changes: 2, _aws: { CloudWatchMetrics: [{ Namespace: 'SolusBillingBridge', Dimensions: [] }] } });
      expect(emf).not.toHaveProperty('service');
    });

    it('does not carry one invocation\'s scheduled time into the next', async () => {
      const observability = lambdaObservability('bridge-test');
      const handler = scheduledHandler(observability, async () => observability.logger.info('ran'), { name: 'aggregate-usage' });
      await handler({ time: '2026-11-03T10:05:00Z' }, contextOutsideLambda('aggregate-usage'));
      await handler({ time: '2026-11-03T11:05:00Z' }, contextOutsideLambda('aggregate-usage'));
      expect(jsonLines().map((line) => line['scheduledTime'])).toEqual(['2026-11-03T10:05:00Z', '2026-11-03T11:05:00Z']);
    });

    it('rejects a malformed event as invalid_event after Powertools ran', async () => {
      const observability = lambdaObservability('bridge-test');
      const job = jest.fn();
      const handler = scheduledHandler(observability, job, { name: 'close-period' });
      await expect(handler({ time: '2026-11-03T10:05:00+02:00' }, contextOutsideLambda('close-period'))).rejects.toMatchObject({ code: 'invalid_event' });
      expect(job).not.toHaveBeenCalled();
    });
  });

  describe('localObservability', () => {
    it('writes nothing to stdout: log lines go to the given logger with the invocation keys, metrics to memory', async () => {
      const write = jest.spyOn(process.stdout, 'write');
      try {
        const logger = new MemoryLogger();
        const observability = localObservability(logger);
        const handler = scheduledHandler(observability, async () => observability.logger.warn('held open', { servers: 3 }), {
          name: 'snapshot-servers',
          recordMetrics: (_result, metrics) => metrics.count(METRIC.suspectRuns, 1),
        });
        await handler({ time: '2026-11-03T10:05:00Z' });
        expect(logger.entries).toEqual([
          { level: 'warn', message: 'held open', details: { correlationId: 'snapshot-servers@2026-11-03T10:05:00Z', scheduledTime: '2026-11-03T10:05:00Z', servers: 3 } },
        ]);
        expect(observability.recordedMetrics.valuesOf(METRIC.suspectRuns)).toEqual([1]);
        expect(write).not.toHaveBeenCalled();
      } finally {
        write.mockRestore();
      }
    });
  });
});
