import type { LocalStack } from '../../../local/stack';
import { MemoryLogger } from '../../../shared/logging';
import { bearer, requestJson, startTestStack, TEST_ADMIN_KEY } from '../../support/localStack';
import { SnapshotHarness } from '../../support/snapshotHarness';
import { fleet, OWNER_A, PLAN_SMALL, SNAPSHOT_FIXTURES } from './fixtures';

const T0 = '2026-11-03T10:00:00.000Z';

describe('snapshot-servers: dating, months, gaps and the audit read', () => {
  let stack: LocalStack;
  let h: SnapshotHarness;
  let logger: MemoryLogger;

  beforeAll(async () => {
    logger = new MemoryLogger();
    stack = await startTestStack({ logger });
    h = new SnapshotHarness(stack);
  }, 60_000);

  afterAll(async () => {
    await stack?.stop();
  });

  beforeEach(async () => {
    await fetch(`${stack.apiUrl}/_local/reset`, { method: 'POST' });
    logger.entries.length = 0;
  });

  it('dates a change by the bridge\'s own API call when one is recorded', async () => {
    await h.sim.reset({ ...SNAPSHOT_FIXTURES, servers: fleet(2, T0) });
    await h.sim.setClock('2026-11-03T10:05:00.000Z');
    await h.snapshot('2026-11-03T10:05:00.000Z');
    // What the provisioning API will do: record its call's exact time, then act on SolusIO.
    await h.store.recordApiChange(1, { at: '2026-11-03T10:07:30.000Z', field: 'suspended', value: true });
    await h.api('POST', 'servers/1/suspend');
    await h.store.recordApiChange(2, { at: '2026-11-03T10:08:00.000Z', field: 'deleted', value: true });
    await h.api('DELETE', 'servers/2');
    await h.sim.setClock('2026-11-03T10:10:00.000Z');
    await h.snapshot('2026-11-03T10:10:00.000Z');
    expect(await h.segments(1, '2026-11')).toEqual([
      expect.objectContaining({ start: T0, end: '2026-11-03T10:07:30.000Z', endBy: 'api', suspended: false }),
      expect.objectContaining({ start: '2026-11-03T10:07:30.000Z', startBy: 'api', suspended: true }),
    ]);
    // The delete request's log entry (10:05, the simulator's clock) is earlier than the API record: the earlier exact time wins.
    expect(await h.segments(2, '2026-11')).toEqual([expect.objectContaining({ start: T0, end: '2026-11-03T10:05:00.000Z', endBy: 'activity_log' })]);
  }, 60_000);

  it('gives every present server its item at the first run of a month, and carries the open segment over', async () => {
    await h.sim.reset({ ...SNAPSHOT_FIXTURES, servers: fleet(3, '2026-11-20T00:00:00Z') });
    await h.sim.setClock('2026-11-30T23:55:00.000Z');
    await h.snapshot('2026-11-30T23:55:00.000Z');
    // Deleted just before midnight, seen at the first run of December.
    await h.sim.setClock('2026-11-30T23:58:00.000Z');
    await h.api('DELETE', 'servers/3');
    await h.sim.setClock('2026-12-01T00:00:00.000Z');
    expect(await h.snapshot('2026-12-01T00:00:00.000Z')).toMatchObject({ complete: true, changes: 1 });
    for (const id of [1, 2]) {
      expect(await h.segments(id, '2026-11')).toEqual([expect.objectContaining({ start: '2026-11-20T00:00:00.000Z', startBy: 'created_at' })]);
      expect(await h.segments(id, '2026-12')).toEqual([
        expect.not.objectContaining({ end: expect.anything() }),
      ]);
      expect(await h.segments(id, '2026-12')).toEqual([expect.objectContaining({ start: '2026-12-01T00:00:00.000Z', startBy: 'period_start' })]);
    }
    expect(await h.segments(3, '2026-11')).toEqual([expect.objectContaining({ end: '2026-11-30T23:58:00.000Z', endBy: 'activity_log' })]);
    expect(await h.store.getServerMonth(3, '2026-12')).toBeUndefined();
  }, 60_000);

  it('carries a server into a month whose item so far holds only an API change recorded before the month\'s first run', async () => {
    await h.sim.reset({ ...SNAPSHOT_FIXTURES, servers: fleet(2, '2026-11-20T00:00:00Z') });
    await h.sim.setClock('2026-11-30T23:55:00.000Z');
    await h.snapshot('2026-11-30T23:55:00.000Z');
    // The billing system suspends server 1 just after midnight; SolusIO applies it only after the first December run.
    await h.store.recordApiChange(1, { at: '2026-12-01T00:00:30.000Z', field: 'suspended', value: true });
    await h.sim.setClock('2026-12-01T00:05:00.000Z');
    expect(await h.snapshot('2026-12-01T00:05:00.000Z')).toMatchObject({ complete: true, changes: 0 });
    await h.api('POST', 'servers/1/suspend');
    await h.sim.setClock('2026-12-01T00:10:00.000Z');
    expect(await h.snapshot('2026-12-01T00:10:00.000Z')).toMatchObject({ complete: true, changes: 1 });
    expect(await h.segments(1, '2026-12')).toEqual([
      expect.objectContaining({ start: '2026-12-01T00:00:00.000Z', startBy: 'period_start', end: '2026-12-01T00:00:30.000Z', endBy: 'api', suspended: false }),
      expect.objectContaining({ start: '2026-12-01T00:00:30.000Z', startBy: 'api', suspended: true }),
    ]);
    expect(await h.segments(2, '2026-12')).toEqual([expect.objectContaining({ start: '2026-12-01T00:00:00.000Z', startBy: 'period_start' })]);
  }, 60_000);

  it('records a gap when two complete runs are further apart than 15 minutes, strictly', async () => {
    await h.sim.reset({ ...SNAPSHOT_FIXTURES, servers: fleet(1, T0) });
    await h.sim.setClock('2026-11-03T10:05:00.000Z');
    await h.snapshot('2026-11-03T10:05:00.000Z');
    await h.sim.setClock('2026-11-03T10:20:00.000Z');
    expect((await h.snapshot('2026-11-03T10:20:00.000Z')).gapFrom).toBeUndefined();
    await h.sim.setClock('2026-11-03T10:35:01.000Z');
    expect(await h.snapshot('2026-11-03T10:35:01.000Z')).toMatchObject({ gapFrom: '2026-11-03T10:20:00.000Z' });
    expect(await h.store.gapsOverlapping('servers', '2026-11-01T00:00:00.000Z', '2026-12-01T00:00:00.000Z')).toEqual([
      { from: '2026-11-03T10:20:00.000Z', to: '2026-11-03T10:35:01.000Z', minutes: 15 + 1 / 60 },
    ]);
    expect(logger.entries).toContainEqual(expect.objectContaining({ level: 'warn', message: expect.stringContaining('gap') }));
  }, 60_000);

  it('answers the audit read: segments with how each boundary was dated, the runs behind them, gaps and backups', async () => {
    await h.sim.reset({ ...SNAPSHOT_FIXTURES, servers: [{ id: 1, plan: 1, user: 1, created_at: T0, backup_settings: { enabled: true } }], backups: [{ id: 11, server: 1, size: 2.5 }] });
    await h.sim.setClock('2026-11-03T10:05:00.000Z');
    await h.snapshot('2026-11-03T10:05:00.000Z');
    await h.api('POST', 'servers/1/suspend');
    await h.sim.setClock('2026-11-03T10:10:00.000Z');
    await h.snapshot('2026-11-03T10:10:00.000Z');
    expect((await h.invoke('snapshot-backups', { time: '2026-11-04T00:00:00Z' })).json).toMatchObject({ complete: true, serversVisited: 1, backupsSeen: 1, changes: 1 });

    const url = `${stack.apiUrl}/v1/servers/1/history?period=2026-11`;
    const reply = await requestJson(url, { headers: bearer(TEST_ADMIN_KEY) });
    expect(reply.status).toBe(200);
    expect(reply.json).toEqual({
      installation: 'default',
      serverId: 1,
      period: '2026-11',
      segments: [
        {
          start: T0,
          end: '2026-11-03T10:10:00.000Z',
          startBy: 'created_at',
          endBy: 'run',
          startRun: '2026-11-03T10:05:00.000Z',
          endRun: '2026-11-03T10:10:00.000Z',
          owner: OWNER_A,
          customer: '1001',
          plan: PLAN_SMALL,
          backupsEnabled: true,
          suspended: false,
          additionalIpCount: 0,
        },
        {
          start: '2026-11-03T10:10:00.000Z',
          end: null,
          startBy: 'run',
          endBy: null,
          startRun: '2026-11-03T10:10:00.000Z',
          endRun: null,
          owner: OWNER_A,
          customer: '1001',
          plan: PLAN_SMALL,
          backupsEnabled: true,
          suspended: true,
          additionalIpCount: 0,
        },
      ],
      runs: [
        { time: '2026-11-03T10:05:00.000Z', complete: true, suspect: false, changes: 1 },
        { time: '2026-11-03T10:10:00.000Z', complete: true, suspect: false, changes: 1 },
      ],
      gaps: [],
      backups: [expect.objectContaining({ serverId: 1, backupId: 11, status: 'created', size: 2.5, firstSeenRun: '2026-11-04T00:00:00.000Z' })],
    });

    expect((await requestJson(url)).status).toBe(401);
    expect(await requestJson(`${stack.apiUrl}/v1/servers/1/history?period=2026-13`, { headers: bearer(TEST_ADMIN_KEY) })).toMatchObject({
      status: 400,
      json: { error: { code: 'invalid_period', message: expect.stringContaining('period') } },
    });
    expect((await requestJson(`${stack.apiUrl}/v1/servers/abc/history?period=2026-11`, { headers: bearer(TEST_ADMIN_KEY) })).status).toBe(400);
    expect((await requestJson(`${stack.apiUrl}/v1/servers/1/history`, { headers: bearer(TEST_ADMIN_KEY) })).status).toBe(400);
    expect(await requestJson(`${stack.apiUrl}/v1/servers/99/history?period=2026-11`, { headers: bearer(TEST_ADMIN_KEY) })).toMatchObject({
      status: 404,
      json: { error: { code: 'not_found' } },
    });
  }, 60_000);

  it('writes a backup when first seen and when its status or size changes, and marks it deleted when a complete run no longer lists it', async () => {
    await h.sim.reset({
      ...SNAPSHOT_FIXTURES,
      servers: [
        { id: 1, plan: 1, user: 1, created_at: T0, backup_settings: { enabled: true } },
        { id: 2, plan: 1, user: 1, created_at: T0 },
      ],
      backups: [
        { id: 11, server: 1, size: 2.5 },
        { id: 12, server: 1, status: 'in_progress' },
        { id: 21, server: 2, size: 1 },
      ],
    });
    await h.sim.setClock('2026-11-03T10:05:00.000Z');
    await h.snapshot('2026-11-03T10:05:00.000Z');
    const first = await h.invoke('snapshot-backups', { time: '2026-11-04T00:00:00Z' });
    // Only the server with backups enabled is visited.
    expect(first.json).toMatchObject({ kind: 'backups', complete: true, serversVisited: 1, backupsSeen: 2, changes: 2 });
    const unchanged = await h.invoke('snapshot-backups', { time: '2026-11-05T00:00:00Z' });
    expect(unchanged.json).toMatchObject({ complete: true, changes: 0 });
    await h.sim.reset({
      ...SNAPSHOT_FIXTURES,
      servers: [{ id: 1, plan: 1, user: 1, created_at: T0, backup_settings: { enabled: true } }],
      backups: [{ id: 12, server: 1, size: 3 }],
    });
    const later = await h.invoke('snapshot-backups', { time: '2026-11-06T00:00:00Z' });
    expect(later.json).toMatchObject({ complete: true, changes: 2 });
    const stored = await new (await import('../../../shared/backups')).DynamoBackupStore(stack.db, stack.tableName).listForServer(1);
    expect(stored).toEqual([
      expect.objectContaining({ backupId: 11, status: 'created', deletedRun: '2026-11-06T00:00:00.000Z' }),
      expect.objectContaining({ backupId: 12, status: 'created', size: 3, firstSeenRun: '2026-11-04T00:00:00.000Z', changedRun: '2026-11-06T00:00:00.000Z' }),
    ]);
    // A failing list makes the run partial, and a partial run marks nothing deleted.
    await h.control('POST', 'faults', { rules: [{ method: 'GET', path: '/api/v1/servers/1/backups', status: 500 }] });
    const partial = await h.invoke('snapshot-backups', { time: '2026-11-07T00:00:00Z' });
    expect(partial.json).toMatchObject({ complete: false, changes: 0 });
    await h.control('DELETE', 'faults');
  }, 60_000);
});
