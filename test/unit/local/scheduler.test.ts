import { startSchedules } from '../../../local/scheduler';
import { SCHEDULE_DEFINITIONS } from '../../../shared/schedules';

describe('startSchedules', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  function fakeHandlers(calls: { name: string; event: unknown }[], run: () => Promise<unknown> = async () => ({})) {
    const handler = (name: string) => async (event: unknown) => {
      calls.push({ name, event });
      return run();
    };
    return {
      'snapshot-servers': handler('snapshot-servers'),
      'snapshot-backups': handler('snapshot-backups'),
      'aggregate-usage': handler('aggregate-usage'),
      'close-period': handler('close-period'),
      'retry-pushes': handler('retry-pushes'),
    };
  }

  it('fires each job at its rate with the stack clock as the event time', async () => {
    const calls: { name: string; event: unknown }[] = [];
    const stop = startSchedules(fakeHandlers(calls), () => new Date('2026-11-03T10:00:00Z'), { log: () => undefined });
    await jest.advanceTimersByTimeAsync(60 * 60_000);
    stop();
    const snapshots = calls.filter((call) => call.name === 'snapshot-servers');
    expect(snapshots).toHaveLength(60 / 5);
    expect(snapshots[0]?.event).toEqual({ time: '2026-11-03T10:00:00.000Z' });
    expect(calls.filter((call) => call.name === 'aggregate-usage')).toHaveLength(1);
    expect(calls.filter((call) => call.name === 'retry-pushes')).toEqual([{ name: 'retry-pushes', event: { time: '2026-11-03T10:00:00.000Z' } }]);
    expect(calls.filter((call) => call.name === 'snapshot-backups')).toHaveLength(0);
  });

  it('does not start a job again while its previous run is still going', async () => {
    const calls: { name: string; event: unknown }[] = [];
    const never = new Promise<unknown>(() => undefined);
    const stop = startSchedules(fakeHandlers(calls, () => never), () => new Date('2026-11-03T10:00:00Z'), { log: () => undefined });
    await jest.advanceTimersByTimeAsync(30 * 60_000);
    stop();
    expect(calls.filter((call) => call.name === 'snapshot-servers')).toHaveLength(1);
  });

  it('logs a failed run instead of crashing the stack', async () => {
    const lines: string[] = [];
    const stop = startSchedules(fakeHandlers([], () => Promise.reject(new Error('SolusIO down'))), () => new Date('2026-11-03T10:00:00Z'), {
      log: (line) => lines.push(line),
    });
    await jest.advanceTimersByTimeAsync(5 * 60_000);
    stop();
    expect(lines).toContain('schedule snapshot-servers at 2026-11-03T10:00:00.000Z: SolusIO down');
  });

  it('stops every timer', async () => {
    const calls: { name: string; event: unknown }[] = [];
    const stop = startSchedules(fakeHandlers(calls), () => new Date('2026-11-03T10:00:00Z'), { log: () => undefined });
    stop();
    await jest.advanceTimersByTimeAsync(Math.max(...SCHEDULE_DEFINITIONS.map((d) => d.everyMinutes)) * 60_000);
    expect(calls).toHaveLength(0);
  });
});
