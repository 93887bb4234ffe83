import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { installationEnv, parseInstallationIds } from '../../../local/localInstallations';
import { freePort } from '../../../local/ports';
import type { LocalStack } from '../../../local/stack';
import { parseConfig } from '../../../shared/config';
import { MemoryLogger } from '../../../shared/logging';
import { requestJson, startTestStack } from '../../support/localStack';

const ROOT = `${__dirname}/../../..`;

/** A free port whose next port is free too (the second simulator's). */
async function freePortPair(): Promise<number> {
  const bindable = (port: number) =>
    new Promise<boolean>((resolve) => {
      const probe = createServer();
      probe.once('error', () => resolve(false));
      probe.listen({ port, host: '0.0.0.0' }, () => probe.close(() => resolve(true)));
    });
  for (;;) {
    const port = await freePort();
    if (port < 65535 && (await bindable(port + 1))) return port;
  }
}

/** `node local/start.ts` with `env`: its exit code and everything it printed. */
function runStart(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'local/start.ts'], {
      cwd: ROOT,
      env: { ...process.env, LOCAL_SCHEDULES: 'off', LOCAL_SEED: 'empty', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => resolve({ code, output }));
  });
}

describe('local stack with several installations (SOLUSIO_INSTALLATIONS=eu,us)', () => {
  let stack: LocalStack;
  let simPort: number;

  beforeAll(async () => {
    simPort = await freePortPair();
    stack = await startTestStack({ simPort, installations: parseInstallationIds('eu,us'), logger: new MemoryLogger() });
  }, 60_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('starts one simulator per installation on consecutive ports from SIM_PORT, in the order given', () => {
    expect(stack.installations.map((installation) => [installation.id, installation.url])).toEqual([
      ['eu', `http://127.0.0.1:${simPort}`],
      ['us', `http://127.0.0.1:${simPort + 1}`],
    ]);
    // The single-simulator fields stay: they are the first installation's.
    expect(stack.simulator).toBe(stack.installations[0]?.simulator);
    expect(stack.simulatorUrl).toBe(`http://127.0.0.1:${simPort}`);
  });

  it('gives each simulator its own clock and /_sim controls', async () => {
    const [eu, us] = stack.installations.map((installation) => installation.url);
    const usNow = async () => new Date(((await requestJson(`${us ?? ''}/_sim/clock`)).json as { now: string }).now).getTime();
    const before = await usNow();
    const moved = await requestJson(`${eu ?? ''}/_sim/clock`, { method: 'PUT', body: { now: '2031-05-01T00:00:00Z' } });
    expect(moved.json).toEqual({ now: '2031-05-01T00:00:00.000Z' });
    // us's clock went on from where it was (it may tick with the wall clock), not to eu's time.
    const after = await usNow();
    expect(after - before).toBeGreaterThanOrEqual(0);
    expect(after - before).toBeLessThan(60_000);
    expect((await requestJson(`${eu ?? ''}/_sim/clock`)).json).toEqual({ now: '2031-05-01T00:00:00.000Z' });
  });

  it('passes installation from the invoke body to snapshot-servers, and runs every installation without it', async () => {
    const invoke = (body: unknown) => requestJson(`${stack.apiUrl}/_local/invoke/snapshot-servers`, { method: 'POST', body });
    const time = '2026-11-02T00:05:00Z';
    const one = await invoke({ time, installation: 'us' });
    expect([one.status, one.json]).toEqual([200, expect.objectContaining({ installation: 'us', complete: true })]);
    const all = await invoke({ time: '2026-11-02T00:10:00Z' });
    expect(all.json).toEqual({
      time: '2026-11-02T00:10:00.000Z',
      installations: [expect.objectContaining({ installation: 'eu', complete: true }), expect.objectContaining({ installation: 'us', complete: true })],
    });
    const unknown = await invoke({ time, installation: 'ap' });
    expect(unknown.status).toBe(400);
  });

  it('hands the handlers the JSON list of installations with each simulator\'s API and token', () => {
    const env = installationEnv(stack.installations, 'sim-token');
    expect(env).toEqual({ SOLUSIO_INSTALLATIONS: expect.any(String) });
    expect(parseConfig({ TABLE_NAME: 't', ...env }).installations).toEqual([
      { id: 'eu', url: `http://127.0.0.1:${simPort}/api/v1`, token: 'sim-token' },
      { id: 'us', url: `http://127.0.0.1:${simPort + 1}/api/v1`, token: 'sim-token' },
    ]);
    // The default installation alone keeps today's variables.
    expect(installationEnv([{ id: 'default', url: 'http://127.0.0.1:4010' }], 'sim-token')).toEqual({ SOLUSIO_URL: 'http://127.0.0.1:4010/api/v1', SOLUSIO_TOKEN: 'sim-token' });
  });
});

describe('SOLUSIO_INSTALLATIONS for npm start', () => {
  it('defaults to the one installation default, and reads a comma list', () => {
    expect(parseInstallationIds(undefined)).toEqual(['default']);
    expect(parseInstallationIds(' eu , us-east ')).toEqual(['eu', 'us-east']);
  });

  it('refuses SOLUSIO_URL together with several installations in one line, before starting anything', async () => {
    const result = await runStart({ SOLUSIO_URL: 'http://127.0.0.1:9/api/v1', SOLUSIO_INSTALLATIONS: 'eu,us' });
    expect(result.code).toBe(1);
    expect(result.output.trim()).toBe('SOLUSIO_URL names one SolusIO and cannot serve SOLUSIO_INSTALLATIONS=eu,us: unset one of them.');
  }, 30_000);

  it('refuses an id that is not a slug, or given twice, in one line', async () => {
    const result = await runStart({ SOLUSIO_INSTALLATIONS: 'eu,EU West,eu' });
    expect(result.code).toBe(1);
    expect(result.output.trim()).toMatch(/^Invalid environment: SOLUSIO_INSTALLATIONS: "EU West" is not a short slug.*; "eu" is given twice$/);
  }, 30_000);

  it('refuses the same from startLocalStack', async () => {
    await expect(startTestStack({ solusioUrl: 'http://127.0.0.1:9/api/v1', installations: ['eu', 'us'] })).rejects.toThrow(/^SOLUSIO_URL names one SolusIO/);
  });
});
