import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deployError, type DeployFinding } from './deploy-check.types';
import type { DockerStage } from './dockerfile.checker';

/**
 * The Node.js version every npm script, test and image runs on: the exact version of the `node`
 * devDependency in package.json (npm's `node` package: its install script fetches the matching
 * `node-<platform>-<arch>` package, and npm puts its binary first on the PATH of every npm script,
 * so `npm test`, `npm start`, jest and the processes they spawn with `process.execPath` run on it,
 * whatever node the machine has). Returns e.g. `24.21.0`.
 * Throws when package.json has no exact `node` devDependency (a range would let two installs differ).
 */
export function pinnedNodeVersion(root: string): string {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { devDependencies?: Record<string, string> };
  const version = pkg.devDependencies?.node;
  if (version === undefined || !/^\d+\.\d+\.\d+$/.test(version)) throw new Error(`package.json: devDependencies.node must be an exact version (x.y.z), found ${JSON.stringify(version)}`);
  return version;
}

/**
 * Checks that every place naming the Node.js version names the pinned one (pinnedNodeVersion):
 * the base image of each Dockerfile stage built `FROM node:<tag>` (tag `<version>` or
 * `<version>-<variant>`, e.g. `24.21.0-bookworm-slim`) and `.nvmrc` when present (for nvm/fnm users
 * who run `node dist/…` outside npm scripts). Returns one error per place that differs.
 */
export function checkNodeRuntime(root: string, stages: readonly DockerStage[], file = 'Dockerfile'): DeployFinding[] {
  const findings: DeployFinding[] = [];
  const pinned = pinnedNodeVersion(root);
  const stageNames = new Set(stages.map((s) => s.name));
  for (const s of stages) {
    if (stageNames.has(s.from)) continue;
    const m = /^(?:docker\.io\/)?(?:library\/)?node:([^@\s]+)/.exec(s.from);
    if (!m) continue;
    const tag = m[1] ?? '';
    if (tag !== pinned && !tag.startsWith(`${pinned}-`)) findings.push(deployError('dockerfile', `${file} stage ${s.name}`, `base image ${s.from} is not Node.js ${pinned}, the version package.json pins (devDependencies.node)`));
  }
  const nvmrc = join(root, '.nvmrc');
  if (existsSync(nvmrc)) {
    const named = readFileSync(nvmrc, 'utf8').trim().replace(/^v/, '');
    if (named !== pinned) findings.push(deployError('dockerfile', '.nvmrc', `names Node.js ${named}, package.json pins ${pinned} (devDependencies.node)`));
  }
  return findings;
}
