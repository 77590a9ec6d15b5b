import { deployError, deployWarning, describeObject, type DeployFinding, type K8sObject } from './deploy-check.types';
import { splitImage } from './kustomize-renderer';
import { envProblems, IMAGES, type ImageSpec } from './service-catalog';

/**
 * Secrets that manifests may reference without committing them: name -> keys with placeholder
 * values (k8s/secrets.example.yaml, documentation only).
 */
export type DocumentedSecrets = ReadonlyMap<string, Readonly<Record<string, string>>>;

interface ContainerPort {
  name?: string;
  containerPort: number;
}
interface Probe {
  httpGet?: { path?: string; port?: string | number };
  tcpSocket?: { port?: string | number };
}
interface EnvFromSource {
  configMapRef?: { name: string; optional?: boolean };
  secretRef?: { name: string; optional?: boolean };
}
interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { configMapKeyRef?: { name: string; key: string; optional?: boolean }; secretKeyRef?: { name: string; key: string; optional?: boolean } };
}
interface Container {
  name: string;
  image?: string;
  ports?: ContainerPort[];
  env?: EnvVar[];
  envFrom?: EnvFromSource[];
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  startupProbe?: Probe;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
}
interface PodTemplate {
  metadata?: { labels?: Record<string, string> };
  spec?: { containers?: Container[]; initContainers?: Container[] };
}
interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: unknown[];
}

const spec = (o: K8sObject): Record<string, unknown> => (o.spec ?? {}) as Record<string, unknown>;

function templateOf(o: K8sObject): PodTemplate | undefined {
  if (o.kind === 'Deployment' || o.kind === 'StatefulSet' || o.kind === 'DaemonSet' || o.kind === 'Job') return spec(o).template as PodTemplate | undefined;
  return undefined;
}

function selects(selector: LabelSelector | undefined, labels: Record<string, string> | undefined): boolean {
  if (!selector) return false;
  return Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels?.[k] === v);
}

function portMatches(port: string | number | undefined, container: Container): boolean {
  if (port === undefined) return false;
  if (typeof port === 'number') return (container.ports ?? []).some((p) => p.containerPort === port);
  return (container.ports ?? []).some((p) => p.name === port);
}

/** The image spec whose target this image is, by repository name (`…/messaging:1.2` -> messaging). */
function imageSpecOfImage(image: string): ImageSpec | undefined {
  const repo = splitImage(image).name.split('/').pop();
  return IMAGES.find((i) => i.target === repo);
}

/**
 * Cross-object checks the API schemas cannot make, on one rendered overlay:
 * - every container has an image with a pinned tag or digest (`latest` or none is an error);
 * - every probe's port names a port of its container; services have liveness on /health/live
 *   and readiness on /health/ready; every container has CPU and memory requests and limits;
 * - Deployment/Job selectors match their pod template labels;
 * - Services, PodDisruptionBudgets and NetworkPolicies select existing pods, and the ports they
 *   name exist on those pods; HPAs target an existing Deployment with min <= max;
 * - Ingress backends are existing Services and ports; ConfigMaps exist; Secrets exist or are
 *   documented (with the key) in k8s/secrets.example.yaml;
 * - each Textback container's environment (ConfigMap + Secret placeholders + env) passes its
 *   service's env schema, as the process would check at boot;
 * - (warning) an HPA may scale a consumer past KAFKA_TOPIC_PARTITIONS.
 * @returns findings (no error when consistent); `label` names the overlay in messages.
 */
export function checkManifestConsistency(objects: readonly K8sObject[], label: string, secrets: DocumentedSecrets): DeployFinding[] {
  const findings: DeployFinding[] = [];
  const err = (o: K8sObject, message: string) => findings.push(deployError('k8s-consistency', `${label} ${describeObject(o)}`, message));
  const ns = (o: K8sObject) => o.metadata.namespace ?? '';
  const byKind = (kind: string, namespace: string) => objects.filter((o) => o.kind === kind && ns(o) === namespace);
  const find = (kind: string, name: string, namespace: string) => byKind(kind, namespace).find((o) => o.metadata.name === name);

  const seen = new Set<string>();
  for (const o of objects) {
    const key = describeObject(o);
    if (seen.has(key)) err(o, 'defined twice');
    seen.add(key);
  }

  const envByWorkload = new Map<string, Record<string, string>>();
  const pods = objects.flatMap((o) => {
    const t = templateOf(o);
    return t ? [{ owner: o, template: t }] : [];
  });
  const podsSelectedBy = (selector: LabelSelector | undefined, namespace: string) =>
    pods.filter((p) => ns(p.owner) === namespace && selects(selector, p.template.metadata?.labels));

  for (const { owner, template } of pods) {
    const selector = spec(owner).selector as LabelSelector | undefined;
    if (owner.kind !== 'Job' && !selects(selector, template.metadata?.labels)) err(owner, 'spec.selector does not match the pod template labels');
    const containers = [...(template.spec?.containers ?? []), ...(template.spec?.initContainers ?? [])];
    if ((template.spec?.containers ?? []).length === 0) err(owner, 'has no containers');
    for (const c of containers) {
      const where = `container ${c.name}`;
      if (!c.image) err(owner, `${where} has no image`);
      else {
        const { tag, digest } = splitImage(c.image);
        if (!digest && (!tag || tag === 'latest')) err(owner, `${where} image ${c.image} is not pinned (no tag or "latest")`);
      }
      for (const [probeName, probe] of [['livenessProbe', c.livenessProbe], ['readinessProbe', c.readinessProbe], ['startupProbe', c.startupProbe]] as const) {
        if (!probe) continue;
        const port = probe.httpGet?.port ?? probe.tcpSocket?.port;
        if (!portMatches(port, c)) err(owner, `${where} ${probeName} port ${JSON.stringify(port)} is not a port of the container (ports: ${(c.ports ?? []).map((p) => p.name ?? p.containerPort).join(', ') || 'none'})`);
      }
      for (const kind of ['requests', 'limits'] as const) {
        for (const r of ['cpu', 'memory']) if (!c.resources?.[kind]?.[r]) err(owner, `${where} has no resources.${kind}.${r}`);
      }
      const spec = c.image ? imageSpecOfImage(c.image) : undefined;
      if (spec?.kind === 'service' && (owner.kind === 'Deployment' || owner.kind === 'StatefulSet')) {
        if (c.livenessProbe?.httpGet?.path !== '/health/live') err(owner, `${where} needs a livenessProbe httpGet on /health/live`);
        if (c.readinessProbe?.httpGet?.path !== '/health/ready') err(owner, `${where} needs a readinessProbe httpGet on /health/ready`);
      }
      const env: Record<string, string> = {};
      for (const from of c.envFrom ?? []) {
        if (from.configMapRef) {
          const cm = find('ConfigMap', from.configMapRef.name, ns(owner));
          if (!cm && !from.configMapRef.optional) err(owner, `${where} envFrom ConfigMap ${from.configMapRef.name} is not defined`);
          Object.assign(env, (cm?.data as Record<string, string> | undefined) ?? {});
        }
        if (from.secretRef) {
          const doc = secrets.get(from.secretRef.name);
          const defined = find('Secret', from.secretRef.name, ns(owner));
          if (!doc && !defined && !from.secretRef.optional) err(owner, `${where} envFrom Secret ${from.secretRef.name} is neither defined nor documented in k8s/secrets.example.yaml`);
          Object.assign(env, doc ?? {});
        }
      }
      for (const v of c.env ?? []) {
        const cmRef = v.valueFrom?.configMapKeyRef;
        const secretRef = v.valueFrom?.secretKeyRef;
        if (v.value !== undefined) env[v.name] = v.value;
        else if (cmRef) {
          const value = (find('ConfigMap', cmRef.name, ns(owner))?.data as Record<string, string> | undefined)?.[cmRef.key];
          if (value === undefined && !cmRef.optional) err(owner, `${where} env ${v.name}: ConfigMap ${cmRef.name} has no key ${cmRef.key}`);
          if (value !== undefined) env[v.name] = value;
        } else if (secretRef) {
          const value = secrets.get(secretRef.name)?.[secretRef.key];
          if (value === undefined && !secretRef.optional) err(owner, `${where} env ${v.name}: Secret ${secretRef.name} key ${secretRef.key} is not documented in k8s/secrets.example.yaml`);
          if (value !== undefined) env[v.name] = value;
        }
      }
      if (spec) for (const problem of envProblems(spec.envSchema, env)) err(owner, `${where} (${spec.target}) environment: ${problem}`);
      if (c === template.spec?.containers?.[0]) envByWorkload.set(describeObject(owner), env);
    }
  }

  for (const svc of objects.filter((o) => o.kind === 'Service')) {
    const s = spec(svc) as { type?: string; selector?: Record<string, string>; ports?: { name?: string; targetPort?: string | number; port: number }[] };
    if (s.type === 'ExternalName') continue;
    const selected = podsSelectedBy({ matchLabels: s.selector ?? {} }, ns(svc));
    if (!s.selector || selected.length === 0) {
      err(svc, 'selector matches no pod template');
      continue;
    }
    for (const p of s.ports ?? []) {
      const target = p.targetPort ?? p.port;
      for (const pod of selected) {
        if (!(pod.template.spec?.containers ?? []).some((c) => portMatches(target, c))) err(svc, `targetPort ${JSON.stringify(target)} is not a container port of ${describeObject(pod.owner)}`);
      }
    }
  }

  for (const hpa of objects.filter((o) => o.kind === 'HorizontalPodAutoscaler')) {
    const s = spec(hpa) as { scaleTargetRef?: { kind?: string; name?: string }; minReplicas?: number; maxReplicas?: number };
    if (!find(s.scaleTargetRef?.kind ?? '', s.scaleTargetRef?.name ?? '', ns(hpa))) err(hpa, `scaleTargetRef ${s.scaleTargetRef?.kind}/${s.scaleTargetRef?.name} does not exist`);
    if ((s.minReplicas ?? 1) > (s.maxReplicas ?? 0)) err(hpa, `minReplicas ${s.minReplicas} > maxReplicas ${s.maxReplicas}`);
    const target = find(s.scaleTargetRef?.kind ?? '', s.scaleTargetRef?.name ?? '', ns(hpa));
    const partitions = Number(target ? envByWorkload.get(describeObject(target))?.KAFKA_TOPIC_PARTITIONS : Number.NaN);
    if (Number.isInteger(partitions) && (s.maxReplicas ?? 0) > partitions) {
      findings.push(deployWarning('k8s-consistency', `${label} ${describeObject(hpa)}`, `maxReplicas ${s.maxReplicas} > KAFKA_TOPIC_PARTITIONS ${partitions}: consumers beyond the partition count sit idle`));
    }
  }

  for (const pdb of objects.filter((o) => o.kind === 'PodDisruptionBudget')) {
    if (podsSelectedBy(spec(pdb).selector as LabelSelector | undefined, ns(pdb)).length === 0) err(pdb, 'selector matches no pod template');
  }

  for (const np of objects.filter((o) => o.kind === 'NetworkPolicy')) {
    const s = spec(np) as { podSelector?: LabelSelector; ingress?: { ports?: { port?: string | number }[] }[] };
    const selectsAll = !s.podSelector?.matchLabels && !s.podSelector?.matchExpressions;
    const selected = selectsAll ? pods.filter((p) => ns(p.owner) === ns(np)) : podsSelectedBy(s.podSelector, ns(np));
    if (selected.length === 0) {
      err(np, 'podSelector matches no pod template');
      continue;
    }
    for (const rule of s.ingress ?? []) {
      for (const p of rule.ports ?? []) {
        if (typeof p.port !== 'string') continue;
        for (const pod of selected) if (!(pod.template.spec?.containers ?? []).some((c) => portMatches(p.port, c))) err(np, `ingress port "${p.port}" is not a named port of ${describeObject(pod.owner)}`);
      }
    }
  }

  for (const ing of objects.filter((o) => o.kind === 'Ingress')) {
    const s = spec(ing) as { tls?: { secretName?: string }[]; rules?: { http?: { paths?: { path?: string; backend?: { service?: { name: string; port?: { name?: string; number?: number } } } }[] } }[] };
    for (const rule of s.rules ?? []) {
      for (const path of rule.http?.paths ?? []) {
        const backend = path.backend?.service;
        if (!backend) continue;
        const target = find('Service', backend.name, ns(ing));
        if (!target) {
          err(ing, `path ${path.path}: Service ${backend.name} does not exist`);
          continue;
        }
        const ports = (spec(target).ports as { name?: string; port: number }[] | undefined) ?? [];
        const ok = backend.port?.name !== undefined ? ports.some((p) => p.name === backend.port?.name) : ports.some((p) => p.port === backend.port?.number);
        if (!ok) err(ing, `path ${path.path}: Service ${backend.name} has no port ${JSON.stringify(backend.port)}`);
      }
    }
    for (const tls of s.tls ?? []) {
      if (tls.secretName && !secrets.has(tls.secretName) && !find('Secret', tls.secretName, ns(ing))) err(ing, `TLS Secret ${tls.secretName} is neither defined nor documented in k8s/secrets.example.yaml`);
    }
  }
  return findings;
}
