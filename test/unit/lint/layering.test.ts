import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * Issue #22: the layering rules in eslint.config.mjs fire. Each case lints a small in-memory source
 * as if it were a file of the named folder (ESLint's API, `lintText`, with the project's own
 * configuration) and expects `no-restricted-imports` (or `no-restricted-globals`) to report it;
 * the same source elsewhere passes.
 *
 * ESLint loads its configuration with a dynamic import(), which Jest's module system refuses, so
 * every case is linted at once by one node process running the same API.
 */
const ROOT = join(__dirname, '..', '..', '..');

type Case = readonly [filePath: string, source: string];

const LINT_CASES = `
const { ESLint } = require('eslint');
const { join } = require('node:path');
const cases = JSON.parse(require('node:fs').readFileSync(0, 'utf8'));
const eslint = new ESLint({ cwd: process.cwd() });
(async () => {
  const results = [];
  for (const [filePath, source] of cases) {
    const [result] = await eslint.lintText(source, { filePath: join(process.cwd(), filePath) });
    results.push(result.messages.filter((m) => (m.ruleId || '').startsWith('no-restricted-')).map((m) => m.ruleId + ': ' + m.message));
  }
  process.stdout.write(JSON.stringify(results));
})().catch((error) => { console.error(error); process.exit(1); });
`;

/** What the restriction rules report for each case, in order. */
function lint(cases: readonly Case[]): string[][] {
  const run = spawnSync(process.execPath, ['-e', LINT_CASES], { cwd: ROOT, input: JSON.stringify(cases), encoding: 'utf8', timeout: 60_000 });
  if (run.status !== 0) throw new Error(`eslint: ${run.stderr}`);
  return JSON.parse(run.stdout) as string[][];
}

const REFUSED: readonly Case[] = [
    ['shared/aggregation/x.ts', "import { handler } from '../../functions/http/usage';"],
    ['shared/storage/x.ts', "import { BridgeStack } from '../../infra/lib/BridgeStack';"],
    ['shared/snapshots/x.ts', "import { startLocalStack } from '../../local/stack';"],
    ['shared/billing/x.ts', "import { startLocalStack } from '../../local/stack';"],
    ['shared/x.ts', "export { trackChild } from '../local/childProcesses';"],
    ['shared/billing/x.ts', "import { readFileSync } from 'node:fs';"],
    ['shared/billing/x.ts', "import { readFile } from 'fs/promises';"],
    ['shared/billing/x.ts', "import { createServer } from 'node:net';"],
    ['shared/billing/x.ts', "import { request } from 'node:http';"],
    ['shared/billing/x.ts', "import { request } from 'https';"],
    ['shared/billing/x.ts', "import { spawn } from 'node:child_process';"],
    ['shared/billing/x.ts', "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';"],
    ['shared/billing/x.ts', "import { GetCommand } from '@aws-sdk/lib-dynamodb';"],
    ['shared/billing/x.ts', "import { SolusioClient } from '../solusio/SolusioClient';"],
    ['shared/billing/x.ts', "import { BillingHttp } from '../invoicing/transport';"],
    ['shared/billing/x.ts', "import { queryAll } from '../storage';"],
    ['functions/http/x.ts', "import { startLocalStack } from '../../local/stack';"],
    ['functions/lib/deps/x.ts', "import type { LocalStack } from '../../../local/stack';"],
];
const FETCH: Case = ['shared/billing/x.ts', 'export const get = (url: string) => fetch(url);'];
const ALLOWED: readonly Case[] = [
    ['shared/billing/x.ts', "import { parseInstant } from './instants';"],
    ['shared/billing/x.ts', "import * as z from 'zod';"],
    ['shared/storage/x.ts', "import { GetCommand } from '@aws-sdk/lib-dynamodb';"],
    ['shared/solusio/x.ts', "export const get = (url: string) => fetch(url);"],
    ['functions/http/x.ts', "import { parseInstant } from '../../shared/billing';"],
    ['local/x.ts', "import { makeUsageHandler } from '../functions/http/usage';"],
    ['test/unit/x.test.ts', "import { startLocalStack } from '../../local/stack';"],
];

describe('layering rules (eslint.config.mjs)', () => {
  let reports: string[][] = [];

  beforeAll(() => {
    reports = lint([...REFUSED, FETCH, ...ALLOWED]);
  }, 60_000);

  it.each(REFUSED.map((refused, index) => [...refused, index] as const))('refuses in %s: %s', (_filePath, _source, index) => {
    // One report per rule block the import breaks (shared/billing's edges break two).
    const reported = reports[index] ?? [];
    expect(reported.length).toBeGreaterThan(0);
    expect(reported.filter((report) => !report.startsWith('no-restricted-imports: '))).toEqual([]);
  });

  it('refuses the fetch global in the billing engine', () => {
    expect(reports[REFUSED.length]).toEqual([expect.stringMatching(/^no-restricted-globals: .*fetch/)]);
  });

  it.each(ALLOWED.map((allowed, index) => [...allowed, REFUSED.length + 1 + index] as const))('allows in %s: %s', (_filePath, _source, index) => {
    expect(reports[index]).toEqual([]);
  });
});
