import type { Browser } from 'playwright-core';
import { consoleSettled } from '../../../local/chromium';
import type { LocalStack } from '../../../local/stack';
import { MemoryLogger } from '../../../shared/logging';
import { describeWithBrowser, launchChromium } from '../../support/browser';
import { startTestStack, TEST_ADMIN_KEY } from '../../support/localStack';
import { openConsole, signIn } from './consoleHarness';

/** The console on a bridge that has done nothing yet (no run, no period, no service, no billing system): each page says so, none fails. */
describeWithBrowser('operator console, a new bridge', (executablePath) => {
  let stack: LocalStack;
  let browser: Browser;

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startTestStack({ logger: new MemoryLogger() }), launchChromium(executablePath)]);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it.each([
    ['#/overview', 'Overview', ['No snapshot run yet', 'No period yet.', 'No closed period yet.']],
    ['#/periods', 'Periods', ['No period yet: aggregate-usage has not run.']],
    ['#/customers', 'Customers', ['No period yet: aggregate-usage has not run.']],
    ['#/services', 'Services', ['No service yet: the billing system has created none through the bridge.']],
  ])('%s says there is nothing yet, and why', async (hash, title, notes) => {
    const { context, page, trouble } = await openConsole(browser, stack.apiUrl);
    await signIn(page, TEST_ADMIN_KEY);
    await page.getByRole('navigation', { name: 'Pages' }).waitFor();
    await page.goto(`${stack.apiUrl}/console${hash}`);
    await page.getByRole('heading', { name: title, level: 1, exact: true }).waitFor();
    await consoleSettled(page);
    const text = (await page.getByRole('main').textContent()) ?? '';
    for (const note of notes) expect([hash, text]).toEqual([hash, expect.stringContaining(note)]);
    expect(trouble.problems).toEqual([]);
    await context.close();
  });
});
