import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { type Browser, chromium } from 'playwright-core';
import { createConsoleUser, signInToConsole } from '../../e2e/src/console-users';
import { type E2ePipeline, newCallerNumber, startE2ePipeline } from '../../e2e/src/e2e-pipeline';
import { percentile } from './latency-stats';

/** Ports of the pipeline the benchmark starts (telephony-ingest; the console is the seventh), and of the carrier stand-in. */
const BENCH_BASE_PORT = 3981;
const BENCH_CARRIER_PORT = 3990;
/** How long one text may take to show up before the benchmark gives up, milliseconds. */
const LIVE_TIMEOUT_MS = 30_000;

/**
 * `npm run bench:console [-- --rounds 5 --texts 10]`: starts every service as a process on the local stack with the
 * Bandwidth stand-in and a fresh demo tenant (as the end-to-end tests do, ports 3981-3987 and 3990), creates a Denver
 * dispatcher, and measures in Debian's Chromium (/usr/bin/chromium, headless):
 * - first load, a fresh browser context each round (empty cache, no cookies), as a person sees it:
 *   - sign-in screen: navigation start to the email field shown;
 *   - inbox after sign-in: a fresh context signs in through the API, then navigation start to the inbox's list
 *     rendered (the session request, the locations and the conversations fetched);
 *   - the same for a tiny JSON document from the same server (the floor this machine's load sets);
 * - live latency: a signed-in browser on the inbox; `--texts` new callers each text Denver's line through the
 *   carrier stand-in (its messaging webhook), one after the other; the time from just before the stand-in delivers
 *   the text to the caller's row shown in the inbox (server-sent events, no reload), p50 and max;
 * - the size of the built JavaScript and CSS (dist/services/console/web/assets), raw and gzip -9.
 * With `--url URL --email E --password P` it measures first load only, against a console already running.
 * Issue #17's targets: first load < 1 s, a caller's text in the inbox within 2 s, JavaScript < 300 KB compressed.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { url: { type: 'string' }, email: { type: 'string' }, password: { type: 'string' }, rounds: { type: 'string', default: '5' }, texts: { type: 'string', default: '10' } } });
  const rounds = Number(values.rounds);
  let e2e: E2ePipeline | null = null;
  let url: string;
  let email = values.email;
  let password = values.password;
  if (values.url) {
    url = values.url.replace(/\/+$/, '');
  } else {
    console.log('starting the services, the carrier stand-in and a demo tenant...');
    e2e = await startE2ePipeline({ basePort: BENCH_BASE_PORT, carrierPort: BENCH_CARRIER_PORT });
    url = e2e.pipeline.url('console');
    email = `bench+${Date.now()}@console.textback.example`;
    password = 'bench-console-password';
    await createConsoleUser(e2e.stack.DATABASE_URL, e2e.tenantId, { email, name: 'Bench Dispatcher', role: 'dispatcher', password, locations: ['denver'] });
  }
  const assets = resolve(__dirname, '../../../services/console/web/assets');
  for (const file of readdirSync(assets).sort().filter((f) => /\.(js|css)$/.test(f))) {
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
    const scriptKb: number[] = [];
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
      if (email && password) {
        const res = await page.request.post(`${url}/api/session`, { data: { email, password } });
        if (!res.ok()) throw new Error(`sign-in answered ${res.status()}`);
        const fresh = await context.newPage();
        started = Date.now();
        await fresh.goto(url, { waitUntil: 'commit' });
        await fresh.getByRole('heading', { name: 'Inbox' }).waitFor();
        await fresh.getByRole('list', { name: 'Conversations' }).waitFor({ state: 'attached' });
        await fresh.waitForFunction(() => performance.getEntriesByType('resource').some((r) => r.name.includes('/api/conversations')));
        inboxPageMs.push(await sinceNavigation(fresh));
        inboxMs.push(Date.now() - started);
        // Bytes of script and style sheets as they came over the wire (compressed when the server compresses).
        scriptKb.push(
          await fresh.evaluate(() =>
            Math.round(
              (performance.getEntriesByType('resource') as unknown as { name: string; encodedBodySize: number }[]).filter((r) => /\.(js|css)$/.test(new URL(r.name).pathname)).reduce((sum, r) => sum + r.encodedBodySize, 0) / 1024,
            ),
          ),
        );
      }
      await context.close();
    }
    const summary = (xs: number[]) => `p50 ${percentile(xs, 50)} ms, max ${Math.max(...xs)} ms (${xs.join(', ')})`;
    console.log(`floor: /health/live first paint (page clock): ${summary(floorMs)}`);
    console.log(`sign-in screen, first contentful paint (page clock, ${rounds} cold rounds): ${summary(fcpMs)}`);
    console.log(`sign-in screen, form shown (page clock): ${summary(signInPageMs)}; as the driver saw it: ${summary(signInMs)}`);
    if (inboxMs.length > 0) console.log(`inbox signed in, conversations listed (page clock): ${summary(inboxPageMs)}; as the driver saw it: ${summary(inboxMs)}`);
    if (scriptKb.length > 0) console.log(`inbox's first load: ${Math.max(...scriptKb)} KB of scripts and style sheets over the wire (encoded body size)`);
    if (e2e && email && password) {
      const liveMs = await liveLatency(browser, e2e, url, email, password, Number(values.texts));
      console.log(`live: a caller's text delivered by the carrier stand-in to its row in a signed-in inbox (${liveMs.length} texts): ${summary(liveMs)}`);
    }
  } finally {
    await browser.close();
    await e2e?.stop();
  }
}

/**
 * Signs in on the inbox, then `texts` times: a new caller texts Denver's line through the stand-in and the time until
 * the caller's row is in the inbox's list is taken (milliseconds; the browser stays on the same document).
 */
async function liveLatency(browser: Browser, e2e: E2ePipeline, url: string, email: string, password: string, texts: number): Promise<number[]> {
  const context = await browser.newContext({ viewport: { width: 1100, height: 800 } });
  try {
    const page = await context.newPage();
    await signInToConsole(page, url, email, password);
    const list = page.getByRole('list', { name: 'Conversations' });
    const denverLine = e2e.franchise.locations[0]!.mainLine;
    const latencies: number[] = [];
    for (let i = 0; i < texts; i++) {
      const caller = newCallerNumber();
      const shown = caller.replace(/^\+1(\d{3})(\d{3})(\d{4})$/, '($1) $2-$3');
      const row = list.getByRole('link', { name: new RegExp(`^Conversation with ${shown.replace(/[()]/g, '\\$&')} at `) });
      const started = Date.now();
      await e2e.standIn.sendText({ from: caller, to: denverLine, text: `Hi, can someone look at my water heater? (${i + 1})` });
      await row.waitFor({ timeout: LIVE_TIMEOUT_MS });
      latencies.push(Date.now() - started);
    }
    return latencies;
  } finally {
    await context.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
