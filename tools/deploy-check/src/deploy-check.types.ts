/** A Kubernetes object as parsed from YAML (apiVersion, kind, metadata, then anything). */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [field: string]: unknown;
}

/** One problem a deploy check found. `error` fails the check; `warning` is only printed. */
export interface DeployFinding {
  severity: 'error' | 'warning';
  /** Which check: `kustomize`, `k8s-schema`, `k8s-consistency`, `compose`, `dockerfile`. */
  check: string;
  /** Where: a file, or `<overlay> Kind/name` for a rendered manifest. */
  where: string;
  message: string;
}

/** Builds an error finding. */
export function deployError(check: string, where: string, message: string): DeployFinding {
  return { severity: 'error', check, where, message };
}

/** Builds a warning finding. */
export function deployWarning(check: string, where: string, message: string): DeployFinding {
  return { severity: 'warning', check, where, message };
}

/** `Kind/name` (with `namespace/` in front when set), for messages. */
export function describeObject(obj: K8sObject): string {
  return `${obj.metadata.namespace ? `${obj.metadata.namespace}/` : ''}${obj.kind}/${obj.metadata.name}`;
}
