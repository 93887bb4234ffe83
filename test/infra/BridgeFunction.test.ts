import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { BridgeFunction, CONSOLE_BUILD_SCRIPT, consoleBuildCommand, PROJECT_ROOT } from '../../infra/lib/constructs/BridgeFunction';

/** Synthesizes one bundled BridgeFunction of the fixture handler; answers its template and asset folder. */
function bundleFixture(servesConsole: boolean): { template: Template; assetDir: string } {
  const app = new App();
  const stack = new Stack(app, 'Bundled');
  new BridgeFunction(stack, 'fixture', {
    entry: 'test/infra/fixtures/sdkHandler.ts',
    environment: { STAGE: 'test' },
    logRetention: RetentionDays.ONE_WEEK,
    ...(servesConsole ? { servesConsole } : {}),
  });
  const template = Template.fromStack(stack);
  const assembly = app.synth();
  const code = Object.values(template.toJSON()['Resources'] as Record<string, { Type: string; Properties: { Code?: { S3Key?: string } } }>).find(
    (resource) => resource.Type === 'AWS::Lambda::Function',
  )?.Properties.Code;
  return { template, assetDir: join(assembly.directory, `asset.${(code?.S3Key ?? '').replace(/\.zip$/, '')}`) };
}

/**
 * The real bundling, on a small fixture handler that uses the AWS SDK (the stack tests use
 * placeholder code; a fixture keeps this test independent of handlers being edited).
 */
describe('BridgeFunction with esbuild', () => {
  let template: Template;
  let assetDir: string;

  beforeAll(() => {
    ({ template, assetDir } = bundleFixture(false));
  }, 60_000);

  it('is a Node 24 arm64 function from a bundled asset, with source maps enabled', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      Environment: { Variables: { STAGE: 'test', NODE_OPTIONS: '--enable-source-maps' } },
    });
  });

  it('bundles minified, with a source map, and takes the AWS SDK from the runtime', () => {
    expect(existsSync(join(assetDir, 'index.js'))).toBe(true);
    expect(existsSync(join(assetDir, 'index.js.map'))).toBe(true);
    const code = readFileSync(join(assetDir, 'index.js'), 'utf8');
    // minified: short names, no indented lines
    expect(code).not.toMatch(/\n {2,}\S/);
    expect(code).toMatch(/^"use strict";var \w=Object\.defineProperty;/);
    // the client is required from the Lambda runtime, not bundled (docs/architecture.md "Bundles")
    expect(code).toMatch(/require\("@aws-sdk\/client-dynamodb"\)/);
    expect(code).not.toContain('ListTablesCommandFilterSensitiveLog');
  });

  it('carries no console unless asked', () => {
    expect(existsSync(join(assetDir, 'console'))).toBe(false);
  });
});

describe('BridgeFunction serving the console', () => {
  let scratch: string;

  beforeAll(() => {
    // A quote and a space: the hook's command must quote the paths it is given.
    scratch = mkdtempSync(join(tmpdir(), "bridge console '"));
  });

  afterAll(() => {
    rmSync(scratch, { recursive: true, force: true });
  });

  it('builds with the console\'s own CLI, from the project root', () => {
    expect(existsSync(join(PROJECT_ROOT, CONSOLE_BUILD_SCRIPT))).toBe(true);
    expect(consoleBuildCommand('/in', '/out')).toBe(`cd '/in' && node --import tsx '${CONSOLE_BUILD_SCRIPT}' '/out/console'`);
  });

  it('runs the build script from the input folder into console/ of the output folder, whatever the paths hold', () => {
    const outputDir = join(scratch, 'asset output');
    execFileSync('bash', ['-c', consoleBuildCommand(PROJECT_ROOT, outputDir, 'test/infra/fixtures/consoleBuild.ts')], { cwd: tmpdir(), stdio: 'pipe', timeout: 60_000 });
    expect(readdirSync(join(outputDir, 'console')).sort()).toEqual(['app.css', 'app.js', 'index.html']);
    expect(readFileSync(join(outputDir, 'console', 'index.html'), 'utf8')).toBe(PROJECT_ROOT);
  }, 60_000);

  // The console's sources (console/src, console/public) come with the console itself: with them the
  // bundle carries the built console; without them the hook still runs, and the build's failure
  // fails the synthesis rather than shipping a console function with nothing to serve.
  const consoleSources = existsSync(join(PROJECT_ROOT, 'console', 'src', 'main.tsx'));
  it(`${consoleSources ? 'bundles the built console (index.html, app.css, app.js) in console/ beside index.js' : 'fails the synthesis when the console does not build'}`, () => {
    if (!consoleSources) {
      expect(() => bundleFixture(true)).toThrow();
      return;
    }
    const { assetDir } = bundleFixture(true);
    expect(existsSync(join(assetDir, 'index.js'))).toBe(true);
    expect(readdirSync(join(assetDir, 'console'))).toEqual(expect.arrayContaining(['index.html', 'app.css', 'app.js']));
    expect(readFileSync(join(assetDir, 'console', 'app.js'), 'utf8').length).toBeGreaterThan(0);
  }, 120_000);
});
