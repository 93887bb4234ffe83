import type { Browser, Page } from 'playwright-core';
import { DEMO_FIXTURES } from '../../../local/demoMonth';
import { seedDemoServices } from '../../../local/demoServices';
import { bearer, requestJson } from '../../support/localStack';
import type { LocalStack } from '../../../local/stack';
import { BillingSimClient } from '../../support/billingSimClient';
import { consoleSettled } from '../../../local/chromium';
import { describeWithBrowser, launchChromium } from '../../support/browser';
import { openConsole, seriousAxeViolations, signIn, startSeededStack, TEST_ADMIN_KEY, type PageTrouble } from './consoleHarness';

/**
 * The operator console in a real browser (Debian's Chromium through Playwright) against the local
 * stack with the demo month (local/demoMonth.ts) replayed, closed and pushed into WHMCS: what a new
 * operator must find without reading a doc, each as a test (issue #26). The tests run in order:
 * the re-push and the suspect run change the data the later ones read.
 */
describeWithBrowser('operator console', (executablePath) => {
  let stack: LocalStack;
  let browser: Browser;
  let whmcs: BillingSimClient;

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startSeededStack(), launchChromium(executablePath)]);
    whmcs = new BillingSimClient(() => stack.billingUrl ?? '');
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  /** Signed in as the admin, on the given page of the console. */
  async function adminAt(hash = ''): Promise<{ page: Page; trouble: PageTrouble; close: () => Promise<void> }> {
    const { context, page, trouble } = await openConsole(browser, stack.apiUrl);
    await signIn(page, TEST_ADMIN_KEY);
    await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
    if (hash) await page.goto(`${stack.apiUrl}/console${hash}`);
    return { page, trouble, close: () => context.close() };
  }

  it('serves the page with a Content-Security-Policy that allows this origin only, and no cookie', async () => {
    const response = await fetch(`${stack.apiUrl}/console`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https?:/);
    expect(response.headers.get('set-cookie')).toBeNull();
    const script = await fetch(`${stack.apiUrl}/console/app.js`);
    expect([script.status, script.headers.get('content-type')]).toEqual([200, 'text/javascript; charset=utf-8']);
    // Every file it names is this origin's; nothing is fetched from a third party.
    const html = await response.text();
    expect(html).not.toMatch(/(src|href)="https?:/);
    expect((await fetch(`${stack.apiUrl}/console/nothing.js`)).status).toBe(404);
  });

  it('refuses a wrong key, says so, and keeps nothing of it', async () => {
    const { context, page, trouble } = await openConsole(browser, stack.apiUrl);
    await signIn(page, 'sbb_not-a-key-of-this-bridge');
    await expect(page.getByRole('alert').textContent()).resolves.toContain('The API refused this key');
    expect(await page.evaluate('sessionStorage.length')).toBe(0);
    expect(await context.cookies()).toEqual([]);
    await expect(page.getByRole('navigation', { name: 'Pages' }).count()).resolves.toBe(0);
    // The only error the browser saw is the API's refusal of GET /v1/keys/self.
    expect(trouble.problems).toEqual([expect.stringMatching(/status of 401/)]);
    await context.close();
  });

  it('signs in with the admin key (kept in sessionStorage, never in the URL or a cookie) and finds the last run', async () => {
    const { context, page, trouble } = await openConsole(browser, stack.apiUrl);
    await signIn(page, TEST_ADMIN_KEY);
    const latest = page.getByRole('region', { name: 'Latest complete run per installation' });
    await expect(latest.getByRole('row', { name: /default/ }).textContent()).resolves.toContain('2026-12-01 00:05 UTC');
    expect(await page.evaluate('Object.values(sessionStorage)')).toEqual([TEST_ADMIN_KEY]);
    expect(page.url()).not.toContain(TEST_ADMIN_KEY);
    expect(await context.cookies()).toEqual([]);
    // The header names the key and what it may do; a reload keeps the session of this tab.
    await expect(page.getByRole('banner').textContent()).resolves.toMatch(/local-admin.*admin/);
    await page.reload();
    await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
    expect(trouble.problems).toEqual([]);
    await context.close();
  });

  it("finds the demo month's gap: SolusIO's outage, the partial runs and the 4 hours without a complete run", async () => {
    const { page, trouble, close } = await adminAt();
    const table = page.getByRole('region', { name: 'Gaps, partial and suspect runs' });
    const gapRow = table.getByRole('row', { name: /Gap of/ });
    await expect(gapRow.textContent()).resolves.toContain('Gap of 240 min (4 h): no complete run from 2026-11-20 02:05 UTC to 2026-11-20 06:05 UTC');
    await expect(table.getByRole('row', { name: /Partial/ }).count()).resolves.toBe(3);
    // The chart says the same in words.
    await expect(page.getByRole('img', { name: /721 runs from 2026-11-01 00:05 UTC to 2026-12-01 00:05 UTC: 718 complete, 3 partial, 0 suspect, 1 after a gap/ }).count()).resolves.toBe(1);
    // And the server made and gone between two runs is listed as unbilled, with why.
    await expect(page.getByRole('region', { name: 'Unbilled servers' }).getByRole('row', { name: /^7 / }).textContent()).resolves.toContain('not made by bridge');
    expect(trouble.problems).toEqual([]);
    await close();
  });

  it('shows why customer 1002 owes 19.84: four server lines that sum to it, and the observations behind a line', async () => {
    const { page, trouble, close } = await adminAt();
    await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Customers' }).click();
    const customers = page.getByRole('region', { name: 'Customers of 2026-11' });
    await expect(customers.getByRole('row', { name: /^1002/ }).textContent()).resolves.toContain('19.84 USD');
    await customers.getByRole('link', { name: '1002' }).click();
    await page.getByRole('heading', { name: 'Customer 1002 owes 19.84 USD for November 2026', level: 1 }).waitFor();
    const servers = page.getByRole('region', { name: 'Servers of customer 1002' });
    const amounts = await servers.locator('tbody tr td:nth-child(7)').allTextContents();
    expect(amounts).toEqual(['9.00 USD', '3.77 USD', '2.44 USD', '4.63 USD']);
    await expect(servers.locator('tfoot').textContent()).resolves.toContain('19.84 USD');
    await expect(page.getByRole('region', { name: 'Invoice lines of customer 1002' }).textContent()).resolves.toContain('mail.example.test (server 3): 721 h runtime, November 2026');
    // Server 3 bills 721 hours: the resize inside an hour, seen by the run of November 5th 09:05.
    await servers.getByRole('link', { name: /mail\.example\.test \(server 3\)/ }).click();
    await page.getByRole('heading', { name: 'Server 3 in November 2026', level: 1 }).waitFor();
    const stretches = page.getByRole('region', { name: 'Billed stretches' }).locator('tbody tr');
    await stretches.nth(1).waitFor();
    await expect(stretches.count()).resolves.toBe(2);
    await expect(stretches.nth(0).textContent()).resolves.toMatch(/2026-11-01 00:00 UTC.*2026-11-05 09:05 UTC.*plan 1: 7 tokens\/h/);
    await expect(stretches.nth(1).textContent()).resolves.toMatch(/2026-11-05 09:05 UTC.*still running.*plan 2: 14 tokens\/h.*a run saw the change/);
    await expect(page.getByRole('img', { name: /2 billed stretches of server 3 in 2026-11, 1 runs that saw a change, 1 gaps/ }).count()).resolves.toBe(1);
    await expect(page.getByRole('region', { name: 'Gaps' }).textContent()).resolves.toContain('240 min (4 h) without a complete run, from 2026-11-20 02:05 UTC to 2026-11-20 06:05 UTC');
    expect(trouble.problems).toEqual([]);
    await close();
  });

  it('re-pushes a draft an admin deleted in WHMCS: missing in the reconciliation, one click, a match again', async () => {
    const draft = (await whmcs.invoices()).find((invoice) => invoice.clientId === '1002');
    expect(draft).toBeDefined();
    await whmcs.control('DELETE', `invoices/${draft?.id ?? 0}`);

    const { page, trouble, close } = await adminAt();
    await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Periods' }).click();
    await page.getByRole('link', { name: 'November 2026' }).click();
    const table = page.getByRole('region', { name: 'Reconciliation' });
    await expect(table.getByRole('row', { name: /^1002/ }).textContent()).resolves.toContain('missing');
    await page.getByRole('button', { name: 'Re-push the 1 deleted invoice' }).click();
    // The button stays (disabled while the push runs) so the keyboard's focus is not lost.
    await expect(page.getByRole('status').filter({ hasText: 'done' }).textContent({ timeout: 15_000 })).resolves.toContain('Re-pushing 1 deleted invoices: done');
    await expect(table.getByRole('row', { name: /^1002/ }).filter({ hasText: 'match' }).textContent()).resolves.toMatch(/19\.84.*Draft.*19\.84/);
    await expect(page.getByRole('button', { name: /Re-push/ }).count()).resolves.toBe(0);
    const redrafted = (await whmcs.invoices()).filter((invoice) => invoice.clientId === '1002');
    expect(redrafted.map((invoice) => invoice.status)).toEqual(['Draft']);
    expect(redrafted[0]?.id).not.toBe(draft?.id);
    expect(trouble.problems).toEqual([]);
    await close();
  });

  it('lists the periods with their totals, and the services with the reason a failed one failed', async () => {
    const { failed } = await seedDemoServices(stack);
    expect(failed).toMatchObject({ state: 'failed', failureReason: expect.any(String) });

    const { page, trouble, close } = await adminAt('#/periods');
    await expect(page.getByRole('region', { name: 'Periods' }).getByRole('row', { name: /November 2026/ }).textContent()).resolves.toMatch(/closed.*37,993.*37\.98 USD/);
    await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Services' }).click();
    const services = page.getByRole('region', { name: 'Services' });
    await expect(services.getByRole('row', { name: /whmcs-501/ }).textContent()).resolves.toContain('active');
    await expect(services.getByRole('row', { name: /whmcs-502/ }).textContent()).resolves.toContain(`failed${failed.failureReason ?? ''}`);
    // Choosing alone does not navigate (WCAG 3.2.2); Show does.
    await page.getByLabel('State').selectOption('failed');
    expect(page.url()).toMatch(/#\/services$/);
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(/#\/services\/failed$/);
    await consoleSettled(page);
    await expect(services.locator('tbody tr').allTextContents()).resolves.toEqual([expect.stringMatching(/^whmcs-502failed/)]);
    expect(page.url()).toMatch(/#\/services\/failed$/);
    expect(trouble.problems).toEqual([]);
    await close();
  });

  it('has no serious accessibility violation on any page (axe-core), on a laptop and on a phone, and fits a phone', async () => {
    const { page, trouble, close } = await adminAt();
    // Each page by its own h1: a fragment change keeps the document, so the previous page's h1 would do otherwise.
    const pages: readonly [string, string][] = [
      ['#/overview', 'Overview'],
      ['#/periods', 'Periods'],
      ['#/periods/2026-11', 'November 2026'],
      ['#/customers', 'Customers'],
      ['#/customers/2026-11/1002', 'Customer 1002 owes 19.84 USD for November 2026'],
      ['#/customers/2026-11/1002/default/3', 'Server 3 in November 2026'],
      ['#/services', 'Services'],
    ];
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 844 });
      for (const [hash, title] of pages) {
        await page.goto(`${stack.apiUrl}/console${hash}`);
        await page.getByRole('heading', { name: title, level: 1, exact: true }).waitFor();
        await consoleSettled(page);
        expect([width, hash, await seriousAxeViolations(page)]).toEqual([width, hash, []]);
        // Wide tables scroll in their own box; the page itself never scrolls sideways.
        if (width < 500) expect([hash, await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')]).toEqual([hash, true]);
        // The tab's title names the page.
        expect(await page.title()).toMatch(/ · solus-billing-bridge console$/);
      }
    }
    expect(trouble.problems).toEqual([]);
    await close();
  }, 90_000);

  it('shows a suspect run to confirm: a read-only key sees it without the action, the admin confirms it', async () => {
    // Four of the five servers vanish at once without a log entry (more than the guard's 3): the next run holds them open.
    await fetch(`${stack.simulatorUrl}/_sim/reset`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(DEMO_FLEET_OF_ONE),
    });
    await fetch(`${stack.simulatorUrl}/_sim/clock`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ now: '2026-12-01T01:05:00Z' }) });
    const run = (await (await fetch(`${stack.apiUrl}/_local/invoke/snapshot-servers`, { method: 'POST', body: JSON.stringify({ time: '2026-12-01T01:05:00Z' }) })).json()) as { suspect: boolean; suspectServerIds: number[] };
    expect(run).toMatchObject({ suspect: true });
    const held = run.suspectServerIds.join(', ');
    expect(run.suspectServerIds).toEqual(expect.arrayContaining([2, 3, 5, 6]));
    const reader = (await requestJson(`${stack.apiUrl}/v1/keys`, { method: 'POST', body: { name: 'night shift', scopes: ['usage:read'] }, headers: bearer(TEST_ADMIN_KEY) })).json as { key: string };

    const readOnly = await openConsole(browser, stack.apiUrl);
    await signIn(readOnly.page, reader.key);
    const readerSection = readOnly.page.getByRole('region', { name: 'Suspect runs awaiting confirmation' });
    await expect(readerSection.textContent()).resolves.toContain('2026-12-01 01:05 UTC');
    await expect(readerSection.getByRole('button').count()).resolves.toBe(0);
    await expect(readerSection.textContent()).resolves.toContain('An admin key confirms them.');
    // Nor does it offer pages the key may not read (services need provisioning).
    await expect(readOnly.page.getByRole('navigation', { name: 'Pages' }).getByRole('link').allTextContents()).resolves.toEqual(['Overview', 'Periods', 'Customers']);
    expect(readOnly.trouble.problems).toEqual([]);
    await readOnly.context.close();

    const { page, trouble, close } = await adminAt();
    const section = page.getByRole('region', { name: 'Suspect runs awaiting confirmation' });
    await expect(section.textContent()).resolves.toContain(`servers ${held} held open`);
    // Ending billing of servers is asked once more; the question names them.
    const asked: string[] = [];
    page.once('dialog', (dialog) => {
      asked.push(dialog.message());
      void dialog.accept();
    });
    await section.getByRole('button', { name: 'Confirm the deletions of default at 2026-12-01 01:05 UTC' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Confirmed' }).textContent()).resolves.toContain(`Confirmed: servers ${held} of default ended at their last sighting`);
    await section.getByRole('button').waitFor({ state: 'detached' });
    expect(asked).toEqual([`End servers ${held} of default at their last sighting? Check in SolusIO first that they are gone.`]);
    const health = (await (await fetch(`${stack.apiUrl}/v1/health`)).json()) as { latestRun: { time: string } };
    expect(health.latestRun.time).toBe('2026-12-01T01:05:00.000Z');
    expect(trouble.problems).toEqual([]);
    await close();
  });
});

/** The demo's plans and users with only web1 left: servers 2, 3, 5 and 6 vanish. */
const DEMO_FLEET_OF_ONE = { ...DEMO_FIXTURES, servers: DEMO_FIXTURES.servers.filter((server) => server.id === 1) };
