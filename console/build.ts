import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build, type BuildOptions } from 'esbuild';

/**
 * Builds the operator console (issue #26): `src/main.tsx` and what it imports, bundled with Preact
 * by esbuild into one `app.js`, beside the files of `public/` (the page and its styles). The local
 * stack builds it in memory at the first request to /console; a deploy writes it beside the
 * console function's bundle (`node --import tsx console/build.ts <directory>`).
 */

const CONSOLE_ROOT = __dirname;

export const CONSOLE_BUILD_OPTIONS = {
  entryPoints: [path.join(CONSOLE_ROOT, 'src', 'main.tsx')],
  bundle: true,
  minify: true,
  format: 'iife',
  // Browsers of the last few years, laptop and phone (Safari 15 is the oldest iOS still common).
  target: ['chrome100', 'firefox100', 'safari15'],
  jsx: 'automatic',
  jsxImportSource: 'preact',
  legalComments: 'eof',
  charset: 'utf8',
  tsconfig: path.join(CONSOLE_ROOT, 'tsconfig.json'),
  logLevel: 'silent',
} as const satisfies BuildOptions;

/** The console's files by name: `app.js` and every file of `public/`. */
export async function buildConsoleFiles(): Promise<Record<string, string>> {
  const result = await build({ ...CONSOLE_BUILD_OPTIONS, write: false, outfile: 'app.js' });
  const files: Record<string, string> = {};
  for (const output of result.outputFiles) files[path.basename(output.path)] = output.text;
  const publicDir = path.join(CONSOLE_ROOT, 'public');
  for (const name of readdirSync(publicDir)) files[name] = readFileSync(path.join(publicDir, name), 'utf8');
  return files;
}

let built: Promise<Record<string, string>> | undefined;

/** Built once a process (the tests start many local stacks). A failed build is tried again next time. */
export function builtConsoleFiles(): Promise<Record<string, string>> {
  built ??= buildConsoleFiles().catch((error: unknown) => {
    built = undefined;
    throw error;
  });
  return built;
}

/** Writes the built console into `directory` (created when missing). */
export async function writeConsoleFiles(directory: string): Promise<string[]> {
  const files = await buildConsoleFiles();
  mkdirSync(directory, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(directory, name), text);
  return Object.keys(files);
}

if (require.main === module) {
  const directory = process.argv[2];
  if (directory === undefined) {
    console.error('usage: node --import tsx console/build.ts <directory>');
    process.exit(2);
  }
  writeConsoleFiles(directory).then(
    (names) => console.log(`console: ${names.join(', ')} written to ${directory}`),
    (error: unknown) => {
      console.error(`console build failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
