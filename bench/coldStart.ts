import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { RUNTIME_PROVIDED_MODULES } from '../infra/lib/constructs/powertoolsLayer';

/**
 * Builds `entry` as deployed (minified CJS, the AWS SDK and Powertools external, resolved from
 * node_modules here as from the runtime and the layer on Lambda) into bench/.out and, in fresh
 * Node processes, times require() plus the first invocation's dependency build (lambdaEntry builds
 * them lazily): the handler is called with an event it rejects before any network call. Measured
 * inside the child; the median of `runs`.
 */
export async function coldStartMs(name: string, entry: string, runs: number): Promise<{ median: number; samples: number[] }> {
  const outDir = join(__dirname, '.out');
  mkdirSync(outDir, { recursive: true });
  const outfile = join(outDir, `${name}.js`);
  await build({ entryPoints: [entry], bundle: true, minify: true, platform: 'node', target: 'node22', format: 'cjs', external: [...RUNTIME_PROVIDED_MODULES], outfile, logLevel: 'silent' });
  const script = `
const t0 = performance.now();
const mod = require(${JSON.stringify(outfile)});
const loaded = performance.now();
const ctx = { functionName: 'bench', awsRequestId: 'cold', getRemainingTimeInMillis: () => 30000, invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:bench', functionVersion: '1', memoryLimitInMB: '256', logGroupName: 'g', logStreamName: 's', callbackWaitsForEmptyEventLoop: false };
Promise.resolve().then(() => mod.handler({ bench: 'invalid' }, ctx)).catch(() => undefined).then(() => {
  process.stdout.write(JSON.stringify({ load: loaded - t0, total: performance.now() - t0 }));
  process.exit(0);
});`;
  const samples: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const child = spawnSync(process.execPath, ['-e', script], {
      cwd: join(__dirname, '..'),
      env: {
        PATH: process.env['PATH'] ?? '',
        AWS_LAMBDA_FUNCTION_NAME: `bench-${name}`,
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: 'bench',
        AWS_SECRET_ACCESS_KEY: 'bench',
        TABLE_NAME: 'bench',
        SOLUSIO_URL: 'http://127.0.0.1:9/api/v1',
        SOLUSIO_TOKEN: 'bench',
        EVENT_BUS_NAME: 'bench',
        POWERTOOLS_SERVICE_NAME: 'bench',
        POWERTOOLS_LOG_LEVEL: 'SILENT',
        POWERTOOLS_TRACE_ENABLED: 'false',
      },
      encoding: 'utf8',
      timeout: 30_000,
    });
    const match = /\{"load".*\}/.exec(child.stdout ?? '');
    if (!match) throw new Error(`cold start of ${name}: ${child.stdout} ${child.stderr}`);
    samples.push((JSON.parse(match[0]) as { total: number }).total);
  }
  rmSync(outDir, { recursive: true, force: true });
  const sorted = [...samples].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)] as number, samples };
}
