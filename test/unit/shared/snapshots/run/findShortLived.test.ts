import { MemoryLogger } from '../../../../../shared/logging';
import { ACTIVITY_EVENTS, Deadline } from '../../../../../shared/solusio';
import { findShortLived, NO_SHORT_LIVED, recordUnbilled } from '../../../../../shared/snapshots/run/findShortLived';
import { observeFleet } from '../../../../../shared/snapshots/run/observeFleet';
import { readActivityLog } from '../../../../../shared/snapshots/run/readActivityLog';
import type { ProvisionedServers } from '../../../../../shared/snapshots/shortLived';
import { A } from '../fixtures';
import { fakeServer, FakeSnapshotStore, FakeSolusioServers } from '../../../../support/fakeSnapshots';

const PREVIOUS = '2026-11-03T10:00:00.000Z';
const RUN = '2026-11-03T10:05:00.000Z';
const CREATED = '2026-11-03T10:01:00.000Z';
const DELETED = '2026-11-03T10:04:00.000Z';

/** The bridge made server 9 for service S-9: plan 1, no backups, no additional IP. */
const PROVISIONED: ProvisionedServers = {
  provisionedServer: async (_installation, serverId) =>
    serverId === 9 ? { serviceRef: 'S-9', serverId: 9, userId: 1, billingClientId: 1001, order: { planId: 1, backups: false, additionalIps: 0 } } : undefined,
};

async function find(solusio: FakeSolusioServers) {
  const deadline = Deadline.none();
  const observation = await observeFleet(solusio, deadline);
  const { logs } = await readActivityLog(solusio, deadline, PREVIOUS);
  const deps = { settings: { installation: 'default', concurrency: 2 }, provisioned: PROVISIONED };
  const found = await findShortLived(deps, solusio, { known: new Map(), observation, logs, since: PREVIOUS, time: RUN, floor: PREVIOUS, deadline });
  return { ...found, observation };
}

describe('findShortLived (the short-lived servers step)', () => {
  it('bills a server the bridge made that lived between two runs, and reports one it did not make', async () => {
    // Prepare
    const solusio = new FakeSolusioServers();
    for (const id of [9, 10]) {
      solusio.logEvent(ACTIVITY_EVENTS.serverCreated, CREATED, id);
      solusio.logEvent(ACTIVITY_EVENTS.deleteRequested, DELETED, id);
    }

    // Act
    const { shortLived, error } = await find(solusio);

    // Assess
    expect(error).toBeUndefined();
    expect(solusio.getServerCalls).toEqual([]);
    expect(shortLived.bills).toEqual([{ kind: 'shortLived', server: { id: 9, createdAt: CREATED, state: A }, deletedAt: DELETED }]);
    expect(shortLived.reports).toEqual([expect.objectContaining({ serverId: 10, reason: 'not_made_by_bridge', createdAt: CREATED, deletedAt: DELETED, foundBy: RUN })]);
  });

  it('takes a created server without a delete entry that GET servers/{id} finds as listed', async () => {
    // Prepare
    const solusio = new FakeSolusioServers();
    solusio.add(fakeServer(11, CREATED));
    solusio.hiddenFromPages.add(11);
    solusio.logEvent(ACTIVITY_EVENTS.serverCreated, CREATED, 11);

    // Act
    const { shortLived, observation } = await find(solusio);

    // Assess
    expect(shortLived).toEqual(NO_SHORT_LIVED);
    expect(observation.listed.get(11)).toEqual({ id: 11, createdAt: CREATED, hostname: 'vps11', state: A });
  });

  it('makes the run partial when a check fails: the next complete run reads the window again', async () => {
    // Prepare
    const solusio = new FakeSolusioServers();
    solusio.logEvent(ACTIVITY_EVENTS.serverCreated, CREATED, 12);
    solusio.failGetServer.add(12);

    // Act
    const { shortLived, error } = await find(solusio);

    // Assess
    expect(shortLived).toEqual(NO_SHORT_LIVED);
    expect(error).toBe('short-lived servers: Error: servers/12: 503');
  });

  it('stores each unpriceable server once and logs the first time only', async () => {
    // Prepare
    const solusio = new FakeSolusioServers();
    solusio.logEvent(ACTIVITY_EVENTS.serverCreated, CREATED, 10);
    solusio.logEvent(ACTIVITY_EVENTS.deleteRequested, DELETED, 10);
    const { shortLived } = await find(solusio);
    const deps = { store: new FakeSnapshotStore(), logger: new MemoryLogger() };

    // Act
    const first = await recordUnbilled(deps, shortLived.reports);
    const again = await recordUnbilled(deps, shortLived.reports);

    // Assess
    expect([first, again]).toEqual([[10], []]);
    expect(deps.logger.entries).toHaveLength(1);
    expect([...deps.store.unbilled.keys()]).toEqual(['2026-11#default#10']);
  });
});
