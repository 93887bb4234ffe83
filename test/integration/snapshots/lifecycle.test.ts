import type { LocalStack } from '../../../local/stack';
import { MemoryLogger } from '../../../shared/logging';
import { startTestStack } from '../../support/localStack';
import { segmentAt, SnapshotHarness, stateOfSegment } from '../../support/snapshotHarness';
import { createBody, OWNER_A, OWNER_B, PLAN_LARGE, PLAN_SMALL, SNAPSHOT_FIXTURES } from './fixtures';

interface CreatedServer {
  data: { id: number; ip_addresses: { ipv4: { id: number; is_primary: boolean }[] } };
}

describe('snapshot-servers: a server through its whole life', () => {
  let stack: LocalStack;
  let h: SnapshotHarness;

  beforeAll(async () => {
    stack = await startTestStack({ logger: new MemoryLogger() });
    h = new SnapshotHarness(stack);
  }, 60_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('records create, resize, suspend, resume, backups, IP add and remove, owner move and delete as dated segments', async () => {
    await h.sim.reset(SNAPSHOT_FIXTURES);
    const runs: string[] = [];
    const listedAt = new Map<string, Awaited<ReturnType<SnapshotHarness['listedStates']>>>();
    /** Moves the clock, applies a change, then runs a snapshot five minutes later. */
    const step = async (clock: string, change: () => Promise<unknown>, run: string): Promise<void> => {
      await h.sim.setClock(clock);
      await change();
      await h.sim.setClock(run);
      const record = await h.snapshot(run);
      expect(record).toMatchObject({ time: run, complete: true, suspect: false });
      runs.push(run);
      listedAt.set(run, await h.listedStates());
    };

    let serverId = 0;
    let ipId = 0;
    await step('2026-11-03T10:00:00.000Z', async () => {
      serverId = (await h.api<CreatedServer>('POST', 'servers', createBody('web1.example.test'))).data.id;
    }, '2026-11-03T10:05:00.000Z');
    await step('2026-11-03T10:20:00.000Z', () => h.api('POST', `servers/${serverId}/resize`, { plan_id: 2 }), '2026-11-03T10:25:00.000Z');
    await step('2026-11-03T10:40:00.000Z', () => h.api('POST', `servers/${serverId}/suspend`), '2026-11-03T10:45:00.000Z');
    await step('2026-11-03T11:00:00.000Z', () => h.api('POST', `servers/${serverId}/resume`), '2026-11-03T11:05:00.000Z');
    await step('2026-11-03T11:20:00.000Z', () => h.api('PATCH', `servers/${serverId}`, { backup_settings: { enabled: true } }), '2026-11-03T11:25:00.000Z');
    await step('2026-11-03T11:40:00.000Z', async () => {
      const server = await h.api<CreatedServer>('POST', `servers/${serverId}/ips`, {});
      ipId = (server.data.ip_addresses?.ipv4 ?? []).find((ip) => !ip.is_primary)?.id ?? 0;
    }, '2026-11-03T11:45:00.000Z');
    if (ipId === 0) {
      const listed = await h.api<CreatedServer>('GET', `servers/${serverId}`);
      ipId = listed.data.ip_addresses.ipv4.find((ip) => !ip.is_primary)?.id ?? 0;
    }
    await step('2026-11-03T12:00:00.000Z', () => h.api('DELETE', `servers/${serverId}/ips/${ipId}`), '2026-11-03T12:05:00.000Z');
    await step('2026-11-03T12:20:00.000Z', () => h.control('PATCH', `servers/${serverId}`, { user: 2 }), '2026-11-03T12:25:00.000Z');
    await step('2026-11-03T12:40:00.000Z', () => h.api('DELETE', `servers/${serverId}`), '2026-11-03T12:45:00.000Z');

    const segments = await h.segments(serverId, '2026-11');
    const base = { owner: OWNER_A, plan: PLAN_SMALL, backupsEnabled: false, suspended: false, additionalIpCount: 0 };
    expect(segments.map((segment) => ({ ...segment }))).toEqual([
      { ...base, start: '2026-11-03T10:00:00.000Z', startBy: 'created_at', startRun: '2026-11-03T10:05:00.000Z', end: '2026-11-03T10:25:00.000Z', endBy: 'run', endRun: '2026-11-03T10:25:00.000Z' },
      { ...base, plan: PLAN_LARGE, start: '2026-11-03T10:25:00.000Z', startBy: 'run', startRun: '2026-11-03T10:25:00.000Z', end: '2026-11-03T10:45:00.000Z', endBy: 'run', endRun: '2026-11-03T10:45:00.000Z' },
      { ...base, plan: PLAN_LARGE, suspended: true, start: '2026-11-03T10:45:00.000Z', startBy: 'run', startRun: '2026-11-03T10:45:00.000Z', end: '2026-11-03T11:05:00.000Z', endBy: 'run', endRun: '2026-11-03T11:05:00.000Z' },
      { ...base, plan: PLAN_LARGE, start: '2026-11-03T11:05:00.000Z', startBy: 'run', startRun: '2026-11-03T11:05:00.000Z', end: '2026-11-03T11:25:00.000Z', endBy: 'run', endRun: '2026-11-03T11:25:00.000Z' },
      { ...base, plan: PLAN_LARGE, backupsEnabled: true, start: '2026-11-03T11:25:00.000Z', startBy: 'run', startRun: '2026-11-03T11:25:00.000Z', end: '2026-11-03T11:40:00.000Z', endBy: 'activity_log', endRun: '2026-11-03T11:45:00.000Z' },
      { ...base, plan: PLAN_LARGE, backupsEnabled: true, additionalIpCount: 1, start: '2026-11-03T11:40:00.000Z', startBy: 'activity_log', startRun: '2026-11-03T11:45:00.000Z', end: '2026-11-03T12:00:00.000Z', endBy: 'activity_log', endRun: '2026-11-03T12:05:00.000Z' },
      { ...base, plan: PLAN_LARGE, backupsEnabled: true, start: '2026-11-03T12:00:00.000Z', startBy: 'activity_log', startRun: '2026-11-03T12:05:00.000Z', end: '2026-11-03T12:25:00.000Z', endBy: 'run', endRun: '2026-11-03T12:25:00.000Z' },
      { ...base, owner: OWNER_B, plan: PLAN_LARGE, backupsEnabled: true, start: '2026-11-03T12:25:00.000Z', startBy: 'run', startRun: '2026-11-03T12:25:00.000Z', end: '2026-11-03T12:40:00.000Z', endBy: 'activity_log', endRun: '2026-11-03T12:45:00.000Z' },
    ]);

    // The billing-relevant state as of every stored run, rebuilt from the items, is what SolusIO listed then.
    for (const run of runs) {
      const listed = listedAt.get(run) as Map<number, unknown>;
      const segment = segmentAt(segments, run);
      if (listed.has(serverId)) expect([run, segment && stateOfSegment(segment)]).toEqual([run, listed.get(serverId)]);
      else expect([run, segment]).toEqual([run, undefined]);
      expect(await h.storedRun(run)).toMatchObject({ time: run, complete: true });
    }
  }, 60_000);
});
