import { longestGapMinutes } from '../../../../shared/aggregation/gapMinutes';
import { invoiceLines } from '../../../../shared/aggregation/invoiceLines';
import { usageFromRows } from '../../../../shared/aggregation/usageFromRows';
import { usageRowsOf } from '../../../../shared/aggregation/usageRows';
import type { Gap } from '../../../../shared/snapshots/DynamoSnapshotStore';
import type { ServerMonth } from '../../../../shared/snapshots/types';
import { monthOf, PLAN, SETTINGS } from './fixture';

const gap = (from: string, to: string): Gap => ({ from, to, minutes: (Date.parse(to) - Date.parse(from)) / 60_000 });
const span = (start: string, end: string | null = null) => ({ start, end });

describe('longestGapMinutes', () => {
  it('counts a gap wholly inside the billable time at its length', () => {
    expect(longestGapMinutes([span('2026-11-01T00:00:00Z')], [gap('2026-11-10T08:00:00Z', '2026-11-10T10:30:00Z')], '2026-11')).toBe(150);
  });

  it('counts only the part of a gap inside the billable time', () => {
    const spans = [span('2026-11-10T09:00:00Z', '2026-11-20T00:00:00Z')];

    expect(longestGapMinutes(spans, [gap('2026-11-10T08:00:00Z', '2026-11-10T10:30:00Z')], '2026-11')).toBe(90);
    expect(longestGapMinutes(spans, [gap('2026-11-19T23:00:00Z', '2026-11-20T05:00:00Z')], '2026-11')).toBe(60);
  });

  it('does not count a gap before the server was created or after it was deleted', () => {
    const spans = [span('2026-11-10T12:00:00Z', '2026-11-12T00:00:00Z')];
    const gaps = [gap('2026-11-10T08:00:00Z', '2026-11-10T12:00:00Z'), gap('2026-11-12T00:00:00Z', '2026-11-12T09:00:00Z')];

    expect(longestGapMinutes(spans, gaps, '2026-11')).toBe(0);
  });

  it('answers the longest single gap, never two added up', () => {
    const gaps = [gap('2026-11-03T00:00:00Z', '2026-11-03T04:00:00Z'), gap('2026-11-05T00:00:00Z', '2026-11-05T05:00:00Z'), gap('2026-11-07T00:00:00Z', '2026-11-07T03:00:00Z')];

    expect(longestGapMinutes([span('2026-11-01T00:00:00Z')], gaps, '2026-11')).toBe(300);
  });

  it('runs an open segment to the end of the period, and never past it', () => {
    const spans = [span('2026-11-30T20:00:00Z')];

    expect(longestGapMinutes(spans, [gap('2026-11-30T21:00:00Z', '2026-11-30T23:00:00Z')], '2026-11')).toBe(120);
    expect(longestGapMinutes(spans, [gap('2026-11-30T22:00:00Z', '2026-12-01T03:00:00Z')], '2026-11')).toBe(120);
  });

  it('splits a gap across a month boundary: each period counts its own part', () => {
    const gaps = [gap('2026-11-30T22:00:00Z', '2026-12-01T03:00:00Z')];

    expect(longestGapMinutes([span('2026-11-01T00:00:00Z', '2026-12-01T00:00:00Z')], gaps, '2026-11')).toBe(120);
    expect(longestGapMinutes([span('2026-12-01T00:00:00Z')], gaps, '2026-12')).toBe(180);
  });

  it('counts a gap across two touching segments of the customer once, as one stretch', () => {
    const spans = [span('2026-11-01T00:00:00Z', '2026-11-10T09:00:00Z'), span('2026-11-10T09:00:00Z', null)];

    expect(longestGapMinutes(spans, [gap('2026-11-10T08:00:00Z', '2026-11-10T11:00:00Z')], '2026-11')).toBe(180);
  });

  it('answers whole minutes, rounded down', () => {
    expect(longestGapMinutes([span('2026-11-01T00:00:00Z')], [gap('2026-11-10T08:00:00Z', '2026-11-10T08:59:59.999Z')], '2026-11')).toBe(59);
  });
});

describe('usage rows and invoice lines carry the longest gap', () => {
  /** Server 5: customer 1001 until 11-15 12:00, then customer 1002 (moved to another owner). */
  function movedServer(): ServerMonth {
    const month = monthOf(5, '2026-11', 1001, { end: '2026-11-15T12:00:00Z' });
    const [first] = month.segments;
    if (first === undefined) throw new Error('no segment');
    return { ...month, segments: [first, { ...first, owner: { userId: 2, billingUserId: 1002 }, start: '2026-11-15T12:00:00Z', startBy: 'run', end: undefined }] };
  }

  it('gives each customer of a server the longest gap inside its own time only', () => {
    const gaps = [gap('2026-11-15T11:00:00Z', '2026-11-15T20:00:00Z'), gap('2026-11-02T00:00:00Z', '2026-11-02T02:00:00Z')];

    const rows = usageRowsOf(movedServer(), gaps, false);

    expect(rows.map((row) => [row.customer, row.longestGapMinutes])).toEqual([
      ['1001', 120],
      ['1002', 480],
    ]);
  });

  it('leaves the field out of rows and invoice lines (so out of their checksum) when the customer had no gap', () => {
    const rows = usageRowsOf(monthOf(5, '2026-11', 1001), [], false);
    const lines = invoiceLines(usageFromRows({ period: '2026-11', asOf: '2026-12-01T00:00:00Z', rows, adjustments: [], settings: SETTINGS }), '2026-11', SETTINGS.tokenRates);

    expect(rows[0]).not.toHaveProperty('longestGapMinutes');
    expect(lines[0]).not.toHaveProperty('longestGapMinutes');
    expect(lines[0]).toEqual({
      customer: '1001',
      serverId: 5,
      kind: 'runtime',
      hours: 720,
      tokens: PLAN.tokensPerMonth,
      money: { USD: 500 },
      prepaid: false,
      flags: [],
      description: 'server 5: 720 h runtime, November 2026',
    });
  });

  it('puts the customer\'s longest gap on each of its server\'s invoice lines, priced as without it', () => {
    const gaps = [gap('2026-11-15T11:00:00Z', '2026-11-15T20:00:00Z')];
    const month = { ...monthOf(5, '2026-11', 1001), segments: monthOf(5, '2026-11', 1001).segments.map((segment) => ({ ...segment, additionalIpCount: 1 })) };
    const withGap = invoiceLines(usageFromRows({ period: '2026-11', asOf: '2026-12-01T00:00:00Z', rows: usageRowsOf(month, gaps, false), adjustments: [], settings: SETTINGS }), '2026-11', SETTINGS.tokenRates);
    const without = invoiceLines(usageFromRows({ period: '2026-11', asOf: '2026-12-01T00:00:00Z', rows: usageRowsOf(month, [], false), adjustments: [], settings: SETTINGS }), '2026-11', SETTINGS.tokenRates);

    expect(withGap.map((line) => [line.kind, line.longestGapMinutes])).toEqual([
      ['runtime', 540],
      ['ips', 540],
    ]);
    expect(withGap.map((line) => [line.tokens, line.money])).toEqual(without.map((line) => [line.tokens, line.money]));
  });
});
