import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type INestApplication } from '@nestjs/common';
import express, { type NextFunction, type Request, type Response } from 'express';

/**
 * Content-Security-Policy of the web app's pages: scripts, styles, fonts and API calls from this origin only
 * (inline style attributes allowed: the component library sets CSS variables through them); never framed.
 */
export const WEB_APP_CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/** Paths the API and the platform own; everything else GET is the single-page app. */
const NOT_THE_APP = /^\/(api|health|metrics|docs)(\/|$)/;

/**
 * Serves the built web app (Vite's output in `webDir`) from the console's own origin: hashed files under
 * `/assets/` cached for a year (immutable), API answers never stored (`no-store`), and `index.html` (revalidated) for every other GET path that is
 * not the API's, so a screen's URL can be reloaded or shared.
 * @throws Error when `webDir` has no index.html (run `npm run build`).
 */
export function serveWebApp(app: INestApplication, webDir: string): void {
  const indexFile = join(webDir, 'index.html');
  if (!existsSync(indexFile)) throw new Error(`${indexFile} is missing: run npm run build (it builds the console's web app)`);
  const indexHtml = readFileSync(indexFile);
  app.use('/assets', express.static(join(webDir, 'assets'), { immutable: true, maxAge: '365d', index: false }));
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.path.startsWith('/api/')) res.setHeader('cache-control', 'no-store'); // sessions, CSRF tokens, callers' texts
    if (req.path === '/api/events') res.setHeader('x-accel-buffering', 'no'); // nginx: pass server-sent events on at once
    if ((req.method !== 'GET' && req.method !== 'HEAD') || NOT_THE_APP.test(req.path)) return next();
    if (req.path !== '/' && /\.[a-z0-9]+$/i.test(req.path)) return express.static(webDir, { index: false })(req, res, next);
    res.setHeader('content-security-policy', WEB_APP_CSP);
    res.setHeader('cache-control', 'no-cache');
    res.type('html').send(indexHtml);
  });
}
