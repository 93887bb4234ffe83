import { spawn } from 'node:child_process';

const ROOT = `${__dirname}/../../..`;

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function waitFor(predicate: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (predicate()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return predicate();
}

/** A node process that tracks a `sleep` child as the stack tracks Java, prints the child's pid and waits. */
function parentWithChild(): Promise<{ parent: number; child: number }> {
  const script = [
    "const { spawn } = require('node:child_process');",
    "const { trackChild } = require('./local/childProcesses');",
    "const child = spawn('sleep', ['60'], { stdio: 'ignore' });",
    'trackChild(child);',
    'console.log(String(child.pid));',
    'setInterval(() => undefined, 1000);',
  ].join('\n');
  const parent = spawn(process.execPath, ['--import', 'tsx', '-e', script], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    parent.stdout?.once('data', (chunk: Buffer) => resolve({ parent: parent.pid ?? 0, child: Number(chunk.toString().trim()) }));
    parent.once('exit', (code) => reject(new Error(`the parent exited early (${String(code)})`)));
  });
}

describe('tracked children (local/childProcesses.ts)', () => {
  it('are killed by their watchdog when the parent is killed outright, where no exit handler runs', async () => {
    const { parent, child } = await parentWithChild();
    expect(alive(child)).toBe(true);

    process.kill(parent, 'SIGKILL');

    expect(await waitFor(() => !alive(child), 3_000)).toBe(true);
  }, 30_000);
});
