import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { LocalStack } from '../../../local/stack';
import { MemoryLogger } from '../../../shared/logging';
import { startTestStack } from '../../support/localStack';

const README = readFileSync(join(__dirname, '..', '..', '..', 'README.md'), 'utf8');
const TOUR = README.slice(README.indexOf('## A short tour'));

/** The tour's bash blocks: the start command, then the commands, continuation lines joined. */
function tourBlocks(): [string, string[]] {
  const blocks = [...TOUR.matchAll(/```bash\n([\s\S]*?)```/g)].map((match) => (match[1] ?? '').replace(/\\\n\s*/g, ' ').split('\n').filter((line) => line.trim() !== ''));
  return [blocks[0]?.join('\n') ?? '', blocks[1] ?? []];
}

interface Answer {
  readonly command: string;
  readonly status: number;
  readonly body: unknown;
}

/**
 * README.md's "A short tour" as written, against the local stack started as it says (in this
 * process, on free ports: the tour's 3000 and 4010 are rewritten to them). Every command must
 * answer 2xx, in order: the clock after the seeded servers, usage read after an aggregation, a
 * closed month before the pushes.
 */
describe('README.md: A short tour', () => {
  let stack: LocalStack;
  const [start, commands] = tourBlocks();

  beforeAll(async () => {
    expect(start).toBe('LOCAL_SCHEDULES=off BILLING_SYSTEM=whmcs BRIDGE_ADMIN_KEY=tour-admin-key npm start');
    // What that command starts, with npm start's defaults (demo seed, pages of 100).
    stack = await startTestStack({ schedules: false, billingSystem: 'whmcs', billingPort: 0, adminKey: 'tour-admin-key', seed: 'demo', simPageSize: 100, logger: new MemoryLogger() });
  }, 60_000);

  afterAll(async () => {
    await stack?.deliveriesSettled();
    await stack?.stop();
  });

  it('runs every command as written, each answering 2xx', async () => {
    const env: Record<string, string> = {};
    const answers: Answer[] = [];
    for (const line of commands) {
      if (line.startsWith('#')) continue;
      const exported = /^export (\w+)=(\S+)$/.exec(line);
      if (exported?.[1] && exported[2]) {
        env[exported[1]] = exported[2];
        continue;
      }
      expect(line).toMatch(/^curl -s /);
      const command = line
        .replace(/^curl -s /, `curl -s -w '\\n%{http_code}' `)
        .replaceAll('127.0.0.1:3000', stack.apiUrl.replace('http://', ''))
        .replaceAll('127.0.0.1:4010', stack.simulatorUrl.replace('http://', ''));
      // Asynchronously: the stack answering curl runs in this very process.
      const { stdout } = await promisify(execFile)('bash', ['-c', command], { env: { PATH: process.env['PATH'] ?? '', ...env }, encoding: 'utf8' });
      const status = Number(stdout.slice(stdout.lastIndexOf('\n') + 1));
      const text = stdout.slice(0, stdout.lastIndexOf('\n'));
      answers.push({ command: line, status, body: text.startsWith('{') || text.startsWith('[') ? (JSON.parse(text) as unknown) : text });
    }
    expect(answers.filter((answer) => answer.status < 200 || answer.status > 299)).toEqual([]);
    expect(answers.length).toBeGreaterThanOrEqual(20);

    const answerTo = (fragment: string, nth = 0): unknown => answers.filter((answer) => answer.command.includes(fragment))[nth]?.body;
    // The runs are complete; the created server's history starts at its creation; usage was aggregated.
    expect(answerTo('invoke/snapshot-servers', 0)).toMatchObject({ complete: true, serversSeen: 5 });
    expect(answerTo('invoke/snapshot-servers', 1)).toMatchObject({ complete: true, serversSeen: 6 });
    expect(answerTo('/v1/servers/6/history')).toMatchObject({ segments: [{ start: '2026-11-03T10:07:00.000Z', startBy: 'created_at' }] });
    expect(answerTo('/v1/usage?period=2026-11')).toMatchObject({ status: 'open', customers: expect.arrayContaining([expect.objectContaining({ customer: '1001' })]) });
    // The month is closed before the pushes, which answer as the comments say.
    expect(answerTo('invoke/close-period')).toMatchObject({ period: '2026-11', status: 'closed' });
    expect(answerTo('"dryRun":true')).toMatchObject({ period: '2026-11', dryRun: true });
    expect(answers.find((answer) => answer.command.endsWith("-d '{}'"))).toMatchObject({ status: 202, body: { period: '2026-11', accepted: true } });
    expect(answerTo('/pushes?limit=25')).toMatchObject({ period: '2026-11', system: 'whmcs' });
  }, 60_000);
});
