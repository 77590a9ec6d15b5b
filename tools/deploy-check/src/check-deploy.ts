#!/usr/bin/env node
/**
 * `npm run check:deploy`: runs every deploy check (see deploy-checks.ts) on the repository and
 * prints the findings; exit 1 when any is an error. Options:
 *   --root <dir>      repository root (default: the current directory)
 *   --render <dir>    print the rendered YAML of one kustomization directory and exit
 *   --built           also require every image entrypoint to exist under dist/ (after npm run build)
 *   --kubectl         also render each overlay with `kubectl kustomize` (where kubectl exists) and
 *                     fail when the built-in renderer's output differs from it
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { resolve } from 'node:path';
import { stringify } from 'yaml';
import { overlayDirs, runDeployChecks } from './deploy-checks';
import { deployError, describeObject, type DeployFinding, type K8sObject } from './deploy-check.types';
import { parseYamlDocuments, renderKustomization } from './kustomize-renderer';
import { IMAGES } from './service-catalog';

/** Compares the built-in render of each overlay with `kubectl kustomize` (as sets of objects). */
function compareWithKubectl(root: string): DeployFinding[] {
  const findings: DeployFinding[] = [];
  for (const dir of overlayDirs(root)) {
    const label = `kubectl kustomize ${dir}`;
    let real: K8sObject[];
    try {
      real = parseYamlDocuments(execFileSync('kubectl', ['kustomize', dir], { encoding: 'utf8' }), label) as K8sObject[];
    } catch (err) {
      findings.push(deployError('kustomize', label, `failed: ${err instanceof Error ? err.message : String(err)}`));
      continue;
    }
    const mine = new Map(renderKustomization(dir).map((o) => [describeObject(o), o]));
    for (const o of real) {
      const ours = mine.get(describeObject(o));
      if (!ours) findings.push(deployError('kustomize', label, `${describeObject(o)} is missing from the built-in render`));
      else if (!isDeepStrictEqual(ours, o)) findings.push(deployError('kustomize', label, `${describeObject(o)} differs from the built-in render`));
      mine.delete(describeObject(o));
    }
    for (const key of mine.keys()) findings.push(deployError('kustomize', label, `${key} is rendered only by the built-in renderer`));
  }
  return findings;
}

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
  if (argv.includes('--kubectl')) findings.push(...compareWithKubectl(root));
  for (const f of findings) console.error(`${f.severity === 'error' ? 'ERROR' : 'warn '} [${f.check}] ${f.where}: ${f.message}`);
  const errors = findings.filter((f) => f.severity === 'error').length;
  console.warn(`deploy checks: ${errors} error(s), ${findings.length - errors} warning(s)`);
  return errors > 0 ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
