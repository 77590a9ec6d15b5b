/** The services the single process runs, by the names their definitions, ports and images use. */
export type HostedServiceName = 'telephony-ingest' | 'messaging' | 'conversation-ai' | 'lead-crm' | 'scheduling' | 'reporting' | 'console';

/** One public path prefix and the service that answers it. */
export interface IngressRoute {
  /** Path prefix as in the Kubernetes Ingress (`pathType: Prefix`: whole segments), e.g. `/bandwidth/voice`. */
  prefix: string;
  service: HostedServiceName;
}

/**
 * The public routes of the one HTTP port, the same table as the distributed mode's Ingress (`k8s/base/ingress.yaml`;
 * a unit spec keeps them equal): carrier webhooks, the staff APIs, the ROI page, and the console for every other path,
 * so the console's web app is same-origin with the APIs it calls.
 */
export const INGRESS_ROUTES: readonly IngressRoute[] = [
  { prefix: '/bandwidth/voice', service: 'telephony-ingest' },
  { prefix: '/twilio/voice', service: 'telephony-ingest' },
  { prefix: '/webhooks/bandwidth/messaging', service: 'messaging' },
  { prefix: '/webhooks/twilio/messaging', service: 'messaging' },
  { prefix: '/v1/consent-reviews', service: 'messaging' },
  { prefix: '/v1/bookings', service: 'scheduling' },
  { prefix: '/v1/dispatches', service: 'scheduling' },
  { prefix: '/v1/leads', service: 'lead-crm' },
  { prefix: '/v1/tasks', service: 'lead-crm' },
  { prefix: '/v1/webhooks', service: 'lead-crm' },
  { prefix: '/v1/tenant', service: 'lead-crm' },
  { prefix: '/v1/tenants', service: 'reporting' },
  { prefix: '/roi', service: 'reporting' },
  { prefix: '/', service: 'console' },
];

/**
 * Prefix of the operator paths that reach one service by name, the prefix removed: `/_services/<name>/health/live`,
 * `/_services/<name>/health/ready`, `/_services/<name>/metrics`, `/_services/<name>/docs` (what the cluster keeps
 * inside in the distributed mode: keep it off the public internet, e.g. in the reverse proxy in front).
 */
export const SERVICE_PATH_PREFIX = '/_services/';

/** Where a request goes: the service, and the path it sees (the original, or the operator path without its prefix). */
export interface RouteMatch {
  service: HostedServiceName;
  path: string;
}

/**
 * Routes a request path (with its query string) like the Ingress: the longest matching prefix, on whole segments
 * (`/roi` matches `/roi` and `/roi/x`, not `/roix`); `/_services/<name>/...` to that service with the prefix removed.
 * @returns null for an operator path naming no hosted service.
 */
export function routeRequest(url: string, hosted: ReadonlySet<string>, routes: readonly IngressRoute[] = INGRESS_ROUTES): RouteMatch | null {
  const path = url.split('?')[0] ?? '/';
  if (path.startsWith(SERVICE_PATH_PREFIX)) {
    const rest = url.slice(SERVICE_PATH_PREFIX.length);
    const name = rest.split(/[/?]/)[0] ?? '';
    if (!hosted.has(name)) return null;
    const inner = rest.slice(name.length);
    return { service: name as HostedServiceName, path: inner.startsWith('/') ? inner : `/${inner}` };
  }
  let best: IngressRoute | null = null;
  for (const route of routes) {
    const matches = route.prefix === '/' || path === route.prefix || path.startsWith(`${route.prefix}/`);
    if (matches && (!best || route.prefix.length > best.prefix.length)) best = route;
  }
  return best ? { service: best.service, path: url } : null;
}
