import { buildApiGatewayEvent, localLambdaContext } from '../../../../local/adapter/apiGatewayEvent';
import { httpHandler } from '../../../../functions/lib/httpHandler';
import { jsonResponse } from '../../../../functions/lib/http';
import { lambdaObservability, localObservability, METRIC } from '../../../../functions/lib/observability';
import { NotFoundError } from '../../../../shared/errors';
import { MemoryLogger } from '../../../../shared/logging';

const event = (headers: Record<string, string> = {}) =>
  buildApiGatewayEvent(
    { method: 'GET', path: '/v1/usage', rawQueryString: '', headers, body: '', sourceIp: '127.0.0.1', httpVersion: '1.1' },
    { routeKey: 'GET /v1/usage', pathParameters: {} },
    Date.parse('2026-11-03T10:05:00Z'),
  );

describe('httpHandler', () => {
  describe('on Lambda (Powertools)', () => {
    let written: string[];
    let spies: jest.SpyInstance[];

    // Powertools Logger writes errors to stderr, everything else (and the EMF documents) to stdout.
    beforeEach(() => {
      written = [];
      const capture = (chunk: unknown): boolean => {
        written.push(String(chunk));
        return true;
      };
      spies = [jest.spyOn(process.stdout, 'write').mockImplementation(capture), jest.spyOn(process.stderr, 'write').mockImplementation(capture)];
    });

    afterEach(() => spies.forEach((spy) => spy.mockRestore()));

    const jsonLines = () => written.flatMap((chunk) => chunk.split('\n')).filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as Record<string, unknown>);

    it('renders an unexpected error as a 500, logs it as JSON with the request id as correlation id, and counts Api5xx with the latency', async () => {
      // Prepare
      const request = event();
      const handler = httpHandler(lambdaObservability('bridge-test')).handler(async () => {
        throw new Error('boom');
      });

      // Act
      const response = await handler(request, localLambdaContext('usage'));

      // Assess
      expect(response).toMatchObject({ statusCode: 500 });
      const [log, emf, ...rest] = jsonLines();
      expect(rest).toEqual([]);
      expect(log).toMatchObject({ level: 'ERROR', message: 'unhandled error', correlation_id: request.requestContext.requestId });
      expect(emf).toMatchObject({ [METRIC.api5xx]: 1, [METRIC.apiLatencyMs]: expect.any(Number) });
      expect(emf).not.toHaveProperty(METRIC.api4xx);
    });

    it('logs neither the event (its Authorization header) nor the response, even when the environment asks Powertools to', async () => {
      const saved = { ...process.env };
      process.env['POWERTOOLS_LOGGER_LOG_EVENT'] = 'true';
      process.env['POWERTOOLS_TRACER_CAPTURE_RESPONSE'] = 'true';
      try {
        const secret = 'sbb_secretkey0123456789abcdefghijklmnopqrstuvw';
        const observability = lambdaObservability('bridge-test');
        const handler = httpHandler(observability).handler(async () => {
          observability.logger.info('answered');
          return jsonResponse(201, { key: secret });
        });
        expect(await handler(event({ authorization: `Bearer ${secret}` }), localLambdaContext('keys'))).toMatchObject({ statusCode: 201 });
        expect(jsonLines().map((line) => line['message'])).toEqual(['answered', undefined]);
        expect(written.join('')).not.toContain(secret);
      } finally {
        process.env = saved;
      }
    });
  });

  describe('locally', () => {
    it.each([
      ['does not count a 2xx answer under Api4xx', async () => jsonResponse(200, {}), []],
      ['counts an HttpError (a 404) under Api4xx', async (): Promise<never> => Promise.reject(new NotFoundError('no such period')), [1]],
    ])('%s, and times it', async (_name, body, api4xx) => {
      const observability = localObservability(new MemoryLogger());
      await httpHandler(observability).handler(body)(event(), localLambdaContext('usage'));
      expect(observability.recordedMetrics.valuesOf(METRIC.api4xx)).toEqual(api4xx);
      expect(observability.recordedMetrics.valuesOf(METRIC.apiLatencyMs)).toEqual([expect.any(Number)]);
    });
  });
});
