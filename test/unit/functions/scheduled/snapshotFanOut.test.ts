import type { InstallationSnapshots } from '../../../../functions/lib/deps/snapshots';
import { localObservability } from '../../../../functions/lib/observability';
import { makeSnapshotBackupsHandler } from '../../../../functions/scheduled/snapshotBackups';
import { makeSnapshotServersHandler } from '../../../../functions/scheduled/snapshotServers';
import { MemoryLogger } from '../../../../shared/logging';
import type { ServersRunRecord } from '../../../../shared/snapshots';

const TIME = '2026-11-03T10:05:00.000Z';

function record(serversSeen: number): ServersRunRecord {
  return { kind: 'servers', time: TIME, complete: true, serversSeen, changes: 0 } as unknown as ServersRunRecord;
}

/** Snapshot deps whose snapshotters are fakes: each installation answers `runs[id]` (or throws it). */
function fakeDeps(runs: Record<string, ServersRunRecord | Error>) {
  const calls: string[] = [];
  const ids = Object.keys(runs);
  const run = (id: string) => async () => {
    calls.push(id);
    const result = runs[id];
    if (result instanceof Error) throw result;
    return result;
  };
  const of = (id: string) => ({ installation: id, serverSnapshotter: { run: run(id) }, backupSnapshotter: { run: run(id) } }) as unknown as InstallationSnapshots;
  const logger = new MemoryLogger();
  const observability = localObservability(logger);
  return { deps: { installationSnapshots: { ids, of }, observability }, calls, logger, observability };
}

describe('snapshot handlers over installations', () => {
  it('answers the run record unchanged when one installation is configured and none named', async () => {
    const { deps } = fakeDeps({ default: record(3) });

    const answer = await makeSnapshotServersHandler(deps)({ time: TIME });

    expect(answer).toEqual(record(3));
  });

  it('runs each of several and answers { time, installations }, one that fails leaving the others their run', async () => {
    const { deps, calls, logger } = fakeDeps({ eu: new Error('SolusIO token unreadable'), us: record(2), ap: record(4) });

    const answer = await makeSnapshotServersHandler(deps)({ time: '2026-11-03T10:05:00Z' });

    expect(calls).toEqual(['eu', 'us', 'ap']);
    expect(answer).toEqual({
      time: TIME,
      installations: [
        { installation: 'eu', error: 'Error: SolusIO token unreadable' },
        { installation: 'us', ...record(2) },
        { installation: 'ap', ...record(4) },
      ],
    });
    expect(logger.entries).toContainEqual(expect.objectContaining({ level: 'error', details: expect.objectContaining({ installation: 'eu' }) }));
  });

  it('runs only the installation named, answering its record with the installation', async () => {
    const { deps, calls } = fakeDeps({ eu: record(1), us: record(2) });

    const answer = await makeSnapshotBackupsHandler(deps)({ time: TIME, installation: 'us' });

    expect(calls).toEqual(['us']);
    expect(answer).toEqual({ ...record(2), installation: 'us' });
  });

  it('throws when the only installation fails (the schedule retries it)', async () => {
    const { deps } = fakeDeps({ eu: new Error('down') });

    await expect(makeSnapshotServersHandler(deps)({ time: TIME })).rejects.toThrow('down');
  });

  it('refuses an installation not configured or not a slug, running nothing', async () => {
    const { deps, calls } = fakeDeps({ eu: record(1), us: record(2) });
    const handler = makeSnapshotServersHandler(deps);

    await expect(handler({ time: TIME, installation: 'ap' })).rejects.toMatchObject({ statusCode: 400, code: 'unknown_installation' });
    await expect(handler({ time: TIME, installation: 'EU' })).rejects.toMatchObject({ statusCode: 400, code: 'invalid_event' });
    expect(calls).toEqual([]);
  });

  it('records the run metrics dimension-less and per Installation', async () => {
    const { deps, observability } = fakeDeps({ eu: record(3), us: record(2) });

    await makeSnapshotServersHandler(deps)({ time: TIME });

    const documents = observability.recordedMetrics.published;
    expect(documents.filter((document) => document['Installation'] === 'eu')).toContainEqual(expect.objectContaining({ ServersSeen: 3 }));
    expect(documents.filter((document) => document['Installation'] === 'us')).toContainEqual(expect.objectContaining({ ServersSeen: 2 }));
    const dimensionless = documents.find((document) => !('Installation' in document) && 'ServersSeen' in document);
    expect(dimensionless?.['ServersSeen']).toEqual([3, 2]);
    expect(JSON.stringify(documents.filter((document) => document['Installation'] === 'us'))).toContain('"Dimensions":[["Installation"]]');
  });
});
