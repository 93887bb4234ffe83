import { INVOICE_PUSH_REQUESTED, PUSH_DEFAULTS } from '../../../../shared/invoicing/InvoicePush';
import { at, PERIOD, QUARANTINE_MS, setup, T0 } from './invoicePushFixture';

describe('InvoicePush', () => {
  describe('accept', () => {
    it('records the run accepted and hands the push over as InvoicePushRequested, calling no billing system', async () => {
      // Prepare
      const { push, events, store, connector } = setup();

      // Act
      const accepted = await push.accept(PERIOD, T0, { repushMissing: true });

      // Assess
      expect(accepted).toEqual({ period: PERIOD, accepted: true });
      expect(events.published).toEqual([{ detailType: INVOICE_PUSH_REQUESTED, source: 'solus-billing-bridge', time: T0, detail: { period: PERIOD, repushMissing: true, confirmGaps: false } }]);
      expect(await store.getRun(PERIOD)).toMatchObject({ acceptedAt: T0, activeUntilMs: 5_000_000 + PUSH_DEFAULTS.leaseMs });
      expect(connector.calls).toEqual([]);
    });

    it('answers 409 for a period that is not closed, or with no billing system, and publishes nothing', async () => {
      // Prepare
      const none = setup({ system: 'none' });
      const { push, events } = setup();

      // Act
      const errors = await Promise.all([push.accept('2026-12', T0).catch((error: unknown) => error), none.push.accept(PERIOD, T0).catch((error: unknown) => error)]);

      // Assess
      expect(errors).toEqual([expect.objectContaining({ code: 'period_not_closed' }), expect.objectContaining({ code: 'billing_system_not_configured' })]);
      expect([events.published, none.events.published]).toEqual([[], []]);
    });
  });

  describe('retryIncomplete', () => {
    it('pushes the periods with customers left, oldest first and bounded per run, and leaves complete and running ones', async () => {
      // Prepare
      const { push, store, connector } = setup({ retryMaxPeriods: 2 });
      connector.creates = ['unanswered'];
      await push.push('2026-09', T0); // its one customer left unknown
      await push.push(PERIOD, T0); // complete
      await store.markRun('2026-10', 'accepted', T0, 5_000_000, PUSH_DEFAULTS.leaseMs); // accepted, still within its lease

      // Act
      const early = await push.retryIncomplete(at(60_000));
      const later = await push.retryIncomplete(at(QUARANTINE_MS));

      // Assess
      expect(early.reports.map((report) => [report.period, report.counts.unknown])).toEqual([['2026-09', 1]]);
      expect(later.reports.map((report) => [report.period, report.counts.pushed])).toEqual([['2026-09', 1]]);
      expect(await store.getRun('2026-09')).toMatchObject({ outstanding: 0 });
    });

    it('takes up an accepted push that never ran once its lease is over', async () => {
      // Prepare
      const { push, store, passWallClock } = setup();
      await store.markRun('2026-10', 'accepted', T0, 5_000_000, PUSH_DEFAULTS.leaseMs);
      passWallClock(PUSH_DEFAULTS.leaseMs);

      // Act
      const retried = await push.retryIncomplete(at(3_600_000));

      // Assess
      expect(retried.reports.map((report) => [report.period, report.counts.pushed])).toEqual([['2026-10', 1]]);
    });

    it('works on at most retryMaxCustomers customers of a period a run; the rest stay outstanding for the next', async () => {
      // Prepare
      const { push, store, connector } = setup({ retryMaxCustomers: 1 });
      await store.markRun(PERIOD, 'accepted', T0, 0, 1);

      // Act
      const first = await push.retryIncomplete(at(60_000));
      const runAfterFirst = await store.getRun(PERIOD);
      const second = await push.retryIncomplete(at(120_000));

      // Assess
      expect(first.reports[0]?.counts).toMatchObject({ pushed: 1, pending: 1 });
      expect(runAfterFirst).toMatchObject({ outstanding: 1 });
      expect(second.reports[0]?.counts).toMatchObject({ pushed: 2, pending: 0 });
      expect(connector.count('createDraft')).toBe(2);
    });

    it('does nothing with no billing system', async () => {
      // Act
      const report = await setup({ system: 'none' }).push.retryIncomplete(T0);

      // Assess
      expect(report).toEqual({ time: T0, system: 'none', reports: [] });
    });
  });
});
