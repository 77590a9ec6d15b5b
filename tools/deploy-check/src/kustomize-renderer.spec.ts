import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type K8sObject } from './deploy-check.types';
import { renderKustomization, splitImage, UnsupportedKustomizationException } from './kustomize-renderer';

const FIXTURE = join(__dirname, '..', 'test', 'fixtures', 'kustomize-sample');
const byKey = (objects: readonly K8sObject[]) => new Map(objects.map((o) => [`${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`, o]));

describe(renderKustomization.name, () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kustomize-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('renders the fixture exactly as kubectl kustomize (kustomize v5.5.0) did', () => {
    const expected = JSON.parse(readFileSync(join(FIXTURE, 'expected-kubectl-kustomize.json'), 'utf8')) as K8sObject[];
    const rendered = renderKustomization(join(FIXTURE, 'overlay'));
    expect(byKey(rendered)).toEqual(byKey(expected));
  });

  it('rejects a kustomization field outside the supported subset instead of ignoring it', () => {
    writeFileSync(join(dir, 'kustomization.yaml'), 'resources: []\nnamePrefix: x-\n');
    expect(() => renderKustomization(dir)).toThrow(UnsupportedKustomizationException);
  });

  it('rejects a strategic-merge patch', () => {
    writeFileSync(join(dir, 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n');
    writeFileSync(join(dir, 'kustomization.yaml'), 'resources: [cm.yaml]\npatches:\n  - target: {kind: ConfigMap}\n    patch: "data: {a: b}"\n');
    expect(() => renderKustomization(dir)).toThrow(/only RFC 6902/);
  });

  it('fails when a patch matches no resource or its path is missing', () => {
    writeFileSync(join(dir, 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {a: b}\n');
    writeFileSync(join(dir, 'kustomization.yaml'), 'resources: [cm.yaml]\npatches:\n  - target: {kind: Secret}\n    patch: "[{op: remove, path: /data}]"\n');
    expect(() => renderKustomization(dir)).toThrow(/matches no resource/);
    writeFileSync(join(dir, 'kustomization.yaml'), 'resources: [cm.yaml]\npatches:\n  - target: {kind: ConfigMap}\n    patch: "[{op: replace, path: /data/missing, value: x}]"\n');
    expect(() => renderKustomization(dir)).toThrow(/no member "missing"/);
  });
});

describe(splitImage.name, () => {
  it('tells a registry port from a tag', () => {
    expect(splitImage('registry.local:5000/a/b')).toEqual({ name: 'registry.local:5000/a/b', digest: undefined });
    expect(splitImage('a/b:1.2@sha256:ff')).toEqual({ name: 'a/b', tag: '1.2', digest: 'sha256:ff' });
  });
});
