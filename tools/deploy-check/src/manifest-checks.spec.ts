import { join } from 'node:path';
import { checkKustomization, loadDocumentedSecrets } from './deploy-checks';
import { type DeployFinding, type K8sObject } from './deploy-check.types';
import { checkManifestConsistency } from './manifest-consistency.checker';
import { findUnknownFields } from './manifest-fields.validator';
import { validateManifestSchemas } from './manifest-schema.validator';

const ROOT = join(__dirname, '..', '..', '..');
const secrets = loadDocumentedSecrets(join(ROOT, 'k8s', 'secrets.example.yaml'));
const rendered = checkKustomization(join(ROOT, 'k8s', 'overlays', 'prod'), 'prod', secrets);

interface TestContainer {
  name: string;
  image?: string;
  livenessProbe: { httpGet: { port: string | number } };
  ports: { name?: string; containerPort: unknown }[];
  envFrom: unknown[];
}
const clone = () => structuredClone(rendered.objects);
const find = (objects: K8sObject[], kind: string, name: string) => {
  const o = objects.find((x) => x.kind === kind && x.metadata.name === name);
  if (!o) throw new Error(`${kind}/${name} not rendered`);
  return o;
};
const container = (objects: K8sObject[], deployment: string) =>
  (find(objects, 'Deployment', deployment).spec as { template: { spec: { containers: TestContainer[] } } }).template.spec.containers[0] as TestContainer;
const check = (objects: K8sObject[]): DeployFinding[] => [...validateManifestSchemas(objects, 'prod'), ...checkManifestConsistency(objects, 'prod', secrets)];
const messages = (findings: DeployFinding[]) => findings.map((f) => `${f.where}: ${f.message}`);

describe('k8s manifest checks', () => {
  it('renders the prod overlay: six Deployments (five services and the console), telephony-ingest\'s StatefulSet (its spool claim per pod), HPA and PDB for each, the migration Job, Ingress, NetworkPolicies, no error', () => {
    const kinds = rendered.objects.map((o) => o.kind);
    expect(kinds.filter((k) => k === 'Deployment')).toHaveLength(6);
    const telephony = rendered.objects.find((o) => o.kind === 'StatefulSet' && o.metadata.name === 'telephony-ingest');
    expect((telephony?.spec as { replicas?: number; volumeClaimTemplates?: { metadata: { name: string } }[] } | undefined)?.volumeClaimTemplates?.map((c) => c.metadata.name)).toEqual(['callback-spool']);
    expect((telephony?.spec as { replicas?: number }).replicas).toBe(3);
    expect(kinds.filter((k) => k === 'HorizontalPodAutoscaler')).toHaveLength(7);
    expect(kinds.filter((k) => k === 'PodDisruptionBudget')).toHaveLength(7);
    expect(kinds).toEqual(expect.arrayContaining(['Job', 'Ingress', 'NetworkPolicy', 'ConfigMap']));
    expect(rendered.objects.every((o) => o.metadata.namespace === 'textback')).toBe(true);
    expect(rendered.findings).toEqual([]);
  });

  it('fails a Deployment whose container has no image', () => {
    const objects = clone();
    delete container(objects, 'messaging').image;
    expect(messages(check(objects))).toContain('prod textback/Deployment/messaging: container messaging has no image');
  });

  it('fails a probe on a port name the container does not have', () => {
    const objects = clone();
    container(objects, 'lead-crm').livenessProbe.httpGet.port = 'htpp';
    expect(messages(check(objects))).toEqual([expect.stringMatching(/Deployment\/lead-crm: container lead-crm livenessProbe port "htpp" is not a port of the container \(ports: http, metrics\)/)]);
  });

  it('fails the API schema on a wrongly typed field', () => {
    const objects = clone();
    container(objects, 'reporting').ports[0] = { name: 'http', containerPort: '3006' };
    const findings = validateManifestSchemas(objects, 'prod');
    expect(findings).toEqual([expect.objectContaining({ check: 'k8s-schema', message: '/spec/template/spec/containers/0/ports/0/containerPort must be integer' })]);
  });

  it('fails an unknown apiVersion, an unpinned image and an undocumented Secret', () => {
    const objects = clone();
    find(objects, 'HorizontalPodAutoscaler', 'scheduling').apiVersion = 'autoscaling/v2beta1';
    container(objects, 'scheduling').image = 'registry.example.com/textback/scheduling:latest';
    container(objects, 'scheduling').envFrom.push({ secretRef: { name: 'not-documented' } });
    const found = messages(check(objects));
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringContaining('no Kubernetes schema known for autoscaling/v2beta1 HorizontalPodAutoscaler'),
        expect.stringContaining('is not pinned'),
        expect.stringContaining('envFrom Secret not-documented is neither defined nor documented'),
      ]),
    );
  });

  it("fails a container environment that its service's env schema rejects", () => {
    const objects = clone();
    (find(objects, 'ConfigMap', 'textback-config').data as Record<string, string>).KAFKA_BROKERS = 'kafka';
    expect(messages(check(objects))).toEqual(expect.arrayContaining([expect.stringMatching(/StatefulSet\/telephony-ingest: .*KAFKA_BROKERS.*host:port/)]));
  });

  it('warns when an HPA can scale consumers past the topic partition count', () => {
    const objects = clone();
    (find(objects, 'HorizontalPodAutoscaler', 'messaging').spec as { maxReplicas: number }).maxReplicas = 13;
    expect(check(objects)).toEqual([
      expect.objectContaining({ severity: 'warning', message: 'maxReplicas 13 > KAFKA_TOPIC_PARTITIONS 12: consumers beyond the partition count sit idle' }),
    ]);
  });

  it('fails a Service, Ingress or PodDisruptionBudget that points at nothing', () => {
    const objects = clone();
    (find(objects, 'Service', 'messaging').spec as { ports: { targetPort: string }[] }).ports[0]!.targetPort = 'web';
    (find(objects, 'PodDisruptionBudget', 'reporting').spec as { selector: { matchLabels: Record<string, string> } }).selector.matchLabels = { 'app.kubernetes.io/name': 'reportng' };
    const ingress = find(objects, 'Ingress', 'textback').spec as { rules: { http: { paths: { backend: { service: { name: string } } }[] } }[] };
    ingress.rules[0]!.http.paths[0]!.backend.service.name = 'telephony';
    expect(messages(check(objects))).toEqual(
      expect.arrayContaining([
        expect.stringContaining('Service/messaging: targetPort "web" is not a container port'),
        expect.stringContaining('PodDisruptionBudget/reporting: selector matches no pod template'),
        expect.stringContaining('Service telephony does not exist'),
      ]),
    );
  });
});

describe(findUnknownFields.name, () => {
  it('accepts every field of the rendered prod overlay', () => {
    expect(findUnknownFields(rendered.objects, 'prod')).toEqual([]);
  });

  it('reports misspelled and misplaced fields that the JSON Schemas let through', () => {
    const objects = clone();
    const c = container(objects, 'messaging') as unknown as Record<string, unknown>;
    c.livenesProbe = c.livenessProbe;
    (c.resources as Record<string, unknown>).limit = { cpu: '1' };
    ((find(objects, 'Deployment', 'messaging').spec as { template: { spec: Record<string, unknown> } }).template.spec).ports = [{ containerPort: 80 }];
    expect(validateManifestSchemas(objects, 'prod')).toEqual([]);
    expect(messages(findUnknownFields(objects, 'prod'))).toEqual([
      'prod textback/Deployment/messaging: unknown field spec.template.spec.containers[0].resources.limit',
      'prod textback/Deployment/messaging: unknown field spec.template.spec.containers[0].livenesProbe',
      'prod textback/Deployment/messaging: unknown field spec.template.spec.ports',
    ]);
  });
});
