import { CREATE_OPERATION, NO_STATUSES, outcomeOf, PushHarness, SETTLES_AT } from './pushHarness';

/** The billing system commits the create this long after it arrived; the bridge gives up well before (room for the re-pushes in between on a loaded machine). */
const CREATE_DELAY_MS = 5_000;
const BRIDGE_TIMEOUT_MS = 500;

/** Polls `check` until it holds or `withinMs` has passed. */
async function eventually(check: () => Promise<boolean>, withinMs: number): Promise<boolean> {
  const until = Date.now() + withinMs;
  while (Date.now() < until) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return check();
}

/**
 * Issue #21, "slow is not failed": a create that commits after the bridge gave up (WHMCS answered
 * CreateInvoice after 25 s, the bridge timed out at 10 s, looked twice by tag, released the
 * customer as failed, and the documented re-push made a second draft with the same tag).
 */
describe.each(['whmcs', 'blesta', 'hostbill', 'ubersmith'] as const)('a slow invoice create in %s', (system) => {
  let p: PushHarness;

  beforeAll(async () => {
    p = await PushHarness.start(system, { tuning: { billingTimeoutMs: BRIDGE_TIMEOUT_MS, pushUnknownCreateWaitMs: 50, billingRetryBaseDelayMs: 5 } });
  }, 60_000);

  afterAll(async () => {
    await p?.stack.stop();
  });

  beforeEach(async () => {
    await p.reset();
  });

  it('leaves the customer unknown, creates nothing while the create may still commit, and adopts it after the quarantine: one draft', async () => {
    await p.sim.faults([{ operation: CREATE_OPERATION[system], delayMs: CREATE_DELAY_MS, times: 1 }]);
    await p.closeNovember();

    // The close's push gave up on one create: that customer is unknown until push time + 15 min.
    const afterClose = await p.reconcile();
    const slow = afterClose.customers.find((customer) => customer.status === 'unknown');
    expect(slow?.push).toMatchObject({ status: 'unknown', settlesAt: SETTLES_AT, lastError: { code: 'CreateOutcomeUnknownError' } });
    expect(afterClose.counts).toEqual({ ...NO_STATUSES, match: 1, unknown: 1, skipped: 2 });
    const customer = slow?.customer ?? '';
    const invoicesOf = async (): Promise<number> => (await p.simInvoices()).filter((invoice) => invoice.clientId === customer).length;

    // Every re-push before settlesAt, while the slow create has still not committed, creates nothing.
    await p.pushAccepted();
    await p.pushAccepted({ repushMissing: true });
    const byHand = await p.pushAt('2026-12-01T02:05:00Z');
    const retried = await p.retryAt('2026-12-01T02:10:00Z');
    expect(outcomeOf(byHand, customer)).toMatchObject({ outcome: 'unknown', settlesAt: SETTLES_AT });
    expect(retried.periods).toEqual([{ period: '2026-11', counts: expect.objectContaining({ unknown: 1, pushed: 1 }) }]);
    expect(await invoicesOf()).toBe(0);
    expect(await p.sim.requests(CREATE_OPERATION[system])).toBe(2);

    // The billing system commits the create although the bridge gave up on it.
    expect(await eventually(async () => (await invoicesOf()) === 1, CREATE_DELAY_MS * 2)).toBe(true);

    // From settlesAt on, the lookup finds it and adopts it (HostBill's draft and Ubersmith's charge group had no line yet: they are added).
    const settled = await p.retryAt(SETTLES_AT);
    expect(settled.periods).toEqual([{ period: '2026-11', counts: expect.objectContaining({ pushed: 2, unknown: 0 }) }]);
    expect(await p.clientsInvoiced()).toEqual(['1001', '1002']);
    expect(await p.sim.requests(CREATE_OPERATION[system])).toBe(2);
    expect((await p.reconcile()).counts).toEqual({ ...NO_STATUSES, match: 2, skipped: 2 });
  }, 60_000);
});
