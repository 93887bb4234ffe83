import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/**
 * Debian's Chromium (`apt-get install chromium`) drives the console's browser tests: Playwright's
 * own browser download is not reachable here. CHROMIUM_PATH names another binary.
 */
const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

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
 * `describe` when a browser is here. Without one: in CI (`CI=true`) a failing test naming what is
 * missing, since CI must always run these; elsewhere one "skipped" line and the tests skipped.
 */
export function describeWithBrowser(name: string, body: (executablePath: string) => void): void {
  const executablePath = findChromium();
  if (executablePath !== undefined) {
    describe(name, () => body(executablePath));
    return;
  }
  const missing = 'no Chromium found (apt-get install chromium, or set CHROMIUM_PATH)';
  if (process.env['CI'] === 'true') {
    describe(name, () => {
      it('needs a browser', () => {
        throw new Error(`${name}: ${missing}; CI runs the browser tests always`);
      });
    });
    return;
  }
  process.stdout.write(`skipped: ${name}: ${missing}\n`);
  describe.skip(name, () => body(''));
}
