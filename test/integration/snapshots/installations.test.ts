import { makeConfirmDeletionsHandler } from '../../../functions/http/confirmDeletions';
import { makeServerHistoryHandler } from '../../../functions/http/serverHistory';
import { buildDeps, type BridgeDeps } from '../../../functions/lib/deps';
import { localObservability, type LocalObservability } from '../../../functions/lib/observability';
import { makeSnapshotServersHandler } from '../../../functions/scheduled/snapshotServers';
import { buildApiGatewayEvent, localLambdaContext } from '../../../local/adapter/apiGatewayEvent';
import { startSimulator, type RunningSimulator } from '../../../local/simulator';
import type { LocalStack } from '../../../local/stack';
import { parseConfig } from '../../../shared/config';
import { MemoryLogger } from '../../../shared/logging';
import { serversRunRecordSchema } from '../../../shared/snapshots';
import { keys } from '../../../shared/storage/keys';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { startTestStack, TEST_ADMIN_KEY } from '../../support/localStack';
import { SnapshotHarness } from '../../support/snapshotHarness';
import { SimClient } from '../simulator/helpers';
import { fleet, SNAPSHOT_FIXTURES } from './fixtures';

const T0 = '2026-11-03T10:00:00.000Z';
// Ten minutes apart: within the 15-minute gap tolerance, so only an installation that misses runs has a gap.
const RUNS = ['2026-11-03T10:05:00.000Z', '2026-11-03T10:15:00.000Z', '2026-11-03T10:25:00.000Z', '2026-11-03T10:35:00.000Z', '2026-11-03T10:45:00.000Z', '2026-11-03T10:55:00.000Z'] as const;
const MONTH = { from: '2026-11-01T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z' };
const ALL_SERVER_PAGES_FAIL = { rules: [{ method: 'GET', path: '/api/v1/servers', status: 500 }] };

interface MultiRun {
  time: string;
  installations: { installation: string; complete?: boolean; serversSeen?: number; gapFrom?: string; error?: string }[];
}

describe('snapshots of two SolusIO installations in one table', () => {
  let stack: LocalStack;
  let h: SnapshotHarness;
  let second: RunningSimulator;
  let secondSim: SimClient;
  const built: BridgeDeps[] = [];

  beforeAll(async () => {
    stack = await startTestStack({ logger: new MemoryLogger() });
    h = new SnapshotHarness(stack);
    second = await startSimulator(0, { seed: 'empty', pageSize: 2, token: 'us-token' });
    secondSim = new SimClient(second, 'us-token');
  }, 60_000);

  afterAll(async () => {
    await second?.close();
    await stack?.stop();
  });

  afterEach(() => {
    for (const deps of built.splice(0)) deps.db.destroy();
  });

  beforeEach(async () => {
    const reply = await fetch(`${stack.apiUrl}/_local/reset`, { method: 'POST' });
    if (reply.status !== 200) throw new Error(`reset: ${reply.status}`);
    for (const sim of [h.sim, secondSim]) {
      await sim.control('DELETE', 'faults');
      await sim.reset({ ...SNAPSHOT_FIXTURES, servers: fleet(sim === h.sim ? 3 : 2, T0) });
    }
  });

  /** Handler deps over the stack's table for the installations given (the stack's simulator and the second one). */
  function multiDeps(ids: readonly [string, string]): { deps: BridgeDeps; observability: LocalObservability } {
    const config = parseConfig({
      TABLE_NAME: stack.tableName,
      DYNAMODB_ENDPOINT: stack.dynamoDbEndpoint,
      SOLUSIO_INSTALLATIONS: JSON.stringify([
        { id: ids[0], url: `${stack.simulatorUrl}/api/v1`, token: 'local-simulator-token' },
        { id: ids[1], url: `${second.url}/api/v1`, token: 'us-token' },
      ]),
    });
    const observability = localObservability(new MemoryLogger());
    const deps = buildDeps(config, { observability, tuning: { solusioRequestTimeoutMs: 2_000 } });
    built.push(deps);
    return { deps, observability };
  }

  async function setClocks(time: string): Promise<void> {
    await h.sim.setClock(time);
    await secondSim.setClock(time);
  }

  async function http(handler: ReturnType<typeof makeServerHistoryHandler>, method: string, path: string, query: string, pathParameters: Record<string, string>, routeKey: string) {
    const event = buildApiGatewayEvent(
      { method, path, rawQueryString: query, headers: { authorization: `Bearer ${TEST_ADMIN_KEY}` }, body: '', sourceIp: '127.0.0.1', httpVersion: '1.1' },
      { routeKey, pathParameters },
      Date.parse(RUNS[5]),
    );
    const response = await handler(event, localLambdaContext('test'));
    return { status: response.statusCode, json: JSON.parse(String(response.body)) as Record<string, unknown> };
  }

  it('keeps each installation\'s runs, observed state, first complete run and gaps its own: one down is a partial run and a gap there only', async () => {
    // Prepare
    const { deps, observability } = multiDeps(['eu', 'us']);
    const snapshot = makeSnapshotServersHandler(deps);
    const run = async (time: string, usDown: boolean): Promise<MultiRun> => {
      await setClocks(time);
      if (usDown) await secondSim.control('POST', 'faults', ALL_SERVER_PAGES_FAIL);
      else await secondSim.control('DELETE', 'faults');
      return (await snapshot({ time })) as MultiRun;
    };

    // Act: us is down at the first run, up at the second, down for the third and fourth, up again
    const answers = [];
    for (const [index, time] of RUNS.slice(0, 5).entries()) answers.push(await run(time, index === 0 || index === 2 || index === 3));

    // Assess: the multi answer, one entry per installation in configuration order
    expect(answers[0]).toEqual({ time: RUNS[0], installations: [expect.objectContaining({ installation: 'eu', complete: true, serversSeen: 3 }), expect.objectContaining({ installation: 'us', complete: false })] });
    expect(answers[1]?.installations.map((entry) => [entry.installation, entry.complete])).toEqual([['eu', true], ['us', true]]);
    expect(answers[4]?.installations[1]).toMatchObject({ installation: 'us', complete: true, gapFrom: RUNS[1] });
    expect(answers.flatMap((answer) => answer.installations).filter((entry) => entry.installation === 'eu' && (entry.gapFrom !== undefined || entry.complete !== true))).toEqual([]);
    // Each installation's first complete run (its default billingStart) is its own
    const eu = deps.installationSnapshots.of('eu');
    const us = deps.installationSnapshots.of('us');
    expect((await eu.snapshotStore.readObserved()).firstCompleteRun).toBe(RUNS[0]);
    expect((await us.snapshotStore.readObserved()).firstCompleteRun).toBe(RUNS[1]);
    // Runs and the latest-complete pointer per installation; the gap only where the outage was
    expect((await us.runs.getRun('servers', RUNS[2], serversRunRecordSchema))?.record.complete).toBe(false);
    expect((await eu.runs.getRun('servers', RUNS[2], serversRunRecordSchema))?.record.complete).toBe(true);
    expect(await eu.snapshotStore.gapsOverlapping('servers', MONTH.from, MONTH.to)).toEqual([]);
    expect(await us.snapshotStore.gapsOverlapping('servers', MONTH.from, MONTH.to)).toEqual([{ from: RUNS[1], to: RUNS[4], minutes: 30 }]);
    // The same server ids in both, each with its own months; server 3 exists in eu only
    expect((await eu.snapshotStore.listServerMonths('2026-11')).map((month) => month.serverId)).toEqual([1, 2, 3]);
    expect((await us.snapshotStore.listServerMonths('2026-11')).map((month) => month.serverId)).toEqual([1, 2]);
    // Nothing under the default installation's keys
    expect(await h.runs.newestRun('servers', serversRunRecordSchema)).toBeUndefined();
    // The snapshot metrics name the installation
    const usCompleteRuns = observability.recordedMetrics.published.filter((document) => document['Installation'] === 'us' && 'CompleteRuns' in document);
    expect(usCompleteRuns).toHaveLength(2);
  }, 120_000);

  it('runs only the installation an event names, and refuses one not configured', async () => {
    // Prepare
    const { deps } = multiDeps(['eu', 'us']);
    const snapshot = makeSnapshotServersHandler(deps);
    await setClocks(RUNS[0]);

    // Act
    const answer = await snapshot({ time: RUNS[0], installation: 'us' });

    // Assess
    expect(answer).toMatchObject({ installation: 'us', time: RUNS[0], complete: true, serversSeen: 2 });
    expect(await deps.installationSnapshots.of('eu').runs.newestRun('servers', serversRunRecordSchema)).toBeUndefined();
    await expect(snapshot({ time: RUNS[0], installation: 'ap' })).rejects.toMatchObject({ statusCode: 400, code: 'unknown_installation' });
    await expect(snapshot({ time: RUNS[0], installation: 'Not A Slug' })).rejects.toMatchObject({ statusCode: 400, code: 'invalid_event' });
  }, 60_000);

  it('answers history and confirm-deletions for the installation named, and 400 installation_required without one', async () => {
    // Prepare: a run of us only
    const { deps } = multiDeps(['eu', 'us']);
    await setClocks(RUNS[0]);
    await makeSnapshotServersHandler(deps)({ time: RUNS[0], installation: 'us' });
    const history = makeServerHistoryHandler(deps);
    const confirm = makeConfirmDeletionsHandler(deps);
    const historyOf = (query: string) => http(history, 'GET', '/v1/servers/1/history', query, { serverId: '1' }, 'GET /v1/servers/{serverId}/history');
    const confirmAt = (query: string) => http(confirm, 'POST', `/v1/runs/${RUNS[0]}/confirm-deletions`, query, { time: RUNS[0] }, 'POST /v1/runs/{time}/confirm-deletions');

    // Act
    const usHistory = await historyOf('period=2026-11&installation=us');
    const euHistory = await historyOf('period=2026-11&installation=eu');
    const ambiguous = await historyOf('period=2026-11');
    const unknown = await historyOf('period=2026-11&installation=ap');
    const usConfirm = await confirmAt('installation=us');
    const euConfirm = await confirmAt('installation=eu');
    const ambiguousConfirm = await confirmAt('');

    // Assess
    expect(usHistory).toMatchObject({ status: 200, json: { installation: 'us', serverId: 1, period: '2026-11', segments: [expect.objectContaining({ start: T0, startRun: RUNS[0] })] } });
    expect(euHistory).toMatchObject({ status: 404 });
    expect(ambiguous).toMatchObject({ status: 400, json: { error: { code: 'installation_required' } } });
    expect(unknown).toMatchObject({ status: 400, json: { error: { code: 'unknown_installation' } } });
    // us has the run (it held nobody: 409); eu has no run at that time (404)
    expect(usConfirm).toMatchObject({ status: 409, json: { error: { code: 'not_suspect' } } });
    expect(euConfirm).toMatchObject({ status: 404 });
    expect(ambiguousConfirm).toMatchObject({ status: 400, json: { error: { code: 'installation_required' } } });
  }, 60_000);

  it('reads what a single-installation stack wrote (the default keys) as installation default, and goes on from it', async () => {
    // Prepare: today's single-installation path through the stack's own invoke route
    await setClocks(RUNS[0]);
    expect(await h.snapshot(RUNS[0])).toMatchObject({ complete: true, serversSeen: 3 });
    const { Item } = await stack.db.send(new GetCommand({ TableName: stack.tableName, Key: keys.runRecord('servers', RUNS[0]) }));
    expect(Item).toMatchObject({ pk: 'RUN#servers', sk: `T#${RUNS[0]}` });
    const { deps } = multiDeps(['default', 'us']);

    // Act: the same table, now with a second installation
    await setClocks(RUNS[1]);
    const answer = (await makeSnapshotServersHandler(deps)({ time: RUNS[1] })) as MultiRun;
    const history = await http(makeServerHistoryHandler(deps), 'GET', '/v1/servers/3/history', 'period=2026-11&installation=default', { serverId: '3' }, 'GET /v1/servers/{serverId}/history');

    // Assess: default continues from its earlier runs (no gap, its first complete run kept); us starts its own
    expect(answer.installations).toEqual([
      expect.objectContaining({ installation: 'default', complete: true, serversSeen: 3, changes: 0 }),
      expect.objectContaining({ installation: 'us', complete: true, serversSeen: 2 }),
    ]);
    expect(answer.installations[0]?.gapFrom).toBeUndefined();
    expect((await deps.installationSnapshots.of('default').snapshotStore.readObserved()).firstCompleteRun).toBe(RUNS[0]);
    expect((await deps.installationSnapshots.of('us').snapshotStore.readObserved()).firstCompleteRun).toBe(RUNS[1]);
    expect(history).toMatchObject({ status: 200, json: { installation: 'default', serverId: 3, segments: [expect.objectContaining({ start: T0, startRun: RUNS[0] })] } });
  }, 60_000);
});
