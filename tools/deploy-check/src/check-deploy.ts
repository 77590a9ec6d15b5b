#!/usr/bin/env node
/**
 * `npm run check:deploy`: runs every deploy check (see deploy-checks.ts) on the repository and
 * prints the findings; exit 1 when any is an error. Options:
 *   --root <dir>      repository root (default: the current directory)
 *   --render <dir>    print the rendered YAML of one kustomization directory and exit
 *   --built           also require every image entrypoint to exist under dist/ (after npm run build)
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { stringify } from 'yaml';
import { runDeployChecks } from './deploy-checks';
import { deployError } from './deploy-check.types';
import { renderKustomization } from './kustomize-renderer';
import { IMAGES } from './service-catalog';

function main(argv: string[]): number {
  const option = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const root = resolve(option('--root') ?? process.cwd());
  const render = option('--render');
  if (render) {
    process.stdout.write(renderKustomization(resolve(render)).map((o) => stringify(o)).join('---\n'));
    return 0;
  }
  const findings = runDeployChecks(root);
  if (argv.includes('--built')) {
    for (const image of IMAGES) {
      if (!image.pending && !existsSync(resolve(root, image.entrypoint))) findings.push(deployError('build-output', image.entrypoint, `missing after npm run build (image target ${image.target})`));
    }
  }
  for (const f of findings) console.error(`${f.severity === 'error' ? 'ERROR' : 'warn '} [${f.check}] ${f.where}: ${f.message}`);
  const errors = findings.filter((f) => f.severity === 'error').length;
  console.warn(`deploy checks: ${errors} error(s), ${findings.length - errors} warning(s)`);
  return errors > 0 ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
