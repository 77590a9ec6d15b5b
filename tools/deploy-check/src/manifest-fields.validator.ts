import { dirname } from 'node:path';
import ts from 'typescript';
import { deployError, describeObject, type DeployFinding, type K8sObject } from './deploy-check.types';

/**
 * Unknown-field check (what `kubeconform -strict` or the API server's strict field validation
 * reports): every field of a manifest must exist in the Kubernetes API type of its position.
 * The JSON Schemas kubernetes-models ships allow additional properties, so this walks its
 * TypeScript declarations (generated from the same OpenAPI spec) with the TypeScript compiler:
 * `livenesProbe`, `resources.limit` or a `ports` list under the pod spec are reported.
 */
const KIND_TYPES: Record<string, [module: string, type: string]> = {
  'v1/ConfigMap': ['kubernetes-models/v1/ConfigMap', 'IConfigMap'],
  'v1/Secret': ['kubernetes-models/v1/Secret', 'ISecret'],
  'v1/Service': ['kubernetes-models/v1/Service', 'IService'],
  'v1/ServiceAccount': ['kubernetes-models/v1/ServiceAccount', 'IServiceAccount'],
  'v1/Namespace': ['kubernetes-models/v1/Namespace', 'INamespace'],
  'apps/v1/Deployment': ['kubernetes-models/apps/v1/Deployment', 'IDeployment'],
  'apps/v1/StatefulSet': ['kubernetes-models/apps/v1/StatefulSet', 'IStatefulSet'],
  'apps/v1/DaemonSet': ['kubernetes-models/apps/v1/DaemonSet', 'IDaemonSet'],
  'batch/v1/Job': ['kubernetes-models/batch/v1/Job', 'IJob'],
  'batch/v1/CronJob': ['kubernetes-models/batch/v1/CronJob', 'ICronJob'],
  'autoscaling/v2/HorizontalPodAutoscaler': ['kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler', 'IHorizontalPodAutoscaler'],
  'policy/v1/PodDisruptionBudget': ['kubernetes-models/policy/v1/PodDisruptionBudget', 'IPodDisruptionBudget'],
  'networking.k8s.io/v1/Ingress': ['kubernetes-models/networking.k8s.io/v1/Ingress', 'IIngress'],
  'networking.k8s.io/v1/NetworkPolicy': ['kubernetes-models/networking.k8s.io/v1/NetworkPolicy', 'INetworkPolicy'],
};

interface TypeIndex {
  checker: ts.TypeChecker;
  byKind: Map<string, ts.Type>;
  /** Where property types are resolved (the in-memory interface declaration). */
  location: ts.Node;
}

let cached: TypeIndex | undefined;

/** Compiles one in-memory file that imports every kind's interface (about 1-2 s, once). */
function typeIndex(): TypeIndex {
  if (cached) return cached;
  const root = dirname(require.resolve('kubernetes-models/package.json'));
  const virtual = `${root}/__deploy_check_kinds__.ts`;
  const entries = Object.entries(KIND_TYPES);
  const source = [
    ...entries.map(([, [mod, type]], i) => `import type { ${type} as K${i} } from '${mod}';`),
    `export interface Kinds { ${entries.map(([key], i) => `'${key}': K${i};`).join(' ')} }`,
  ].join('\n');
  const options: ts.CompilerOptions = { noEmit: true, strict: true, skipLibCheck: true, types: [], moduleResolution: ts.ModuleResolutionKind.Node10, module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, languageVersion, onError) => (name === virtual ? ts.createSourceFile(name, source, languageVersion, true) : getSourceFile(name, languageVersion, onError));
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => name === virtual || fileExists(name);
  const program = ts.createProgram([virtual], options, host);
  const checker = program.getTypeChecker();
  const file = program.getSourceFile(virtual);
  const kinds = file?.statements.find(ts.isInterfaceDeclaration);
  if (!file || !kinds) throw new Error('cannot load kubernetes-models type declarations');
  const kindsType = checker.getTypeAtLocation(kinds);
  const byKind = new Map<string, ts.Type>();
  for (const [key] of entries) {
    const prop = kindsType.getProperty(key);
    if (prop) byKind.set(key, checker.getTypeOfSymbolAtLocation(prop, kinds));
  }
  cached = { checker, byKind, location: kinds };
  return cached;
}

function walk(value: unknown, type: ts.Type, path: string, index: TypeIndex, unknown: string[], location: ts.Node): void {
  const { checker } = index;
  if (value === null || typeof value !== 'object') return;
  const candidates = (type.isUnion() ? type.types : [type]).filter((t) => !(t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null)));
  if (candidates.some((t) => t.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown))) return;
  if (Array.isArray(value)) {
    const arrayType = candidates.find((t) => checker.isArrayType(t));
    const element = arrayType ? checker.getTypeArguments(arrayType as ts.TypeReference)[0] : undefined;
    if (element) value.forEach((item, i) => walk(item, element, `${path}[${i}]`, index, unknown, location));
    return;
  }
  const objectTypes = candidates.filter((t) => t.flags & ts.TypeFlags.Object && !checker.isArrayType(t));
  if (objectTypes.length === 0) return;
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    const prop = objectTypes.map((t) => t.getProperty(key)).find((p) => p !== undefined);
    if (prop) {
      walk(child, checker.getTypeOfSymbolAtLocation(prop, location), `${path}.${key}`, index, unknown, location);
      continue;
    }
    const indexType = objectTypes.map((t) => checker.getIndexTypeOfType(t, ts.IndexKind.String)).find((t) => t !== undefined);
    if (indexType) walk(child, indexType, `${path}.${key}`, index, unknown, location);
    else unknown.push(`${path}.${key}`.replace(/^\./, ''));
  }
}

/**
 * Reports every field that the Kubernetes API type of its position does not have.
 * Kinds without a known type are left to validateManifestSchemas, which reports them.
 * @returns one error finding per unknown field (`where` is `<label> Kind/name`).
 */
export function findUnknownFields(objects: readonly K8sObject[], label: string): DeployFinding[] {
  const index = typeIndex();
  const findings: DeployFinding[] = [];
  for (const obj of objects) {
    const type = index.byKind.get(`${obj.apiVersion}/${obj.kind}`);
    if (!type) continue;
    const unknown: string[] = [];
    walk(obj, type, '', index, unknown, index.location);
    for (const field of unknown) findings.push(deployError('k8s-schema', `${label} ${describeObject(obj)}`, `unknown field ${field}`));
  }
  return findings;
}
