import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { type INestApplication, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import express from 'express';
import { serveWebApp } from './web-app.static';

/**
 * The web app's static serving over real HTTP (express on a free port, a built-app folder made here): hashed scripts
 * come Brotli-compressed when the browser accepts it (even when it lists gzip first, as Chromium does), gzip otherwise,
 * as built without either; immutable for a year with `Vary: Accept-Encoding`; the page itself is revalidated.
 */
describe(serveWebApp.name, () => {
  const script = Buffer.from(`console.log(${JSON.stringify('textback '.repeat(200))});`);
  let dir: string;
  let server: Server;
  let url: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'console-web-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>t</title>');
    writeFileSync(join(dir, 'assets', 'index-abc123.js'), script);
    writeFileSync(join(dir, 'assets', 'index-abc123.js.br'), brotliCompressSync(script));
    writeFileSync(join(dir, 'assets', 'index-abc123.js.gz'), gzipSync(script));
    writeFileSync(join(dir, 'assets', 'logo-def456.svg'), '<svg/>');
    const app = express();
    serveWebApp(app as unknown as INestApplication, dir);
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  /** Status, headers and the body as fetch decoded it (Content-Encoding undone). */
  async function get(path: string, acceptEncoding: string): Promise<{ status: number; headers: Headers; body: Buffer }> {
    const res = await fetch(`${url}${path}`, { headers: { 'accept-encoding': acceptEncoding } });
    return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
  }

  it('serves Brotli when accepted, even listed after gzip, with the script type, immutable caching and Vary', async () => {
    const res = await get('/assets/index-abc123.js', 'gzip, deflate, br, zstd');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBe('br');
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('vary')).toBe('Accept-Encoding');
    expect(res.body).toEqual(script); // fetch decoded the Brotli body: the same script
  });

  it('serves gzip to a browser without Brotli, and the file as built to one that accepts neither', async () => {
    const gz = await get('/assets/index-abc123.js', 'gzip');
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(gz.body).toEqual(script);
    const plain = await get('/assets/index-abc123.js', 'identity');
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(plain.body).toEqual(script);
    expect(plain.headers.get('cache-control')).toContain('immutable');
  });

  it('serves other assets as they are, and the page for a screen\'s URL revalidated with its CSP', async () => {
    const svg = await get('/assets/logo-def456.svg', 'br');
    expect(svg.headers.get('content-encoding')).toBeNull();
    const page = await get('/conversations/123', 'br');
    expect(page.headers.get('cache-control')).toBe('no-cache');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
  });
});

/**
 * Inside a Nest application, as the console runs it: a path under the APIs' prefixes that no controller serves is a JSON
 * 404 naming it (never the console's page with 200), while a screen's URL still gets the page.
 */
describe(`${serveWebApp.name} in a Nest application`, () => {
  let dir: string;
  let app: INestApplication;
  let url: string;

  @Module({})
  class EmptyModule {}

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'console-web-nest-'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>console</title>');
    app = await NestFactory.create(EmptyModule, { logger: false });
    serveWebApp(app, dir);
    await app.listen(0, '127.0.0.1');
    url = await app.getUrl();
  });

  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each(['/v1/nonexistent', '/v1', '/api/nonexistent', '/webhooks/nothing', '/bandwidth/voice/nothing', '/twilio/voice/x'])('answers %s with a JSON 404 naming the path', async (path) => {
    const res = await fetch(`${url}${path}`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/json');
    expect(((await res.json()) as { message: string }).message).toContain(path);
  });

  it.each(['/', '/reports/roi', '/leads/123', '/conversations/7d0c1c44-3a4e-4c59-9d43-1d8d1f6e3a11', '/v1x'])('answers the screen path %s with the page', async (path) => {
    const res = await fetch(`${url}${path}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
  });
});
