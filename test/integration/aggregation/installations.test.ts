import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { dynamoAggregationPorts, dynamoInstallationPorts, DynamoLatestCompleteRun } from '../../../shared/aggregation/dynamo';
import type { InstallationScope } from '../../../shared/aggregation/installationScope';
import { buildPeriodLifecycle } from '../../../shared/aggregation/periodLifecycle';
import type { ServerMonthSource } from '../../../shared/aggregation/ports';
import { UsageReader } from '../../../shared/aggregation/UsageReader';
import type { Period } from '../../../shared/billing';
import type { LocalStack } from '../../../local/stack';
import { MemoryLogger } from '../../../shared/logging';
import { DynamoSnapshotStore } from '../../../shared/snapshots/DynamoSnapshotStore';
import type { Gap } from '../../../shared/snapshots/ports';
import type { ServerMonth } from '../../../shared/snapshots/types';
import { keys, MONTH_SHARDS } from '../../../shared/storage/keys';
import { startTestStack } from '../../support/localStack';
import { SnapshotHarness } from '../../support/snapshotHarness';
import { SNAPSHOT_FIXTURES } from '../snapshots/fixtures';

const PLAN = { id: 1, tokensPerHour: 7, tokensPerMonth: 5000, ipTokensPerHour: 1, ipTokensPerMonth: 500, backupPrice: 10 };

/**
 * The second installation's snapshot items as its scoped snapshot store keeps them (MONTH@eu,
 * GAP#servers@eu, RUN#servers@eu), written and read through the key builders here: the scoped
 * store itself belongs to the snapshot pipeline.
 */
class EuSnapshotItems implements ServerMonthSource {
  constructor(private readonly stack: LocalStack) {}

  async putMonth(month: ServerMonth): Promise<void> {
    await this.stack.db.send(new PutCommand({ TableName: this.stack.tableName, Item: { ...keys.serverMonth(month.serverId, month.period, 'eu'), kind: 'serverMonth', ...month } }));
  }

  async putGap(gap: Gap): Promise<void> {
    await this.stack.db.send(new PutCommand({ TableName: this.stack.tableName, Item: { ...keys.gap('servers', gap.from, 'eu'), kind: 'gap', ...gap } }));
  }

  async putLatestComplete(time: string): Promise<void> {
    await this.stack.db.send(new PutCommand({ TableName: this.stack.tableName, Item: { ...keys.latestCompleteRun('servers', 'eu'), time } }));
  }

  async readObserved(): Promise<{ firstCompleteRun?: string }> {
    return {};
  }

  async listServerMonths(period: Period): Promise<ServerMonth[]> {
    const shards = await Promise.all(Array.from({ length: MONTH_SHARDS }, (_, shard) => this.query(keys.monthPartition(period, shard, 'eu'))));
    return shards.flat().map((item) => item as unknown as ServerMonth);
  }

  async getServerMonths(wanted: readonly { serverId: number; period: Period }[]): Promise<ServerMonth[]> {
    const months = await Promise.all([...new Set(wanted.map((key) => key.period))].map((period) => this.listServerMonths(period)));
    return months.flat().filter((month) => wanted.some((key) => key.serverId === month.serverId && key.period === month.period));
  }

  async gapsOverlapping(kind: string, from: string, to: string): Promise<Gap[]> {
    const items = await this.query(keys.gapPartition(kind, 'eu'));
    return items.map((item) => item as unknown as Gap).filter((gap) => gap.from < to && gap.to > from);
  }

  async listUnbilled(): Promise<[]> {
    return [];
  }

  private async query(pk: string): Promise<Record<string, unknown>[]> {
    const { Items } = await this.stack.db.send(new QueryCommand({ TableName: this.stack.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk }, ConsistentRead: true }));
    return Items ?? [];
  }
}

/** Issue #25: one customer view across two installations, on DynamoDB Local (default: simulator -> snapshots; eu: its items written directly). */
describe('aggregation and close across two installations', () => {
  let stack: LocalStack;
  let h: SnapshotHarness;
  const settings = { billSuspendedTime: false, billingStart: '2026-11-01T00:00:00Z', tokenRates: { USD: '0.001' }, closeGraceMinutes: 120 };

  beforeAll(async () => {
    stack = await startTestStack({ logger: new MemoryLogger(), billingStart: '2026-11-01T00:00:00Z', gapToleranceMinutes: String(60 * 24 * 40) });
    h = new SnapshotHarness(stack);
  }, 60_000);

  afterAll(async () => {
    await stack?.stop();
  });

  const run = async (time: string): Promise<void> => {
    await h.sim.setClock(time);
    expect(await h.snapshot(time)).toMatchObject({ complete: true });
  };

  it('gives a customer one usage entry with a line per installation, the gap only on the installation that had it, and closes once both have run', async () => {
    // Prepare: default (the simulator) has server 1 of billing user 1001 all November (the fixtures' user 1).
    await fetch(`${stack.apiUrl}/_local/reset`, { method: 'POST' });
    await h.sim.reset({ ...SNAPSHOT_FIXTURES, servers: [{ id: 1, name: 'vps1.example.com', plan: 1, user: 1, created_at: '2026-10-20T00:00:00Z' }] });
    await run('2026-11-01T00:05:00.000Z');
    await run('2026-12-01T00:05:00.000Z');
    const defaultMonth = (await new DynamoSnapshotStore(stack.db, stack.tableName).listServerMonths('2026-11'))[0];
    const owner = defaultMonth?.segments[0]?.owner;
    expect(owner?.billingUserId).not.toBeNull();
    // eu: its server 1 (the same id) of the same customer, down for eight hours on the 10th.
    const eu = new EuSnapshotItems(stack);
    await eu.putMonth({
      serverId: 1,
      period: '2026-11',
      version: 1,
      apiChanges: [],
      hostname: 'vps1.eu.example.com',
      segments: [{ owner: owner ?? { userId: 1, billingUserId: null }, plan: PLAN, backupsEnabled: false, suspended: false, additionalIpCount: 0, start: '2026-11-01T00:00:00.000Z', startBy: 'period_start' }],
    });
    await eu.putGap({ from: '2026-11-10T00:00:00.000Z', to: '2026-11-10T08:00:00.000Z', minutes: 480 });
    await eu.putLatestComplete('2026-11-30T23:00:00.000Z');

    const scopeOf = (installation: string, months: ServerMonthSource): InstallationScope => ({
      installation,
      months,
      runs: new DynamoLatestCompleteRun(stack.db, stack.tableName, installation),
      ...dynamoInstallationPorts(stack.db, stack.tableName, installation),
    });
    const ports = dynamoAggregationPorts(stack.db, stack.tableName);
    const { periodAggregator, periodCloser } = buildPeriodLifecycle({
      ports,
      installations: [scopeOf('default', new DynamoSnapshotStore(stack.db, stack.tableName)), scopeOf('eu', eu)],
      events: stack.events,
      logger: new MemoryLogger(),
      settings,
    });
    const reader = new UsageReader({ ...ports, settings: { ...settings, installations: ['default', 'eu'] } });

    // Act: aggregate; eu's latest run is still before the end of November.
    await periodAggregator.aggregate('2026-12-01T01:00:00Z');
    const customer = String(owner?.billingUserId);
    const open = await reader.customerUsage('2026-11', customer);
    await expect(periodCloser.close('2026-12-01T03:00:00Z', '2026-11')).rejects.toThrow('needs a complete snapshot run of installation eu');
    await eu.putLatestComplete('2026-12-01T00:05:00.000Z');
    const closed = await periodCloser.close('2026-12-01T03:00:00Z', '2026-11');
    const usage = await reader.customerUsage('2026-11', customer);
    const { lines } = await reader.invoices('2026-11');

    // Assess: one entry, a line per installation (server 1 twice), the gap on eu's only.
    expect(open.customers).toHaveLength(1);
    expect(open.customers[0]?.servers.map((line) => [line.installation, line.serverId, line.flags, line.longestGapMinutes])).toEqual([
      ['default', 1, [], undefined],
      ['eu', 1, ['gap'], 480],
    ]);
    expect(closed).toMatchObject({ status: 'closed', totalTokens: 10_000, customers: 1 });
    expect(usage.customers.map((entry) => [entry.customer, entry.totalTokens, entry.servers.map((line) => line.installation)])).toEqual([[customer, 10_000, ['default', 'eu']]]);
    expect(lines.map((line) => [line.installation, line.description, line.longestGapMinutes])).toEqual([
      [undefined, 'vps1.example.com (server 1, default): 720 h runtime, November 2026', undefined],
      ['eu', 'vps1.eu.example.com (server 1, eu): 720 h runtime, November 2026', 480],
    ]);
    // Each installation's rows sit in the customer's one partition under their own sort keys.
    const { Items } = await stack.db.send(new QueryCommand({ TableName: stack.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.usagePartition('2026-11', customer) }, ConsistentRead: true }));
    expect((Items ?? []).map((item) => item['sk'])).toEqual(['SERVER#000000000001', 'SERVER@eu#000000000001']);
  }, 60_000);
});
