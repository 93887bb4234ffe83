import { listRuns, summarizeRun, type InstallationRuns } from '../../../../shared/runs/runListing';
import type { StoredRun } from '../../../../shared/runs/runRepository';
import type { ServersRunRecord } from '../../../../shared/snapshots/types';

const record = (time: string, fields: Partial<ServersRunRecord> = {}): ServersRunRecord => ({
  kind: 'servers',
  time,
  complete: true,
  suspect: false,
  suspectServerIds: [],
  serversSeen: 3,
  changes: 1,
  pages: 1,
  digest: 'd',
  ...fields,
});

/** An installation's run store holding these run times (as the Query answers: newest first, `time <= atOrBefore`, `limit` of them). */
function storeOf(installation: string, times: readonly string[]): InstallationRuns & { readonly limits: number[] } {
  const limits: number[] = [];
  return {
    installation,
    limits,
    runsNewestFirst: <R>(_kind: string, _schema: unknown, limit: number, atOrBefore?: string): Promise<StoredRun<R>[]> => {
      limits.push(limit);
      const runs = [...times].sort().reverse().filter((time) => atOrBefore === undefined || time <= atOrBefore).slice(0, limit);
      return Promise.resolve(runs.map((time) => ({ time, record: record(time) as unknown as R })));
    },
  };
}

describe('summarizeRun', () => {
  it('exposes partial as the opposite of complete and the gap in whole minutes', () => {
    const summary = summarizeRun('eu', record('2026-11-03T10:05:00Z', { complete: false, error: 'page 2 failed', gapFrom: '2026-11-03T07:35:30Z', superseded: true }));
    expect(summary).toEqual({
      installation: 'eu',
      time: '2026-11-03T10:05:00Z',
      complete: false,
      partial: true,
      suspect: false,
      serversSeen: 3,
      changes: 1,
      gapFrom: '2026-11-03T07:35:30Z',
      gapMinutes: 149,
      superseded: true,
      error: 'page 2 failed',
    });
  });

  it('names the servers a suspect run holds open (what a confirmation ends), and only for a suspect run', () => {
    const suspect = summarizeRun('eu', record('2026-11-03T10:05:00Z', { suspect: true, suspectServerIds: [4, 7], confirmedAt: '2026-11-03T11:00:00Z' }));
    expect(suspect).toMatchObject({ suspect: true, suspectServerIds: [4, 7], confirmedAt: '2026-11-03T11:00:00Z' });
    expect(Object.keys(summarizeRun('eu', record('2026-11-03T10:05:00Z')))).not.toContain('suspectServerIds');
  });

  it('names the servers a run held at their last recorded state (month item full), and only when there were some', () => {
    expect(summarizeRun('eu', record('2026-11-03T10:05:00Z', { heldServerIds: [9] }))).toMatchObject({ heldServerIds: [9] });
    expect(Object.keys(summarizeRun('eu', record('2026-11-03T10:05:00Z', { heldServerIds: [] })))).not.toContain('heldServerIds');
  });

  it('leaves the gap fields out when the run had none', () => {
    expect(Object.keys(summarizeRun('default', record('2026-11-03T10:05:00Z')))).not.toContain('gapMinutes');
  });
});

describe('listRuns', () => {
  const times = ['2026-11-03T10:00:00Z', '2026-11-03T10:05:00Z', '2026-11-03T10:10:00Z'];

  it('merges installations newest first (same time: by installation) and pages without losing or repeating a run', async () => {
    // Prepare: both installations ran at the same times; eu once more.
    const sources = [storeOf('eu', [...times, '2026-11-03T10:15:00Z']), storeOf('default', times)];
    const seen: string[] = [];

    // Act: pages of two
    let page = await listRuns(sources, 2);
    for (;;) {
      seen.push(...page.runs.map((run) => `${run.time} ${run.installation}`));
      if (page.next === undefined) break;
      page = await listRuns(sources, 2, page.next);
    }

    // Assess
    expect(seen).toEqual([
      '2026-11-03T10:15:00Z eu',
      '2026-11-03T10:10:00Z default',
      '2026-11-03T10:10:00Z eu',
      '2026-11-03T10:05:00Z default',
      '2026-11-03T10:05:00Z eu',
      '2026-11-03T10:00:00Z default',
      '2026-11-03T10:00:00Z eu',
    ]);
    // Each page reads at most limit + 2 runs per installation.
    expect(Math.max(...sources.flatMap((source) => source.limits))).toBe(4);
  });

  it('gives no cursor when the page holds the last run', async () => {
    const page = await listRuns([storeOf('default', times)], 3);
    expect([page.runs.length, page.next]).toEqual([3, undefined]);
    expect((await listRuns([storeOf('default', [])], 3)).runs).toEqual([]);
  });
});
