import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * Layering (issue #22), enforced by `npm run lint` (test/unit/lint/layering.test.ts proves each rule
 * fires): `shared/` is the domain and imports nothing of the edges (`functions/`, `infra/`,
 * `local/`); `shared/billing` is the pure billing engine and does no I/O; `functions/` never
 * reaches into the local stack. A file matched by several blocks gets the last block's options
 * only (flat config replaces a rule's options), so each block repeats the restrictions it inherits.
 */
const EDGES = {
  group: ['**/functions', '**/functions/**', '**/infra', '**/infra/**', '**/local', '**/local/**'],
  message: 'shared/ is the domain: it imports nothing from functions/, infra/ or local/ (they import it).',
};
const LOCAL = {
  group: ['**/local', '**/local/**'],
  message: 'functions/ runs on Lambda: it never imports the local stack (local/ imports functions/).',
};
const IO_MODULES = ['fs', 'net', 'http', 'https', 'http2', 'child_process', 'dgram', 'dns', 'tls', 'cluster', 'worker_threads', 'readline'];
const NO_IO = {
  group: [...IO_MODULES.flatMap((name) => [name, `${name}/*`, `node:${name}`, `node:${name}/*`]), '@aws-sdk/*', '@smithy/*', '@aws-lambda-powertools/*', 'undici', 'node-fetch', 'axios'],
  message: 'shared/billing is the pure billing engine: no I/O (files, sockets, processes, AWS SDK); its callers read and write.',
};
const OUTSIDE_BILLING = {
  group: ['../*', '../**'],
  message: 'shared/billing is the pure billing engine: it imports only its own modules, never another shared folder (they do I/O: SolusIO, DynamoDB, billing systems).',
};

export default tseslint.config(
  { ignores: ['node_modules/', 'cdk.out/', 'coverage/', 'dist/', 'jest.config.js'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [EDGES] }] },
  },
  {
    files: ['shared/billing/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [EDGES, NO_IO, OUTSIDE_BILLING] }],
      'no-restricted-globals': ['error', { name: 'fetch', message: 'shared/billing is the pure billing engine: no network calls.' }],
    },
  },
  {
    files: ['functions/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [LOCAL] }] },
  },
);
