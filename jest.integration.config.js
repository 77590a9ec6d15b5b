/**
 * Integration tests: `*.integration-spec.ts` against the real Kafka, PostgreSQL and ClickHouse
 * that `deploy/local/stack.sh up` starts (connection settings from its stack.env, see
 * libs/testing). Run in band: the suite is sized for a 2-core machine.
 */
module.exports = {
  ...require('./jest.base.config'),
  testMatch: ['<rootDir>/{libs,services,hosts,tools}/**/*.integration-spec.ts'],
  testTimeout: 90_000,
  // A spec whose beforeAll fails can leave a half-started service (Kafka consumer, pool) that its afterAll cannot
  // close; the run must still end with its verdict instead of hanging until CI's time limit.
  forceExit: true,
  globalSetup: '<rootDir>/libs/testing/src/jest-global-setup.js',
};
