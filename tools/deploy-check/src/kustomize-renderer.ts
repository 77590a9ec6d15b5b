import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { type K8sObject } from './deploy-check.types';
import { applyJsonPatch, type JsonPatchOperation } from './json-patch.util';

/**
 * The subset of kustomize (kubectl kustomize / kustomize build, v5 semantics,
 * https://kubectl.docs.kubernetes.io/references/kustomize/kustomization/) that k8s/ uses, so CI
 * renders the overlays without the kustomize binary:
 *   resources (files and directories with a kustomization.yaml), namespace,
 *   labels (pairs; includeTemplates; includeSelectors is not supported),
 *   images (name -> newName/newTag/digest), replicas (Deployment/StatefulSet/ReplicaSet),
 *   patches with a target (group/version/kind/name) and an RFC 6902 JSON patch (inline or path).
 * Any other field fails with UnsupportedKustomizationException instead of being ignored, so the
 * render never silently differs from real kustomize. The output keeps resource order (kustomize
 * sorts by kind; compare as a set).
 */
export class UnsupportedKustomizationException extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsupportedKustomizationException';
  }
}

interface LabelsEntry {
  pairs: Record<string, string>;
  includeSelectors?: boolean;
  includeTemplates?: boolean;
}
interface ImageEntry {
  name: string;
  newName?: string;
  newTag?: string;
  digest?: string;
}
interface PatchTarget {
  group?: string;
  version?: string;
  kind?: string;
  name?: string;
  namespace?: string;
}
interface PatchEntry {
  target?: PatchTarget;
  patch?: string;
  path?: string;
}
interface Kustomization {
  apiVersion?: string;
  kind?: string;
  resources?: string[];
  namespace?: string;
  labels?: LabelsEntry[];
  images?: ImageEntry[];
  replicas?: { name: string; count: number }[];
  patches?: PatchEntry[];
}

const SUPPORTED_FIELDS = new Set(['apiVersion', 'kind', 'resources', 'namespace', 'labels', 'images', 'replicas', 'patches']);
const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];
/** Kinds kustomize's namespace transformer leaves alone (cluster-scoped). */
const CLUSTER_SCOPED = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition', 'PersistentVolume', 'StorageClass', 'IngressClass', 'PriorityClass', 'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration', 'APIService', 'RuntimeClass']);
const WORKLOADS_WITH_TEMPLATE = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job']);
const SCALABLE = new Set(['Deployment', 'StatefulSet', 'ReplicaSet']);

/** Parses every non-empty YAML document of `text`. @throws Error naming `file` on a YAML error. */
export function parseYamlDocuments(text: string, file: string): unknown[] {
  const docs = parseAllDocuments(text);
  const out: unknown[] = [];
  for (const doc of docs) {
    if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors.map((e) => e.message).join('; ')}`);
    const value: unknown = doc.toJS();
    if (value !== null && value !== undefined) out.push(value);
  }
  return out;
}

function asObject(value: unknown, file: string): K8sObject {
  const v = value as Partial<K8sObject>;
  if (typeof v !== 'object' || v === null || typeof v.apiVersion !== 'string' || typeof v.kind !== 'string' || typeof v.metadata?.name !== 'string') {
    throw new Error(`${file}: every document needs apiVersion, kind and metadata.name`);
  }
  return v as K8sObject;
}

function findKustomizationFile(dir: string): string | undefined {
  return KUSTOMIZATION_FILES.map((f) => join(dir, f)).find((f) => existsSync(f));
}

function podSpecOf(obj: K8sObject): Record<string, unknown> | undefined {
  const spec = obj.spec as Record<string, unknown> | undefined;
  if (obj.kind === 'Pod') return spec;
  if (obj.kind === 'CronJob') return ((spec?.jobTemplate as Record<string, Record<string, Record<string, unknown>>> | undefined)?.spec?.template?.spec) as Record<string, unknown> | undefined;
  return (spec?.template as Record<string, unknown> | undefined)?.spec as Record<string, unknown> | undefined;
}

/** Splits `repo/name:tag@sha256:...` into name, tag and digest (a registry port is not a tag). */
export function splitImage(image: string): { name: string; tag?: string; digest?: string } {
  let rest = image;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) return { name: rest.slice(0, colon), tag: rest.slice(colon + 1), digest };
  return { name: rest, digest };
}

function applyImages(obj: K8sObject, images: readonly ImageEntry[]): void {
  const podSpec = podSpecOf(obj);
  if (!podSpec) return;
  for (const list of ['containers', 'initContainers']) {
    for (const c of (podSpec[list] as { image?: string }[] | undefined) ?? []) {
      if (typeof c.image !== 'string') continue;
      const parts = splitImage(c.image);
      const entry = images.find((i) => i.name === parts.name);
      if (!entry) continue;
      const name = entry.newName ?? parts.name;
      if (entry.digest) c.image = `${name}@${entry.digest}`;
      else if (entry.newTag) c.image = `${name}:${entry.newTag}`;
      else c.image = `${name}${parts.tag ? `:${parts.tag}` : ''}${parts.digest ? `@${parts.digest}` : ''}`;
    }
  }
}

function matchesTarget(obj: K8sObject, target: PatchTarget | undefined): boolean {
  if (!target) throw new UnsupportedKustomizationException('a patch without a target (strategic merge by name) is not supported; give target.kind/name');
  const [group, version] = obj.apiVersion.includes('/') ? obj.apiVersion.split('/') : ['', obj.apiVersion];
  if (target.group !== undefined && target.group !== group) return false;
  if (target.version !== undefined && target.version !== version) return false;
  if (target.kind !== undefined && target.kind !== obj.kind) return false;
  if (target.name !== undefined && target.name !== obj.metadata.name) return false;
  if (target.namespace !== undefined && target.namespace !== (obj.metadata.namespace ?? '')) return false;
  return true;
}

function loadPatch(entry: PatchEntry, dir: string, file: string): JsonPatchOperation[] {
  const text = entry.patch ?? (entry.path ? readFileSync(resolve(dir, entry.path), 'utf8') : undefined);
  if (text === undefined) throw new UnsupportedKustomizationException(`${file}: a patch needs "patch" or "path"`);
  const docs = parseYamlDocuments(text, file);
  const ops = docs[0];
  if (docs.length !== 1 || !Array.isArray(ops)) {
    throw new UnsupportedKustomizationException(`${file}: only RFC 6902 JSON patches (a YAML list of ops) are supported, not strategic-merge patches`);
  }
  return ops as JsonPatchOperation[];
}

/**
 * Renders the kustomization in `dir` (a directory holding kustomization.yaml) like
 * `kubectl kustomize <dir>`.
 * @throws UnsupportedKustomizationException for kustomize features outside the subset above;
 *   Error for a missing file, a YAML error, a patch that matches nothing or fails.
 */
export function renderKustomization(dir: string): K8sObject[] {
  const file = findKustomizationFile(dir);
  if (!file) throw new Error(`${dir}: no kustomization.yaml`);
  const [raw] = parseYamlDocuments(readFileSync(file, 'utf8'), file);
  const k = (raw ?? {}) as Kustomization;
  const unsupported = Object.keys(k).filter((key) => !SUPPORTED_FIELDS.has(key));
  if (unsupported.length > 0) throw new UnsupportedKustomizationException(`${file}: unsupported kustomization field(s) ${unsupported.join(', ')} (tools/deploy-check implements only ${[...SUPPORTED_FIELDS].join(', ')})`);

  let objects: K8sObject[] = [];
  for (const res of k.resources ?? []) {
    const path = resolve(dir, res);
    if (!existsSync(path)) throw new Error(`${file}: resource ${res} does not exist`);
    if (statSync(path).isDirectory()) objects.push(...renderKustomization(path));
    else objects.push(...parseYamlDocuments(readFileSync(path, 'utf8'), relative(process.cwd(), path)).map((d) => asObject(d, path)));
  }
  objects = objects.map((o) => structuredClone(o));

  for (const [i, entry] of (k.patches ?? []).entries()) {
    const ops = loadPatch(entry, dir, file);
    let matched = 0;
    objects = objects.map((o) => {
      if (!matchesTarget(o, entry.target)) return o;
      matched++;
      try {
        return applyJsonPatch(o, ops);
      } catch (err) {
        throw new Error(`${file}: patch #${i + 1} on ${o.kind}/${o.metadata.name}: ${err instanceof Error ? err.message : String(err)}`);
      }
    });
    if (matched === 0) throw new Error(`${file}: patch #${i + 1} (target ${JSON.stringify(entry.target)}) matches no resource`);
  }

  if (k.namespace) {
    for (const o of objects) {
      if (o.kind === 'Namespace') o.metadata.name = k.namespace; // kustomize renames Namespace objects too
      else if (!CLUSTER_SCOPED.has(o.kind)) o.metadata.namespace = k.namespace;
    }
  }

  for (const entry of k.labels ?? []) {
    if (entry.includeSelectors) throw new UnsupportedKustomizationException(`${file}: labels.includeSelectors is not supported (it rewrites selectors)`);
    for (const o of objects) {
      o.metadata.labels = { ...o.metadata.labels, ...entry.pairs };
      if (entry.includeTemplates && WORKLOADS_WITH_TEMPLATE.has(o.kind)) {
        const template = ((o.spec as Record<string, unknown>).template ?? {}) as { metadata?: { labels?: Record<string, string> } };
        template.metadata = { ...template.metadata, labels: { ...template.metadata?.labels, ...entry.pairs } };
      }
    }
  }

  for (const o of objects) applyImages(o, k.images ?? []);

  for (const r of k.replicas ?? []) {
    const targets = objects.filter((o) => SCALABLE.has(o.kind) && o.metadata.name === r.name);
    if (targets.length === 0) throw new Error(`${file}: replicas: no Deployment/StatefulSet/ReplicaSet named ${r.name}`);
    for (const o of targets) (o.spec as Record<string, unknown>).replicas = r.count;
  }
  return objects;
}

