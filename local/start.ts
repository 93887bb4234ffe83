import { killTrackedChildren } from './childProcesses';
import { LocalStartError } from './localStartError';
import { parseLocalEnv } from './localEnv';
import { isSingleDefault, parseInstallationIds, refuseUrlWithInstallations, type LocalInstallation } from './localInstallations';
import { startLocalStack, type LocalStack } from './stack';

// The SDK warns on Node 20 that releases after January 2027 need Node 22; the lockfile pins the SDK,
// so locally the warning only buries the start log. Lambda runs Node 24 and never sees it.
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

/** `npm start`: the whole bridge on this machine, with embedded defaults and no AWS account. */
async function main(): Promise<void> {
  const env = parseLocalEnv(process.env);
  const installations = parseInstallationIds(env.SOLUSIO_INSTALLATIONS);
  // Refused before anything starts: one line, exit 1.
  refuseUrlWithInstallations(env.SOLUSIO_URL, installations);
  const started: { stack?: LocalStack } = {};
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping`);
    const stopped = started.stack ? started.stack.stop() : Promise.resolve();
    void stopped.finally(() => {
      killTrackedChildren();
      process.exit(0);
    });
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  watchParent(() => shutdown('parent process gone'));

  const stack = await startLocalStack({
    port: env.PORT,
    simPort: env.SIM_PORT,
    dynamoDbPort: env.DYNAMODB_PORT,
    dynamoDbEndpoint: env.DYNAMODB_ENDPOINT,
    solusioUrl: env.SOLUSIO_URL,
    solusioToken: env.SOLUSIO_TOKEN,
    installations,
    adminKey: env.BRIDGE_ADMIN_KEY,
    schedules: env.LOCAL_SCHEDULES === 'on',
    seed: env.LOCAL_SEED,
    simPageSize: env.SIM_PAGE_SIZE,
    tokenRates: env.TOKEN_RATES,
    billingStart: env.BILLING_START,
    billSuspendedTime: env.BILL_SUSPENDED_TIME,
    gapToleranceMinutes: env.GAP_TOLERANCE_MINUTES,
    closeGraceMinutes: env.CLOSE_GRACE_MINUTES,
    billingSystem: env.BILLING_SYSTEM,
    billingPort: env.BILLING_PORT,
    billingUrl: env.BILLING_URL,
    billingIdentifier: env.BILLING_IDENTIFIER,
    billingSecret: env.BILLING_SECRET,
    billingAccessKey: env.BILLING_ACCESS_KEY,
    billingCurrency: env.BILLING_CURRENCY,
    billingDueDays: env.BILLING_DUE_DAYS,
    billingTaxed: env.BILLING_TAXED,
    solusioCreateQuarantineMinutes: env.SOLUSIO_CREATE_QUARANTINE_MINUTES,
    pushUnknownQuarantineMinutes: env.PUSH_UNKNOWN_QUARANTINE_MINUTES,
    pushHoldGapHours: env.PUSH_HOLD_GAP_HOURS,
    solusioBackupSchedule: env.SOLUSIO_BACKUP_SCHEDULE,
  });
  started.stack = stack;
  if (stopping) return stack.stop();
  console.log(`bridge API     ${stack.apiUrl}/v1   (health: ${stack.apiUrl}/v1/health)`);
  console.log(`console        ${stack.apiUrl}/console   (operator console: sign in with the admin key)`);
  console.log(`local controls ${stack.apiUrl}/_local/invoke/{name}, /_local/events, /_local/reset`);
  for (const line of solusioLines(stack)) console.log(line);
  console.log(`DynamoDB       ${stack.dynamoDbEndpoint}   (table ${stack.tableName})`);
  console.log(`billing system ${billingLine(stack)}`);
  console.log(`schedules      ${env.LOCAL_SCHEDULES === 'on' ? 'on (in-process timers)' : 'off (use /_local/invoke)'}`);
  // The generated key is shown here once and never logged anywhere else.
  if (stack.adminKeyGenerated) console.log(`admin API key  ${stack.adminKey}   (shown once; set BRIDGE_ADMIN_KEY to choose it)`);
  console.log('ready');
}

/** One line per installation, naming it (the single default installation keeps its one unnamed line). */
function solusioLines(stack: LocalStack): string[] {
  const describe = (installation: LocalInstallation): string =>
    installation.simulator ? `${installation.url}/api/v1   (simulator, controls at ${installation.url}/_sim/*)` : installation.url;
  if (isSingleDefault(stack.installations.map((installation) => installation.id))) return stack.installations.map((installation) => `SolusIO        ${describe(installation)}`);
  return stack.installations.map((installation) => `SolusIO ${installation.id.padEnd(7)}${describe(installation)}`);
}

function billingLine(stack: LocalStack): string {
  if (stack.billingSystem === 'none') return 'none (BILLING_SYSTEM=whmcs|blesta|hostbill|ubersmith pushes closed periods to one)';
  if (stack.billingSimulator) return `${stack.billingSystem} simulator at ${stack.billingSimulator.url}   (controls at ${stack.billingSimulator.url}/_sim/*)`;
  return `${stack.billingSystem} at ${stack.billingUrl ?? ''}`;
}

/**
 * A parent killed outright (npm or a terminal closed with SIGKILL) sends no signal: we notice being
 * re-parented and stop, so DynamoDB Local is not left holding its port.
 */
function watchParent(onGone: () => void): void {
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid !== parent) onGone();
  }, 1000);
  timer.unref();
}

function fail(error: unknown): never {
  killTrackedChildren();
  console.error(error instanceof LocalStartError ? error.message : `Local stack failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
}

process.on('uncaughtException', fail);
process.on('unhandledRejection', fail);
main().catch(fail);
