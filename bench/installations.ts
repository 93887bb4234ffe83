import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { snapshotTimeoutSeconds } from '../infra/lib/infraConfig';
import { CONFIG_DEFAULTS } from '../shared/config/defaults';
import { MemoryLogger } from '../shared/logging';
import { startTestStack } from '../test/support/localStack';
import { percentile } from './stats';

/** What the fan-out bench measured, and the section of docs/benchmarks.md that reports it. */
export interface InstallationsResult {
  readonly metrics: Record<string, number>;
  readonly section: string[];
}

const PLAN = { id: 1, name: 'Small', tokens_per_hour: 7, tokens_per_month: 5000, ip_tokens_per_hour: 1, ip_tokens_per_month: 500, backup_price: 10 };
const CREATED = '2026-11-01T00:00:00.000Z';
/** The fleet the extrapolation is for (issue #25): ten installations of 10,000 servers each. */
const TARGET_INSTALLATIONS = 10;
const TARGET_SERVERS = 10_000;
const SECTION_TITLE = '## Installations fan-out (issue #25)';

/**
 * Issue #25: one snapshot-servers run per installation (the schedule fan-out: `{time, installation}`),
 * two simulated installations of `servers` each, as the scale bench seeds its one. Measured: the
 * seeding run and steady runs per installation, and one run without `installation` (every
 * installation one after the other, as the local scheduler calls it). Extrapolated, linearly in
 * servers: a 10,000-server installation's run against the function timeout.
 */
export async function runInstallationFanOut(quick: boolean, log: (line: string) => void): Promise<InstallationsResult> {
  const servers = quick ? 500 : 2000;
  const ids = ['eu', 'us'];
  const stack = await startTestStack({ seed: 'empty', simPageSize: 100, dynamoDbEndpoint: undefined, logger: new MemoryLogger(), installations: ids });
  try {
    const control = async (simulatorUrl: string, method: string, path: string, body: unknown) => {
      const reply = await fetch(`${simulatorUrl}/_sim/${path}`, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      if (reply.status >= 300) throw new Error(`${method} /_sim/${path}: ${reply.status} ${await reply.text()}`);
    };
    const users = Array.from({ length: servers / 100 }, (_, i) => ({ id: i + 1, email: `c${i + 1}@example.test`, billing_user_id: 1001 + i }));
    const fleet = Array.from({ length: servers }, (_, i) => ({ id: i + 1, name: `vps${i + 1}.example.test`, plan: 1, user: 1 + Math.floor(i / 100), created_at: CREATED }));
    for (const installation of stack.installations) await control(installation.url, 'POST', 'reset', { plans: [PLAN], users, servers: fleet });

    const invoke = async (body: Record<string, string>): Promise<{ ms: number; reply: unknown }> => {
      for (const installation of stack.installations) await control(installation.url, 'PUT', 'clock', { now: body['time'] });
      const t0 = performance.now();
      const reply = await fetch(`${stack.apiUrl}/_local/invoke/snapshot-servers`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const json = (await reply.json()) as unknown;
      const ms = performance.now() - t0;
      if (reply.status !== 200) throw new Error(`snapshot-servers ${JSON.stringify(body)}: ${reply.status} ${JSON.stringify(json)}`);
      return { ms, reply: json };
    };
    let minute = 5;
    const nextTime = () => new Date(Date.parse(CREATED) + (minute += 5) * 60_000).toISOString();

    const seeding: number[] = [];
    for (const installation of ids) {
      const run = await invoke({ time: nextTime(), installation });
      const record = run.reply as { complete?: boolean; serversSeen?: number; installation?: string };
      if (record.complete !== true || record.serversSeen !== servers || record.installation !== installation) throw new Error(`seeding run of ${installation}: ${JSON.stringify(run.reply)}`);
      seeding.push(run.ms);
      log(`installations: seeding run of ${installation}, ${servers} servers: ${run.ms.toFixed(0)} ms`);
    }
    const rounds = quick ? 3 : 5;
    const steady: number[] = [];
    for (let round = 0; round < rounds; round += 1) {
      const time = nextTime();
      for (const installation of ids) steady.push((await invoke({ time, installation })).ms);
    }
    const all = await invoke({ time: nextTime() });
    const entries = (all.reply as { installations?: { installation: string; complete?: boolean }[] }).installations ?? [];
    if (entries.map((entry) => `${entry.installation}:${String(entry.complete)}`).join(',') !== 'eu:true,us:true') throw new Error(`run of every installation: ${JSON.stringify(all.reply)}`);
    log(`installations: steady runs p50 ${percentile(steady, 50).toFixed(0)} ms, one run of both ${all.ms.toFixed(0)} ms`);

    const scale = TARGET_SERVERS / servers;
    const seedingMax = Math.max(...seeding);
    const steadyP50 = percentile(steady, 50);
    const steadyMax = Math.max(...steady);
    const timeout = snapshotTimeoutSeconds(CONFIG_DEFAULTS.scheduleRates['snapshot-servers']);
    const metrics: Record<string, number> = {
      installation_seeding_run_ms: seedingMax,
      installation_steady_run_p50_ms: steadyP50,
      installation_steady_run_max_ms: steadyMax,
      installations_one_invocation_ms: all.ms,
      extrapolated_10k_seeding_run_s: (seedingMax * scale) / 1000,
      extrapolated_10k_steady_run_s: (steadyMax * scale) / 1000,
    };
    const fmt = (value: number | undefined, digits = 1) => (value ?? Number.NaN).toFixed(digits);
    const section = [
      SECTION_TITLE,
      '',
      `Run: \`npm run bench:installations${quick ? ' -- --quick' : ''}\` on ${new Date().toISOString().slice(0, 10)} (also part of \`npm run bench\`; 2 cores, shared machine). ` +
        `${ids.length} simulated installations of ${servers.toLocaleString('en')} servers each (100 per customer), pages of 100, DynamoDB Local in memory, ` +
        'one `snapshot-servers` invocation per installation with `{"time","installation"}` as each installation\'s schedule sends it (bench/installations.ts).',
      '',
      '| metric | value | how |',
      '| --- | --- | --- |',
      `| installation_seeding_run_ms | ${fmt(metrics['installation_seeding_run_ms'], 0)} | first run of an installation (writes each server's month item), the slower of the two |`,
      `| installation_steady_run_p50_ms | ${fmt(metrics['installation_steady_run_p50_ms'], 0)} | a run where nothing changed, ${rounds} rounds x ${ids.length} installations |`,
      `| installation_steady_run_max_ms | ${fmt(metrics['installation_steady_run_max_ms'], 0)} | the slowest of those runs |`,
      `| installations_one_invocation_ms | ${fmt(metrics['installations_one_invocation_ms'], 0)} | one invocation without \`installation\` (both, one after the other: the local scheduler's way) |`,
      `| extrapolated_10k_seeding_run_s | ${fmt(metrics['extrapolated_10k_seeding_run_s'])} | **extrapolation**, not measured: the seeding run x ${scale} (linear in servers) |`,
      `| extrapolated_10k_steady_run_s | ${fmt(metrics['extrapolated_10k_steady_run_s'])} | **extrapolation**, not measured: the slowest steady run x ${scale} |`,
      '',
      `Against the timeout: with ${TARGET_INSTALLATIONS} installations of ${TARGET_SERVERS.toLocaleString('en')} servers each, every installation has its own schedule and its own invocation ` +
        `(reserved concurrency = ${TARGET_INSTALLATIONS}), so each run must fit the function timeout of ${timeout} s (5-minute rate) and the run's SolusIO deadline of ${CONFIG_DEFAULTS.snapshotDeadlineSeconds} s on its own. ` +
        `Extrapolated, an installation's steady run takes about ${fmt(metrics['extrapolated_10k_steady_run_s'])} s and its seeding run about ${fmt(metrics['extrapolated_10k_seeding_run_s'])} s here ` +
        `(${fmt((100 * (metrics['extrapolated_10k_steady_run_s'] ?? 0)) / timeout, 0)} % and ${fmt((100 * (metrics['extrapolated_10k_seeding_run_s'] ?? 0)) / timeout, 0)} % of the timeout). ` +
        `One invocation walking all ten one after the other would need about ${fmt((metrics['extrapolated_10k_steady_run_s'] ?? 0) * TARGET_INSTALLATIONS)} s steady and about ` +
        `${fmt((metrics['extrapolated_10k_seeding_run_s'] ?? 0) * TARGET_INSTALLATIONS)} s when every installation seeds (the first run of a month writes each server's month item), ` +
        `${(metrics['extrapolated_10k_seeding_run_s'] ?? 0) * TARGET_INSTALLATIONS > timeout ? 'beyond' : 'within'} the timeout: that is why the schedules fan out. The extrapolation assumes a run grows linearly with its servers ` +
        '(it pages through them and compares each with its observed state) and that a real SolusIO answers a page no slower than the simulator; a slow SolusIO makes a run partial at its deadline, never late. ' +
        'A run has a fixed part (reading the run pointer, the activity log) that a linear extrapolation multiplies too, and this machine is shared: ' +
        'the scale section above measures one 10,000-server installation directly, the better figure when the two disagree.',
      '',
    ];
    return { metrics, section };
  } finally {
    await stack.stop();
  }
}

/** Replaces (or adds, before the analysis) the fan-out section of docs/benchmarks.md. */
export function spliceSection(document: string, section: readonly string[]): string {
  const text = section.join('\n');
  const start = document.indexOf(SECTION_TITLE);
  if (start >= 0) {
    const next = document.indexOf('\n## ', start + SECTION_TITLE.length);
    return `${document.slice(0, start)}${text}${next >= 0 ? `\n${document.slice(next + 1)}` : ''}`;
  }
  const analysis = document.indexOf('\n## Analysis');
  if (analysis < 0) return `${document.trimEnd()}\n\n${text}`;
  return `${document.slice(0, analysis + 1)}${text}\n${document.slice(analysis + 1)}`;
}

/** `npm run bench:installations [-- --quick]`: this bench alone, its section written into docs/benchmarks.md. */
async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const log = (line: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);
  const result = await runInstallationFanOut(quick, log);
  const docPath = join(__dirname, '..', 'docs', 'benchmarks.md');
  writeFileSync(docPath, spliceSection(existsSync(docPath) ? readFileSync(docPath, 'utf8') : '# Benchmarks\n', result.section));
  console.log(result.section.join('\n'));
}

if (require.main === module) {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
