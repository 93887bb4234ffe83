import { spawn, type ChildProcess } from 'node:child_process';
import type { Writable } from 'node:stream';

/**
 * Children the local stack started. Whatever way this process ends (normal exit, signal, crash),
 * they are killed with it: a Java process left behind would keep its port.
 *
 * An exit handler cannot run when this process is killed outright (SIGKILL, the OOM killer), so
 * each child also gets a watchdog: a tiny node process holding the read end of a pipe from this
 * one. The kernel closes the pipe when this process dies, however it dies; the watchdog then kills
 * the child and exits. It also exits when the child is gone, and this process kills it when the
 * child exits or is stopped.
 */
const children = new Set<ChildProcess>();
let hooksInstalled = false;

/**
 * The watchdog's whole program (`node -e`, argument: the pid to guard). Plain JavaScript, so it
 * starts in a few tens of milliseconds without tsx.
 */
export const WATCHDOG_SOURCE = `
const target = Number(process.argv[1]);
const alive = () => { try { process.kill(target, 0); return true; } catch { return false; } };
const end = () => { if (alive()) { try { process.kill(target, 'SIGKILL'); } catch {} } process.exit(0); };
process.stdin.on('end', end);
process.stdin.on('close', end);
process.stdin.on('error', end);
process.stdin.resume();
setInterval(() => { if (!alive()) process.exit(0); }, 500);
`;

export function trackChild(child: ChildProcess): void {
  installExitHooks();
  children.add(child);
  const watchdog = guard(child);
  child.once('exit', () => {
    children.delete(child);
    watchdog?.kill('SIGKILL');
  });
}

export function killTrackedChildren(): void {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  children.clear();
}

/** Starts the watchdog of a child; none when the child has no pid (it failed to start). */
function guard(child: ChildProcess): ChildProcess | undefined {
  if (child.pid === undefined) return undefined;
  const watchdog = spawn(process.execPath, ['-e', WATCHDOG_SOURCE, String(child.pid)], { stdio: ['pipe', 'ignore', 'ignore'], env: {} });
  children.add(watchdog);
  watchdog.once('exit', () => children.delete(watchdog));
  // Neither the watchdog nor its pipe keeps this process alive.
  watchdog.unref();
  (watchdog.stdin as (Writable & { unref?: () => void }) | null)?.unref?.();
  watchdog.stdin?.on('error', () => undefined);
  return watchdog;
}

function installExitHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.once('exit', killTrackedChildren);
}

/**
 * How a one-shot local script ends (`npm run demo`, `npm run docs:screenshots`): exit 0 when `main`
 * resolves; else its message on standard error, the children it started killed, exit 1.
 */
export function runScript(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : String(error));
      killTrackedChildren();
      process.exit(1);
    },
  );
}
