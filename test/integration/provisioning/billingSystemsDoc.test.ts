import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LocalStack } from '../../../local/stack';
import { MemoryLogger } from '../../../shared/logging';
import { startTestStack, TEST_ADMIN_KEY } from '../../support/localStack';
import { SnapshotHarness } from '../../support/snapshotHarness';
import { SNAPSHOT_FIXTURES } from '../snapshots/fixtures';

/** The curl commands of docs/billing-systems.md's bash block, continuation lines joined. */
function documentedCommands(): string[] {
  const doc = readFileSync(join(__dirname, '..', '..', '..', 'docs', 'billing-systems.md'), 'utf8');
  const block = /```bash\n([\s\S]*?)```/.exec(doc)?.[1] ?? '';
  return block
    .replace(/\\\n\s*/g, ' ')
    .split('\n')
    .filter((line) => line.startsWith('curl '));
}

describe('docs/billing-systems.md', () => {
  let stack: LocalStack;
  let h: SnapshotHarness;

  beforeAll(async () => {
    stack = await startTestStack({ logger: new MemoryLogger() });
    h = new SnapshotHarness(stack);
    await h.sim.reset(SNAPSHOT_FIXTURES);
  }, 60_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('runs every curl example as written, each answering 2xx, in lifecycle order', async () => {
    const commands = documentedCommands();
    expect(commands).toHaveLength(8);
    const states: string[] = [];
    // Asynchronously: the bridge answering curl runs in this very process.
    for (const command of commands) {
      const { stdout } = await promisify(execFile)('bash', ['-c', command], { env: { ...process.env, BRIDGE: stack.apiUrl, KEY: TEST_ADMIN_KEY }, encoding: 'utf8' });
      states.push((JSON.parse(stdout) as { state: string }).state);
    }
    expect(states).toEqual(['active', 'active', 'suspended', 'active', 'active', 'active', 'active', 'terminated']);
  }, 60_000);
});
