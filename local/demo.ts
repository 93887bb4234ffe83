import { freePort } from './ports';
import { startLocalStack, type LocalStack } from './stack';
import { CONFIG_DEFAULTS } from '../shared/config';
import { BILLING_SYSTEMS, type BillingSystemName } from '../shared/invoicing';
import { MemoryLogger } from '../shared/logging';
import { runScript } from './childProcesses';
import { demoInstallations } from './demoInstallations';
import { callJson as call, DEMO_CLOSE_TIME, DEMO_GAP_TOLERANCE_MINUTES, DEMO_HOURS, DEMO_MONTH, DEMO_STACK_SETTINGS, replayDemoMonth } from './demoMonth';
import { reconciliationTable, unbilledLines, usageLegend, usageTable, type ReconciliationJson, type UsageJson } from './demoTables';

// The SDK's Node 22 notice only buries the demo's output (see local/start.ts).
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

/**
 * `npm run demo`: replays a whole simulated month on the local stack (free ports, no AWS), with
 * hourly snapshot runs, then closes the period, prints the invoice table and the event, and shows
 * the month pushed into a billing-system simulator with the reconciliation table: WHMCS unless
 * `BILLING_SYSTEM` names another (`BILLING_SYSTEM=ubersmith npm run demo`). `-- --installations 2`
 * replays it on two simulated installations, one customer with servers in both (demoInstallations.ts).
 * `-- --serve` keeps the stack up afterwards and prints the operator console's URL and admin key.
 */

const MONTH = DEMO_MONTH;
const HOURS = DEMO_HOURS;
const GAP_TOLERANCE_MINUTES = DEMO_GAP_TOLERANCE_MINUTES;
/** The dollar rate of the local stack's default TOKEN_RATES (the demo sets none): what the USD column is at. */
const TOKEN_RATE = (JSON.parse(CONFIG_DEFAULTS.tokenRates) as Record<string, string>)['USD'] ?? '?';

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
  const argv = process.argv.slice(2);
  const installations = demoInstallations(argv);
  const serve = argv.includes('--serve');
  const several = installations.length > 1;
  const stack = await startLocalStack({
    installations,
    // Served, the console is where an operator expects it (PORT, default 3000); else any free port.
    port: serve ? Number(process.env['PORT'] ?? 3000) : 0,
    simPort: 0,
    dynamoDbPort: await freePort(),
    ...DEMO_STACK_SETTINGS,
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
    const { partialRuns: partial } = await replayDemoMonth(stack, progress);
    progress(HOURS, HOURS, 'November replayed; closing the period');
    if (process.stderr.isTTY) process.stderr.write('\n');
    const close = await call(`${stack.apiUrl}/_local/invoke/close-period`, 'POST', { time: DEMO_CLOSE_TIME });
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
    if (serve) await serveUntilStopped(stack);
  } finally {
    await stack.stop();
  }
}

/** `--serve`: the stack stays up with the month in it, for the console, until Ctrl-C. */
async function serveUntilStopped(stack: LocalStack): Promise<void> {
  console.log(`\nconsole        ${stack.apiUrl}/console   (sign in with the admin key)`);
  // Generated for this run only, and shown here once (as npm start does).
  if (stack.adminKeyGenerated) console.log(`admin API key  ${stack.adminKey}`);
  console.log('serving the demo month until Ctrl-C');
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
}

runScript(main);
