import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { buildApp } from '../lib/buildApp';

/**
 * `npm run synth`: synthesizes without the CDK CLI, which looks up the default AWS account (STS,
 * or the EC2 metadata endpoint) before it synthesizes. Same app, same cdk.json context, no network.
 */
const root = join(__dirname, '..', '..');
const cdkJson = JSON.parse(readFileSync(join(root, 'cdk.json'), 'utf8')) as { context?: Record<string, unknown> };
const app = new App({ outdir: join(root, 'cdk.out'), context: cdkJson.context ?? {}, autoSynth: false });
const stack = buildApp(app);
app.synth();
console.log(`synthesized ${stack.stackName} into cdk.out`);
