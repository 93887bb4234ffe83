import type { Browser } from 'playwright-core';
import { consoleSettled } from '../../../local/chromium';
import type { RunningSimulator } from '../../../local/simulator';
import type { LocalStack } from '../../../local/stack';
import { MemoryLogger } from '../../../shared/logging';
import { describeWithBrowser, launchChromium } from '../../support/browser';
import { startTestStack, TEST_ADMIN_KEY } from '../../support/localStack';
import { SimClient } from '../simulator/helpers';
import { fleet, SNAPSHOT_FIXTURES } from '../snapshots/fixtures';
import { openConsole, signIn } from './consoleHarness';

/** The console's overview with two installations (eu, us): each its own latest run, its own row of runs, its own gaps. */
describeWithBrowser('operator console, two installations', (executablePath) => {
  let stack: LocalStack;
  let browser: Browser;

  const snapshot = async (time: string, installation?: string): Promise<void> => {
    for (const local of stack.installations) await new SimClient(local.simulator as RunningSimulator).setClock(time);
    const response = await fetch(`${stack.apiUrl}/_local/invoke/snapshot-servers`, { method: 'POST', body: JSON.stringify({ time, ...(installation === undefined ? {} : { installation }) }) });
    expect(response.status).toBe(200);
  };

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startTestStack({ logger: new MemoryLogger(), installations: ['eu', 'us'] }), launchChromium(executablePath)]);
    for (const local of stack.installations) await new SimClient(local.simulator as RunningSimulator).reset({ ...SNAPSHOT_FIXTURES, servers: fleet(3, '2026-11-01T00:00:00Z') });
    // Both at 10:05 and 10:10; then eu alone, an hour later (eu's gap) and once more: us stays at 10:10.
    await snapshot('2026-11-03T10:05:00Z');
    await snapshot('2026-11-03T10:10:00Z');
    await snapshot('2026-11-03T11:10:00Z', 'eu');
    await snapshot('2026-11-03T11:15:00Z', 'eu');
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('shows each installation its latest complete run, its row of runs, and the gap where it was', async () => {
    const { context, page, trouble } = await openConsole(browser, stack.apiUrl);
    await signIn(page, TEST_ADMIN_KEY);
    await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
    await consoleSettled(page);
    const latest = page.getByRole('region', { name: 'Latest complete run per installation' });
    await expect(latest.getByRole('row', { name: /^eu/ }).textContent()).resolves.toContain('2026-11-03 11:15 UTC');
    await expect(latest.getByRole('row', { name: /^us/ }).textContent()).resolves.toContain('2026-11-03 10:10 UTC');
    await expect(page.getByRole('region', { name: 'Recent runs' }).textContent()).resolves.toContain('Rows, top to bottom: eu, us.');
    await expect(page.getByRole('img', { name: /^6 runs from 2026-11-03 10:05 UTC to 2026-11-03 11:15 UTC: 6 complete, 0 partial, 0 suspect, 1 after a gap$/ }).count()).resolves.toBe(1);
    const gaps = page.getByRole('region', { name: 'Gaps, partial and suspect runs' }).locator('tbody tr');
    await expect(gaps.allTextContents()).resolves.toEqual(['2026-11-03 11:10 UTCeuGap of 60 min: no complete run from 2026-11-03 10:10 UTC to 2026-11-03 11:10 UTC']);
    expect(trouble.problems).toEqual([]);
    await context.close();
  });

  it('closes a period once it is due, after asking, from the periods page', async () => {
    // Both installations seen past the month's end and aggregated; the grace (120 min) over at 03:00.
    await snapshot('2026-12-01T00:05:00Z');
    await fetch(`${stack.apiUrl}/_local/invoke/aggregate-usage`, { method: 'POST', body: JSON.stringify({ time: '2026-12-01T00:05:00Z' }) });
    for (const local of stack.installations) await new SimClient(local.simulator as RunningSimulator).setClock('2026-12-01T03:00:00Z');

    const { context, page, trouble } = await openConsole(browser, stack.apiUrl);
    await signIn(page, TEST_ADMIN_KEY);
    await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Periods' }).click();
    const row = page.getByRole('region', { name: 'Periods' }).getByRole('row', { name: /November 2026/ });
    await expect(row.textContent()).resolves.toContain('open');
    const asked: string[] = [];
    page.once('dialog', (dialog) => {
      asked.push(dialog.message());
      void dialog.accept();
    });
    await row.getByRole('button', { name: 'Close 2026-11' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'closed' }).textContent()).resolves.toMatch(/^2026-11 closed: \d+ customers, \d+\.\d\d USD\.$/);
    expect(asked).toEqual(['Close 2026-11 for good? Its usage is frozen and its invoices are pushed.']);
    // The message is the close's own answer: what the API now says of the period.
    const closed = (await (await fetch(`${stack.apiUrl}/v1/periods/2026-11`, { headers: { authorization: `Bearer ${TEST_ADMIN_KEY}` } })).json()) as { status: string; totals: { customers: number; money: { USD: number } } };
    expect(closed.status).toBe('closed');
    await expect(page.getByRole('status').filter({ hasText: 'closed' }).textContent()).resolves.toBe(`2026-11 closed: ${closed.totals.customers} customers, ${(closed.totals.money.USD / 100).toFixed(2)} USD.`);
    await row.filter({ hasText: 'closed' }).waitFor();
    await expect(row.getByRole('button').count()).resolves.toBe(0);
    expect(trouble.problems).toEqual([]);
    await context.close();
  });
});
