import { ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { LocalStack } from '../../../local/stack';
import type { StoredSegment } from '../../../shared/snapshots';
import { bearer, requestJson, TEST_ADMIN_KEY } from '../../support/localStack';
import type { SnapshotHarness } from '../../support/snapshotHarness';
import { fleet, SNAPSHOT_FIXTURES } from '../snapshots/fixtures';

/**
 * A scripted timeline replayed on a test stack, hour by hour: SolusIO changes at exact simulated
 * times, one snapshot-servers run per hour, optional simulator faults before chosen runs.
 */
export type Step =
  | { readonly at: string; readonly kind: 'api'; readonly method: string; readonly path: string; readonly body?: unknown }
  | { readonly at: string; readonly kind: 'finishTask'; readonly taskOf: string };

export const START = '2026-11-29T00:05:00.000Z';
export const RUNS = 49; // 2026-11-29T00:05 .. 2026-12-01T00:05, hourly
export const FLEET_CREATED = '2026-11-28T09:00:00.000Z';

export const runTime = (index: number): string => new Date(Date.parse(START) + index * 3_600_000).toISOString();

export interface RunOutcome {
  readonly index: number;
  readonly status: number;
  readonly complete: boolean | undefined;
}

export interface ReplayResult {
  readonly runs: readonly RunOutcome[];
  readonly faultsInjected: number;
}

/** Resets the bridge and the simulator to the timeline's start. */
export async function resetTimeline(stack: LocalStack, h: SnapshotHarness): Promise<void> {
  const reply = await fetch(`${stack.apiUrl}/_local/reset`, { method: 'POST' });
  if (reply.status !== 200) throw new Error(`reset: ${reply.status}`);
  await h.control('DELETE', 'faults');
  await h.control('DELETE', 'stats');
  await h.sim.setClock(FLEET_CREATED);
  await h.sim.reset({ ...SNAPSHOT_FIXTURES, servers: fleet(5, FLEET_CREATED) });
}

/**
 * Replays `steps` and RUNS hourly runs; `faults` maps a run index to rules applied before that run
 * (removed after it), `pendingTasks` names step paths whose task is left pending until a
 * `finishTask` step. A run answering non-200 is recorded, not thrown: the faults may fail a run.
 */
export async function replay(
  h: SnapshotHarness,
  steps: readonly Step[],
  faults: ReadonlyMap<number, readonly Record<string, unknown>[]> = new Map(),
  pendingTasks: readonly string[] = [],
  runCount: number = RUNS,
): Promise<ReplayResult> {
  const ordered = [...steps].sort((a, b) => a.at.localeCompare(b.at));
  const tasks = new Map<string, number>();
  const runs: RunOutcome[] = [];
  let next = 0;
  for (let index = 0; index < runCount; index++) {
    const time = runTime(index);
    for (; next < ordered.length && (ordered[next] as Step).at < time; next++) {
      const step = ordered[next] as Step;
      await h.sim.setClock(step.at);
      if (step.kind === 'finishTask') {
        await h.control('POST', `tasks/${tasks.get(step.taskOf) ?? 0}/finish`);
        continue;
      }
      if (pendingTasks.includes(step.path)) await h.control('POST', 'faults', { rules: [{ method: step.method, path: step.path, task: 'pending', times: 1 }] });
      const body = await h.api<{ data?: { id?: number } }>(step.method, step.path, step.body);
      if (pendingTasks.includes(step.path)) tasks.set(step.path, body.data?.id ?? 0);
    }
    await h.sim.setClock(time);
    const rules = faults.get(index);
    if (rules) await h.control('POST', 'faults', { rules });
    const reply = await h.invoke('snapshot-servers', { time });
    runs.push({ index, status: reply.status, complete: reply.status === 200 ? (reply.json as { complete: boolean }).complete : undefined });
    // Only the fault rules: task rules were consumed by their step.
    if (rules) await h.control('DELETE', 'faults');
  }
  const stats = (await h.control('GET', 'stats')) as { faults: number };
  return { runs, faultsInjected: stats.faults };
}

export interface ClosedUsage {
  /** The close's answer without `closedAt` and `checksum` (the lines carry the gap flag, which a spoiled run may add). */
  readonly close: unknown;
  readonly checksum: unknown;
  /** The closed invoice lines, without flags and gap minutes. */
  readonly invoices: unknown;
  /** Whether any usage line carries the `gap` flag. */
  readonly gapFlagged: boolean;
  readonly usage: unknown;
  readonly segments: Record<number, readonly Omit<StoredSegment, 'startRun' | 'endRun'>[]>;
}

/** Closes 2026-11 after the timeline and reads what it billed: the close totals, the usage, every server's segments. */
export async function closeNovember(stack: LocalStack, h: SnapshotHarness, serverIds: readonly number[]): Promise<ClosedUsage> {
  const closed = await h.invoke('close-period', { time: '2026-12-01T02:05:00.000Z', period: '2026-11' });
  if (closed.status !== 200) throw new Error(`close: ${closed.status} ${JSON.stringify(closed.json)}`);
  const answer = closed.json as Record<string, unknown>;
  const close = omitKeys(answer, ['closedAt', 'checksum']);
  const checksum = answer['checksum'];
  const usage = await requestJson(`${stack.apiUrl}/v1/usage?period=2026-11`, { headers: bearer(TEST_ADMIN_KEY) });
  if (usage.status !== 200) throw new Error(`usage: ${usage.status}`);
  const invoices = await requestJson(`${stack.apiUrl}/v1/periods/2026-11/invoices`, { headers: bearer(TEST_ADMIN_KEY) });
  if (invoices.status !== 200) throw new Error(`invoices: ${invoices.status}`);
  const segments: Record<number, Omit<StoredSegment, 'startRun' | 'endRun'>[]> = {};
  for (const id of serverIds) {
    segments[id] = (await h.segments(id, '2026-11')).map((segment) => omitKeys(segment, ['startRun', 'endRun']));
  }
  return { close, checksum, invoices: stripFlags(invoices.json), gapFlagged: JSON.stringify(usage.json).includes('"gap"'), usage: stripFlags(usage.json), segments };
}

/** What marks a gap on a line: a spoiled run may leave a gap, the figures must not move. */
const GAP_MARKS = ['flags', 'longestGapMinutes'];

/** Usage without its gap marks (`flags`, `longestGapMinutes`). */
function stripFlags(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripFlags);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).filter(([key]) => !GAP_MARKS.includes(key)).map(([key, inner]) => [key, stripFlags(inner)]));
  }
  return value;
}

/** Every item of the table, sorted by key; `omit` drops attributes that may legitimately differ. */
export async function scanTable(db: DynamoDBDocumentClient, tableName: string, omit: (item: Record<string, unknown>) => Record<string, unknown> = (item) => item): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await db.send(new ScanCommand({ TableName: tableName, ConsistentRead: true, ExclusiveStartKey: startKey }));
    items.push(...(page.Items ?? []).map(omit));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items.sort((a, b) => `${String(a['pk'])}\u0000${String(a['sk'])}`.localeCompare(`${String(b['pk'])}\u0000${String(b['sk'])}`));
}

/** A copy of `value` without `keys`. */
export function omitKeys<T extends object, K extends keyof T>(value: T, keys: readonly K[]): Omit<T, K> {
  return Object.fromEntries(Object.entries(value).filter(([key]) => !(keys as readonly PropertyKey[]).includes(key))) as Omit<T, K>;
}

/** An item without the API keys' last-used time (a request may legitimately write it). */
export const withoutLastUsed = (item: Record<string, unknown>): Record<string, unknown> => omitKeys(item, ['lastUsedAt']);
