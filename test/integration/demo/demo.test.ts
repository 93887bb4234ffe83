import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { freePort } from '../../../local/ports';

const ROOT = `${__dirname}/../../..`;

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Runs `npm run demo` with `args` ending in `billingSystem` ('' for the default); what it printed, once it exited 0.
 * With `whileServed` (and `--serve` in `args`), runs it once the demo says it serves, then stops the demo with SIGTERM.
 */
async function demo(args: readonly string[], billingSystem: string, whileServed?: (stdout: string) => Promise<void>, env: Record<string, string> = {}): Promise<{ stdout: string; stderr: string }> {
  const child = spawn('npm', ['run', 'demo', ...(args.length > 0 ? ['--', ...args] : [])], { cwd: ROOT, env: { ...process.env, BILLING_SYSTEM: billingSystem, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let served: Promise<void> | undefined;
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    if (whileServed && served === undefined && stdout.includes('serving the demo month until Ctrl-C')) {
      served = whileServed(stdout).finally(() => child.kill('SIGTERM'));
      // Awaited once the demo has exited; until then a failed check must not count as unhandled.
      served.catch(() => undefined);
    }
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (whileServed) {
    expect(served).toBeDefined();
    await served;
  }
  expect([code, stderr.slice(-2000)]).toEqual([0, expect.any(String)]);
  return { stdout, stderr };
}

describe('npm run demo', () => {
  it('replays a month, closes it, prints the invoice table and the event, pushes it into WHMCS, serves it to the console with --serve until stopped, and leaves no port open', async () => {
    const port = await freePort();
    const { stdout, stderr } = await demo(['--serve'], '', async (served) => {
      // The console's URL and the key to sign in with are printed; the page and the month's data answer.
      expect(served).toMatch(new RegExp(`^console {8}http://127\\.0\\.0\\.1:${port}/console {3}`, 'm'));
      const key = /^admin API key {2}(sbb_\S+)$/m.exec(served)?.[1] ?? '';
      expect((await fetch(`http://127.0.0.1:${port}/console`)).status).toBe(200);
      const periods = await fetch(`http://127.0.0.1:${port}/v1/periods`, { headers: { authorization: `Bearer ${key}` } });
      expect(((await periods.json()) as { periods: { period: string; status: string }[] }).periods).toEqual([expect.objectContaining({ period: '2026-11', status: 'closed' })]);
    }, { PORT: String(port) });

    expect(stdout).toContain('November 2026, closed (721 hourly runs');
    expect(stdout).toMatch(/^ +-+ tokens -+\ncustomer\s+server\s+hours\s+runtime\s+IPs\s+backups\s+total\s+USD\s+flags$/m);
    expect(stdout).toMatch(/1001 total\s+15539\s+15\.53/);
    // Under the table, the legend: units, gap, and why server 3 (resized inside an hour) bills 721 hours of 720.
    expect(stdout).toMatch(/^1002\s+3\s+721\s/m);
    const legend = stdout.replace(/\n {9}/g, ' '); // its wrapped lines joined again
    expect(legend).toMatch(/^USD\s+dollars at 0\.001 USD a token.*integer cents/m);
    expect(legend).toMatch(/^gap\s+the server ran through a gap: more than 90 minutes without a complete snapshot run/m);
    expect(legend).toMatch(/^721 h\s+the month has 720 hours; a resize or an owner change inside an hour bills that hour on both sides/m);
    expect(stdout).toContain('"detailType": "BillingPeriodClosed"');
    // The outage left partial runs and a gap, and the progress reached the end.
    expect(stdout).toMatch(/[1-9]\d* partial during the outage/);
    expect(stdout).toMatch(/\bgap\b/);
    // The server made outside the bridge that lived 4 minutes between two runs is reported, not lost.
    expect(stdout).toContain('unbilled: server 7 (default), 2026-11-18T15:00:00.000Z to 2026-11-18T15:04:00.000Z: not_made_by_bridge');
    expect(stderr).toContain('100%');
    // The closed month landed in the WHMCS simulator, one draft per customer with a billing id.
    expect(stdout).toContain('Pushed into the WHMCS simulator as draft invoices');
    expect(stdout).toMatch(/1001\s+match\s+15\.53\s+#\d+\s+Draft\s+15\.53/);

    const ports = [...new Set([...stdout.matchAll(/http:\/\/127\.0\.0\.1:(\d+)/g)].map((match) => Number(match[1])))];
    expect(ports.length).toBe(4);
    expect(ports).toContain(port);
    for (const port of ports) expect([port, await portOpen(port)]).toEqual([port, false]);
  }, 180_000);

  // One replay covers two endings (each replay is a minute of CI): several installations, and Ubersmith.
  it('bills a customer across two installations with --installations 2 (one entry, a line per installation, the gap only where the outage was) and ends in Ubersmith with BILLING_SYSTEM=ubersmith', async () => {
    const { stdout } = await demo(['--installations', '2'], 'ubersmith');

    expect(stdout).toMatch(/SolusIO simulators eu http:\/\/127\.0\.0\.1:\d+, us http:\/\/127\.0\.0\.1:\d+/);
    expect(stdout).toContain('721 hourly runs of each installation (eu, us)');
    expect(stdout).toMatch(/^customer\s+installation\s+server\s+hours\s+runtime/m);
    // alice (1001): servers 1 and 2 on eu and server 1 on us, one entry and one total; only us was down.
    const alice = stdout.split('\n').filter((line) => /^1001\s+(eu|us)\s/.test(line));
    expect(alice.map((line) => line.split(/\s+/).slice(0, 3).join(' ')).sort()).toEqual(['1001 eu 1', '1001 eu 2', '1001 us 1']);
    expect(stdout.match(/^1001 total\s/gm)).toHaveLength(1);
    for (const line of alice.filter((candidate) => / eu /.test(candidate))) expect(line).not.toMatch(/\bgap$/);
    expect(alice.find((line) => / us /.test(line))).toMatch(/\bgap$/);
    // erin (1005) is a customer of us alone.
    expect(stdout).toMatch(/^1005\s+us\s+2\s+720\s+5000\s+0\s+0\s+5000\s+5\.00\s+gap$/m);
    expect(stdout).toMatch(/[1-9]\d* partial during the outages/);
    // Ubersmith: one pending charge group for alice with both installations' lines, matching the bridge's figure.
    expect(stdout).toContain('Ubersmith simulator http://127.0.0.1:');
    expect(stdout).toContain('Pushed into the Ubersmith simulator as pending one-time charges');
    expect(stdout).toMatch(/^customer\s+status\s+computed\s+invoice\s+Ubersmith status\s+Ubersmith total$/m);
    expect(stdout).toMatch(/^1001\s+match\s+(\d+\.\d\d)\s+#\d+\s+Pending\s+\1$/m);
  }, 300_000);
});
