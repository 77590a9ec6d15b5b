import { ConfigMap, Secret, Service, ServiceAccount, Namespace } from 'kubernetes-models/v1';
import { Deployment, StatefulSet, DaemonSet } from 'kubernetes-models/apps/v1';
import { Job, CronJob } from 'kubernetes-models/batch/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { Ingress, NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { deployError, describeObject, type DeployFinding, type K8sObject } from './deploy-check.types';

interface ValidatableModel {
  validate(): void;
}
type ModelClass = new (data: never) => ValidatableModel;

/**
 * The Kubernetes API JSON schemas we validate against, by `apiVersion/kind`: the validators that
 * the npm package kubernetes-models (4.5.1, generated from the Kubernetes 1.27 OpenAPI spec) ships
 * per kind. A kind missing here is an error, so a new kind gets a schema before it ships.
 */
const MODELS: Record<string, ModelClass> = {
  'v1/ConfigMap': ConfigMap as unknown as ModelClass,
  'v1/Secret': Secret as unknown as ModelClass,
  'v1/Service': Service as unknown as ModelClass,
  'v1/ServiceAccount': ServiceAccount as unknown as ModelClass,
  'v1/Namespace': Namespace as unknown as ModelClass,
  'apps/v1/Deployment': Deployment as unknown as ModelClass,
  'apps/v1/StatefulSet': StatefulSet as unknown as ModelClass,
  'apps/v1/DaemonSet': DaemonSet as unknown as ModelClass,
  'batch/v1/Job': Job as unknown as ModelClass,
  'batch/v1/CronJob': CronJob as unknown as ModelClass,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler as unknown as ModelClass,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget as unknown as ModelClass,
  'networking.k8s.io/v1/Ingress': Ingress as unknown as ModelClass,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy as unknown as ModelClass,
};

interface AjvLikeError {
  instancePath?: string;
  message?: string;
  params?: Record<string, unknown>;
}

/**
 * Validates each object against the Kubernetes API schema of its apiVersion and kind (types,
 * required fields, enums, int32/int-or-string formats, quantities). These schemas, like the API
 * server's OpenAPI, do not reject unknown fields; the consistency checks cover what the schemas
 * cannot (probe ports, selectors, references).
 * @returns one error finding per schema violation; `where` is `<label> Kind/name`.
 */
export function validateManifestSchemas(objects: readonly K8sObject[], label: string): DeployFinding[] {
  const findings: DeployFinding[] = [];
  for (const obj of objects) {
    const where = `${label} ${describeObject(obj)}`;
    const Model = MODELS[`${obj.apiVersion}/${obj.kind}`];
    if (!Model) {
      findings.push(deployError('k8s-schema', where, `no Kubernetes schema known for ${obj.apiVersion} ${obj.kind} (wrong apiVersion?)`));
      continue;
    }
    try {
      new Model(obj as never).validate();
    } catch (err) {
      const errors = (err as { errors?: AjvLikeError[] }).errors;
      if (!errors || errors.length === 0) findings.push(deployError('k8s-schema', where, err instanceof Error ? err.message : String(err)));
      else for (const e of errors) findings.push(deployError('k8s-schema', where, `${e.instancePath || '/'} ${e.message ?? 'is invalid'}${e.params && 'allowedValues' in e.params ? ` (${JSON.stringify(e.params.allowedValues)})` : ''}`));
    }
  }
  return findings;
}
