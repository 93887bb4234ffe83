import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { MemoryLogger } from '../shared/logging';
import { countRequests } from '../shared/storage';
import { createDocumentClient } from '../shared/storage';
import { keys } from '../shared/storage/keys';
import { Deadline, SolusioClient } from '../shared/solusio';
import { startTestStack } from '../test/support/localStack';
import { meterCapacity, type CapacitySnapshot } from './capacity';
import { CHANGES_PER_SERVER_MONTH, monthUsdPer1000, perChange, type InvocationCost } from './cost';
import { measure, percentile } from './stats';

export interface ScaleResult {
  readonly metrics: Record<string, number>;
  readonly notes: string[];
}

const PLANS = [
  { id: 1, name: 'Small', tokens_per_hour: 7, tokens_per_month: 5000, ip_tokens_per_hour: 1, ip_tokens_per_month: 500, backup_price: 10 },
  { id: 2, name: 'Large', tokens_per_hour: 14, tokens_per_month: 9000, ip_tokens_per_hour: 2, ip_tokens_per_month: 900, backup_price: 12.5 },
];
const CREATED = '2026-11-01T00:00:00.000Z';
const PERIOD = '2026-11';

const median = (xs: readonly number[]) => percentile(xs, 50);

/**
 * The 10,000-server benches (1,000 with --quick): one seeding run, then steady, churn,
 * aggregation, usage reads, month change and close, every request counted.
 */
export async function runScale(quick: boolean, log: (line: string) => void): Promise<ScaleResult> {
  const servers = quick ? 1000 : 10_000;
  const customers = servers / 100; // 100 servers per customer
  const notes: string[] = [];
  const stack = await startTestStack({ seed: 'empty', simPageSize: 100, dynamoDbEndpoint: undefined, logger: new MemoryLogger() });
  const metrics: Record<string, number> = {};
  try {
    const sim = stack.simulatorUrl;
    const control = async (method: string, path: string, body?: unknown) => {
      const r = await fetch(`${sim}/_sim/${path}`, { method, headers: { 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
      if (r.status >= 300) throw new Error(`${method} /_sim/${path}: ${r.status} ${await r.text()}`);
      return r.json() as Promise<unknown>;
    };
    const simTotal = async () => ((await control('GET', 'stats')) as { total: number }).total;
    const counts = countRequests(stack.db);
    const capacity = meterCapacity(stack.db);
    const invoke = async (name: string, body: unknown): Promise<{ ms: number; reply: unknown; writes: number; requests: number; cap: CapacitySnapshot; sim: number; cost: InvocationCost }> => {
      const mark = counts.snapshot();
      const capMark = capacity.snapshot();
      const simMark = await simTotal();
      const t0 = performance.now();
      const r = await fetch(`${stack.apiUrl}/_local/invoke/${name}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const reply = (await r.json()) as unknown;
      const ms = performance.now() - t0;
      if (r.status !== 200) throw new Error(`${name} ${JSON.stringify(body)}: ${r.status} ${JSON.stringify(reply)}`);
      const since = counts.since(mark);
      const cap = capacity.since(capMark);
      const simRequests = (await simTotal()) - simMark;
      return { ms, reply, writes: since.itemWrites, requests: since.requests, cap, sim: simRequests, cost: { readUnits: cap.readUnits, writeUnits: cap.writeUnits, ms } };
    };

    const users = Array.from({ length: customers }, (_, i) => ({ id: i + 1, email: `c${i + 1}@example.test`, billing_user_id: 1001 + i }));
    const fleet = Array.from({ length: servers }, (_, i) => ({ id: i + 1, name: `vps${i + 1}.example.test`, plan: 1 + (i % 2), user: 1 + Math.floor(i / 100), created_at: CREATED }));
    await control('POST', 'reset', { plans: PLANS, users, servers: fleet });

    let minute = 5;
    const nextTime = () => {
      const t = new Date(Date.parse(CREATED) + minute * 60_000).toISOString();
      minute += 5;
      return t;
    };
    const snapshotAt = async (time: string) => {
      await control('PUT', 'clock', { now: time });
      return invoke('snapshot-servers', { time });
    };

    // 1. Seeding: the month's first run writes each server's month item (not a steady run).
    const seed = await snapshotAt(nextTime());
    log(`seed run: ${servers} servers, ${(seed.ms / 1000).toFixed(1)} s, ${seed.writes} item writes, ${seed.cap.writeUnits} WCU`);
    notes.push(`Seeding run (first of the month, writes every server's month item): ${(seed.ms / 1000).toFixed(1)} s, ${seed.writes} item writes, ${seed.requests} DynamoDB requests, ${seed.sim} SolusIO requests.`);

    // 2. Steady runs alternating with bare paging through the same servers (same client settings).
    const reader = new SolusioClient({ baseUrl: `${sim}/api/v1`, token: 'bench' });
    const walk = async () => {
      const t0 = performance.now();
      let n = 0;
      for await (const page of reader.serverPages(Deadline.after(600_000))) n += page.items.length;
      if (n !== servers) throw new Error(`paged ${n} servers, expected ${servers}`);
      return performance.now() - t0;
    };
    await walk();
    await snapshotAt(nextTime()); // warm-up steady run
    const rounds = quick ? 3 : 9;
    const walks: number[] = [];
    const steady: Awaited<ReturnType<typeof invoke>>[] = [];
    for (let round = 0; round < rounds; round += 1) {
      walks.push(await walk());
      steady.push(await snapshotAt(nextTime()));
    }
    const steadyMs = median(steady.map((s) => s.ms));
    const walkMs = median(walks);
    metrics['snapshot_overhead_ratio'] = steadyMs / walkMs;
    metrics['snapshot_steady_writes'] = Math.max(...steady.map((s) => s.writes));
    const st = steady[Math.floor(rounds / 2)] as Awaited<ReturnType<typeof invoke>>;
    notes.push(
      `Steady run (nothing changed), median of ${rounds}: ${steadyMs.toFixed(0)} ms vs bare paging ${walkMs.toFixed(0)} ms; ` +
        `one run: ${st.requests} DynamoDB requests, ${st.writes} item writes, DynamoDB in flight ${st.cap.wallMs.toFixed(0)} ms of the run's wall time, ${st.sim} SolusIO requests.`,
    );
    log(`steady: ${steadyMs.toFixed(0)} ms, walk ${walkMs.toFixed(0)} ms, writes ${steady.map((s) => s.writes).join(',')}`);

    // 3. Aggregation (first of the month, then an hourly one after churn).
    const agg1 = await invoke('aggregate-usage', { time: new Date(Date.parse(CREATED) + (minute - 5) * 60_000 + 60_000).toISOString() });
    notes.push(`First aggregation of the month: ${(agg1.ms / 1000).toFixed(1)} s, ${agg1.writes} item writes.`);

    // 4. Churn: 1 % of the servers suspended or resized, silently (PATCH /_sim/servers/{id}).
    const changed = servers / 100;
    for (let i = 0; i < changed; i += 1) {
      const id = 1 + i * 100 + (i % 100);
      await control('PATCH', `servers/${id}`, i % 2 === 0 ? { is_suspended: true } : { plan: 1 + (id % 2 === 0 ? 0 : 1) });
    }
    const churn = await snapshotAt(nextTime());
    const churnChanges = (churn.reply as { changes: number }).changes;
    metrics['snapshot_churn_writes_per_change'] = churn.writes / churnChanges;
    notes.push(`Churn run (${changed} servers changed, ${churnChanges} changes detected): ${churn.ms.toFixed(0)} ms, ${churn.writes} item writes, ${churn.requests} DynamoDB requests.`);
    log(`churn: ${churnChanges} changes, ${churn.writes} writes, ${churn.ms.toFixed(0)} ms`);
    const agg2 = await invoke('aggregate-usage', { time: new Date(Date.parse(CREATED) + (minute - 5) * 60_000 + 60_000).toISOString() });
    notes.push(`Hourly aggregation after the churn run: ${(agg2.ms / 1000).toFixed(1)} s, ${agg2.writes} item writes, ${agg2.requests} DynamoDB requests.`);
    log(`aggregation: ${agg1.ms.toFixed(0)} ms / ${agg2.ms.toFixed(0)} ms`);

    // 5. Usage API for one customer (100 servers), 50 concurrent, vs its DynamoDB requests replayed.
    const customer = '1001';
    const usageUrl = `${stack.apiUrl}/v1/usage?period=${PERIOD}&customer=${customer}`;
    const headers = { authorization: `Bearer ${stack.adminKey}` };
    const sample = await fetch(usageUrl, { headers });
    const sampleJson = (await sample.json()) as { customers?: { servers?: unknown[] }[] };
    if (sample.status !== 200) throw new Error(`usage: ${sample.status} ${JSON.stringify(sampleJson)}`);
    const floorDb = createDocumentClient({ endpoint: stack.dynamoDbEndpoint });
    const floorRead = async () => {
      await floorDb.send(new GetCommand({ TableName: stack.tableName, Key: keys.periodHeader(PERIOD), ConsistentRead: true }));
      let start: Record<string, unknown> | undefined;
      do {
        const page = await floorDb.send(
          new QueryCommand({ TableName: stack.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.usagePartition(PERIOD, customer) }, ExclusiveStartKey: start }),
        );
        start = page.LastEvaluatedKey;
      } while (start);
    };
    const apiRead = async () => {
      const r = await fetch(usageUrl, { headers });
      await r.arrayBuffer();
      if (r.status !== 200) throw new Error(`usage ${r.status}`);
    };
    const perRound = quick ? 100 : 400;
    await measure(100, 50, apiRead);
    await measure(100, 50, floorRead);
    const api: number[] = [];
    const floor: number[] = [];
    const usageMark = counts.snapshot();
    const usageCap = capacity.snapshot();
    let apiCalls = 0;
    for (let round = 0; round < 4; round += 1) {
      api.push(...(await measure(perRound, 50, apiRead)));
      apiCalls += perRound;
      floor.push(...(await measure(perRound, 50, floorRead)));
    }
    floorDb.destroy();
    const usageCounts = counts.since(usageMark);
    const usageCapacity = capacity.since(usageCap);
    metrics['usage_api_p99_ms'] = percentile(api, 99);
    metrics['usage_api_floor_p99_ms'] = percentile(floor, 99);
    metrics['usage_api_overhead_ratio'] = metrics['usage_api_p99_ms'] / metrics['usage_api_floor_p99_ms'];
    metrics['usage_api_ddb_requests'] = usageCounts.requests / apiCalls;
    notes.push(
      `Usage reads: ${apiCalls} through HTTP and ${apiCalls} replayed, in 4 alternating rounds, 50 in flight; API p50 ${median(api).toFixed(1)} ms, floor p50 ${median(floor).toFixed(1)} ms; ` +
        `DynamoDB per read: ${JSON.stringify(usageCounts.byCommand)} over ${apiCalls} reads; response for ${sampleJson.customers?.[0]?.servers?.length ?? '?'} servers.`,
    );
    log(`usage: p99 ${metrics['usage_api_p99_ms'].toFixed(1)} floor ${metrics['usage_api_floor_p99_ms'].toFixed(1)} ddb/read ${metrics['usage_api_ddb_requests']}`);
    const usageRead: InvocationCost = { readUnits: usageCapacity.readUnits / apiCalls, writeUnits: usageCapacity.writeUnits / apiCalls, ms: median(api) };

    // 6. Backups run (daily), measured once.
    let backups: InvocationCost = { readUnits: 0, writeUnits: 0, ms: 0 };
    try {
      const b = await invoke('snapshot-backups', { time: new Date(Date.parse(CREATED) + minute * 60_000).toISOString() });
      backups = b.cost;
      notes.push(`Backups run: ${(b.ms / 1000).toFixed(1)} s, ${b.writes} item writes, ${b.sim} SolusIO requests.`);
    } catch (error) {
      notes.push(`Backups run failed, priced as 0 beyond its invocation: ${(error as Error).message.slice(0, 200)}`);
    }

    // 7. The month ends: a complete run after it (the first of December writes every server's item), then close.
    const december = await snapshotAt('2026-12-01T00:05:00.000Z');
    notes.push(`First December run (needed before close; writes every server's December item): ${(december.ms / 1000).toFixed(1)} s.`);
    const noop = await invoke('close-period', { time: '2026-12-01T00:10:00.000Z' });
    const close = await invoke('close-period', { time: '2026-12-01T02:05:00.000Z', period: PERIOD });
    metrics['close_period_seconds_10k'] = (close.ms / 1000) * (quick ? 10 : 1);
    notes.push(
      `Close of ${PERIOD} (${servers} servers, ${customers} customers): ${(close.ms / 1000).toFixed(2)} s, ${close.writes} item writes, ${close.requests} DynamoDB requests` +
        (quick ? ' (quick: scaled x10 linearly for the metric).' : '.'),
    );
    log(`close: ${close.ms.toFixed(0)} ms, ${close.writes} writes`);

    // 8. Cost.
    const change = perChange(churn.cost, st.cost, churnChanges);
    const common = { servers, aggregation: agg2.cost, close: close.cost, closeNoop: noop.cost, backupsRun: backups, usageRead };
    const ours = monthUsdPer1000({ ...common, snapshotRun: { steadyRun: st.cost, change, changesPerServerMonth: CHANGES_PER_SERVER_MONTH } });
    const everyRunChurn = monthUsdPer1000({ ...common, snapshotRun: churn.cost });
    const perChangePer1000 =
      monthUsdPer1000({ ...common, snapshotRun: { steadyRun: st.cost, change, changesPerServerMonth: 1 } }).total - monthUsdPer1000({ ...common, snapshotRun: { steadyRun: st.cost, change, changesPerServerMonth: 0 } }).total;
    const steadyOnly = monthUsdPer1000({ servers, snapshotRun: st.cost, aggregation: agg2.cost, close: close.cost, closeNoop: noop.cost, backupsRun: backups, usageRead });
    const naive = monthUsdPer1000({ servers, snapshotRun: seed.cost, aggregation: agg2.cost, close: close.cost, closeNoop: noop.cost, backupsRun: backups, usageRead });
    metrics['cost_usd_per_1000_servers_month'] = ours.total;
    metrics['naive_cost_ratio'] = naive.total / ours.total;
    const fmt = (parts: Record<string, number>) => Object.entries(parts).map(([k, v]) => `${k} $${v.toFixed(4)}`).join(', ');
    notes.push(
      `Cost per 1,000 servers and month, the headline (every run priced as the steady run, plus ${CHANGES_PER_SERVER_MONTH} changes per server and month each priced at the churn run's cost per change: ` +
        `${change.writeUnits.toFixed(2)} WCU, ${change.readUnits.toFixed(2)} RCU, ${change.ms.toFixed(2)} ms): $${ours.total.toFixed(4)} (${fmt(ours.parts)}). ` +
        `Each further change per server-month adds $${perChangePer1000.toFixed(4)}; the target holds up to ${Math.floor((0.1 - (ours.total - CHANGES_PER_SERVER_MONTH * perChangePer1000)) / perChangePer1000)} changes per server-month.`,
    );
    notes.push(`Stress bound, every one of the 8,640 runs with 1 % churn (86 changes per server-month): $${everyRunChurn.total.toFixed(4)} (${fmt(everyRunChurn.parts)}).`);
    notes.push(`Same with every run unchanged: $${steadyOnly.total.toFixed(4)}. Naive design (every server written every run, priced as the seeding run): $${naive.total.toFixed(4)} (${fmt(naive.parts)}).`);
    notes.push(
      `Measured units: steady run ${st.cap.readUnits} RCU / ${st.cap.writeUnits} WCU; churn run ${churn.cap.readUnits} RCU / ${churn.cap.writeUnits} WCU; seeding run ${seed.cap.readUnits} RCU / ${seed.cap.writeUnits} WCU; ` +
        `aggregation ${agg2.cap.readUnits} RCU / ${agg2.cap.writeUnits} WCU; close ${close.cap.readUnits} RCU / ${close.cap.writeUnits} WCU; usage read ${usageRead.readUnits.toFixed(2)} RCU.`,
    );
    log(`cost: ${ours.total.toFixed(4)} naive ${naive.total.toFixed(4)}`);
    counts.detach();
    capacity.detach();
  } finally {
    await stack.stop();
  }
  return { metrics, notes };
}
