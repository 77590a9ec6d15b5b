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
  // jose (JWT/JWKS) ships only ES modules; swc turns it into CommonJS for Jest. Node itself
  // loads it through require(esm) at run time.
  transform: {
    '^.+\\.ts$': ['@swc/jest', { ...swcrc, swcrc: false }],
    '^.+/node_modules/jose/.+\\.js$': ['@swc/jest', { swcrc: false, jsc: { target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: {
    // The bus port alone (no adapters): what libs/kafka re-exports without loading the in-process adapter.
    '^@textback/bus/port$': '<rootDir>/libs/bus/src/port',
    '^@textback/(contracts|bus|kafka|persistence|analytics|config|observability|testing|platform|auth|opt-out|voice-markup|booking-preference)$': '<rootDir>/libs/$1/src',
  },
  modulePathIgnorePatterns: ['<rootDir>/dist/'],
  clearMocks: true,
};
