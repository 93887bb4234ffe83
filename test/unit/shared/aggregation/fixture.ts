import { buildPeriodLifecycle, type PeriodLifecycleDeps } from '../../../../shared/aggregation/periodLifecycle';
import type { AggregationSettings } from '../../../../shared/aggregation/settings';
import { UsageReader } from '../../../../shared/aggregation/UsageReader';
import type { PlanPrices } from '../../../../shared/billing';
import { MemoryEventPublisher } from '../../../../shared/events';
import { MemoryLogger } from '../../../../shared/logging';
import type { ServerMonth } from '../../../../shared/snapshots/types';
import { MemoryAggregationStore, MemoryCompleteRuns, MemoryServerMonths } from '../../../support/fakeAggregation';

/** 7 tokens an hour, capped at 5,000 a month: a whole 30-day month bills the cap, half of it 2,520. */
export const PLAN: PlanPrices = { id: 1, tokensPerHour: 7, tokensPerMonth: 5000, ipTokensPerHour: 1, ipTokensPerMonth: 500, backupPrice: 10 };
export const SETTINGS: AggregationSettings = { billSuspendedTime: false, billingStart: '2026-11-01T00:00:00Z', tokenRates: { USD: '0.001' }, closeGraceMinutes: 120 };

/** A server's month item: one segment of `billingUserId`'s from `start` (the period's start) to `end` (open: absent). */
export function monthOf(serverId: number, period: string, billingUserId: number, bounds: { start?: string; end?: string } = {}): ServerMonth {
  return {
    serverId,
    period,
    version: 1,
    apiChanges: [],
    segments: [
      {
        owner: { userId: billingUserId - 1000, billingUserId },
        plan: PLAN,
        backupsEnabled: false,
        suspended: false,
        additionalIpCount: 0,
        start: bounds.start ?? `${period}-01T00:00:00.000Z`,
        startBy: 'period_start',
        ...(bounds.end === undefined ? {} : { end: bounds.end, endBy: 'activity_log' as const }),
      },
    ],
  };
}

export type Harness = ReturnType<typeof harness>;

/**
 * The four services on in-memory ports: `clock` is the close lease's wall clock (ms), `sleep`
 * what a waiting close does between looks (by default: lets the clock run on).
 */
export function harness(overrides: Partial<Pick<PeriodLifecycleDeps, 'closeLock' | 'sleep'>> & { store?: MemoryAggregationStore } = {}) {
  const store = overrides.store ?? new MemoryAggregationStore();
  const months = new MemoryServerMonths();
  const runs = new MemoryCompleteRuns();
  const events = new MemoryEventPublisher();
  const logger = new MemoryLogger();
  const clock = { ms: Date.parse('2026-12-01T02:00:00Z') };
  let tokens = 0;
  /** Servers a metered service created (a test adds to it). */
  const metered = new Set<number>();
  const { periodAggregator, periodCloser } = buildPeriodLifecycle({
    ports: store.ports(),
    months,
    runs,
    events,
    logger,
    settings: SETTINGS,
    meteredServers: async () => metered,
    closeLock: { leaseMs: 60_000, waitMs: 1_000, pollMs: 100, ...overrides.closeLock },
    wallClockMs: () => clock.ms,
    newCloseToken: () => `close-${++tokens}`,
    sleep:
      overrides.sleep ??
      (async (ms) => {
        clock.ms += ms;
      }),
  });
  const reader = new UsageReader({ ...store.readPorts(), settings: SETTINGS });
  return { store, months, runs, events, logger, clock, metered, aggregator: periodAggregator, closer: periodCloser, reader };
}
