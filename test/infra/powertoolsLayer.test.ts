import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pinnedPowertoolsVersion } from '../../infra/lib/constructs/powertoolsLayer';

function packageJson(dependencies: Record<string, string>): string {
  const file = join(mkdtempSync(join(tmpdir(), 'powertools-pin-')), 'package.json');
  writeFileSync(file, JSON.stringify({ dependencies }));
  return file;
}

describe('pinnedPowertoolsVersion', () => {
  it('reads the one exact version every Powertools package is pinned to', () => {
    expect(pinnedPowertoolsVersion(packageJson({ '@aws-lambda-powertools/logger': '2.35.0', '@aws-lambda-powertools/tracer': '2.35.0', zod: '^4.0.0' }))).toBe('2.35.0');
  });

  it.each([
    ['two versions', { '@aws-lambda-powertools/logger': '2.35.0', '@aws-lambda-powertools/tracer': '2.34.0' }],
    ['a range', { '@aws-lambda-powertools/logger': '^2.35.0' }],
    ['no Powertools at all', { zod: '4.0.0' }],
  ])('refuses %s: the layer must hold the code the tests ran', (_case, dependencies) => {
    expect(() => pinnedPowertoolsVersion(packageJson(dependencies))).toThrow(/pin every @aws-lambda-powertools/);
  });

  it('matches the package.json of this project', () => {
    expect(pinnedPowertoolsVersion()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
