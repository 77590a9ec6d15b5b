#!/usr/bin/env node
/**
 * Installs the embedded mode's in-process analytics engine, chDB (npm `chdb`, pinned below; it brings its
 * ClickHouse engine as @chdb/lib-<platform>, about 540 MB on disk), into node_modules without recording it in
 * package.json or package-lock.json. It is not a dependency of the project because (1) franchise images and the
 * distributed mode never load it, and (2) a lock file written on one platform cannot list chDB's other platform
 * packages when the registry in use does not serve them, which makes `npm ci` refuse the lock everywhere.
 * Idempotent: does nothing when the pinned version is already installed. Exits non-zero when npm fails.
 */
'use strict';
const { spawnSync } = require('node:child_process');
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

const CHDB_VERSION = '3.4.0';
const root = join(__dirname, '..', '..');

function installedVersion() {
  try {
    return JSON.parse(readFileSync(join(root, 'node_modules', 'chdb', 'package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
}

if (installedVersion() === CHDB_VERSION) {
  console.log(`engines: chdb ${CHDB_VERSION} already installed`);
  process.exit(0);
}
console.log(`engines: installing chdb ${CHDB_VERSION} (about 540 MB) into node_modules, not saved to package.json`);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const result = spawnSync(npm, ['install', '--no-save', '--no-audit', '--no-fund', `chdb@${CHDB_VERSION}`], { cwd: root, stdio: 'inherit' });
if (result.status !== 0 || installedVersion() !== CHDB_VERSION) {
  console.error(`engines: installing chdb ${CHDB_VERSION} failed (npm exit ${result.status})`);
  process.exit(1);
}
