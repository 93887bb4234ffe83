import { DynamoRunRepository } from '../../shared/runs';
import { DynamoSnapshotStore, serversRunRecordSchema, type ServersRunRecord, type ServerState, type StoredSegment } from '../../shared/snapshots';
import { observeServer } from '../../shared/snapshots/observe';
import { stateOf } from '../../shared/snapshots/serverMonths';
import { Deadline, SolusioClient } from '../../shared/solusio';
import { compareInstants } from '../../shared/snapshots/time';
import type { LocalStack } from '../../local/stack';
import { SimClient } from '../integration/simulator/helpers';
import { requestJson, type JsonReply } from './localStack';

/** Drives a test stack: the simulator, the invoke route, and direct reads of what the runs stored. */
export class SnapshotHarness {
  readonly sim: SimClient;
  readonly store: DynamoSnapshotStore;
  readonly runs: DynamoRunRepository;
  private readonly reader: SolusioClient;

  constructor(readonly stack: LocalStack) {
    if (!stack.simulator) throw new Error('the harness needs the in-process simulator');
    this.sim = new SimClient(stack.simulator);
    this.store = new DynamoSnapshotStore(stack.db, stack.tableName);
    this.runs = new DynamoRunRepository(stack.db, stack.tableName);
    this.reader = new SolusioClient({ baseUrl: `${stack.simulator.url}/api/v1`, token: 'test-token', baseDelayMs: 1 });
  }

  invoke(name: string, body: unknown): Promise<JsonReply> {
    return requestJson(`${this.stack.apiUrl}/_local/invoke/${name}`, { method: 'POST', body });
  }

  /** One snapshot-servers run at `time`; fails the test unless it answers 200. */
  async snapshot(time: string): Promise<ServersRunRecord> {
    const reply = await this.invoke('snapshot-servers', { time });
    if (reply.status !== 200) throw new Error(`snapshot-servers at ${time}: ${reply.status} ${JSON.stringify(reply.json)}`);
    return reply.json as ServersRunRecord;
  }

  /** A SolusIO call on the simulator that must succeed. */
  async api<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
    const reply = await this.sim.api<T>(method, path, body);
    if (reply.status >= 300) throw new Error(`${method} ${path}: ${reply.status} ${JSON.stringify(reply.body)}`);
    return reply.body;
  }

  async control(method: string, path: string, body?: unknown): Promise<unknown> {
    const reply = await this.sim.control(method, path, body);
    if (reply.status >= 300) throw new Error(`${method} /_sim/${path}: ${reply.status} ${JSON.stringify(reply.body)}`);
    return reply.body;
  }

  async segments(serverId: number, period: string): Promise<readonly StoredSegment[]> {
    return (await this.store.getServerMonth(serverId, period))?.segments ?? [];
  }

  /** What SolusIO lists now, as billing-relevant states by server id. */
  async listedStates(): Promise<Map<number, ServerState>> {
    const deadline = Deadline.after(30_000);
    const [plans, users] = await Promise.all([this.reader.listPlans(deadline), this.reader.listUsers(deadline)]);
    const planMap = new Map(plans.map((plan) => [plan.id, plan]));
    const userMap = new Map(users.map((user) => [user.id, user]));
    const states = new Map<number, ServerState>();
    for await (const page of this.reader.serverPages(deadline)) {
      for (const server of page.items) states.set(server.id, observeServer(server, planMap, userMap).state);
    }
    return states;
  }

  async storedRun(time: string): Promise<ServersRunRecord | undefined> {
    return (await this.runs.getRun('servers', time, serversRunRecordSchema))?.record;
  }
}

/** The segment in force at `instant` (start <= instant < end, open segments unbounded). */
export function segmentAt(segments: readonly StoredSegment[], instant: string): StoredSegment | undefined {
  return segments.find(
    (segment) => compareInstants(segment.start, instant) <= 0 && (segment.end === undefined || compareInstants(instant, segment.end) < 0),
  );
}

/** The billing-relevant part of a segment. */
export const stateOfSegment = stateOf;
