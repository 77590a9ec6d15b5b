import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectedBuildOutput } from './build-output';
import { checkCompose } from './compose.checker';
import { deployError, type DeployFinding, type K8sObject } from './deploy-check.types';
import { checkDockerfile, parseDockerfile } from './dockerfile.checker';
import { parseYamlDocuments, renderKustomization } from './kustomize-renderer';
import { checkManifestConsistency, type DocumentedSecrets } from './manifest-consistency.checker';
import { findUnknownFields } from './manifest-fields.validator';
import { validateManifestSchemas } from './manifest-schema.validator';

/** Reads k8s/secrets.example.yaml: Secret name -> its documented keys and placeholder values. */
export function loadDocumentedSecrets(file: string): DocumentedSecrets {
  const map = new Map<string, Record<string, string>>();
  if (!existsSync(file)) return map;
  for (const doc of parseYamlDocuments(readFileSync(file, 'utf8'), file) as K8sObject[]) {
    if (doc.kind !== 'Secret') continue;
    const data = { ...((doc.stringData as Record<string, string> | undefined) ?? {}) };
    for (const [k, v] of Object.entries((doc.data as Record<string, string> | undefined) ?? {})) data[k] = Buffer.from(v, 'base64').toString('utf8');
    map.set(doc.metadata.name, data);
  }
  return map;
}

/** The overlays under `<root>/k8s/overlays` (each directory with a kustomization.yaml). */
export function overlayDirs(root: string): string[] {
  const dir = join(root, 'k8s', 'overlays');
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, 'kustomization.yaml')))
    .map((d) => join(dir, d.name));
}

/**
 * Renders one kustomization directory and runs the schema, unknown-field and consistency checks on it.
 * @returns the rendered objects (empty when rendering failed) and the findings.
 */
export function checkKustomization(dir: string, label: string, secrets: DocumentedSecrets): { objects: K8sObject[]; findings: DeployFinding[] } {
  let objects: K8sObject[];
  try {
    objects = renderKustomization(dir);
  } catch (err) {
    return { objects: [], findings: [deployError('kustomize', label, err instanceof Error ? err.message : String(err))] };
  }
  return { objects, findings: [...validateManifestSchemas(objects, label), ...findUnknownFields(objects, label), ...checkManifestConsistency(objects, label, secrets)] };
}

/** Checks that .dockerignore keeps every COPY source of the Dockerfile in the build context. */
export function checkDockerignore(root: string): DeployFinding[] {
  const file = join(root, '.dockerignore');
  if (!existsSync(file)) return [deployError('dockerfile', '.dockerignore', 'missing (the context would include node_modules, dist and .env)')];
  const patterns = readFileSync(file, 'utf8').split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#') && !l.startsWith('!'));
  const findings: DeployFinding[] = [];
  for (const stage of parseDockerfile(readFileSync(join(root, 'Dockerfile'), 'utf8'))) {
    for (const src of stage.contextSources) {
      const clean = src.replace(/^\.\//, '').replace(/\/$/, '');
      const hit = patterns.find((p) => p === clean || p === `${clean}/` || (p.startsWith('**/') && clean.split('/').pop() === p.slice(3)));
      if (hit) findings.push(deployError('dockerfile', `.dockerignore`, `pattern "${hit}" drops ${src}, which the Dockerfile copies`));
    }
  }
  for (const needed of ['.env', 'node_modules', 'dist', '.git']) {
    if (!patterns.some((p) => p === needed || p === `**/${needed}`)) findings.push(deployError('dockerfile', '.dockerignore', `should exclude ${needed}`));
  }
  return findings;
}

/**
 * Every deploy check on the repository at `root`, none of which needs a cluster, a Docker engine
 * or a build: Dockerfile + .dockerignore (entrypoints against tsconfig.build.json's output),
 * docker-compose.yml (against each service's env schema), and every k8s overlay rendered and
 * validated (schemas + consistency).
 */
export function runDeployChecks(root: string): DeployFinding[] {
  const findings: DeployFinding[] = [];
  findings.push(...checkDockerfile(root, readFileSync(join(root, 'Dockerfile'), 'utf8'), expectedBuildOutput(root)));
  findings.push(...checkDockerignore(root));
  findings.push(...checkCompose(root));
  const secrets = loadDocumentedSecrets(join(root, 'k8s', 'secrets.example.yaml'));
  const overlays = overlayDirs(root);
  if (overlays.length === 0) findings.push(deployError('kustomize', 'k8s/overlays', 'no overlay found'));
  for (const dir of overlays) findings.push(...checkKustomization(dir, `k8s/overlays/${dir.split(/[\\/]/).pop()}`, secrets).findings);
  return findings;
}
