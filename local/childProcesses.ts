import type { ChildProcess } from 'node:child_process';

/**
 * Children the local stack started. Whatever way this process ends (normal exit, signal, crash),
 * they are killed with it: a Java process left behind would keep its port.
 */
const children = new Set<ChildProcess>();
let hooksInstalled = false;

export function trackChild(child: ChildProcess): void {
  installExitHooks();
  children.add(child);
  child.once('exit', () => children.delete(child));
}

export function killTrackedChildren(): void {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  children.clear();
}

function installExitHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.once('exit', killTrackedChildren);
}
