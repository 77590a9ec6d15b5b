import { randomUUID } from 'node:crypto';
import { type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { type INestApplication, ValidationPipe } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { createServiceDataSource, quoteSchema, runMigrations } from '@textback/persistence';
import { type ServiceDefinition } from '@textback/platform';
import { loadStackEnv, OidcStandIn, randomLetters, uniqueSchemaName } from '@textback/testing';
import cookieParser from 'cookie-parser';
import { type Browser, type Page } from 'playwright-core';
import { type DataSource } from 'typeorm';
import { createClickHouseClient, ident } from '@textback/analytics';
import { loadReportingEnv } from '../../../reporting/src/config/reporting.env';
import { EventIngestService } from '../../../reporting/src/modules/ingest/event-ingest.service';
import { bootstrapReporting } from '../../../reporting/src/reporting.bootstrap';
import { reportingService } from '../../../reporting/src/reporting.definition';
import { funnelScenario, scenarioIds } from '../../../reporting/test/factories/funnel-scenario.factory';
import { launchChromium } from '../../../reporting/test/utils/ensure-chromium';
import { AppModule } from '../../src/app.module';
import { loadConsoleEnv } from '../../src/config/console.env';
import { consoleService } from '../../src/console.definition';
import { consoleUserSql } from '../../src/modules/accounts/console-user.repository';
import { serveWebApp } from '../../src/modules/web/web-app.static';
import { leadCrmService } from '../../../lead-crm/src/lead-crm.definition';
import { ssoCommand } from '../../../../tools/cli/src/sso.command';

const stack = loadStackEnv();
const schema = uniqueSchemaName('console_oidc');
const definition: ServiceDefinition = { ...consoleService, name: `it-console-oidc-${randomUUID().slice(0, 8)}`, schema };
/** The console's port in this spec: the redirect URL registered at the provider must be known before it starts. */
const CONSOLE_PORT = 3975;
const CONSOLE_URL = `http://127.0.0.1:${CONSOLE_PORT}`;
const REDIRECT = `${CONSOLE_URL}/api/oidc/callback`;
const WEB_DIR = join(__dirname, '../../../../dist/services/console/web');
/** The key, issuer and audience the console signs its delegated tokens with and reporting verifies. */
const JWT = { JWT_SECRET: 'it-console-secret-0123456789abcdefghijkl', JWT_ISSUER: 'it', JWT_AUDIENCE: 'it' };
const reportingDatabase = `it_rep_${randomLetters(8)}`;
const reportingDefinition = { ...reportingService, name: `it-reporting-${randomLetters(6)}`, schema: uniqueSchemaName('rep'), consumes: [] };
/** lead-crm's schema for this spec: `textback sso set` resolves tenant slugs in its `tenants` table. */
const crmSchema = uniqueSchemaName('crm_sso');
const BRAVO_SECRET = 'bravo-idp-secret-for-the-console';
/** Tenant slugs as lead-crm allows them (lower-case letters, digits, dashes). */
const acmeSlug = `acme-${schema.replace(/_/g, '-')}`;
const bravoSlug = `bravo-${schema.replace(/_/g, '-')}`;

/**
 * Issue #17, OpenID Connect sign-in in Debian's Chromium (playwright-core drives /usr/bin/chromium): the console
 * (in this process, real PostgreSQL and migrations, the built web app) with a franchise's identity provider played
 * by the local stand-in (discovery, JWKS, authorize and token endpoints on 127.0.0.1). A dispatcher the business
 * created signs in with "Sign in with Acme SSO" and lands in the inbox with the same HttpOnly SameSite=Strict
 * session cookie as a local sign-in and no token in the URL; a person the business has no account for and an
 * ID token for another audience are refused with a clear message on the sign-in page. An owner signed in the same
 * way opens the ROI screen: reporting's figures (real reporting and ClickHouse, the funnel scenario's events)
 * through the console session, with no token in the page or its URL (the old ROI page's `#token=` is gone).
 * Needs `npm run build` (the web app in dist/services/console/web).
 */
describe('console OpenID Connect sign-in and ROI screen in Chromium', () => {
  const ids = scenarioIds();
  const tenantId = ids.tenantA;
  const idp = new OidcStandIn({ clientId: 'textback-console', clientSecret: 'acme-idp-secret-for-the-console', redirectUris: [REDIRECT] });
  /** A second franchise's own identity provider (declared with `textback sso set`). */
  const idpBravo = new OidcStandIn({ clientId: 'console-at-bravo', clientSecret: BRAVO_SECRET, redirectUris: [REDIRECT] });
  const bravoTenantId = randomUUID();
  const bravoEmail = `bea-${schema}@bravo.example`;
  let app: INestApplication;
  let reporting: INestApplication;
  let db: DataSource;
  let browser: Browser;
  let page: Page;
  const email = `dana-${schema}@acme.example`;
  const ownerEmail = `olivia-${schema}@acme.example`;

  beforeAll(async () => {
    await idp.start();
    await idpBravo.start();
    const reportingMigrator = await createServiceDataSource({ url: stack.DATABASE_URL, schema: reportingDefinition.schema, applicationName: 'it-migrate', migrations: reportingDefinition.migrations }).initialize();
    await runMigrations(reportingMigrator, reportingDefinition.schema);
    await reportingMigrator.destroy();
    reporting = await bootstrapReporting(
      loadReportingEnv({ DATABASE_URL: stack.DATABASE_URL, KAFKA_BROKERS: stack.KAFKA_BROKERS, CLICKHOUSE_URL: stack.CLICKHOUSE_URL, CLICKHOUSE_DATABASE: reportingDatabase, ...JWT, LOG_LEVEL: 'warn', HTTP_PORT: '1', HTTP_HOST: '127.0.0.1' }),
      reportingDefinition,
      false,
    );
    await reporting.listen(0, '127.0.0.1');
    const ingest = reporting.get(EventIngestService);
    const scenario = funnelScenario(ids);
    for (const e of scenario.events.slice(0, 3)) await ingest.ingest(e);
    await Promise.all(scenario.events.slice(3).map((e) => ingest.ingest(e)));
    const migrator = await createServiceDataSource({ url: stack.DATABASE_URL, schema, applicationName: 'it-migrate', migrations: definition.migrations }).initialize();
    await runMigrations(migrator, schema);
    await migrator.destroy();
    db = await createServiceDataSource({ url: stack.DATABASE_URL, schema, applicationName: 'it-assert', poolSize: 2 }).initialize();
    const crmMigrator = await createServiceDataSource({ url: stack.DATABASE_URL, schema: crmSchema, applicationName: 'it-migrate', migrations: leadCrmService.migrations }).initialize();
    await runMigrations(crmMigrator, crmSchema);
    await crmMigrator.destroy();
    await db.query(`INSERT INTO ${quoteSchema(crmSchema)}.tenants (id, slug, name) VALUES ($1, $2, 'Acme'), ($3, $4, 'Bravo')`, [tenantId, acmeSlug, bravoTenantId, bravoSlug]);
    await db.query(
      consoleUserSql.insert(quoteSchema(schema)),
      consoleUserSql.insertParams({ tenantId: bravoTenantId, email: bravoEmail, name: 'Bea Bravo', role: 'dispatcher', regionIds: [], locationIds: [], passwordHash: null, inviteCodeSha256: null, inviteExpiresAt: null }),
    );
    // Created by the operator without a password: this user only ever signs in through the provider.
    await db.query(
      consoleUserSql.insert(quoteSchema(schema)),
      consoleUserSql.insertParams({ tenantId, email, name: 'Dana Dispatcher', role: 'dispatcher', regionIds: [], locationIds: [], passwordHash: null, inviteCodeSha256: null, inviteExpiresAt: null }),
    );
    await db.query(
      consoleUserSql.insert(quoteSchema(schema)),
      consoleUserSql.insertParams({ tenantId, email: ownerEmail, name: 'Olivia Owner', role: 'owner', regionIds: [], locationIds: [], passwordHash: null, inviteCodeSha256: null, inviteExpiresAt: null }),
    );
    const env = loadConsoleEnv({
      DATABASE_URL: stack.DATABASE_URL,
      KAFKA_BROKERS: stack.KAFKA_BROKERS,
      LOG_LEVEL: 'warn',
      ...JWT,
      COOKIE_SECURE: 'false',
      REPORTING_URL: `http://127.0.0.1:${(reporting.getHttpServer().address() as AddressInfo).port}`,
      OIDC_ISSUER_URL: idp.issuer,
      OIDC_CLIENT_ID: 'textback-console',
      OIDC_CLIENT_SECRET: 'acme-idp-secret-for-the-console',
      OIDC_REDIRECT_URL: REDIRECT,
      OIDC_TENANT_ID: tenantId,
      OIDC_PROVIDER_NAME: 'Acme SSO',
      OIDC_CLIENT_SECRET_BRAVO: BRAVO_SECRET,
    });
    const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(env, definition)] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
    app.use(cookieParser());
    serveWebApp(app, WEB_DIR);
    await app.init();
    await app.listen(CONSOLE_PORT, '127.0.0.1');
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await reporting?.close();
    await idp.stop();
    await idpBravo.stop();
    const ch = createClickHouseClient({ url: stack.CLICKHOUSE_URL, database: reportingDatabase });
    await ch.command({ query: `DROP DATABASE IF EXISTS ${ident(reportingDatabase)}` });
    await ch.close();
    await db?.query(`DROP SCHEMA IF EXISTS ${quoteSchema(reportingDefinition.schema)} CASCADE`);
    await db?.query(`DROP SCHEMA IF EXISTS ${quoteSchema(schema)} CASCADE`);
    await db?.query(`DROP SCHEMA IF EXISTS ${quoteSchema(crmSchema)} CASCADE`);
    await db?.destroy();
  });

  beforeEach(async () => {
    page = await browser.newPage({ viewport: { width: 1100, height: 800 } });
  });
  afterEach(async () => {
    idp.tamper(null);
    idpBravo.tamper(null);
    await page?.context().close();
  });

  /** Where the browser went on its way: every URL of a top-level navigation. */
  function navigations(p: Page): string[] {
    const urls: string[] = [];
    p.on('framenavigated', (frame) => {
      if (frame === p.mainFrame()) urls.push(frame.url());
    });
    return urls;
  }

  it('signs a user of the tenant in through the provider and lands in the inbox with the cookie session', async () => {
    idp.signInAs({ sub: 'acme-user-1', email: email.toUpperCase(), name: 'Dana' });
    const visited = navigations(page);
    await page.goto(CONSOLE_URL);
    await page.getByRole('link', { name: 'Sign in with Acme SSO' }).click();
    await page.getByRole('heading', { name: 'Inbox' }).waitFor({ timeout: 15_000 });
    expect(page.url()).toBe(`${CONSOLE_URL}/`);
    const cookies = await page.context().cookies();
    expect(cookies.map((c) => ({ name: c.name, httpOnly: c.httpOnly, sameSite: c.sameSite }))).toEqual([{ name: 'tb_session', httpOnly: true, sameSite: 'Strict' }]);
    // The provider's request carried PKCE (S256), state and nonce; the only secret a URL ever held is the one-time code.
    expect(idp.authorizationRequests.at(-1)).toMatchObject({ redirectUri: REDIRECT, codeChallengeMethod: 'S256' });
    expect(visited.filter((u) => /token|id_token|access_token/i.test(new URL(u).search + new URL(u).hash))).toEqual([]);
    const session = await page.evaluate(async () => (await (await fetch('/api/session')).json()) as { user: { email: string; name: string } });
    expect(session.user).toMatchObject({ email, name: 'Dana Dispatcher' });
    const bound = await db.query<{ oidc_issuer: string; oidc_subject: string }[]>(`SELECT oidc_issuer, oidc_subject FROM ${quoteSchema(schema)}.console_user WHERE email = $1`, [email]);
    expect(bound).toEqual([{ oidc_issuer: idp.issuer, oidc_subject: 'acme-user-1' }]);
  });

  it('refuses a person the business has no account for, with a clear message and no session', async () => {
    idp.signInAs({ sub: 'acme-user-2', email: `stranger-${schema}@acme.example` });
    await page.goto(CONSOLE_URL);
    await page.getByRole('link', { name: 'Sign in with Acme SSO' }).click();
    await page.getByRole('alert').getByText('this business has no console account for your email').waitFor({ timeout: 15_000 });
    // On the sign-in page (the reason's code taken out of the address bar), not back at `/`.
    expect(page.url()).toBe(`${CONSOLE_URL}/sign-in`);
    expect((await page.context().cookies()).map((c) => c.name)).toEqual([]);
  });

  it('refuses an ID token issued for another audience', async () => {
    idp.signInAs({ sub: 'acme-user-1', email });
    idp.tamper({ audience: 'another-application' });
    await page.goto(CONSOLE_URL);
    await page.getByRole('link', { name: 'Sign in with Acme SSO' }).click();
    await page.getByRole('alert').getByText('could not be verified').waitFor({ timeout: 15_000 });
    expect(page.url()).toBe(`${CONSOLE_URL}/sign-in`);
    expect((await page.context().cookies()).map((c) => c.name)).toEqual([]);
  });

  it('explains an error answered by the provider (the user cancelled) on the sign-in page', async () => {
    idp.signInAs(null); // the stand-in answers error=access_denied
    await page.goto(CONSOLE_URL);
    await page.getByRole('link', { name: 'Sign in with Acme SSO' }).click();
    await page.getByRole('alert').getByText('did not sign you in (cancelled or refused)').waitFor({ timeout: 15_000 });
    expect(page.url()).toBe(`${CONSOLE_URL}/sign-in`);
    await page.getByRole('heading', { name: 'Textback console' }).waitFor();
    expect((await page.context().cookies()).map((c) => c.name)).toEqual([]);
  });

  it('refuses a callback whose state belongs to another sign-in (state mismatch), on the sign-in page', async () => {
    idp.signInAs({ sub: 'acme-user-1', email });
    // Two sign-ins started outside the browser: the callback of the first (its code and state) is what an attacker
    // would plant; the browser holds the second's flow cookie.
    const started = async () => {
      const res = await fetch(`${CONSOLE_URL}/api/oidc/start`, { redirect: 'manual' });
      const cookie = /tb_oidc_flow=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1];
      const atProvider = await fetch(res.headers.get('location') ?? '', { redirect: 'manual' });
      return { cookie: cookie ?? '', callback: atProvider.headers.get('location') ?? '' };
    };
    const planted = await started();
    const own = await started();
    expect(planted.callback).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/oidc\/callback\?.*code=/);
    // As the console sets it (Path=/api/oidc), so the callback clears it as it would the browser's own.
    await page.context().addCookies([{ name: 'tb_oidc_flow', value: own.cookie, domain: '127.0.0.1', path: '/api/oidc', httpOnly: true, sameSite: 'Lax' }]);
    await page.goto(planted.callback);
    await page.getByRole('alert').getByText('started in another window').waitFor({ timeout: 15_000 });
    expect(page.url()).toBe(`${CONSOLE_URL}/sign-in`);
    expect((await page.context().cookies()).map((c) => c.name)).toEqual([]);
  });

  it('shows a refused sign-in on the sign-in page even to a browser that still holds a session, with a way back', async () => {
    idp.signInAs({ sub: 'acme-user-1', email });
    await page.goto(CONSOLE_URL);
    await page.getByRole('link', { name: 'Sign in with Acme SSO' }).click();
    await page.getByRole('heading', { name: 'Inbox' }).waitFor({ timeout: 15_000 });
    // A second sign-in from this browser with a token for another audience: refused, and said so (not the inbox).
    idp.tamper({ audience: 'another-application' });
    await page.goto(`${CONSOLE_URL}/api/oidc/start`);
    await page.getByRole('alert').getByText('could not be verified').waitFor({ timeout: 15_000 });
    expect(page.url()).toBe(`${CONSOLE_URL}/sign-in`);
    await page.getByRole('button', { name: 'Continue as Dana Dispatcher' }).click();
    await page.getByRole('heading', { name: 'Inbox' }).waitFor();
    expect(page.url()).toBe(`${CONSOLE_URL}/`);
  });

  it('shows an owner the ROI screen from reporting through the console session, with no token in the page', async () => {
    idp.signInAs({ sub: 'acme-owner', email: ownerEmail });
    const visited = navigations(page);
    const apiCalls: string[] = [];
    page.on('request', (r) => apiCalls.push(r.url()));
    await page.goto(CONSOLE_URL);
    await page.getByRole('link', { name: 'Sign in with Acme SSO' }).click();
    await page.getByRole('heading', { name: 'Inbox' }).waitFor({ timeout: 15_000 });
    await page.getByRole('link', { name: 'ROI' }).click();
    await page.getByRole('heading', { name: 'Return on investment' }).waitFor();
    await page.getByLabel('From', { exact: true }).fill('2026-11-09');
    await page.getByLabel('To', { exact: true }).fill('2026-11-12');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.getByRole('heading', { name: 'Funnel, 2026-11-09 to 2026-11-12' }).waitFor({ timeout: 15_000 });
    // The funnel scenario's figures for the tenant, as reporting's own ROI page shows them.
    await page.getByRole('listitem', { name: 'Missed calls: 5' }).waitFor();
    await page.getByRole('listitem', { name: 'Won jobs: 1' }).waitFor();
    expect(await page.getByRole('table', { name: 'Per location' }).locator('tbody tr').count()).toBe(2);
    expect(page.url()).toBe(`${CONSOLE_URL}/reports/roi`);
    // Only the console's origin and the provider were called; no URL carried a token.
    expect(apiCalls.filter((u) => !u.startsWith(CONSOLE_URL) && !u.startsWith(idp.issuer))).toEqual([]);
    expect([...visited, ...apiCalls].filter((u) => /token=|eyJ/i.test(u))).toEqual([]);
    await page.setViewportSize({ width: 1100, height: 900 });
    await page.screenshot({ path: join(__dirname, '../../../../docs/console/roi.png'), fullPage: true });
    // Without the session the same data is refused.
    const anonymous = await fetch(`${CONSOLE_URL}/api/reports/roi?from=2026-11-09&to=2026-11-12`);
    expect(anonymous.status).toBe(401);
  });
  describe('a provider per tenant', () => {
    const sso = (...args: string[]) => ssoCommand(args, { DATABASE_URL: stack.DATABASE_URL, CONSOLE_SCHEMA: schema, CRM_SCHEMA: crmSchema, TEXTBACK_OPERATOR: 'it-operator' });

    beforeAll(async () => {
      const declared = await sso('set', '--tenant', bravoSlug, '--issuer', idpBravo.issuer, '--client-id', 'console-at-bravo', '--client-secret-env', 'OIDC_CLIENT_SECRET_BRAVO', '--email-domains', 'bravo.example', '--name', 'Bravo SSO');
      expect(declared).toBe(0);
    });

    it('validates and audits the declaration: no plain-http issuer elsewhere than localhost, no domain of another tenant, no secret in the database', async () => {
      expect(await sso('set', '--tenant', acmeSlug, '--issuer', 'http://idp.acme.example', '--client-id', 'c', '--client-secret-env', 'OIDC_CLIENT_SECRET_ACME', '--email-domains', 'acme.example')).toBe(2);
      expect(await sso('set', '--tenant', acmeSlug, '--issuer', idp.issuer, '--client-id', 'c', '--client-secret-env', 'OIDC_CLIENT_SECRET_ACME', '--email-domains', 'acme.example,bravo.example')).toBe(2);
      expect(await sso('set', '--tenant', acmeSlug, '--issuer', idp.issuer, '--client-id', 'c', '--client-secret-env', 'the-secret-itself', '--email-domains', 'acme.example')).toBe(2);
      // A default role is never an owner's or a regional manager's, and always names its locations.
      expect(await sso('set', '--tenant', acmeSlug, '--issuer', idp.issuer, '--client-id', 'c', '--client-secret-env', 'OIDC_CLIENT_SECRET_ACME', '--email-domains', 'acme.example', '--default-role', 'owner')).toBe(2);
      expect(await sso('set', '--tenant', acmeSlug, '--issuer', idp.issuer, '--client-id', 'c', '--client-secret-env', 'OIDC_CLIENT_SECRET_ACME', '--email-domains', 'acme.example', '--default-role', 'dispatcher')).toBe(2);
      const audit = (await db.query(`SELECT tenant_id, changed_by, action, after FROM ${quoteSchema(schema)}.tenant_identity_provider_audit ORDER BY changed_at`)) as { tenant_id: string; changed_by: string; action: string; after: Record<string, unknown> }[];
      expect(audit).toEqual([{ tenant_id: bravoTenantId, changed_by: 'it-operator', action: 'set', after: expect.objectContaining({ issuer: idpBravo.issuer, clientId: 'console-at-bravo', emailDomains: ['bravo.example'], revision: 1 }) }]);
      expect(JSON.stringify(audit)).not.toContain(BRAVO_SECRET);
    });

    it('signs a user of the second tenant in at their own provider, found by their email\'s domain', async () => {
      idpBravo.signInAs({ sub: 'bravo-user-1', email: bravoEmail });
      await page.goto(CONSOLE_URL);
      await page.getByLabel('Email').fill(bravoEmail);
      await page.getByRole('button', { name: 'Continue with single sign-on' }).click();
      await page.getByRole('heading', { name: 'Inbox' }).waitFor({ timeout: 15_000 });
      expect(page.url()).toBe(`${CONSOLE_URL}/`);
      expect(idpBravo.authorizationRequests.at(-1)).toMatchObject({ clientId: 'console-at-bravo', redirectUri: REDIRECT, codeChallengeMethod: 'S256' });
      const session = await page.evaluate(async () => (await (await fetch('/api/session')).json()) as { user: { email: string; name: string } });
      expect(session.user).toMatchObject({ email: bravoEmail, name: 'Bea Bravo' });
    });

    it('offers the second tenant\'s own button on its sign-in link /sign-in/<slug>, and signs its user in there', async () => {
      idpBravo.signInAs({ sub: 'bravo-user-1', email: bravoEmail });
      await page.goto(`${CONSOLE_URL}/sign-in/${bravoSlug}`);
      await page.getByRole('link', { name: 'Sign in with Bravo SSO' }).click();
      await page.getByRole('heading', { name: 'Inbox' }).waitFor({ timeout: 15_000 });
      const session = await page.evaluate(async () => (await (await fetch('/api/session')).json()) as { user: { email: string } });
      expect(session.user.email).toBe(bravoEmail);
      // A slug without a provider of its own shows no such button.
      const options = (await (await fetch(`${CONSOLE_URL}/api/sign-in-options?tenant=${acmeSlug}`)).json()) as { tenantSso: unknown };
      expect(options.tenantSso).toBeNull();
    });

    it('never signs a user of the first tenant in through the second tenant\'s provider', async () => {
      // Bravo's provider vouches for Acme's dispatcher: outside Bravo's domains, refused.
      idpBravo.signInAs({ sub: 'bravo-user-2', email });
      await page.goto(`${CONSOLE_URL}/api/oidc/start?tenant=${bravoSlug}`);
      await page.getByRole('alert').getByText('outside your business\'s domains').waitFor({ timeout: 15_000 });
      expect((await page.context().cookies()).map((c) => c.name)).toEqual([]);
      // No tenant claimed acme.example as its own: an Acme user typing their email is told so, and Bravo's provider never sees it.
      const before = idpBravo.authorizationRequests.length;
      await page.getByLabel('Email').fill(email);
      await page.getByRole('button', { name: 'Continue with single sign-on' }).click();
      await page.getByRole('alert').getByText('does not sign in to this console through its own sign-in service').waitFor({ timeout: 15_000 });
      expect(idpBravo.authorizationRequests.length).toBe(before);
    });
  });
});
