import { execFile, execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../../../local/ports';
import type { LocalStack } from '../../../local/stack';
import { MemoryLogger } from '../../../shared/logging';
import { bearer, requestJson, startTestStack, TEST_ADMIN_KEY } from '../../support/localStack';
import { SnapshotHarness } from '../../support/snapshotHarness';
import { SNAPSHOT_FIXTURES } from '../snapshots/fixtures';

/**
 * The WHMCS module's PHP harness (integrations/whmcs/tests) against this process's local stack:
 * each PHP case is a Jest test, so a failing case fails the run. Without `php` on the PATH the
 * tests are skipped with one line, except in CI (`CI=true`), where that is a failure.
 */
const whmcsDir = join(__dirname, '..', '..', '..', 'integrations', 'whmcs');
const harness = join(whmcsDir, 'tests', 'run.php');

function phpAvailable(): boolean {
  try {
    execFileSync('php', ['-v'], { stdio: 'ignore', timeout: 10_000 });
    return true;
  } catch {
    return false;
  }
}

function phpFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return phpFiles(path);
    return name.endsWith('.php') ? [path] : [];
  });
}

interface CaseResult {
  readonly case: string;
  readonly ok?: boolean;
  readonly detail?: string;
}

const parseLines = (stdout: string): CaseResult[] =>
  stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as CaseResult);

const hasPhp = phpAvailable();
if (!hasPhp && process.env.CI !== 'true') console.log('skipped: php not found');

describe('WHMCS module (PHP) against the local stack', () => {
  if (!hasPhp) {
    if (process.env.CI === 'true') it('has php on the PATH (CI must run the WHMCS module tests)', () => expect('php').toBe('found on the PATH'));
    else it.skip('needs php on the PATH', () => undefined);
    return;
  }

  const caseNames = parseLines(execFileSync('php', [harness, '--list'], { encoding: 'utf8', timeout: 30_000 })).map((line) => line.case);
  let stack: LocalStack | undefined;
  let results = new Map<string, CaseResult>();
  let output = '';

  beforeAll(async () => {
    stack = await startTestStack({ logger: new MemoryLogger() });
    await new SnapshotHarness(stack).sim.reset(SNAPSHOT_FIXTURES);
    const created = await requestJson(`${stack.apiUrl}/v1/keys`, { method: 'POST', body: { name: 'whmcs', scopes: ['provisioning', 'usage:read'] }, headers: bearer(TEST_ADMIN_KEY) });
    const key = (created.json as { key?: string }).key;
    if (created.status !== 201 || !key) throw new Error(`creating the key: ${created.status} ${JSON.stringify(created.json)}`);
    const env = {
      ...process.env,
      SOLUSBRIDGE_URL: stack.apiUrl,
      SOLUSBRIDGE_KEY: key,
      SOLUSBRIDGE_SIM_URL: stack.simulatorUrl,
      SOLUSBRIDGE_UNREACHABLE_URL: `http://127.0.0.1:${await freePort()}`,
    };
    // Asynchronously: the bridge the harness calls runs in this very process. A failing case exits 1.
    const run = await promisify(execFile)('php', [harness], { env, encoding: 'utf8', timeout: 150_000 }).catch(
      (error: { stdout?: string; stderr?: string; message: string }) => ({ stdout: error.stdout ?? '', stderr: error.stderr ?? error.message }),
    );
    output = `${run.stdout}\n${run.stderr}`;
    results = new Map(parseLines(run.stdout).map((line) => [line.case, line]));
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('lists its cases and ends with a summary line', () => {
    expect(caseNames.length).toBeGreaterThan(20);
    expect(output).toMatch(/^summary: \d+ passed, \d+ failed$/m);
  });

  it.each(caseNames)('%s', (name) => {
    const result = results.get(name);
    expect({ case: name, ok: result?.ok, detail: result?.detail ?? `did not run:\n${output.slice(-2000)}` }).toEqual({ case: name, ok: true, detail: '' });
  });

  it('php -l passes on every PHP file of the module and the harness', () => {
    const files = phpFiles(whmcsDir);
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) expect(execFileSync('php', ['-l', file], { encoding: 'utf8', timeout: 30_000 })).toContain('No syntax errors detected');
  });
});
