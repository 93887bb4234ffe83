import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

/**
 * Debian's Chromium (`apt-get install chromium`) for the console's browser tests and screenshots:
 * Playwright's own browser download is not reachable here. CHROMIUM_PATH names another binary.
 */
const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

export const CHROMIUM_MISSING = 'no Chromium found (apt-get install chromium, or set CHROMIUM_PATH)';

export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const named = env['CHROMIUM_PATH'];
  if (named) return existsSync(named) ? named : undefined;
  return CANDIDATES.find((candidate) => existsSync(candidate));
}

/**
 * Headless, and quiet on the network: without these flags Chromium calls Google's services at
 * every start, which a closed network refuses. No sandbox: CI runs as root in a container.
 */
export function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

/**
 * Until the console page shows no "Loading…" and the network is quiet: every section has its data.
 * Polled through locators: the page's CSP forbids the eval a string predicate would need.
 */
export async function consoleSettled(page: Page, timeoutMs = 10_000): Promise<void> {
  await page.waitForLoadState('networkidle');
  const deadline = Date.now() + timeoutMs;
  while ((await page.getByText('Loading…').count()) > 0) {
    if (Date.now() > deadline) throw new Error(`The console page still shows "Loading…" after ${timeoutMs} ms`);
    await page.waitForTimeout(50);
  }
}
