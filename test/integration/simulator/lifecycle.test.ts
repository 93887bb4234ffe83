import { request } from 'node:http';
import { startSimulator, type ErrorJson, type PageJson, type RunningSimulator, type ServerJson } from '../../../local/simulator';
import { SimClient } from './helpers';

describe('SolusIO simulator: startSimulator, auth and errors', () => {
  describe('startSimulator', () => {
    it('binds 127.0.0.1 on a free port and seeds the demo data by default', async () => {
      const sim = await startSimulator(0);
      try {
        const page = await new SimClient(sim).api<PageJson<ServerJson>>('GET', 'servers');

        expect(sim.url).toBe(`http://127.0.0.1:${sim.port}`);
        expect(sim.port).toBeGreaterThan(0);
        expect(page.body.meta.total).toBe(5);
        expect(page.body.meta.per_page).toBe(100);
      } finally {
        await sim.close();
      }
    });

    it('rejects with EADDRINUSE when the port is taken', async () => {
      const first = await startSimulator(0, { seed: 'empty' });
      try {
        await expect(startSimulator(first.port)).rejects.toMatchObject({ code: 'EADDRINUSE' });
      } finally {
        await first.close();
      }
    });

    it('rejects a page size that is not a positive integer', async () => {
      await expect(startSimulator(0, { pageSize: 0 })).rejects.toThrow(RangeError);
    });

    it('closes quickly with an idle keep-alive socket and a request held by a delay fault', async () => {
      const sim = await startSimulator(0, { seed: 'empty' });
      const client = new SimClient(sim);
      await client.api('GET', 'plans');
      await client.control('POST', 'faults', { rules: [{ path: 'plans', delayMs: 60_000 }] });
      const held = fetch(`${sim.url}/api/v1/plans`, { headers: { authorization: 'Bearer t' } });
      held.catch(() => undefined);
      await new Promise((r) => setTimeout(r, 50));

      const started = Date.now();
      await sim.close();

      expect(Date.now() - started).toBeLessThan(1000);
      await expect(held).rejects.toThrow('fetch failed');
      await expect(fetch(`${sim.url}/_sim/clock`)).rejects.toThrow();
      await expect(sim.close()).resolves.toBeUndefined();
    });
  });

  describe('auth', () => {
    let sim: RunningSimulator;
    let client: SimClient;

    beforeAll(async () => {
      sim = await startSimulator(0, { seed: 'empty', token: 'secret-token' });
      client = new SimClient(sim, 'secret-token');
    });
    afterAll(() => sim.close());

    it.each([
      ['no token', null],
      ['a wrong token', 'other-token'],
      ['an empty token', ''],
    ])('answers 401 {message} with %s', async (_what, token) => {
      const reply = await client.api<ErrorJson>('GET', 'servers', undefined, token);

      expect(reply.status).toBe(401);
      expect(reply.body).toEqual({ message: 'Unauthenticated.' });
    });

    it('accepts the configured token', async () => {
      expect((await client.api('GET', 'servers')).status).toBe(200);
    });

    it('accepts any non-empty token when none is configured', async () => {
      const open = await startSimulator(0, { seed: 'empty' });
      try {
        expect((await new SimClient(open, 'whatever').api('GET', 'servers')).status).toBe(200);
        expect((await new SimClient(open, null).api('GET', 'servers')).status).toBe(401);
      } finally {
        await open.close();
      }
    });

    it('needs no token for the control routes', async () => {
      expect((await client.control('GET', 'clock')).status).toBe(200);
    });
  });

  describe('errors', () => {
    let sim: RunningSimulator;
    let client: SimClient;

    beforeAll(async () => {
      sim = await startSimulator(0, { seed: 'demo' });
      client = new SimClient(sim);
    });
    afterAll(() => sim.close());

    it.each([
      ['GET', 'servers/999', 'Server not found.'],
      ['GET', 'servers/abc', 'The route /api/v1/servers/abc could not be found.'],
      ['GET', 'nothing', 'The route /api/v1/nothing could not be found.'],
      ['PUT', 'servers/1', 'The route /api/v1/servers/1 could not be found.'],
      ['GET', '/elsewhere', 'The route /elsewhere could not be found.'],
      ['GET', '/_sim/nothing', 'The route /_sim/nothing could not be found.'],
    ])('answers 404 JSON to %s %s', async (method, path, message) => {
      const reply = await client.api<ErrorJson>(method, path);

      expect(reply.status).toBe(404);
      expect(reply.headers.get('content-type')).toBe('application/json');
      expect(reply.body).toEqual({ message });
    });

    it('answers 422 when the body is not an object', async () => {
      const reply = await client.api<ErrorJson>('POST', 'servers', '[1, 2]');

      expect(reply.status).toBe(422);
      expect(Object.keys(reply.body.errors ?? {})).toEqual(['body']);
    });

    it('answers 413 to a body over 1 MiB', async () => {
      const reply = await client.api('POST', 'servers', { name: 'x'.repeat(1_100_000) });

      expect(reply.status).toBe(413);
    });

    it('accepts a trailing slash and percent-encoded filter brackets', async () => {
      const status = await new Promise<number>((resolve, reject) => {
        const req = request(`${sim.url}/api/v1/servers/?filter%5Buser_id%5D=1`, { headers: { authorization: 'Bearer t' } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end();
      });
      const filtered = await client.api<PageJson<ServerJson>>('GET', 'servers?filter%5Buser_id%5D=1');

      expect(status).toBe(200);
      expect(filtered.body.data.every((s) => s.user.id === 1)).toBe(true);
      expect(filtered.body.data.length).toBe(2);
    });
  });
});
