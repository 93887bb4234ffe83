import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { freePort } from '../../../local/ports';
import { requestJson } from '../../support/localStack';

const ROOT = `${__dirname}/../../..`;

interface Started {
  readonly child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
}

/** Runs `npm start`, or the command it execs (`node --import tsx local/start.ts`), in its own process group. */
function startProcess(env: Record<string, string>, via: 'npm' | 'node' = 'node'): Started {
  const [command, args] = via === 'npm' ? ['npm', ['start']] : [process.execPath, ['--import', 'tsx', 'local/start.ts']];
  const child = spawn(command, args, {
    cwd: ROOT,
    env: { ...process.env, LOCAL_SCHEDULES: 'off', LOCAL_SEED: 'empty', ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function waitFor(predicate: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await predicate()) return true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return false;
}

function listening(ports: number[]): string {
  const filter = ports.map((port) => `sport = :${port}`).join(' or ');
  try {
    return execFileSync('ss', ['-ltnH', `( ${filter} )`], { encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
}

/** Every process still in the group `pgid` (the started command and all it spawned). */
function processesInGroup(pgid: number): string {
  try {
    return execFileSync('ps', ['-o', 'pid=,args=', '-g', String(pgid)], { encoding: 'utf8' }).trim();
  } catch {
    return ''; // ps exits 1 when it lists nothing
  }
}

function occupy(port: number, host = '127.0.0.1'): Promise<Server> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(port, host, () => resolve(server));
  });
}

describe('npm start (the local entry point as a process)', () => {
  let running: Started | undefined;

  afterEach(() => {
    if (running?.child.pid && running.child.exitCode === null) {
      try {
        process.kill(-running.child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    running = undefined;
  });

  it('prints its endpoints and ready, serves health, and on SIGTERM to npm leaves no process or listener behind', async () => {
    const ports = { PORT: await freePort(), SIM_PORT: await freePort(), DYNAMODB_PORT: await freePort() };
    running = startProcess(Object.fromEntries(Object.entries(ports).map(([name, port]) => [name, String(port)])), 'npm');
    const started = running;
    expect(await waitFor(() => /^ready$/m.test(started.output()), 100_000)).toBe(true);
    expect(started.output()).toContain(`http://127.0.0.1:${ports.PORT}/v1`);
    expect(started.output()).toMatch(/admin API key {2}sbb_\S+ {3}\(shown once/);
    expect((await requestJson(`http://127.0.0.1:${ports.PORT}/v1/health`)).status).toBe(200);
    // The operator console's URL is printed with the other endpoints, and it answers there.
    expect(started.output()).toMatch(new RegExp(`^console {8}http://127\\.0\\.0\\.1:${ports.PORT}/console {3}`, 'm'));
    expect((await fetch(`http://127.0.0.1:${ports.PORT}/console`)).status).toBe(200);

    const pgid = started.child.pid ?? 0;
    expect(processesInGroup(pgid)).toMatch(/DynamoDBLocal\.jar/);
    process.kill(pgid, 'SIGTERM'); // npm alone, not its group: the signal must reach node and Java through it
    await started.exited;
    expect(await waitFor(() => processesInGroup(pgid) === '', 10_000)).toBe(true);
    expect(listening(Object.values(ports))).toBe('');
  }, 130_000);

  it('leaves no DynamoDB Local behind when its node process is killed outright (SIGKILL), so the next start finds the port free', async () => {
    const ports = { PORT: await freePort(), SIM_PORT: await freePort(), DYNAMODB_PORT: await freePort() };
    running = startProcess(Object.fromEntries(Object.entries(ports).map(([name, port]) => [name, String(port)])), 'npm');
    const started = running;
    expect(await waitFor(() => /^ready$/m.test(started.output()), 100_000)).toBe(true);
    const pgid = started.child.pid ?? 0;
    const node = /^\s*(\d+)\s+\S*node\b.*local\/start\.ts/m.exec(processesInGroup(pgid));
    expect(node).not.toBeNull();
    expect(processesInGroup(pgid)).toMatch(/DynamoDBLocal\.jar/);

    // No handler runs: the node process is gone at once, as after kill -9 or the OOM killer.
    process.kill(Number(node?.[1]), 'SIGKILL');

    expect(await waitFor(() => !/DynamoDBLocal\.jar/.test(processesInGroup(pgid)), 5_000)).toBe(true);
    expect(await waitFor(() => listening(Object.values(ports)) === '', 5_000)).toBe(true);
    expect(await waitFor(() => processesInGroup(pgid) === '', 5_000)).toBe(true);
  }, 130_000);

  it.each([
    ['PORT', '127.0.0.1', ''],
    ['SIM_PORT', '127.0.0.1', ' (or SOLUSIO_URL to use a running SolusIO)'],
    ['DYNAMODB_PORT', '127.0.0.1', ' (or DYNAMODB_ENDPOINT to use a running DynamoDB)'],
    ['DYNAMODB_PORT', '::1', ' (or DYNAMODB_ENDPOINT to use a running DynamoDB)'],
  ])('exits at once with one line naming %s when its port is taken on %s', async (variable, host, hint) => {
    const taken = await freePort();
    const blocker = await occupy(taken, host);
    try {
      const ports: Record<string, string> = { PORT: String(await freePort()), SIM_PORT: String(await freePort()), DYNAMODB_PORT: String(await freePort()) };
      running = startProcess({ ...ports, [variable]: String(taken) });
      expect(await running.exited).toBe(1);
      expect(running.output().trim()).toBe(`Port ${taken} is already in use: set ${variable} to a free port${hint}.`);
    } finally {
      blocker.close();
    }
  }, 60_000);

  it('names DYNAMODB_ENDPOINT in one line when that DynamoDB does not answer', async () => {
    const nobody = await freePort();
    running = startProcess({ DYNAMODB_ENDPOINT: `http://127.0.0.1:${nobody}`, PORT: String(await freePort()), SIM_PORT: String(await freePort()) });
    expect(await running.exited).toBe(1);
    expect(running.output().trim()).toMatch(new RegExp(`^DynamoDB at http://127.0.0.1:${nobody} did not answer .*: set DYNAMODB_ENDPOINT to a running DynamoDB, or unset it to start one\\.$`));
  }, 60_000);

  it('exits with one line naming TOKEN_RATES when a rate is not a decimal', async () => {
    running = startProcess({ TOKEN_RATES: '{"USD":"0,001"}', PORT: String(await freePort()), SIM_PORT: String(await freePort()), DYNAMODB_PORT: String(await freePort()) });
    expect(await running.exited).toBe(1);
    expect(running.output().trim()).toMatch(/^Invalid configuration: TOKEN_RATES: .*"0,001".*$/);
  }, 60_000);

  it('exits with one line saying what to install when Java is missing', async () => {
    running = startProcess({ PATH: '/nonexistent', SIM_PORT: String(await freePort()), PORT: String(await freePort()) });
    expect(await running.exited).toBe(1);
    expect(running.output().trim()).toMatch(/^Java is needed for the embedded DynamoDB: install a JRE 17 .* or set DYNAMODB_ENDPOINT\.$/);
  }, 60_000);
});
