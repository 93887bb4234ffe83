import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { seedDemoMonth, DEMO_STACK_SETTINGS } from '../../../local/demoMonth';
import type { LocalStack } from '../../../local/stack';
import { MemoryLogger } from '../../../shared/logging';
import { startTestStack, TEST_ADMIN_KEY } from '../../support/localStack';

/** The local stack with the demo month replayed, closed and pushed into the WHMCS simulator. */
export async function startSeededStack(): Promise<LocalStack> {
  const stack = await startTestStack({ ...DEMO_STACK_SETTINGS, billingSystem: 'whmcs', billingPort: 0, logger: new MemoryLogger() });
  try {
    await seedDemoMonth(stack);
    return stack;
  } catch (error) {
    await stack.stop();
    throw error;
  }
}

export { TEST_ADMIN_KEY };

/** What the page reported that an operator would never see: script errors and refused loads (CSP). */
export interface PageTrouble {
  readonly problems: string[];
}

/** A fresh browser context (its own sessionStorage), a page in it, and a record of its troubles. */
export async function openConsole(browser: Browser, apiUrl: string, viewport = { width: 1280, height: 900 }): Promise<{ context: BrowserContext; page: Page; trouble: PageTrouble }> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const trouble: PageTrouble = { problems: [] };
  page.on('pageerror', (error) => trouble.problems.push(`page error: ${error.message}`));
  // Every error the browser logs: a refused load (CSP), a script error, a failed request (a test
  // that expects one, a wrong key's 401, says so).
  page.on('console', (message) => {
    if (message.type() === 'error') trouble.problems.push(`console: ${message.text()}`);
  });
  await page.goto(`${apiUrl}/console`);
  return { context, page, trouble };
}

export async function signIn(page: Page, key: string): Promise<void> {
  await page.getByLabel('API key').fill(key);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly nodes: readonly { readonly target: readonly string[] }[];
}

/**
 * axe-core's serious and critical violations on the page as it is now. The script is evaluated
 * through the DevTools protocol, which the page's Content-Security-Policy does not govern, so the
 * page is checked with its real policy on.
 */
export async function seriousAxeViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  // A string, not a function: the test's TypeScript knows no DOM.
  const violations = (await page.evaluate("axe.run(document, { resultTypes: ['violations'] }).then((result) => result.violations)")) as AxeViolation[];
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id} (${violation.impact}): ${violation.help} at ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
}
