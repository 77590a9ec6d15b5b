#!/usr/bin/env node
/**
 * `npm run demo [-- options]`: prepares what the demo needs, three independent steps side by side, then runs it
 * (tools/demo/src/demo.ts; the options are its own and passed through):
 *   engines  chDB into node_modules (tools/embedded/install-engines.js; mostly download and unpacking, ~10 s the first
 *            time, nothing once installed);
 *   web      the console's pages (vite; `npm run build:web`);
 *   build    the server code (`npm run build:fast` without the web part: swc, then tsc-alias), then, for the embedded
 *            mode, the empty PGlite cluster new data directories are copied from (initdb, ~5 s of one core once per
 *            PGlite build; see libs/persistence/src/adapters/pglite/pglite-cluster.ts).
 * One after the other these took ~30 s of a fresh clone's demo on 2 cores; side by side the network, the disk and both
 * cores work at once. Each step's lines are prefixed with its name; the first step to fail stops the others and the
 * launcher exits with its code. Ctrl-C reaches the demo itself (same process group), which stops what it started.
 */
'use strict';
const { spawn } = require('node:child_process');
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const readline = require('node:readline');

const root = join(__dirname, '..', '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const args = process.argv.slice(2);
const stackAt = args.findIndex((a) => a === '--stack' || a.startsWith('--stack='));
const stack = stackAt < 0 ? 'embedded' : args[stackAt].includes('=') ? args[stackAt].split('=')[1] : args[stackAt + 1];
const children = new Set();
const demoJs = join(root, 'dist/tools/demo/src/demo.js');

/** Runs one command with its output prefixed by `[name] `; resolves on exit 0, rejects with the exit code otherwise. */
function run(name, command, commandArgs) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, commandArgs, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child);
    for (const stream of [child.stdout, child.stderr]) {
      readline.createInterface({ input: stream }).on('line', (line) => (stream === child.stdout ? process.stdout : process.stderr).write(`[${name}] ${line}\n`));
    }
    child.on('error', (err) => reject(Object.assign(err, { step: name })));
    child.on('exit', (code, signal) => {
      children.delete(child);
      if (code === 0) resolve();
      else reject(Object.assign(new Error(`${name} failed (${signal ?? `exit ${code}`})`), { step: name, exitCode: code ?? 1 }));
    });
  });
}

const prepareTemplate = [
  "require('./dist/libs/persistence/src/adapters/pglite/pglite-relational-store').prepareClusterTemplate()",
  "  .then((t) => console.log(t.dir ? `PGlite cluster template ${t.created ? 'made' : 'already made'}: ${t.dir}` : 'PGlite is not under node_modules: no cluster template'))",
  '  .catch((err) => { console.error(err.message); process.exit(1); });',
].join('\n');

/** Runs the built demo with the options given; exits with its code. */
function runDemo() {
  const demo = spawn(process.execPath, [demoJs, ...args], { cwd: root, stdio: 'inherit' });
  // Ctrl-C reaches the demo too (same process group): let it stop what it started, then exit with its code.
  process.on('SIGINT', () => undefined);
  process.on('SIGTERM', () => demo.kill('SIGTERM'));
  demo.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

const started = Date.now();
// --help needs only a built demo.
if ((args.includes('--help') || args.includes('-h')) && existsSync(demoJs)) runDemo();
else Promise.all([
  run('engines', process.execPath, [join(root, 'tools/embedded/install-engines.js')]),
  run('web', bin('vite'), ['build', '--config', 'services/console/web/vite.config.mjs', '--logLevel', 'warn']),
  run('build', process.execPath, [join(root, 'tools/build/transpile.js')])
    .then(() => run('build', bin('tsc-alias'), ['-p', 'tsconfig.build.json']))
    .then(() => (stack === 'local' ? undefined : run('build', process.execPath, ['-e', prepareTemplate]))),
]).then(
  () => {
    console.log(`demo: prepared in ${((Date.now() - started) / 1000).toFixed(1)} s (chDB, console pages, server build${stack === 'local' ? '' : ', PGlite template'} side by side)`);
    runDemo();
  },
  (err) => {
    for (const child of children) child.kill('SIGTERM');
    console.error(`demo: ${err.message}`);
    process.exit(err.exitCode ?? 1);
  },
);
