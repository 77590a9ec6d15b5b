import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BandwidthStandIn, OidcStandIn, pollUntil } from '@textback/testing';
import { type Browser, type Page } from 'playwright-core';
import { startCarrierForHost } from '../../hosts/single-process/test/utils/carrier-stand-in';
import { cli, cliWithEnv, type StartedHost, startHost, stopHost } from '../../hosts/single-process/test/utils/single-process-host';
import { launchChromium } from '../../services/reporting/test/utils/ensure-chromium';
import { demoFranchise } from '../demo/src/demo-franchise';
import { accessibilityViolations, horizontalOverflow, tabTo } from './src/accessibility';
import { type ConsoleLiveContext, formatPhone, missedCallThenUrgentTextLive, takeOverReplyRelease } from './src/console-live-inbox';
import { signInToConsole } from './src/console-users';
import { REPO_ROOT } from './src/e2e-pipeline';

/**
 * Issue #17 in the EMBEDDED mode: the staff console served by the single process (`npm start`: all seven services in
 * one Node.js process on PGlite, chDB and the in-process bus, one port) in Debian's Chromium (playwright-core drives
 * /usr/bin/chromium). The shop is set up as an operator does it, with the built CLI on the data directory (`migrate
 * all`, `tenants apply` of the demo franchise, `users create` of a Denver dispatcher); the Bandwidth stand-in plays the
 * carrier. The dispatcher signs in; a missed call and then the caller's urgent text show up in the open inbox without
 * a reload (the latency is printed, not asserted); the dispatcher takes over, replies (the caller receives it through
 * the stand-in), and releases to the bot. The browser steps are the distributed spec's (src/console-live-inbox.ts).
 * Then the owner declares the shop's own identity provider on the console's single sign-on screen (the rules and audit
 * of `textback sso set`; played by the OpenID Connect stand-in): refused with each problem first, then saved; the
 * dispatcher signs in there by their email's domain; the owner removes it and the same sign-in is refused with its
 * reason on the sign-in page. The screenshot of that screen goes to docs/console/single-sign-on.png.
 * Needs `npm run build` and `npm run engines:embedded`.
 */

/** How long the test waits for a row to show up live, ms: a behavioural bound (see console.integration-spec.ts). */
const LIVE_WAIT_MS = 20_000;
const SHOTS = join(REPO_ROOT, 'docs/console');
/** The shop's identity provider: the console's client there, and the environment variable the console reads its secret from. */
const SHOP_IDP = { clientId: 'textback-console-at-shop', clientSecret: 'shop-idp-secret-for-the-console', secretEnv: 'OIDC_CLIENT_SECRET_SHOP' };

describe('Staff console in Chromium on the single process (embedded mode)', () => {
  const work = mkdtempSync(join(tmpdir(), 'textback-console-embedded-'));
  const dataDir = join(work, 'data');
  const franchise = demoFranchise('5151');
  const denverLine = franchise.locations[0]!.mainLine;
  const email = 'dana@shop.example';
  const password = 'embedded-dispatcher-password';
  const ownerEmail = 'olivia@shop.example';
  let idp: OidcStandIn | undefined;
  let carrier: BandwidthStandIn | undefined;
  let host: StartedHost | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let consoleUrl: string;
  const live = (): ConsoleLiveContext => ({ page, carrier: carrier!, line: denverLine, liveWaitMs: LIVE_WAIT_MS });

  beforeAll(async () => {
    const manifest = join(work, 'franchise.yaml');
    writeFileSync(manifest, franchise.manifestYaml);
    expect(await cli(dataDir, 'migrate', 'all')).toMatchObject({ code: 0 });
    const applied = await cli(dataDir, 'tenants', 'apply', '-f', manifest);
    const tenantId = /tenant ([0-9a-f-]{36})/.exec(applied.output)?.[1];
    if (applied.code !== 0 || !tenantId) throw new Error(`tenants apply failed:\n${applied.output}`);
    const created = await cliWithEnv(dataDir, { TEXTBACK_USER_PASSWORD: password }, 'users', 'create', '--tenant', tenantId, '--email', email, '--name', 'Dana Dispatcher', '--role', 'dispatcher', '--locations', 'denver');
    if (created.code !== 0) throw new Error(`users create failed:\n${created.output}`);
    const owner = await cliWithEnv(dataDir, { TEXTBACK_USER_PASSWORD: password }, 'users', 'create', '--tenant', tenantId, '--email', ownerEmail, '--name', 'Olivia Owner', '--role', 'owner');
    if (owner.code !== 0) throw new Error(`users create failed:\n${owner.output}`);
    const started = await startCarrierForHost();
    carrier = started.carrier;
    consoleUrl = `http://127.0.0.1:${started.port}`;
    idp = await new OidcStandIn({ clientId: SHOP_IDP.clientId, clientSecret: SHOP_IDP.clientSecret, redirectUris: [`${consoleUrl}/api/oidc/callback`] }).start();
    // The console may use tenants' own providers (a callback URL) and holds the shop's client secret; no provider is declared yet.
    host = await startHost(dataDir, { ...started.env, HTTP_HOST: '127.0.0.1', OIDC_REDIRECT_URL: `${consoleUrl}/api/oidc/callback`, [SHOP_IDP.secretEnv]: SHOP_IDP.clientSecret });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1100, height: 800 } });
  }, 420_000);

  afterAll(async () => {
    await browser?.close();
    if (host) await stopHost(host.child);
    await carrier?.stop();
    await idp?.stop();
    rmSync(work, { recursive: true, force: true });
  }, 60_000);

  it('signs the dispatcher in on the one port with an HttpOnly SameSite cookie, served by the same process as the APIs', async () => {
    await signInToConsole(page, consoleUrl, email, password);
    const cookies = await page.context().cookies();
    expect(cookies.map((c) => ({ name: c.name, httpOnly: c.httpOnly, sameSite: c.sameSite }))).toEqual([{ name: 'tb_session', httpOnly: true, sameSite: 'Strict' }]);
    expect(page.url()).toBe(`${consoleUrl}/`);
    // A state change without the CSRF token is refused even with the session cookie.
    expect(await page.evaluate(async () => (await fetch('/api/session', { method: 'DELETE' })).status)).toBe(403);
  });

  it('shows a missed call, then the caller\'s urgent text, live in the inbox without reloading', async () => {
    const { shown, urgentRow, latencyMs } = await missedCallThenUrgentTextLive(live());
    console.warn(`console (embedded): urgent text shown live in ${latencyMs} ms`);
    expect(await accessibilityViolations(page)).toEqual([]);
    await urgentRow.click();
    await page.getByRole('heading', { name: shown }).waitFor();
  }, 120_000);

  it('takes over, replies (the caller receives it through the carrier stand-in), and releases to the bot', async () => {
    const reply = `Dana here from the shop: a technician is on the way (${Date.now() % 100_000})`;
    const caller = await takeOverReplyRelease(live(), 'Dana Dispatcher', reply);
    // One reply from the location's line, sent once.
    expect(carrier!.sentMessages({ to: caller }).filter((m) => m.text === reply).map((m) => m.from)).toEqual([denverLine]);
    // The booking panel's free slots come from scheduling inside the same process (its /v1/locations/:id/slots).
    await page.getByLabel(/^Free slot/).locator('option').nth(1).waitFor({ state: 'attached', timeout: 15_000 });
  }, 120_000);

  it('lists an ambiguous reply in the opt-out review queue and resolves it (messaging\'s staff API inside the one process)', async () => {
    // messaging's review API is public on the one port (a bearer token required), not the console's page.
    const anonymous = await fetch(`${consoleUrl}/v1/consent-reviews`);
    expect({ status: anonymous.status, type: anonymous.headers.get('content-type') }).toEqual({ status: 401, type: expect.stringContaining('application/json') as unknown });
    const caller = `+1720555${String(Date.now() % 10_000).padStart(4, '0')}`;
    await carrier!.sendText({ from: caller, to: denverLine, text: 'wrong number' });
    await page.getByRole('link', { name: 'Opt-out reviews' }).click();
    await page.getByRole('heading', { name: 'Opt-out reviews' }).waitFor();
    const row = page.getByTestId('consent-review-row').filter({ hasText: formatPhone(caller) });
    // The screen is not live: reload until messaging has opened the review.
    await pollUntil(
      async () => {
        if ((await row.count()) > 0) return true;
        await page.reload();
        await page.getByRole('heading', { name: 'Opt-out reviews' }).waitFor();
        return (await row.count()) > 0;
      },
      `the review of ${caller}`,
      30_000,
      500,
    );
    await row.getByText('“wrong number”').waitFor();
    await row.getByText('Denver', { exact: false }).waitFor();
    await page.mouse.move(600, 700); // off the header link just clicked (its hover colours are not the page's)
    expect(await accessibilityViolations(page)).toEqual([]);
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: join(SHOTS, 'consent-reviews.png') });
    await row.getByRole('textbox', { name: 'Note (optional)' }).fill('Caller meant another shop; keep texting');
    await row.getByRole('button', { name: `Not an opt-out: resume texts to ${formatPhone(caller)}` }).click();
    await row.waitFor({ state: 'detached', timeout: 15_000 });
    await page.getByText('Resolved', { exact: true }).click();
    const resolved = page.getByTestId('consent-review-row').filter({ hasText: formatPhone(caller) });
    await resolved.getByText('Not an opt-out').waitFor({ timeout: 15_000 });
    await resolved.getByText('Caller meant another shop; keep texting', { exact: false }).waitFor();
    // Deciding it again the other way is refused by messaging (409), passed on by the console.
    const reviewId = (await page.evaluate(async () => ((await (await fetch('/api/consent-reviews?status=resolved')).json()) as { items: { reviewId: string; phoneE164: string }[] }).items)).find((r) => r.phoneE164 === caller)?.reviewId;
    expect(reviewId).toBeDefined();
    const csrf = await page.evaluate(async () => ((await (await fetch('/api/session')).json()) as { csrfToken: string }).csrfToken);
    const again = await page.evaluate(
      async ([id, token]) => (await fetch(`/api/consent-reviews/${id}/resolve`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': token! }, body: JSON.stringify({ decision: 'opt_out' }) })).status,
      [reviewId, csrf],
    );
    expect(again).toBe(409);
  }, 120_000);

  describe('the owner\'s single sign-on screen', () => {
    let owner: Page;

    beforeAll(async () => {
      owner = await (await browser!.newContext({ viewport: { width: 1100, height: 900 } })).newPage();
      await signInToConsole(owner, consoleUrl, ownerEmail, password);
    });
    afterAll(async () => {
      await owner?.context().close();
    });

    /** Signs in in a fresh browser by "Continue with single sign-on" with `who`'s email; resolves with the page (its context closes with the test). */
    async function ssoByEmail(who: string): Promise<Page> {
      const fresh = await (await browser!.newContext({ viewport: { width: 1100, height: 800 } })).newPage();
      await fresh.goto(consoleUrl);
      await fresh.getByLabel('Email').fill(who);
      await fresh.getByRole('button', { name: 'Continue with single sign-on' }).click();
      return fresh;
    }

    it('is the owner\'s alone: no link and 403 for a dispatcher, and a change without the CSRF token is refused', async () => {
      expect(await page.getByRole('link', { name: 'Single sign-on' }).count()).toBe(0);
      expect(await page.evaluate(async () => (await fetch('/api/identity-provider')).status)).toBe(403);
      expect(await owner.evaluate(async () => (await fetch('/api/identity-provider', { method: 'DELETE' })).status)).toBe(403);
    });

    it('opens a location\'s settings (lead-crm) and the ROI figures (reporting), each reached inside the one process', async () => {
      await owner.getByRole('link', { name: 'Settings' }).click();
      await owner.getByRole('heading', { name: 'Location settings' }).waitFor();
      await owner.getByRole('heading', { name: 'Business hours' }).waitFor({ timeout: 15_000 });
      expect(await owner.evaluate(async () => (await fetch('/api/reports/roi?from=2026-01-01&to=2026-01-31')).status)).toBe(200);
    });

    it('refuses a declaration by the rules of textback sso set, naming each problem, and stores nothing', async () => {
      await owner.getByRole('link', { name: 'Single sign-on' }).click();
      await owner.getByRole('heading', { name: 'Single sign-on' }).waitFor();
      await owner.getByText('Status: no identity provider').waitFor();
      await owner.getByRole('textbox', { name: 'Button label' }).fill('Shop SSO');
      await owner.getByRole('textbox', { name: 'Issuer URL' }).fill('http://idp.shop.example');
      await owner.getByRole('textbox', { name: 'Client ID' }).fill(SHOP_IDP.clientId);
      await owner.getByRole('textbox', { name: 'Client secret variable' }).fill(SHOP_IDP.clientSecret);
      await owner.getByRole('textbox', { name: 'Email domains' }).fill('shop.example, *.shop.example');
      await owner.getByRole('button', { name: 'Save identity provider' }).click();
      const refused = owner.getByRole('alert');
      await refused.getByText('issuer: must be https (http only on 127.0.0.1 or localhost)').waitFor();
      await refused.getByText(/^clientSecretEnv: must name a variable OIDC_CLIENT_SECRET_<NAME>/).waitFor();
      await refused.getByText(/^emailDomains\.1: must be a domain name/).waitFor();
      expect(await owner.evaluate(async () => ((await (await fetch('/api/identity-provider')).json()) as { provider: unknown; history: unknown[] }))).toMatchObject({ provider: null, history: [] });
    });

    it('saves the provider (audited as the owner), and the dispatcher then signs in there by their email\'s domain', async () => {
      await owner.getByRole('textbox', { name: 'Issuer URL' }).fill(idp!.issuer);
      await owner.getByRole('textbox', { name: 'Client secret variable' }).fill(SHOP_IDP.secretEnv);
      await owner.getByRole('textbox', { name: 'Email domains' }).fill('shop.example');
      await owner.getByRole('button', { name: 'Save identity provider' }).click();
      await owner.getByRole('status').getByText('Saved.', { exact: false }).waitFor({ timeout: 15_000 });
      await owner.getByText(`Status: signing in shop.example at ${idp!.issuer} (revision 1)`).waitFor();
      // The tenant's slug comes from lead-crm's records (GET /v1/tenant), as `textback sso set` reads it.
      await owner.getByText(`/sign-in/${franchise.slug}`, { exact: true }).waitFor();
      await owner.getByText(`${consoleUrl}/api/oidc/callback`, { exact: true }).waitFor();
      await owner.getByRole('list', { name: 'Changes' }).getByText(`console:${ownerEmail} set ${idp!.issuer} (client ${SHOP_IDP.clientId})`, { exact: false }).waitFor();
      expect(await accessibilityViolations(owner)).toEqual([]);
      // By keyboard: the fields, then Save.
      await owner.getByRole('heading', { name: 'Single sign-on' }).click();
      await tabTo(owner, owner.getByRole('textbox', { name: 'Button label' }));
      await tabTo(owner, owner.getByRole('button', { name: 'Save identity provider' }));
      mkdirSync(SHOTS, { recursive: true });
      // A viewport as tall as the whole page (a full-page capture repeats the fixed header), from the top.
      await owner.setViewportSize({ width: 1100, height: await owner.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollHeight: number } } }).document.documentElement.scrollHeight) });
      await owner.evaluate(() => (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 0));
      await owner.screenshot({ path: join(SHOTS, 'single-sign-on.png') });
      // Phone width (an owner's header has the most links): nothing wider than the screen, still clean.
      await owner.setViewportSize({ width: 390, height: 844 });
      expect(await horizontalOverflow(owner)).toBe(0);
      expect(await accessibilityViolations(owner)).toEqual([]);
      await owner.setViewportSize({ width: 1100, height: 900 });

      idp!.signInAs({ sub: 'shop-dana', email, name: 'Dana' });
      const dana = await ssoByEmail(email);
      try {
        await dana.getByRole('heading', { name: 'Inbox' }).waitFor({ timeout: 15_000 });
        expect(idp!.authorizationRequests.at(-1)).toMatchObject({ clientId: SHOP_IDP.clientId, redirectUri: `${consoleUrl}/api/oidc/callback`, codeChallengeMethod: 'S256' });
        expect(await dana.evaluate(async () => ((await (await fetch('/api/session')).json()) as { user: { email: string } }).user.email)).toBe(email);
      } finally {
        await dana.context().close();
      }
    });

    it('removes the provider (audited); the same sign-in is then refused with its reason on the sign-in page', async () => {
      await owner.getByRole('button', { name: 'Remove identity provider' }).click();
      await owner.getByRole('button', { name: 'Confirm removal' }).click();
      await owner.getByRole('status').getByText('Removed.', { exact: false }).waitFor({ timeout: 15_000 });
      await owner.getByText('Status: no identity provider').waitFor();
      await owner.getByRole('list', { name: 'Changes' }).getByText(`console:${ownerEmail} removed ${idp!.issuer}`, { exact: false }).waitFor();
      const before = idp!.authorizationRequests.length;
      const dana = await ssoByEmail(email);
      try {
        await dana.getByRole('alert').getByText('does not sign in to this console through its own sign-in service').waitFor({ timeout: 15_000 });
        expect(dana.url()).toBe(`${consoleUrl}/sign-in`);
        expect(idp!.authorizationRequests.length).toBe(before);
      } finally {
        await dana.context().close();
      }
    });
  });
});
