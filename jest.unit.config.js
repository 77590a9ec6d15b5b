/** Unit tests: `*.spec.ts` next to the code; no infrastructure. */
module.exports = {
  ...require('./jest.base.config'),
  testMatch: ['<rootDir>/{libs,services,hosts,tools}/**/*.spec.ts'],
};
