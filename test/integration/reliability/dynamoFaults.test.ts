import type { LocalStack } from '../../../local/stack';
import { MemoryLogger } from '../../../shared/logging';
import { requestJson, startTestStack } from '../../support/localStack';
import { SnapshotHarness } from '../../support/snapshotHarness';
import { fleet, SNAPSHOT_FIXTURES } from '../snapshots/fixtures';
import { failDynamoWrites } from './dynamoFaults';
import { scanTable, withoutLastUsed } from './replay';

/**
 * Issue #17, DynamoDB faults: chosen writes of the handlers' client throttled (the period header's
 * commit write of a close, a server's month item during a run, the usage rows of an aggregation).
 * The invocation fails loudly (a non-200 JSON answer), and a rerun converges to exactly the items a
 * fault-free timeline stores.
 */
const CREATED = '2026-11-30T20:00:00.000Z';
const RUN_A = '2026-11-30T22:05:00.000Z';
const RUN_B = '2026-11-30T23:05:00.000Z';
const RUN_C = '2026-12-01T00:05:00.000Z';
const CLOSE = '2026-12-01T02:05:00.000Z';


type Fault = 'none' | 'runWrite' | 'aggregationWrite' | 'closeCommit';

describe('reliability: DynamoDB write faults (issue #17)', () => {
  let stack: LocalStack;
  let h: SnapshotHarness;

  beforeAll(async () => {
    stack = await startTestStack({ logger: new MemoryLogger(), gapToleranceMinutes: '60', billingStart: '2026-11-01T00:00:00Z' });
    h = new SnapshotHarness(stack);
  }, 60_000);

  afterAll(async () => {
    await stack?.stop();
  });

  /** Invokes and, when it fails, checks it failed loudly, then reruns the same delivery: the scheduler's retry. */
  async function invokeWithRetry(name: string, body: unknown, outcomes: number[]): Promise<unknown> {
    const first = await h.invoke(name, body);
    outcomes.push(first.status);
    if (first.status === 200) return first.json;
    expect(first.json).toEqual({ error: { code: expect.any(String), message: expect.any(String) } });
    const again = await h.invoke(name, body);
    outcomes.push(again.status);
    expect(again.status).toBe(200);
    return again.json;
  }

  async function timeline(fault: Fault): Promise<{ items: Record<string, unknown>[]; outcomes: number[]; injected: number; events: number; close: unknown }> {
    expect((await requestJson(`${stack.apiUrl}/_local/reset`, { method: 'POST' })).status).toBe(200);
    await h.sim.setClock(CREATED);
    await h.sim.reset({ ...SNAPSHOT_FIXTURES, servers: fleet(4, CREATED) });
    const outcomes: number[] = [];
    let injected = 0;
    const inject = (matches: (command: string, input: string) => boolean): void => {
      const rule = failDynamoWrites(stack.db, matches, 1);
      detachers.push(() => {
        injected += rule.injected();
        rule.detach();
      });
    };
    const detachers: (() => void)[] = [];
    try {
      await h.sim.setClock(RUN_A);
      await invokeWithRetry('snapshot-servers', { time: RUN_A }, outcomes);
      await h.sim.setClock('2026-11-30T22:30:00.000Z');
      await h.api('POST', 'servers/2/suspend');
      await h.api('DELETE', 'servers/3');
      await h.sim.setClock(RUN_B);
      // The run that observes the changes: its write of server 2's month item fails once.
      if (fault === 'runWrite') inject((command, input) => command === 'PutItemCommand' && input.includes('MONTH#2026-11#02'));
      await invokeWithRetry('snapshot-servers', { time: RUN_B }, outcomes);
      if (fault === 'aggregationWrite') inject((command, input) => (command === 'BatchWriteItemCommand' || command === 'PutItemCommand' || command === 'TransactWriteItemsCommand') && input.includes('USAGE#2026-11'));
      await invokeWithRetry('aggregate-usage', { time: RUN_B }, outcomes);
      await h.sim.setClock(RUN_C);
      await invokeWithRetry('snapshot-servers', { time: RUN_C }, outcomes);
      // The close's commit point: the conditional put of the period header (pk PERIODS) as closed.
      if (fault === 'closeCommit') inject((command, input) => command === 'PutItemCommand' && input.includes('PERIODS') && input.includes('closed'));
      const close = await invokeWithRetry('close-period', { time: CLOSE, period: '2026-11' }, outcomes);
      for (const detach of detachers.splice(0)) detach();
      const events = ((await requestJson(`${stack.apiUrl}/_local/events`)).json as unknown[]).length;
      return { items: await scanTable(stack.db, stack.tableName, withoutLastUsed), outcomes, injected, events, close };
    } finally {
      for (const detach of detachers) detach();
    }
  }

  let baseline: Awaited<ReturnType<typeof timeline>>;

  beforeAll(async () => {
    baseline = await timeline('none');
  }, 60_000);

  it('stores the fault-free timeline with every invocation answering 200', () => {
    expect(baseline.outcomes).toEqual([200, 200, 200, 200, 200]);
    expect(baseline.events).toBe(1);
    expect(baseline.items.some((item) => item['pk'] === 'PERIODS' && item['status'] === 'closed')).toBe(true);
  });

  it.each<[Fault]>([['runWrite'], ['aggregationWrite'], ['closeCommit']])('%s throttled: the invocation fails loudly, the retry converges to the same items', async (fault) => {
    // The local adapter may report the unexpected handler error on the console: expected here, kept quiet.
    const consoleError = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const faulty = await timeline(fault).finally(() => consoleError.mockRestore());
    expect(faulty.injected).toBe(1);
    expect(faulty.outcomes.filter((status) => status !== 200)).toHaveLength(1);
    expect(faulty.outcomes.filter((status) => status >= 500)).toHaveLength(1);
    expect(faulty.close).toEqual(baseline.close);
    expect(faulty.events).toBe(1);
    expect(faulty.items).toEqual(baseline.items);
  }, 60_000);
});
