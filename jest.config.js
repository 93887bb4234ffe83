/** Three projects so CI and developers can run one layer at a time (`--selectProjects`). */
const swc = ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }];
// Middy ships ESM only: let swc turn it into CommonJS for Jest like our own TypeScript.
const transform = { '^.+\\.ts$': swc, '^.+/node_modules/@middy/.+\\.js$': swc };
const common = {
  transform,
  transformIgnorePatterns: ['/node_modules/(?!@middy/)'],
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
};

module.exports = {
  // `npm test` collects coverage of the billing engine, which must stay fully covered (issue #4).
  collectCoverageFrom: ['<rootDir>/shared/billing/**/*.ts'],
  coverageReporters: ['text-summary'],
  // Integration tests use real DynamoDB Local and HTTP: a few seconds of a loaded machine must not
  // fail one (Jest's default is 5 s; a test that waits longer on purpose sets its own).
  testTimeout: 20_000,
  coverageThreshold: { './shared/billing/': { lines: 100, branches: 100, functions: 100, statements: 100 } },
  // Once per run, whatever the projects: the AWS SDK's Node 20 end-of-support notice, said once
  // instead of once per test file (see the file).
  globalSetup: '<rootDir>/test/support/sdkNodeNotice.ts',
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
      // One DynamoDB Local for the whole run (TEST_DYNAMODB_ENDPOINT). A project's global setup runs
      // only when one of its tests is selected, so `--selectProjects unit` starts no Java. Jest
      // loads these through the project's transform (swc), hence TypeScript.
      globalSetup: '<rootDir>/test/support/globalSetup.ts',
      globalTeardown: '<rootDir>/test/support/globalTeardown.ts',
    },
    { ...common, displayName: 'infra', testMatch: ['<rootDir>/test/infra/**/*.test.ts'] },
  ],
};
