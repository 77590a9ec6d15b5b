import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDockerfile } from './dockerfile.checker';
import { checkNodeRuntime, pinnedNodeVersion } from './node-runtime';

const ROOT = join(__dirname, '..', '..', '..');
const DOCKERFILE = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
const messages = (root: string, dockerfile: string) => checkNodeRuntime(root, parseDockerfile(dockerfile)).map((f) => `${f.where}: ${f.message}`);

describe('the pinned Node.js runtime', () => {
  const pinned = pinnedNodeVersion(ROOT);

  it('is what the tests run on: npm scripts (and npx) put the `node` devDependency first on the PATH', () => {
    expect(process.version).toBe(`v${pinned}`);
  });

  it('is an even-numbered (long-term support) major line', () => {
    expect(Number(pinned.split('.')[0]) % 2).toBe(0);
  });

  it('is the base image of every Dockerfile stage and the version .nvmrc names', () => {
    expect(messages(ROOT, DOCKERFILE)).toEqual([]);
    expect(parseDockerfile(DOCKERFILE).find((s) => s.name === 'runtime')?.from).toMatch(new RegExp(`^node:${pinned.replaceAll('.', '\\.')}-`));
  });

  it('fails a Dockerfile on another Node.js and an .nvmrc naming another version', () => {
    const dir = mkdtempSync(join(tmpdir(), 'node-runtime-'));
    try {
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ devDependencies: { node: '24.21.0' } }));
      writeFileSync(join(dir, '.nvmrc'), 'v22.23.3\n');
      const dockerfile = 'ARG NODE_IMAGE=node:24-bookworm-slim\nFROM ${NODE_IMAGE} AS deps\nFROM deps AS build\nFROM node:24.21.0-bookworm-slim AS runtime\n';
      expect(messages(dir, dockerfile)).toEqual([
        'Dockerfile stage deps: base image node:24-bookworm-slim is not Node.js 24.21.0, the version package.json pins (devDependencies.node)',
        '.nvmrc: names Node.js 22.23.3, package.json pins 24.21.0 (devDependencies.node)',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a package.json whose node devDependency is a range', () => {
    const dir = mkdtempSync(join(tmpdir(), 'node-runtime-'));
    try {
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ devDependencies: { node: '^24.0.0' } }));
      expect(() => pinnedNodeVersion(dir)).toThrow('devDependencies.node must be an exact version (x.y.z), found "^24.0.0"');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
