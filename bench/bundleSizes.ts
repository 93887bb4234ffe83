import { build } from 'esbuild';
import { AUTHORIZER_FUNCTION, EVENT_FUNCTIONS, HTTP_FUNCTIONS, SCHEDULED_FUNCTIONS } from '../functions/catalog';
import { RUNTIME_PROVIDED_MODULES } from '../infra/lib/constructs/powertoolsLayer';

/** The benchmark target per handler bundle (minified, what the deploy uploads). */
export const BUNDLE_TARGET_KB = 300;

export interface BundleSize {
  readonly name: string;
  readonly entry: string;
  /** Minified, as deployed: the AWS SDK (the runtime's) and Powertools (its layer) external. */
  readonly kb: number;
  /** Minified, Powertools bundled (no layer), the SDK external. */
  readonly kbWithPowertools: number;
  /** Minified, everything bundled (the SDK included). */
  readonly kbWithSdk: number;
}

/** Every Lambda entry of the catalog, by function name. */
export function catalogEntries(): { readonly name: string; readonly entry: string }[] {
  return [
    ...Object.entries(HTTP_FUNCTIONS).map(([name, fn]) => ({ name, entry: fn.entry })),
    { name: 'authorizer', entry: AUTHORIZER_FUNCTION.entry },
    ...Object.entries(SCHEDULED_FUNCTIONS).map(([name, fn]) => ({ name, entry: fn.entry })),
    ...Object.entries(EVENT_FUNCTIONS).map(([name, fn]) => ({ name, entry: fn.entry })),
  ];
}

async function bundledBytes(entry: string, external: string[]): Promise<number> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    external,
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles.reduce((sum, file) => sum + file.contents.byteLength, 0);
}

export async function measureBundles(): Promise<BundleSize[]> {
  const sizes: BundleSize[] = [];
  for (const { name, entry } of catalogEntries()) {
    const [deployed, withPowertools, all] = await Promise.all([bundledBytes(entry, [...RUNTIME_PROVIDED_MODULES]), bundledBytes(entry, ['@aws-sdk/*']), bundledBytes(entry, [])]);
    sizes.push({ name, entry, kb: Math.round(deployed / 1024), kbWithPowertools: Math.round(withPowertools / 1024), kbWithSdk: Math.round(all / 1024) });
  }
  return sizes;
}

/**
 * `node --import tsx bench/bundleSizes.ts`: KB per handler bundle as the deploy builds it (minified,
 * CommonJS, the AWS SDK and Powertools external: the runtime's and the layer's), with two other
 * columns for comparison;
 * exits 1 when a deployed bundle is over the target.
 */
async function main(): Promise<void> {
  const sizes = await measureBundles();
  console.log('handler             KB (deployed)  KB (Powertools bundled)  KB (SDK bundled too)');
  for (const size of sizes) {
    console.log(`${size.name.padEnd(20)}${String(size.kb).padStart(13)}${String(size.kbWithPowertools).padStart(25)}${String(size.kbWithSdk).padStart(22)}`);
  }
  const over = sizes.filter((size) => size.kb > BUNDLE_TARGET_KB);
  if (over.length > 0) {
    console.log(`over ${BUNDLE_TARGET_KB} KB: ${over.map((size) => size.name).join(', ')}`);
    process.exitCode = 1;
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
