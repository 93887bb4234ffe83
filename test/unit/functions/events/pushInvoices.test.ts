import { parsePushEvent } from '../../../../functions/events/pushInvoices';
import { BadRequestError } from '../../../../shared/errors';

/** BillingPeriodClosed as EventBridge delivers it to the rule's target. */
function closedEvent(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    version: '0',
    id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
    'detail-type': 'BillingPeriodClosed',
    source: 'solus-billing-bridge',
    account: '111122223333',
    time: '2026-12-01T02:00:00Z',
    region: 'eu-central-1',
    resources: [],
    detail: { period: '2026-11', checksum: 'abc', totals: { totalTokens: 1000, money: { USD: 100 }, customers: 2 } },
    ...overrides,
  };
}

function caught(act: () => unknown): unknown {
  try {
    act();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('parsePushEvent', () => {
  it('reads the time and period of a BillingPeriodClosed envelope, never as a dry run', () => {
    // Act
    const event = parsePushEvent(closedEvent());

    // Assess
    expect(event).toEqual({ time: '2026-12-01T02:00:00Z', period: '2026-11', dryRun: false, repushMissing: false, confirmGaps: false });
  });

  it.each([
    [{ period: '2026-11', repushMissing: true }, true, false],
    [{ period: '2026-11', repushMissing: false }, false, false],
    [{ period: '2026-11' }, false, false],
    [{ period: '2026-11', repushMissing: false, confirmGaps: true }, false, true],
  ])('reads an InvoicePushRequested envelope (an accepted POST .../push) with detail %j as repushMissing %p, confirmGaps %p, never as a dry run', (detail, repushMissing, confirmGaps) => {
    // Act
    const event = parsePushEvent(closedEvent({ 'detail-type': 'InvoicePushRequested', time: '2026-12-01T03:00:00Z', detail: { ...detail, dryRun: true } }));

    // Assess
    expect(event).toEqual({ time: '2026-12-01T03:00:00Z', period: '2026-11', dryRun: false, repushMissing, confirmGaps });
  });

  it('ignores a dryRun or a confirmGaps in the detail of a BillingPeriodClosed event (the close never confirms gaps)', () => {
    // Act
    const event = parsePushEvent(closedEvent({ detail: { period: '2026-11', dryRun: true, confirmGaps: true } }));

    // Assess
    expect(event).toMatchObject({ dryRun: false, confirmGaps: false });
  });

  it.each([
    [{ time: '2026-12-01T02:00:00Z', period: '2026-11', dryRun: true }, true, false, false],
    [{ time: '2026-12-01T02:00:00Z', period: '2026-11', dryRun: false }, false, false, false],
    [{ time: '2026-12-01T02:00:00Z', period: '2026-11' }, false, false, false],
    [{ time: '2026-12-01T02:00:00Z', period: '2026-11', repushMissing: true }, false, true, false],
    [{ time: '2026-12-01T02:00:00Z', period: '2026-11', confirmGaps: true }, false, false, true],
    [{ time: '2026-12-01T02:00:00.123+00:00', period: '2026-11' }, false, false, false],
  ])('reads a push by hand %j with dryRun %p, repushMissing %p and confirmGaps %p', (raw, dryRun, repushMissing, confirmGaps) => {
    // Act
    const event = parsePushEvent(raw);

    // Assess
    expect(event).toEqual({ time: raw.time, period: '2026-11', dryRun, repushMissing, confirmGaps });
  });

  it.each([
    ['another detail-type', closedEvent({ 'detail-type': 'BillingPeriodOpened' })],
    ['an envelope with an offset time', closedEvent({ time: '2026-12-01T04:00:00+02:00' })],
    ['an envelope with a bad period', closedEvent({ detail: { period: '2026-13' } })],
    ['an InvoicePushRequested envelope with a repushMissing string', closedEvent({ 'detail-type': 'InvoicePushRequested', detail: { period: '2026-11', repushMissing: 'yes' } })],
    ['an InvoicePushRequested envelope with a confirmGaps string', closedEvent({ 'detail-type': 'InvoicePushRequested', detail: { period: '2026-11', confirmGaps: 'true' } })],
    ['an envelope without a detail', closedEvent({ detail: undefined })],
    ['a push with an offset time', { time: '2026-12-01T04:00:00+02:00', period: '2026-11' }],
    ['a push with a date for a time', { time: '2026-12-01', period: '2026-11' }],
    ['a push with month 13', { time: '2026-12-01T02:00:00Z', period: '2026-13' }],
    ['a push with a one-digit month', { time: '2026-12-01T02:00:00Z', period: '2026-1' }],
    ['a push with a month name', { time: '2026-12-01T02:00:00Z', period: 'November 2026' }],
    ['a push with an extra field', { time: '2026-12-01T02:00:00Z', period: '2026-11', force: true }],
    ['a push with a dryRun string', { time: '2026-12-01T02:00:00Z', period: '2026-11', dryRun: 'true' }],
    ['a push with a confirmGaps number', { time: '2026-12-01T02:00:00Z', period: '2026-11', confirmGaps: 1 }],
    ['a push without a time', { period: '2026-11' }],
    ['a push without a period', { time: '2026-12-01T02:00:00Z' }],
    ['null', null],
    ['a string', '2026-11'],
    ['an array', [{ time: '2026-12-01T02:00:00Z', period: '2026-11' }]],
  ])("refuses %s with a BadRequestError coded 'invalid_event'", (_case, raw) => {
    // Act
    const error = caught(() => parsePushEvent(raw));

    // Assess
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error).toMatchObject({ code: 'invalid_event', statusCode: 400 });
  });

  it('names the offending field in the message', () => {
    // Act
    const error = caught(() => parsePushEvent({ time: '2026-12-01T02:00:00Z', period: '2026-13' }));

    // Assess
    expect((error as Error).message).toMatch(/^Invalid push-invoices event: .*period: a period YYYY-MM/);
  });
});
