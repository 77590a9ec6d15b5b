import { type INestApplication } from '@nestjs/common';

/** Headers every service answers with, unless a route sets its own (e.g. the ROI page's fuller CSP). */
export const HARDENING_HEADERS: Readonly<Record<string, string>> = {
  // No page of ours may be framed (clickjacking): CSP Level 2 frame-ancestors and, for older browsers, X-Frame-Options.
  'content-security-policy': "frame-ancestors 'none'",
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/**
 * Express-level hardening of a service's HTTP edge: drops `X-Powered-By` and sets
 * {@link HARDENING_HEADERS} on every response before the route runs (a route's `@Header` wins).
 * Call before `app.init()`.
 */
export function hardenHttp(app: INestApplication): void {
  const express = app.getHttpAdapter().getInstance() as { disable?: (setting: string) => void };
  express.disable?.('x-powered-by');
  app.use((_req: unknown, res: { setHeader(name: string, value: string): void }, next: () => void) => {
    for (const [name, value] of Object.entries(HARDENING_HEADERS)) res.setHeader(name, value);
    next();
  });
}
