import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { type INestApplication } from '@nestjs/common';
import express, { type NextFunction, type Request, type Response } from 'express';

/**
 * Content-Security-Policy of the web app's pages: scripts, styles, fonts and API calls from this origin only
 * (inline style attributes allowed: the component library sets CSS variables through them); never framed.
 */
export const WEB_APP_CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/**
 * Paths the APIs and the platform own (the console's `/api`, the services' `/v1` staff APIs, the carrier webhooks,
 * health, metrics, API docs, the single process's `/_services`); everything else GET is the single-page app. A path under
 * one of them that no controller serves goes on to Nest, which answers a JSON 404 naming it (`Cannot GET /v1/x`), never
 * the app's page with 200: an API client with a wrong path must see that it is wrong.
 */
const NOT_THE_APP = /^\/(api|v1|webhooks|bandwidth|twilio|_services|health|metrics|docs)(\/|$)/;

/** Content types of the precompressed assets (a `.br` file served for `x.js` keeps the type of `x.js`). */
const COMPRESSED_TYPES: Readonly<Record<string, string>> = { '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8' };
/** `Content-Encoding` of each precompressed variant, in the order the server prefers them. */
const ENCODINGS = [
  { encoding: 'br', suffix: '.br' },
  { encoding: 'gzip', suffix: '.gz' },
] as const;

/**
 * Serves the build's precompressed scripts and style sheets (`x.js.br`, `x.js.gz`, written by the Vite build next to
 * `x.js`): Brotli when the browser accepts it, else gzip, else the file as built; `Vary: Accept-Encoding`, cached for a
 * year (immutable: the names carry a content hash). Any other asset, or one without variants, goes on to `next`.
 */
function precompressedAssets(assetsDir: string) {
  const files = new Set(existsSync(assetsDir) ? readdirSync(assetsDir) : []);
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const name = req.path.slice(1);
    const type = COMPRESSED_TYPES[extname(name)];
    if (!type || name.includes('/') || !files.has(name)) return next();
    const offered = ENCODINGS.filter((e) => files.has(name + e.suffix));
    if (offered.length === 0) return next();
    res.setHeader('vary', 'Accept-Encoding');
    // The server's preference among what the browser accepts (q > 0): Chromium lists "gzip, deflate, br, zstd" with
    // equal weights, and ranking by the header's order would pick gzip over the smaller Brotli.
    const variant = offered.find((e) => req.acceptsEncodings(e.encoding) === e.encoding);
    if (!variant) return next();
    res.setHeader('content-type', type);
    res.setHeader('content-encoding', variant.encoding);
    res.sendFile(join(assetsDir, name + variant.suffix), { immutable: true, maxAge: '365d', dotfiles: 'deny' }, (err) => err && next(err));
  };
}

/**
 * Serves the built web app (Vite's output in `webDir`) from the console's own origin: hashed files under
 * `/assets/` cached for a year (immutable), scripts and style sheets Brotli- or gzip-compressed at build time, API
 * answers never stored (`no-store`), and `index.html` (revalidated) for every other GET path that is not the API's,
 * so a screen's URL can be reloaded or shared.
 * @throws Error when `webDir` has no index.html (run `npm run build`).
 */
export function serveWebApp(app: INestApplication, webDir: string): void {
  const indexFile = join(webDir, 'index.html');
  if (!existsSync(indexFile)) throw new Error(`${indexFile} is missing: run npm run build (it builds the console's web app)`);
  const indexHtml = readFileSync(indexFile);
  app.use('/assets', precompressedAssets(join(webDir, 'assets')));
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
