import { connect } from 'node:net';
import type { LocalStack } from '../../../local/stack';
import { bearer, requestJson, startTestStack, TEST_ADMIN_KEY } from '../../support/localStack';

describe('local stack (in process)', () => {
  let stack: LocalStack;

  beforeAll(async () => {
    stack = await startTestStack();
  }, 60_000);

  afterAll(async () => {
    await stack?.stop();
  });

  describe('GET /v1/health', () => {
    it('answers 200 without a key, with no complete run yet', async () => {
      const reply = await requestJson(`${stack.apiUrl}/v1/health`);
      expect(reply.status).toBe(200);
      expect(reply.json).toEqual({ status: 'ok', latestCompleteRun: null, latestRun: null });
    });
  });

  describe('GET /v1/usage', () => {
    it('answers 401 with the JSON error shape without a key', async () => {
      const reply = await requestJson(`${stack.apiUrl}/v1/usage?period=2026-11`);
      expect(reply.status).toBe(401);
      expect(reply.json).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
    });

    it('answers 401 for a wrong key', async () => {
      const reply = await requestJson(`${stack.apiUrl}/v1/usage?period=2026-11`, { headers: bearer('not-a-key') });
      expect(reply.status).toBe(401);
    });

    it('answers an empty open period with the admin key', async () => {
      const reply = await requestJson(`${stack.apiUrl}/v1/usage?period=2026-11`, { headers: bearer(TEST_ADMIN_KEY) });
      expect(reply.status).toBe(200);
      expect(reply.json).toEqual({ period: '2026-11', status: 'open', customers: [], unbilled: [], unbilledCount: 0 });
    });
  });

  describe('routing', () => {
    /** Sends a raw HTTP/1.1 request (fetch cannot send a malformed Host) and returns the status line. */
    function rawStatusLine(request: string): Promise<string> {
      const { port, hostname } = new URL(stack.apiUrl);
      return new Promise((resolve, reject) => {
        const socket = connect(Number(port), hostname, () => socket.write(request));
        let answer = '';
        socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
        socket.on('end', () => resolve(answer.split('\r\n')[0] ?? ''));
        socket.on('error', reject);
      });
    }

    it.each(['a b', '[::1', 'x:99999'])('serves a request whose Host header is malformed (%s)', async (host) => {
      expect(await rawStatusLine(`GET /v1/health HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`)).toBe('HTTP/1.1 200 OK');
    });

    it('reads //x/v1/health as a path, not as a host name', async () => {
      expect((await requestJson(`${stack.apiUrl}//evil/v1/health`)).status).toBe(404);
    });

    it('answers 413 for a body over the API Gateway limit', async () => {
      const reply = await requestJson(`${stack.apiUrl}/_local/invoke/snapshot-servers`, { method: 'POST', body: 'x'.repeat(10 * 1024 * 1024 + 1) });
      expect(reply.status).toBe(413);
      expect(reply.json).toEqual({ error: { code: 'payload_too_large', message: expect.any(String) } });
    });

    it('answers an unknown route with a JSON 404', async () => {
      const reply = await requestJson(`${stack.apiUrl}/v1/nothing-here`);
      expect(reply.status).toBe(404);
      expect(reply.json).toEqual({ error: { code: 'not_found', message: 'No route GET /v1/nothing-here' } });
    });
  });

  describe('POST /_local/invoke/{name}', () => {
    it.each([
      ['aggregate-usage', { time: '2026-11-03T10:05:00.000Z', periods: [] }],
      ['close-period', { closed: [] }],
    ])('runs %s: with no complete run there is nothing to do', async (name, expected) => {
      const reply = await requestJson(`${stack.apiUrl}/_local/invoke/${name}`, { method: 'POST', body: { time: '2026-11-03T10:05:00Z' } });
      expect(reply.status).toBe(200);
      expect(reply.json).toEqual(expected);
    });

    it.each([
      ['snapshot-servers', { kind: 'servers', time: '2026-11-03T10:05:00.000Z', complete: true, serversSeen: 0 }],
      ['snapshot-backups', { kind: 'backups', time: '2026-11-03T10:05:00.000Z', complete: true, serversVisited: 0 }],
    ])('runs %s and answers its run record', async (name, expected) => {
      const reply = await requestJson(`${stack.apiUrl}/_local/invoke/${name}`, { method: 'POST', body: { time: '2026-11-03T10:05:00Z' } });
      expect(reply.status).toBe(200);
      expect(reply.json).toMatchObject(expected);
    });

    it('answers 400 invalid_event for a time with another offset than UTC', async () => {
      const reply = await requestJson(`${stack.apiUrl}/_local/invoke/snapshot-servers`, { method: 'POST', body: { time: '2026-11-03T12:05:00+02:00' } });
      expect(reply.status).toBe(400);
      expect(reply.json).toEqual({ error: { code: 'invalid_event', message: expect.stringContaining('time') } });
    });

    it('answers 404 for a function that does not exist', async () => {
      const reply = await requestJson(`${stack.apiUrl}/_local/invoke/mine-bitcoin`, { method: 'POST', body: { time: '2026-11-03T10:05:00Z' } });
      expect(reply.status).toBe(404);
    });

    it('answers 400 for a name with malformed percent-encoding', async () => {
      const reply = await requestJson(`${stack.apiUrl}/_local/invoke/%ZZ`, { method: 'POST', body: { time: '2026-11-03T10:05:00Z' } });
      expect(reply.status).toBe(400);
      expect(reply.json).toEqual({ error: { code: 'invalid_path', message: expect.any(String) } });
    });

    it('answers 400 for an event without a time', async () => {
      const reply = await requestJson(`${stack.apiUrl}/_local/invoke/snapshot-servers`, { method: 'POST', body: {} });
      expect(reply.status).toBe(400);
      expect(reply.json).toEqual({ error: { code: 'invalid_event', message: expect.stringContaining('time') } });
    });

    it('answers 400 for a body that is not JSON', async () => {
      const reply = await requestJson(`${stack.apiUrl}/_local/invoke/snapshot-servers`, { method: 'POST', body: '{"time":' });
      expect(reply.status).toBe(400);
      expect(reply.json).toEqual({ error: { code: 'invalid_json', message: 'The body is not valid JSON' } });
    });
  });

  describe('GET /_local/events and POST /_local/reset', () => {
    it('lists published events oldest first, and reset empties them but keeps the admin key', async () => {
      await stack.events.publish({ detailType: 'Test', source: 'test', detail: { n: 1 }, time: '2026-11-03T10:00:00Z' });
      await stack.events.publish({ detailType: 'Test', source: 'test', detail: { n: 2 }, time: '2026-11-03T10:01:00Z' });
      const listed = await requestJson(`${stack.apiUrl}/_local/events`);
      expect(listed.json).toEqual([
        { detailType: 'Test', source: 'test', detail: { n: 1 }, time: '2026-11-03T10:00:00Z' },
        { detailType: 'Test', source: 'test', detail: { n: 2 }, time: '2026-11-03T10:01:00Z' },
      ]);

      const reset = await requestJson(`${stack.apiUrl}/_local/reset`, { method: 'POST' });
      expect(reset.status).toBe(200);
      expect((await requestJson(`${stack.apiUrl}/_local/events`)).json).toEqual([]);
      const usage = await requestJson(`${stack.apiUrl}/v1/usage?period=2026-11`, { headers: bearer(TEST_ADMIN_KEY) });
      expect(usage.status).toBe(200);
    });
  });

  describe('the simulator beside it', () => {
    it('serves SolusIO lists under /api/v1 with the configured page size', async () => {
      const reply = await requestJson(`${stack.simulatorUrl}/api/v1/servers`, { headers: bearer('any') });
      expect(reply.status).toBe(200);
      expect(reply.json).toMatchObject({ data: [], meta: { per_page: 2 } });
    });
  });
});
