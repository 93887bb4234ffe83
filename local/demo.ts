import { freePort } from './ports';
import { startLocalStack, type LocalStack } from './stack';
import { CONFIG_DEFAULTS } from '../shared/config';
import { BILLING_SYSTEMS, type BillingSystemName } from '../shared/invoicing';
import { MemoryLogger } from '../shared/logging';
import { killTrackedChildren } from './childProcesses';
import { demoInstallations, partialRuns, US_FIXTURES, US_OUTAGE, type SnapshotAnswer } from './demoInstallations';
import { reconciliationTable, unbilledLines, usageLegend, usageTable, type ReconciliationJson, type UsageJson } from './demoTables';

// The SDK's Node 22 notice only buries the demo's output (see local/start.ts).
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

/**
 * `npm run demo`: replays a whole simulated month on the local stack (free ports, no AWS), with
 * hourly snapshot runs, then closes the period, prints the invoice table and the event, and shows
 * the month pushed into a billing-system simulator with the reconciliation table: WHMCS unless
 * `BILLING_SYSTEM` names another (`BILLING_SYSTEM=ubersmith npm run demo`). `-- --installations 2`
 * replays it on two simulated installations, one customer with servers in both (demoInstallations.ts).
 */

const MONTH = '2026-11';
const MONTH_START = Date.UTC(2026, 10, 1);
const HOURS = 30 * 24;
const HOUR = 3_600_000;
/** Hourly runs here instead of every 5 minutes: the gap tolerance follows (clarifications.md "Demo"). */
const GAP_TOLERANCE_MINUTES = 90;
/** The dollar rate of the local stack's default TOKEN_RATES (the demo sets none): what the USD column is at. */
const TOKEN_RATE = (JSON.parse(CONFIG_DEFAULTS.tokenRates) as Record<string, string>)['USD'] ?? '?';

const FIXTURES = {
  plans: [
    { id: 1, name: 'VPS S', tokens_per_hour: 7, tokens_per_month: 5000, ip_tokens_per_hour: 1, ip_tokens_per_month: 500, backup_price: 10 },
    { id: 2, name: 'VPS L', tokens_per_hour: 14, tokens_per_month: 9000, ip_tokens_per_hour: 1, ip_tokens_per_month: 500, backup_price: 12.5 },
  ],
  users: [
    { id: 1, email: 'alice@example.test', billing_user_id: 1001 },
    { id: 2, email: 'bob@example.test', billing_user_id: 1002 },
    { id: 3, email: 'carol@example.test', billing_user_id: 1003 },
  ],
  servers: [
    { id: 1, name: 'web1.example.test', plan: 1, user: 1, created_at: '2026-10-01T00:00:00Z', backup_settings: { enabled: true } },
    { id: 2, name: 'db1.example.test', plan: 2, user: 1, created_at: '2026-10-01T00:00:00Z' },
    { id: 3, name: 'mail.example.test', plan: 1, user: 2, created_at: '2026-10-15T00:00:00Z' },
    { id: 4, name: 'shop.example.test', plan: 1, user: 2, created_at: '2026-10-20T00:00:00Z' },
    { id: 5, name: 'dev.example.test', plan: 1, user: 3, created_at: '2026-10-25T00:00:00Z' },
  ],
};

interface Demo {
  readonly stack: LocalStack;
  api(method: string, path: string, body?: unknown): Promise<unknown>;
  sim(method: string, path: string, body?: unknown): Promise<unknown>;
  /** The same control sent to every installation's simulator (their clocks move together). */
  simAll(method: string, path: string, body?: unknown): Promise<unknown>;
  invoke(name: string, body: unknown): Promise<unknown>;
}

async function call(url: string, method: string, body: unknown, headers: Record<string, string> = {}): Promise<unknown> {
  const response = await fetch(url, { method, headers: { 'content-type': 'application/json', ...headers }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${text}`);
  return text ? (JSON.parse(text) as unknown) : null;
}

const iso = (ms: number): string => new Date(ms).toISOString();

/** What happens during the month, by hour since the month's start. */
function scenario(demo: Demo): Map<number, { label: string; act: () => Promise<unknown> }> {
  const at = (day: number, hour: number): number => (day - 1) * 24 + hour;
  return new Map([
    [at(3, 10), { label: 'new server api1 for bob', act: () => demo.api('POST', 'servers', { name: 'api1.example.test', plan: 1, location: 1, os: 1, user: 2 }) }],
    [at(5, 9), { label: 'mail resized to VPS L', act: () => demo.api('POST', 'servers/3/resize', { plan_id: 2 }) }],
    [at(8, 0), { label: 'shop suspended', act: () => demo.api('POST', 'servers/4/suspend') }],
    [at(10, 0), { label: 'shop resumed', act: () => demo.api('POST', 'servers/4/resume') }],
    [at(12, 14), { label: 'backups on for db1', act: () => demo.api('PATCH', 'servers/2', { backup_settings: { enabled: true } }) }],
    [at(14, 8), { label: 'additional IP for web1', act: () => demo.api('POST', 'servers/1/ips', {}) }],
    [at(16, 12), { label: 'dev moved from carol to bob', act: () => demo.sim('PATCH', '_sim/servers/5', { user: 2 }) }],
    [
      at(18, 15),
      {
        label: 'a server made outside the bridge lives 4 minutes',
        act: async () => {
          const created = (await demo.api('POST', 'servers', { name: 'tmp.example.test', plan: 1, location: 1, os: 1, user: 3 })) as { data: { id: number } };
          await demo.sim('PUT', '_sim/clock', { now: iso(MONTH_START + at(18, 15) * HOUR + 4 * 60_000) });
          return demo.api('DELETE', `servers/${created.data.id}`);
        },
      },
    ],
    [at(20, 3), { label: 'SolusIO falters: page 2 of the servers fails', act: () => demo.sim('POST', '_sim/faults', { rules: [{ method: 'GET', path: '/api/v1/servers', page: 2, status: 500 }] }) }],
    [at(20, 4), { label: 'SolusIO outage: every server list fails', act: () => demo.sim('POST', '_sim/faults', { rules: [{ method: 'GET', path: '/api/v1/servers', status: 503 }] }) }],
    [at(20, 6), { label: 'SolusIO back', act: () => demo.sim('DELETE', '_sim/faults') }],
    [at(22, 17), { label: 'backups off for web1', act: () => demo.api('PATCH', 'servers/1', { backup_settings: { enabled: false } }) }],
    [at(25, 11), { label: 'shop deleted', act: () => demo.api('DELETE', 'servers/4') }],
  ]);
}

let lastProgress = '';

/** A progress bar on a terminal; on a pipe, one line each time the note changes. */
function progress(done: number, total: number, note: string): void {
  const width = 30;
  const filled = Math.round((done / total) * width);
  const bar = `[${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${String(Math.round((done / total) * 100)).padStart(3)}%  ${note.padEnd(58).slice(0, 58)}`;
  if (bar === lastProgress) return;
  if (process.stderr.isTTY) process.stderr.write(`\r${bar}`);
  else if (bar.slice(width + 8) !== lastProgress.slice(width + 8)) process.stderr.write(`${bar.trimEnd()}\n`);
  lastProgress = bar;
}

const SYSTEM_NAMES: Readonly<Record<BillingSystemName, string>> = { whmcs: 'WHMCS', blesta: 'Blesta', hostbill: 'HostBill', ubersmith: 'Ubersmith' };
/** What each system holds a pushed month as. */
const PUSHED_AS: Readonly<Record<BillingSystemName, string>> = {
  whmcs: 'draft invoices',
  blesta: 'draft invoices',
  hostbill: 'draft invoices',
  ubersmith: 'pending one-time charges (a charge group a customer)',
};

/** The simulator the demo ends in: `BILLING_SYSTEM` (default WHMCS); `none` is no ending. */
function demoBillingSystem(named = process.env['BILLING_SYSTEM']): BillingSystemName {
  if (named === undefined || named === '') return 'whmcs';
  const system = BILLING_SYSTEMS.find((candidate) => candidate === named);
  if (system === undefined) throw new Error(`BILLING_SYSTEM=${named}: the demo pushes into one of ${BILLING_SYSTEMS.join(', ')}`);
  return system;
}

async function main(): Promise<void> {
  const started = Date.now();
  const system = demoBillingSystem();
  const installations = demoInstallations(process.argv.slice(2));
  const several = installations.length > 1;
  const stack = await startLocalStack({
    installations,
    port: 0,
    simPort: 0,
    dynamoDbPort: await freePort(),
    schedules: false,
    seed: 'empty',
    simPageSize: 3,
    billingStart: `${MONTH}-01T00:00:00Z`,
    gapToleranceMinutes: String(GAP_TOLERANCE_MINUTES),
    // The closed month is pushed into the billing-system simulator (BillingPeriodClosed -> push-invoices).
    billingSystem: system,
    billingPort: 0,
    logger: new MemoryLogger(),
  });
  const simulators = several ? stack.installations.map((installation) => `${installation.id} ${installation.url}`).join(', ') : stack.simulatorUrl;
  console.log(
    `local stack on free ports: bridge ${stack.apiUrl}, SolusIO simulator${several ? 's' : ''} ${simulators}, DynamoDB ${stack.dynamoDbEndpoint}, ${SYSTEM_NAMES[system]} simulator ${stack.billingUrl ?? ''}`,
  );
  try {
    const sim = stack.simulatorUrl;
    const demo: Demo = {
      stack,
      api: (method, path, body) => call(`${sim}/api/v1/${path}`, method, body ?? {}, { authorization: 'Bearer demo' }),
      sim: (method, path, body) => call(`${sim}/${path}`, method, body),
      simAll: async (method, path, body) => {
        for (const installation of stack.installations) await call(`${installation.url}/${path}`, method, body);
        return null;
      },
      invoke: (name, body) => call(`${stack.apiUrl}/_local/invoke/${name}`, 'POST', body),
    };
    await demo.sim('POST', '_sim/reset', FIXTURES);
    const us = stack.installations[1];
    const usSim = (method: string, path: string, body?: unknown) => call(`${us?.url ?? ''}/${path}`, method, body);
    if (several) await usSim('POST', '_sim/reset', US_FIXTURES);
    const events = scenario(demo);
    if (several) {
      // Only us goes down here, so the gap flags show whose installation it was.
      for (const [hour, event] of events) if (event.label.startsWith('SolusIO ')) events.delete(hour);
      events.set(US_OUTAGE.fromHour, { label: US_OUTAGE.label, act: () => usSim('POST', '_sim/faults', { rules: [{ method: 'GET', path: '/api/v1/servers', status: 503 }] }) });
      events.set(US_OUTAGE.untilHour, { label: 'us SolusIO back', act: () => usSim('DELETE', '_sim/faults') });
    }
    let note = 'replaying November 2026, one snapshot run an hour';
    let partial = 0;
    for (let hour = 0; hour <= HOURS; hour += 1) {
      const now = iso(MONTH_START + hour * HOUR);
      const event = events.get(hour);
      await demo.simAll('PUT', '_sim/clock', { now });
      if (event) {
        await event.act();
        note = `day ${Math.floor(hour / 24) + 1}: ${event.label}`;
      }
      // The run comes a few minutes after the change, as a schedule would.
      const runAt = iso(MONTH_START + hour * HOUR + 5 * 60_000);
      await demo.simAll('PUT', '_sim/clock', { now: runAt });
      // Without `installation`: one invocation runs every installation (the local scheduler's way).
      partial += partialRuns((await demo.invoke('snapshot-servers', { time: runAt })) as SnapshotAnswer);
      if (hour % 24 === 23) await demo.invoke('aggregate-usage', { time: runAt });
      progress(hour, HOURS, note);
    }
    progress(HOURS, HOURS, 'November replayed; closing the period');
    if (process.stderr.isTTY) process.stderr.write('\n');
    const close = await demo.invoke('close-period', { time: '2026-12-01T02:00:00Z' });
    const usage = (await call(`${stack.apiUrl}/v1/usage?period=${MONTH}`, 'GET', undefined, { authorization: `Bearer ${stack.adminKey}` })) as UsageJson;
    const published = (await call(`${stack.apiUrl}/_local/events`, 'GET', undefined)) as unknown[];
    const across = several ? ` of each installation (${installations.join(', ')})` : '';
    console.log(`\nNovember 2026, closed (${HOURS + 1} hourly runs${across}, at 00:05 each hour from November 1st to December 1st; ${partial} partial during the outage${several ? 's' : ''}):\n`);
    console.log(usageTable(usage, 'USD', { installations: several }));
    console.log(`\n${usageLegend({ monthHours: HOURS, gapToleranceMinutes: GAP_TOLERANCE_MINUTES, rate: TOKEN_RATE })}`);
    console.log(`\n${unbilledLines(usage)}`);
    console.log('\nclose-period answered:');
    console.log(JSON.stringify(close, null, 2));
    console.log('\nEvent published on the bus:');
    console.log(JSON.stringify(published, null, 2));
    // The close's BillingPeriodClosed reached push-invoices; wait for it, then reconcile.
    await stack.deliveriesSettled();
    const reconciliation = (await call(`${stack.apiUrl}/v1/periods/${MONTH}/pushes`, 'GET', undefined, { authorization: `Bearer ${stack.adminKey}` })) as ReconciliationJson;
    console.log(`\nPushed into the ${SYSTEM_NAMES[system]} simulator as ${PUSHED_AS[system]}; reconciliation (GET /v1/periods/2026-11/pushes):\n`);
    console.log(reconciliationTable(reconciliation, SYSTEM_NAMES[system]));
    console.log(`\ndone in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await stack.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    killTrackedChildren();
    process.exit(1);
  },
);
