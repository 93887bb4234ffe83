import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { BridgeFunction } from '../../infra/lib/constructs/BridgeFunction';

/**
 * The real bundling, on a small fixture handler that uses the AWS SDK (the stack tests use
 * placeholder code; a fixture keeps this test independent of handlers being edited).
 */
describe('BridgeFunction with esbuild', () => {
  let template: Template;
  let assetDir: string;

  beforeAll(() => {
    const app = new App();
    const stack = new Stack(app, 'Bundled');
    new BridgeFunction(stack, 'fixture', { entry: 'test/infra/fixtures/sdkHandler.ts', environment: { STAGE: 'test' }, logRetention: RetentionDays.ONE_WEEK });
    template = Template.fromStack(stack);
    const assembly = app.synth();
    const code = Object.values(template.toJSON()['Resources'] as Record<string, { Type: string; Properties: { Code?: { S3Key?: string } } }>).find(
      (resource) => resource.Type === 'AWS::Lambda::Function',
    )?.Properties.Code;
    assetDir = join(assembly.directory, `asset.${(code?.S3Key ?? '').replace(/\.zip$/, '')}`);
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
});
