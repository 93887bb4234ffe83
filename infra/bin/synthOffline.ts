import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { buildApp } from '../lib/buildApp';

/**
 * `npm run synth`: synthesizes without the CDK CLI, which looks up the default AWS account (STS,
 * or the EC2 metadata endpoint) before it synthesizes. Same app, same cdk.json context, no network.
 * cdk-nag runs as a validation plugin: an unacknowledged finding makes `app.synth()` throw, so this
 * exits non-zero with the findings printed (and written to cdk.out/validation-report.json).
 */
const root = join(__dirname, '..', '..');
const outdir = join(root, 'cdk.out');
const started = performance.now();
const cdkJson = JSON.parse(readFileSync(join(root, 'cdk.json'), 'utf8')) as { context?: Record<string, unknown> };
rmSync(outdir, { recursive: true, force: true });
const app = new App({ outdir, context: cdkJson.context ?? {}, autoSynth: false });
const stack = buildApp(app);
app.synth();
console.log(`synthesized ${stack.stackName} into cdk.out, cdk-nag AwsSolutions clean, in ${((performance.now() - started) / 1000).toFixed(1)} s`);
