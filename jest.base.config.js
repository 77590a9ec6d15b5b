/**
 * Shared Jest settings. TypeScript is transpiled by @swc/jest (type checking is `npm run
 * typecheck`, one strict tsconfig for code and tests); path aliases mirror tsconfig.json.
 */
const path = require('node:path');
const fs = require('node:fs');

const swcrc = JSON.parse(fs.readFileSync(path.join(__dirname, '.swcrc'), 'utf8'));
swcrc.jsc.baseUrl = __dirname;

module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['@swc/jest', { ...swcrc, swcrc: false }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: {
    '^@textback/(contracts|kafka|persistence|config|observability|testing|platform)$': '<rootDir>/libs/$1/src',
  },
  modulePathIgnorePatterns: ['<rootDir>/dist/'],
  clearMocks: true,
};
