import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { INGRESS_ROUTES, routeRequest } from './ingress-routes';

const hosted = new Set(['telephony-ingest', 'messaging', 'conversation-ai', 'lead-crm', 'scheduling', 'reporting', 'console']);

interface IngressDocument {
  spec: { rules: { http: { paths: { path: string; pathType: string; backend: { service: { name: string } } }[] } }[] };
}

describe(routeRequest.name, () => {
  it('has the Kubernetes Ingress table, path for path (k8s/base/ingress.yaml)', () => {
    const ingress = parse(readFileSync(join(__dirname, '../../../k8s/base/ingress.yaml'), 'utf8')) as IngressDocument;
    const k8s = ingress.spec.rules.flatMap((r) => r.http.paths.map((p) => ({ prefix: p.path, service: p.backend.service.name, pathType: p.pathType })));
    expect(k8s.every((p) => p.pathType === 'Prefix')).toBe(true);
    const sort = (xs: { prefix: string; service: string }[]) => xs.map((x) => `${x.prefix} ${x.service}`).sort();
    expect(sort([...INGRESS_ROUTES])).toEqual(sort(k8s));
  });

  it('routes webhooks and APIs to their service and every other path to the console, whole segments only', () => {
    expect(routeRequest('/bandwidth/voice/initiate', hosted)).toEqual({ service: 'telephony-ingest', path: '/bandwidth/voice/initiate' });
    expect(routeRequest('/webhooks/twilio/messaging/status?x=1', hosted)).toEqual({ service: 'messaging', path: '/webhooks/twilio/messaging/status?x=1' });
    expect(routeRequest('/v1/tenants/t1/funnel', hosted)?.service).toBe('reporting');
    expect(routeRequest('/v1/consent-reviews?status=open', hosted)?.service).toBe('messaging');
    expect(routeRequest('/v1/consent-reviews/7d0c1c44-3a4e-4c59-9d43-1d8d1f6e3a11/resolve', hosted)?.service).toBe('messaging');
    expect(routeRequest('/roi', hosted)?.service).toBe('reporting');
    expect(routeRequest('/roix', hosted)?.service).toBe('console');
    expect(routeRequest('/api/session', hosted)?.service).toBe('console');
  });

  it('reaches any service by name under /_services/<name>, the prefix removed', () => {
    expect(routeRequest('/_services/conversation-ai/health/live', hosted)).toEqual({ service: 'conversation-ai', path: '/health/live' });
    expect(routeRequest('/_services/reporting/metrics?x', hosted)).toEqual({ service: 'reporting', path: '/metrics?x' });
    expect(routeRequest('/_services/reporting', hosted)).toEqual({ service: 'reporting', path: '/' });
    expect(routeRequest('/_services/kafka/health/live', hosted)).toBeNull();
  });
});
