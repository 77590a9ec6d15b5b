/**
 * Shared Jest settings. TypeScript is transpiled by @swc/jest (type checking is `npm run
 * typecheck`, one strict tsconfig for code and tests); path aliases mirror tsconfig.json.
 */
const path = require('node:path');
const fs = require('node:fs');

const swcrc = JSON.parse(fs.readFileSync(path.join(__dirname, '.swcrc'), 'utf8'));
swcrc.jsc.baseUrl = __dirname;

/** Dependencies published only as ES modules, as a regular-expression group of package paths. */
const ESM_ONLY = '(jose|@nestjs)';

module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  // jose (JWT/JWKS) and NestJS 12 (@nestjs/*) ship only ES modules; swc turns them into CommonJS
  // for Jest (Jest's own require(esm) needs node --experimental-vm-modules). Node itself loads
  // them through require(esm) at run time.
  transform: {
    '^.+\\.ts$': ['@swc/jest', { ...swcrc, swcrc: false }],
    [`^.+/node_modules/${ESM_ONLY}/.+\\.js$`]: ['@swc/jest', { swcrc: false, jsc: { target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: [`/node_modules/(?!${ESM_ONLY}/)`],
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: {
    // The bus port alone (no adapters): what the Kafka adapter re-exports without loading the in-process adapter.
    '^@textback/bus/port$': '<rootDir>/libs/bus/src/port',
    // The bus's Kafka adapter (libs/bus/src/adapters/kafka), its own alias so the embedded mode never loads kafkajs.
    '^@textback/kafka$': '<rootDir>/libs/bus/src/adapters/kafka',
    '^@textback/(contracts|bus|persistence|analytics|config|observability|testing|platform|auth|opt-out|voice-markup|booking-preference)$': '<rootDir>/libs/$1/src',
  },
  modulePathIgnorePatterns: ['<rootDir>/dist/'],
  clearMocks: true,
};
