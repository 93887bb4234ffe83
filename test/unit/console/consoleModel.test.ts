import { decimal, minutes, money, monthName, utc } from '../../../console/src/format';
import { href, parseRoute, type Route } from '../../../console/src/route';
import { awaitingConfirmation, heldByNewestRuns, latestCompleteByInstallation, recentRuns, runsToLookAt } from '../../../console/src/runs';
import type { Api } from '../../../console/src/api';
import type { Period, Run } from '../../../console/src/types';
import { closeLooksDue, periodEnd } from '../../../console/src/periods';

const run = (installation: string, time: string, extra: Partial<Run> = {}): Run => ({
  installation,
  time,
  complete: true,
  partial: false,
  suspect: false,
  serversSeen: 5,
  changes: 0,
  ...extra,
});

describe('console formats', () => {
  it('writes integer minor units as the currency writes them: cents, none for yen, a sign when negative', () => {
    expect(decimal(1984, 'USD')).toBe('19.84');
    expect(decimal(5, 'EUR')).toBe('0.05');
    expect(decimal(-250, 'USD')).toBe('-2.50');
    expect(decimal(1984, 'JPY')).toBe('1984');
    expect(money({ USD: 1984, EUR: 1800 })).toBe('19.84 USD, 18.00 EUR');
    expect(money({})).toBe('—');
  });

  it('writes instants in UTC to the minute, and says what it cannot read', () => {
    expect(utc('2026-11-20T06:05:00.000Z')).toBe('2026-11-20 06:05 UTC');
    expect(utc(null)).toBe('—');
    expect(utc('not a time')).toBe('not a time');
    expect(minutes(90)).toBe('90 min');
    expect(minutes(240)).toBe('240 min (4 h)');
    expect(minutes(150)).toBe('150 min (2.5 h)');
    expect(monthName('2024-02')).toBe('February 2024');
  });
});

describe('console routes', () => {
  it.each<[string, Route]>([
    ['', { page: 'overview' }],
    ['#/unknown', { page: 'overview' }],
    ['#/periods', { page: 'periods' }],
    ['#/periods/2026-11', { page: 'periods', period: '2026-11' }],
    ['#/customers/2026-11', { page: 'customers', period: '2026-11' }],
    ['#/customers/2026-11/1002', { page: 'customers', period: '2026-11', customer: '1002' }],
    ['#/customers/2026-11/1002/eu/3', { page: 'customers', period: '2026-11', customer: '1002', server: { installation: 'eu', id: 3 } }],
    ['#/services/failed', { page: 'services', state: 'failed' }],
  ])('reads %j and writes it back the same', (hash, route) => {
    expect(parseRoute(hash)).toEqual(route);
    if (hash.startsWith('#/') && route.page !== 'overview') expect(href(route)).toBe(hash);
  });

  it('drops a period that is not one (it never reaches an API path) and survives bad percent-encoding', () => {
    expect(parseRoute('#/periods/..%2Fkeys')).toEqual({ page: 'periods' });
    expect(parseRoute('#/periods/2026-13')).toEqual({ page: 'periods' });
    expect(parseRoute('#/customers/%E0%A4%A/1002')).toEqual({ page: 'customers', customer: '1002' });
  });

  it('ignores a server part that is not a server id, and escapes what it writes', () => {
    expect(parseRoute('#/customers/2026-11/1002/eu/x')).toEqual({ page: 'customers', period: '2026-11', customer: '1002' });
    expect(href({ page: 'customers', period: '2026-11', customer: 'a/b' })).toBe('#/customers/2026-11/a%2Fb');
    expect(parseRoute('#/customers/2026-11/a%2Fb')).toEqual({ page: 'customers', period: '2026-11', customer: 'a/b' });
  });
});

describe('console runs', () => {
  const runs: Run[] = [
    run('us', '2026-11-20T08:05:00Z', { complete: false, partial: true, error: 'SolusIO 503' }),
    run('eu', '2026-11-20T08:05:00Z', { gapFrom: '2026-11-20T04:05:00Z', gapMinutes: 240 }),
    run('us', '2026-11-20T07:05:00Z'),
    run('eu', '2026-11-20T07:05:00Z', { complete: false, partial: true }),
  ];

  it('finds the newest complete run of each installation, and says when an installation has none', () => {
    expect([...latestCompleteByInstallation(runs)]).toEqual([
      ['eu', runs[1]],
      ['us', runs[2]],
    ]);
    expect([...latestCompleteByInstallation([run('eu', '2026-11-20T08:05:00Z', { complete: false, partial: true })])]).toEqual([['eu', undefined]]);
  });

  it('lists the runs to look at: partial, suspect, after a gap', () => {
    expect(runsToLookAt(runs)).toEqual([runs[0], runs[1], runs[3]]);
    expect(runsToLookAt([run('eu', '2026-11-20T08:05:00Z', { suspect: true })])).toHaveLength(1);
  });

  it('names the servers held at their last recorded state by the newest run of each installation only', () => {
    const held = run('eu', '2026-11-20T09:05:00Z', { heldServerIds: [12] });
    expect(heldByNewestRuns([held, ...runs])).toEqual([{ installation: 'eu', time: '2026-11-20T09:05:00Z', serverIds: [12] }]);
    expect(heldByNewestRuns([run('eu', '2026-11-20T10:05:00Z'), held])).toEqual([]);
    expect(runsToLookAt([held])).toEqual([held]);
  });

  it('asks for a confirmation only of an installation whose newest run is suspect and unconfirmed', () => {
    const suspect = run('eu', '2026-11-20T09:05:00Z', { suspect: true, suspectServerIds: [2, 3, 4, 5] });
    expect(awaitingConfirmation([suspect, ...runs])).toEqual([suspect]);
    expect(awaitingConfirmation([{ ...suspect, confirmedAt: '2026-11-20T09:30:00Z' }, ...runs])).toEqual([]);
    // An older suspect run, with a newer run after it, is settled by what came after.
    expect(awaitingConfirmation([run('eu', '2026-11-20T10:05:00Z'), suspect])).toEqual([]);
  });

  it('reads pages of runs until it has the count asked for or the API has no more', async () => {
    const asked: string[] = [];
    const pages: Record<string, { runs: Run[]; nextCursor?: string }> = {
      '/v1/runs?limit=3': { runs: [runs[0] as Run, runs[1] as Run], nextCursor: 'c1' },
      '/v1/runs?limit=1&cursor=c1': { runs: [runs[2] as Run], nextCursor: 'c2' },
    };
    const api: Api = {
      get: <T>(path: string) => {
        asked.push(path);
        return Promise.resolve(pages[path] as T);
      },
      post: () => Promise.reject(new Error('not used')),
    };
    await expect(recentRuns(api, 3)).resolves.toEqual([runs[0], runs[1], runs[2]]);
    expect(asked).toEqual(['/v1/runs?limit=3', '/v1/runs?limit=1&cursor=c1']);
  });
});

describe('console periods', () => {
  const open = (period: string, asOf: string | null): Period => ({ period, status: 'open', asOf });

  it('ends a period at the first instant of the next month, December into January', () => {
    expect(periodEnd('2026-11')).toBe('2026-12-01T00:00:00.000Z');
    expect(periodEnd('2026-12')).toBe('2027-01-01T00:00:00.000Z');
    expect(periodEnd('2024-02')).toBe('2024-03-01T00:00:00.000Z');
  });

  it('offers to close an open period once its usage is known past its end, never a closed one', () => {
    expect(closeLooksDue(open('2026-11', '2026-12-01T00:05:00.000Z'))).toBe(true);
    expect(closeLooksDue(open('2026-11', '2026-11-30T23:05:00.000Z'))).toBe(false);
    expect(closeLooksDue(open('2026-11', null))).toBe(false);
    expect(closeLooksDue({ period: '2026-11', status: 'closed', asOf: '2026-12-01T00:05:00.000Z' })).toBe(false);
  });
});
