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

  it('rebuilds, from the stored items, the state SolusIO listed at every run of a seeded random sequence of changes', async () => {
    await fetch(`${stack.apiUrl}/_local/reset`, { method: 'POST' });
    await h.sim.reset({ ...SNAPSHOT_FIXTURES, servers: [] });
    // A small deterministic generator (mulberry32), so a failure replays.
    let seed = 20261103;
    const random = (): number => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const pick = <T,>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
    const live = new Set<number>();
    const runs: { time: string; listed: Map<number, unknown> }[] = [];
    const start = Date.parse('2026-11-03T10:00:00.000Z');
    for (let step = 0; step < 24; step += 1) {
      await h.sim.setClock(new Date(start + step * 300_000 + 60_000).toISOString());
      for (let change = 0; change < 2; change += 1) {
        const id = live.size > 0 ? pick([...live]) : 0;
        const action = live.size < 3 ? 'create' : pick(['create', 'delete', 'suspend', 'resume', 'resize', 'backups', 'ipAdd', 'ipRemove', 'owner']);
        if (action === 'create') {
          const created = await h.api<CreatedServer>('POST', 'servers', createBody(`r${step}-${change}.example.test`, { plan: pick([1, 2]), user: pick([1, 2, 3]) }));
          live.add(created.data.id);
        } else if (action === 'delete') {
          await h.api('DELETE', `servers/${id}`);
          live.delete(id);
        } else if (action === 'suspend' || action === 'resume') await h.api('POST', `servers/${id}/${action}`);
        else if (action === 'resize') await h.api('POST', `servers/${id}/resize`, { plan_id: pick([1, 2]) });
        else if (action === 'backups') await h.api('PATCH', `servers/${id}`, { backup_settings: { enabled: random() < 0.5 } });
        else if (action === 'ipAdd') await h.api('POST', `servers/${id}/ips`, {});
        else if (action === 'ipRemove') {
          const server = await h.api<CreatedServer>('GET', `servers/${id}`);
          const extra = server.data.ip_addresses.ipv4.find((ip) => !ip.is_primary);
          if (extra) await h.api('DELETE', `servers/${id}/ips/${extra.id}`);
        } else await h.control('PATCH', `servers/${id}`, { user: pick([1, 2, 3]) });
      }
      const time = new Date(start + (step + 1) * 300_000).toISOString();
      await h.sim.setClock(time);
      expect(await h.snapshot(time)).toMatchObject({ complete: true });
      runs.push({ time, listed: await h.listedStates() });
    }
    const everyId = new Set(runs.flatMap((run) => [...run.listed.keys()]));
    for (const id of everyId) {
      const segments = await h.segments(id, '2026-11');
      for (const run of runs) {
        const segment = segmentAt(segments, run.time);
        expect([id, run.time, segment ? stateOfSegment(segment) : undefined]).toEqual([id, run.time, run.listed.get(id)]);
      }
    }
    expect(everyId.size).toBeGreaterThan(5);
  }, 120_000);
});

