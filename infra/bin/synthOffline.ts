import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { buildApp } from '../lib/buildApp';
import { parseInfraConfig } from '../lib/infraConfig';
import { exitOnInfraConfigError, InfraConfigError } from '../lib/infraConfigError';

/**
 * `npm run synth`: synthesizes without the CDK CLI, which looks up the default AWS account (STS,
 * or the EC2 metadata endpoint) before it synthesizes. Same app, same cdk.json context, no network.
 * cdk-nag runs as a validation plugin: an unacknowledged finding makes `app.synth()` throw, so this
 * exits non-zero with the findings printed (and written to cdk.out/validation-report.json).
 *
 * Context: EXAMPLE_DEPLOYMENT, then cdk.json's, then `-c key=value` arguments
 * (`npm run synth -- -c egress=nat`), each overriding the one before.
 */

/** What a deployment must name and cdk.json does not: example values, so CI checks a whole stack. */
const EXAMPLE_DEPLOYMENT: Readonly<Record<string, string>> = { solusioUrl: 'https://solusio.example.com/api/v1' };

/** `-c key=value` / `--context key=value` pairs, as the CDK CLI takes them. */
function contextArguments(argv: readonly string[]): Record<string, string> {
  const context: Record<string, string> = {};
  for (let index = 0; index < argv.length; index += 1) {
    const flag = argv[index];
    const pair = argv[index + 1];
    if ((flag !== '-c' && flag !== '--context') || pair === undefined || !pair.includes('=')) {
      throw new InfraConfigError(`Usage: npm run synth [-- -c key=value ...] (got "${argv.slice(index).join(' ')}")`);
    }
    context[pair.slice(0, pair.indexOf('='))] = pair.slice(pair.indexOf('=') + 1);
    index += 1;
  }
  return context;
}

const root = join(__dirname, '..', '..');
const outdir = join(root, 'cdk.out');
const started = performance.now();
const cdkJson = JSON.parse(readFileSync(join(root, 'cdk.json'), 'utf8')) as { context?: Record<string, unknown> };
let context: Record<string, unknown> = {};
try {
  const given = { ...cdkJson.context, ...contextArguments(process.argv.slice(2)) };
  // A deployment of several installations names no solusioUrl: the example's would clash with it.
  context = given['solusioInstallations'] === undefined ? { ...EXAMPLE_DEPLOYMENT, ...given } : given;
  // Checked before cdk.out is emptied: a configuration error leaves the last synthesis in place.
  parseInfraConfig(context);
} catch (error) {
  exitOnInfraConfigError(error);
}
rmSync(outdir, { recursive: true, force: true });
const app = new App({ outdir, context, autoSynth: false });
const stack = buildApp(app);
app.synth();
console.log(`synthesized ${stack.stackName} into cdk.out, cdk-nag AwsSolutions clean, in ${((performance.now() - started) / 1000).toFixed(1)} s`);
