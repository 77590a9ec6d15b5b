/**
 * Integration tests: `*.integration-spec.ts` against the real Kafka, PostgreSQL and ClickHouse
 * that `deploy/local/stack.sh up` starts (connection settings from its stack.env, see
 * libs/testing). Run in band: the suite is sized for a 2-core machine.
 */
module.exports = {
  ...require('./jest.base.config'),
  testMatch: ['<rootDir>/{libs,services,tools}/**/*.integration-spec.ts'],
  testTimeout: 90_000,
  globalSetup: '<rootDir>/libs/testing/src/jest-global-setup.js',
};
