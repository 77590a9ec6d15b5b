import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { percentile } from './latency-stats';

/**
 * `npm run bench:console -- --url http://127.0.0.1:3007 --email E --password P [--rounds 5]`: the console's first
 * load in Debian's Chromium (/usr/bin/chromium, headless, a fresh browser context each round: empty cache, no
 * cookies), as a person sees it:
 * - sign-in screen: navigation start to the email field shown;
 * - inbox after sign-in: a fresh context signs in through the API, then navigation start to the inbox's list
 *   rendered (the session request, the locations and the conversations fetched);
 * the same for a tiny JSON document from the same server (the floor this machine's load sets), and the size of the built JavaScript and CSS (dist/services/console/web/assets), raw and gzip -9 (what a
 * compressing proxy sends). Issue #17's targets: first load < 1 s, JavaScript < 300 KB compressed.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { url: { type: 'string', default: 'http://127.0.0.1:3007' }, email: { type: 'string' }, password: { type: 'string' }, rounds: { type: 'string', default: '5' } } });
  const url = values.url.replace(/\/+$/, '');
  const rounds = Number(values.rounds);
  const assets = resolve(__dirname, '../../../services/console/web/assets');
  for (const file of readdirSync(assets).sort()) {
    const bytes = readFileSync(join(assets, file));
    console.log(`${file}: ${(bytes.length / 1024).toFixed(1)} KB raw, ${(gzipSync(bytes, { level: 9 }).length / 1024).toFixed(1)} KB gzip`);
  }
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'] });
  try {
    const floorMs: number[] = [];
    const signInMs: number[] = [];
    const signInPageMs: number[] = [];
    const fcpMs: number[] = [];
    const inboxMs: number[] = [];
    const inboxPageMs: number[] = [];
    /** Milliseconds since the page's navigation started (its own clock: no browser IPC or test-driver delay). */
    const sinceNavigation = (p: import('playwright-core').Page) => p.evaluate(() => Math.round(performance.now()));
    for (let i = 0; i < rounds; i++) {
      const context = await browser.newContext({ viewport: { width: 1100, height: 800 } });
      // The floor on this machine: a tiny JSON document from the same server (no script, no styles).
      const floor = await context.newPage();
      await floor.goto(`${url}/health/live`);
      floorMs.push(await floor.evaluate(() => Math.round(performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? performance.now())));
      await floor.close();
      const page = await context.newPage();
      let started = Date.now();
      await page.goto(url, { waitUntil: 'commit' });
      await page.getByLabel('Email').waitFor();
      signInPageMs.push(await sinceNavigation(page));
      signInMs.push(Date.now() - started);
      fcpMs.push(await page.evaluate(() => Math.round(performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN)));
      if (values.email && values.password) {
        const res = await page.request.post(`${url}/api/session`, { data: { email: values.email, password: values.password } });
        if (!res.ok()) throw new Error(`sign-in answered ${res.status()}`);
        const fresh = await context.newPage();
        started = Date.now();
        await fresh.goto(url, { waitUntil: 'commit' });
        await fresh.getByRole('heading', { name: 'Inbox' }).waitFor();
        await fresh.getByRole('list', { name: 'Conversations' }).waitFor({ state: 'attached' });
        await fresh.waitForFunction(() => performance.getEntriesByType('resource').some((r) => r.name.includes('/api/conversations')));
        inboxPageMs.push(await sinceNavigation(fresh));
        inboxMs.push(Date.now() - started);
      }
      await context.close();
    }
    const summary = (xs: number[]) => `p50 ${percentile(xs, 50)} ms, max ${Math.max(...xs)} ms (${xs.join(', ')})`;
    console.log(`floor: /health/live first paint (page clock): ${summary(floorMs)}`);
    console.log(`sign-in screen, first contentful paint (page clock, ${rounds} cold rounds): ${summary(fcpMs)}`);
    console.log(`sign-in screen, form shown (page clock): ${summary(signInPageMs)}; as the driver saw it: ${summary(signInMs)}`);
    if (inboxMs.length > 0) console.log(`inbox signed in, conversations listed (page clock): ${summary(inboxPageMs)}; as the driver saw it: ${summary(inboxMs)}`);
  } finally {
    await browser.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
