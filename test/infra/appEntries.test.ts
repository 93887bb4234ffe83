import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');

interface Exit {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function run(args: readonly string[], env: Readonly<Record<string, string>> = {}): Promise<Exit> {
  return new Promise((done) => {
    execFile(process.execPath, ['--import', 'tsx', ...args], { cwd: ROOT, env: { ...process.env, ...env }, timeout: 60_000 }, (error, stdout, stderr) => {
      done({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

/** The apps' entries fail on a bad context with one line and exit 1, before synthesizing anything. */
describe('the CDK app entries on a configuration error', () => {
  let outdir: string;

  beforeAll(() => {
    outdir = mkdtempSync(join(tmpdir(), 'cdk-out-'));
  });

  afterAll(() => {
    rmSync(outdir, { recursive: true, force: true });
  });

  it('infra/bin/app.ts (what `cdk synth`/`cdk deploy` run): one line naming the nearest key, exit 1, nothing written', async () => {
    // How the CDK CLI hands the app its context and output directory.
    const context = { '@aws-cdk/core:checkSecretUsage': true, solusoUrl: 'https://solusio.example.com/api/v1' };
    const result = await run(['infra/bin/app.ts'], { CDK_CONTEXT_JSON: JSON.stringify(context), CDK_OUTDIR: outdir });
    expect(result.code).toBe(1);
    expect(result.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(/^Invalid CDK context: solusoUrl: unknown key, did you mean solusioUrl\?; solusioUrl: required/)]);
    expect(readdirSync(outdir)).toEqual([]);
  }, 60_000);

  it('infra/bin/synthOffline.ts (`npm run synth`): one line, exit 1, the last cdk.out left alone', async () => {
    const hadCdkOut = existsSync(join(ROOT, 'cdk.out'));
    const result = await run(['infra/bin/synthOffline.ts', '-c', 'solusioUrl=http://solusio.example.com/api/v1']);
    expect(result.code).toBe(1);
    expect(result.stderr.trimEnd().split('\n')).toEqual(['Invalid CDK context: solusioUrl: an https:// URL such as https://solusio.example.com/api/v1 (plain http only to 127.0.0.1, localhost or [::1])']);
    expect(existsSync(join(ROOT, 'cdk.out'))).toBe(hadCdkOut);
  }, 60_000);
});
